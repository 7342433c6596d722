/**
 * `pipewarden fix <path...>`: apply the fixes rules offer (safe ones unless --unsafe), or print
 * them as a unified diff with --dry-run. Exit codes as scan's, for the findings that remain.
 */
import { pinLockPath, readPinLockIfPresent } from '../config/pin-lock-file.js';
import { fixFiles } from '../fix/fix-files.js';
import { unifiedDiff } from '../fix/unified-diff.js';
import { SEVERITIES, type Severity } from '../model/finding.js';
import { ADAPTERS } from '../platforms/index.js';
import { RULES } from '../rules/index.js';
import { findingsExitCode, withUsageErrors } from './command-outcome.js';
import type { CliIO } from './io.js';
import { renderFixSummary } from './fix-summary.js';
import type { OnlineFlags } from './online-options.js';
import { pinsWithOnline } from './pin-command.js';
import { checkChoice, loadScanConfig, selectRules } from './scan-command.js';

export interface FixFlags extends OnlineFlags {
  config?: string;
  rule: string[];
  unsafe?: boolean;
  dryRun?: boolean;
  failOn?: string;
  lock?: string;
  /** Resolve the pins the lock lacks through the GitHub API and the registries first. */
  online?: boolean;
}

export function runFix(paths: string[], flags: FixFlags, io: CliIO): Promise<number> {
  return withUsageErrors(io, async () => {
    const targets = paths.length ? paths : ['.'];
    const config = loadScanConfig(targets, flags.config, io.cwd);
    const failOn = checkChoice<Severity>(flags.failOn, SEVERITIES, '--fail-on') ?? config.failOn ?? 'info';
    const rules = selectRules(RULES, config, flags.rule, []);
    const dryRun = flags.dryRun ?? false;
    const unsafe = flags.unsafe ?? false;
    const lock = readPinLockIfPresent(pinLockPath(targets, flags.lock, io.cwd));
    const pins = flags.online ? await pinsWithOnline(targets, lock, flags, io) : lock;
    const outcome = await fixFiles(
      {
        paths: targets,
        cwd: io.cwd,
        config,
        rules,
        adapters: ADAPTERS,
        dryRun,
        pins,
      },
      { unsafe, rules: flags.rule },
    );
    if (dryRun) for (const file of outcome.files) io.stdout(unifiedDiff(file.file, file.before, file.after));
    const summary = renderFixSummary(outcome, { dryRun, unsafe });
    if (dryRun) io.stderr(summary);
    else io.stdout(summary);
    return findingsExitCode(outcome.final.result, failOn, io, 'fixing');
  });
}
