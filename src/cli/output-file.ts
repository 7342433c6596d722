/** Where a command's document goes: `--output <file>` or standard output. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../engine/discover.js';
import type { CliIO } from './io.js';

/** Writes `text` to `output` (relative to the working directory) or prints it; a file that cannot be written is a usage error. */
export function writeDocument(text: string, output: string | undefined, io: CliIO): void {
  if (output === undefined) {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(path.resolve(io.cwd, output), text);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`cannot write --output ${output}: ${reason}`);
  }
}
