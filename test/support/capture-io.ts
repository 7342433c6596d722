/** A CliIO that records what a command prints, for end-to-end tests of the CLI. */
import type { CliIO } from '../../src/cli/io.js';

export function captureIO(cwd: string, env: NodeJS.ProcessEnv = {}): CliIO & { out(): string; err(): string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    cwd,
    env,
    isTTY: false,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
