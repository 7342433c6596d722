/** `pipewarden inventory <path...>`: what the pipelines run, hold and trust, as versioned JSON or Markdown. */
import { emptyConfig } from '../config/config.js';
import { UsageError } from '../engine/discover.js';
import { scan } from '../engine/engine.js';
import { ADAPTERS } from '../platforms/index.js';
import { buildInventory } from '../report/inventory/build-inventory.js';
import { renderInventoryMarkdown } from '../report/inventory/inventory-markdown.js';
import { renderProblems } from '../report/text.js';
import { withUsageErrors } from './command-outcome.js';
import { EXIT_OK } from './exit-codes.js';
import type { CliIO } from './io.js';
import { writeDocument } from './output-file.js';

export const INVENTORY_FORMATS = ['json', 'markdown'] as const;

export interface InventoryFlags {
  format: string;
  output?: string;
}

export async function runInventory(paths: string[], flags: InventoryFlags, io: CliIO): Promise<number> {
  return withUsageErrors(io, async () => {
    if (!(INVENTORY_FORMATS as readonly string[]).includes(flags.format)) {
      throw new UsageError(`--format must be one of ${INVENTORY_FORMATS.join(', ')}`);
    }
    // No rules: the inventory reads the model only, so it costs less than a scan.
    const output = await scan({ paths: paths.length ? paths : ['.'], cwd: io.cwd, config: emptyConfig(), rules: [], adapters: ADAPTERS });
    // Files that could not be read or parsed are missing from the inventory: say which, on stderr.
    const problems = renderProblems(output.result, false);
    if (problems) io.stderr(problems);
    const inventory = buildInventory(output.pipelines);
    const text = flags.format === 'markdown' ? renderInventoryMarkdown(inventory) : `${JSON.stringify(inventory, null, 2)}\n`;
    writeDocument(text, flags.output, io);
    return EXIT_OK;
  });
}
