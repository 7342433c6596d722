/**
 * How scan-like commands end: the exit code for the findings that remain, a warning when a rule
 * crashed, and usage or config errors turned into exit 2 with a one-line message.
 */
import { ConfigError } from '../config/config.js';
import { UsageError } from '../engine/discover.js';
import { type Finding, type Severity, severityRank, type ToolError } from '../model/finding.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CliIO } from './io.js';

/** Exit 1 when a finding is at or above `failOn`; warns on stderr about internal rule errors. */
export function findingsExitCode(
  result: { findings: Finding[]; toolErrors: ToolError[] },
  failOn: Severity,
  io: CliIO,
  activity: string,
): number {
  if (result.toolErrors.length) {
    io.stderr(`pipewarden: ${result.toolErrors.length} internal error(s) while ${activity}; results may be incomplete\n`);
  }
  const failing = result.findings.some((f) => severityRank(f.severity) >= severityRank(failOn));
  return failing ? EXIT_FINDINGS : EXIT_OK;
}

/** Runs a command body; a UsageError or ConfigError becomes its message and exit 2. */
export async function withUsageErrors(io: CliIO, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr(`pipewarden: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
