/**
 * `pipewarden fix <path...>`: apply the fixes rules offer (safe ones unless --unsafe), or print
 * them as a unified diff with --dry-run. Exit codes as scan's, for the findings that remain.
 */
import { UsageError } from '../engine/discover.js';
import { fixFiles } from '../fix/fix-files.js';
import { unifiedDiff } from '../fix/unified-diff.js';
import { SEVERITIES, type Severity, severityRank } from '../model/finding.js';
import { ADAPTERS } from '../platforms/index.js';
import { RULES } from '../rules/index.js';
import { ConfigError } from '../config/config.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CliIO } from './io.js';
import { renderFixSummary } from './fix-summary.js';
import { loadScanConfig, selectRules } from './scan-command.js';

export interface FixFlags {
  config?: string;
  rule: string[];
  unsafe?: boolean;
  dryRun?: boolean;
  failOn?: string;
}

export async function runFix(paths: string[], flags: FixFlags, io: CliIO): Promise<number> {
  try {
    const targets = paths.length ? paths : ['.'];
    const config = loadScanConfig(targets, flags.config, io.cwd);
    const failOn = flags.failOn ?? config.failOn ?? 'info';
    if (!(SEVERITIES as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
    const rules = selectRules(RULES, config, flags.rule, []);
    const dryRun = flags.dryRun ?? false;
    const unsafe = flags.unsafe ?? false;
    const outcome = await fixFiles(
      { paths: targets, cwd: io.cwd, config, rules, adapters: ADAPTERS, dryRun },
      { unsafe, rules: flags.rule },
    );
    if (dryRun) for (const file of outcome.files) io.stdout(unifiedDiff(file.file, file.before, file.after));
    const summary = renderFixSummary(outcome, { dryRun, unsafe });
    if (dryRun) io.stderr(summary);
    else io.stdout(summary);
    if (outcome.final.result.toolErrors.length) {
      io.stderr(`pipewarden: ${outcome.final.result.toolErrors.length} internal error(s) while fixing; results may be incomplete\n`);
    }
    const failing = outcome.final.result.findings.some((f) => severityRank(f.severity) >= severityRank(failOn as Severity));
    return failing ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr(`pipewarden: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
