/** `pipewarden scan <path...>`: audit every pipeline definition under the paths. */
import { renderTimings, Timings } from '../engine/timings.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Config, emptyConfig, findConfig, loadConfig } from '../config/config.js';
import { pinLockPath, readPinLockIfPresent } from '../config/pin-lock-file.js';
import { UsageError } from '../engine/discover.js';
import { scan } from '../engine/engine.js';
import { fixFiles } from '../fix/fix-files.js';
import { type Severity, SEVERITIES, type Confidence, CONFIDENCES } from '../model/finding.js';
import { ADAPTERS } from '../platforms/index.js';
import type { Pipeline } from '../model/types.js';
import { isReportFormat, REPORT_FORMATS, type ReportInput, renderReport } from '../report/index.js';
import { buildInventory } from '../report/inventory/build-inventory.js';
import { drawTrustMap } from '../report/inventory/trust-map.js';
import { describeRule } from './rule-descriptors.js';
import { RULES } from '../rules/index.js';
import type { Rule } from '../rules/define-rule.js';
import { findingsExitCode, withUsageErrors } from './command-outcome.js';
import { renderFixSummary } from './fix-summary.js';
import { type CliIO, useColor } from './io.js';
import { offlineNotice, onlineFactsFor } from './online-facts.js';
import type { OnlineFlags } from './online-options.js';
import { TOOL } from './version.js';

export interface ScanFlags extends OnlineFlags {
  format: string;
  config?: string;
  minSeverity?: string;
  minConfidence?: string;
  failOn?: string;
  rule: string[];
  skipRule: string[];
  color?: boolean;
  output?: string;
  jobs?: string;
  /** Apply fixes first (`fix` before the report). */
  fix?: boolean;
  unsafe?: boolean;
  online?: boolean;
  /** Print where the time went (one thread, so the figures add up). */
  timing?: boolean;
}

function parseJobs(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (!/^[1-9]\d{0,2}$/.test(value)) throw new UsageError('--jobs must be a whole number from 1 to 999, or auto');
  return Number(value);
}

export function checkChoice<T extends string>(value: string | undefined, choices: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${choices.join(', ')}`);
  return value as T;
}

export function selectRules(all: Rule[], config: Config, only: string[], skip: string[]): Rule[] {
  const known = new Set(all.map((r) => r.meta.id));
  for (const id of [...only, ...skip]) if (!known.has(id)) throw new UsageError(`unknown rule "${id}" (see pipewarden rules)`);
  return all.filter((rule) => {
    if (only.length) return only.includes(rule.meta.id);
    if (skip.includes(rule.meta.id)) return false;
    const configured = config.rules[rule.meta.id]?.enabled;
    return configured !== false && (configured === true || rule.meta.stability !== 'deprecated');
  });
}

/** The config file named by --config, or the one found in the scanned folder, or none. */
export function loadScanConfig(targets: string[], configFlag: string | undefined, cwd: string): Config {
  const known = new Set(RULES.map((r) => r.meta.id));
  const configFile = configFlag
    ? path.resolve(cwd, configFlag)
    : findConfig(path.resolve(cwd, targets.length === 1 ? (targets[0] as string) : '.'));
  return configFile ? loadConfig(configFile, known) : emptyConfig();
}

export function runScan(paths: string[], flags: ScanFlags, io: CliIO): Promise<number> {
  return withUsageErrors(io, async () => {
    if (!isReportFormat(flags.format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
    const targets = paths.length ? paths : ['.'];
    const config = loadScanConfig(targets, flags.config, io.cwd);
    const minSeverity = checkChoice<Severity>(flags.minSeverity, SEVERITIES, '--min-severity');
    const minConfidence = checkChoice<Confidence>(flags.minConfidence, CONFIDENCES, '--min-confidence');
    const failOn = checkChoice<Severity>(flags.failOn, SEVERITIES, '--fail-on') ?? config.failOn ?? 'info';
    if (minSeverity) config.minSeverity = minSeverity;
    if (minConfidence) config.minConfidence = minConfidence;
    const rules = selectRules(RULES, config, flags.rule, flags.skipRule);
    const workers = parseJobs(flags.jobs);
    if (flags.fix) {
      const unsafe = flags.unsafe ?? false;
      const lock = readPinLockIfPresent(pinLockPath(targets, undefined, io.cwd));
      // Loaded when asked for: pinning online needs the registry client too.
      const pins = flags.online ? await (await import('./pin-command.js')).pinsWithOnline(targets, lock, flags, io) : lock;
      const fixOptions = { paths: targets, cwd: io.cwd, config, rules, adapters: ADAPTERS, dryRun: false, pins };
      io.stderr(renderFixSummary(await fixFiles(fixOptions, { unsafe, rules: flags.rule }), { dryRun: false, unsafe }));
    } else if (flags.unsafe) throw new UsageError('--unsafe only applies with --fix');
    // Only the HTML page shows the inventory and trust map; it needs the models, which a parallel
    // scan keeps in its workers, so it scans in this thread. Other formats let the models go early.
    const visible = flags.format === 'html';
    const online = await onlineFactsFor(targets, rules, config, flags, io);
    const timings = flags.timing ? new Timings() : undefined;
    const output = await scan({
      online,
      paths: targets,
      cwd: io.cwd,
      config,
      rules,
      adapters: ADAPTERS,
      workers: visible || timings ? 1 : workers,
      keepPipelines: visible,
      // Only the text and JSON reports show what a fix would do.
      withFixes: flags.format === 'text' || flags.format === 'json',
      timings,
    });
    if (timings) io.stderr(renderTimings(timings));
    const report = renderReport(flags.format, {
      result: output.result,
      rules: rules.map(describeRule),
      tool: TOOL,
      sources: output.sources,
      color: flags.output ? false : useColor(io, flags.color),
      visibility: visible ? await visibilityOf(output.pipelines) : undefined,
    });
    if (flags.output) writeFileSync(path.resolve(io.cwd, flags.output), report);
    else io.stdout(report);
    const notice = offlineNotice(rules, flags.online, output.result);
    if (notice) io.stderr(notice);
    return findingsExitCode(output.result, failOn, io, 'scanning');
  });
}

async function visibilityOf(pipelines: Pipeline[]): Promise<ReportInput['visibility']> {
  const inventory = buildInventory(pipelines);
  return { inventory, trustMap: await drawTrustMap(inventory) };
}
