/** `pipewarden inventory <path...>`: what the pipelines run, hold and trust, as versioned JSON. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { emptyConfig } from '../config/config.js';
import { UsageError } from '../engine/discover.js';
import { scan } from '../engine/engine.js';
import { ADAPTERS } from '../platforms/index.js';
import { buildInventory } from '../report/inventory/build-inventory.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CliIO } from './io.js';

export interface InventoryFlags {
  format: string;
  output?: string;
}

export async function runInventory(paths: string[], flags: InventoryFlags, io: CliIO): Promise<number> {
  try {
    if (flags.format !== 'json') throw new UsageError('--format must be json');
    // No rules: the inventory reads the model only, so it costs less than a scan.
    const output = await scan({ paths: paths.length ? paths : ['.'], cwd: io.cwd, config: emptyConfig(), rules: [], adapters: ADAPTERS });
    const text = `${JSON.stringify(buildInventory(output.pipelines), null, 2)}\n`;
    if (flags.output) writeFileSync(path.resolve(io.cwd, flags.output), text);
    else io.stdout(text);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`pipewarden: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
