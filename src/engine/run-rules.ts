/**
 * Runs each rule's visitors over every pipeline and turns its reports into findings with
 * resolved locations. Each rule runs in isolation: a throw is recorded as a tool error and the
 * other rules (and the rest of that rule's pipelines) go on.
 */
import type { Project } from '../analysis/project.js';
import type { Config } from '../config/config.js';
import type { Finding, Location, NotedLocation, ToolError } from '../model/finding.js';
import type { OnlineFacts } from '../model/online-facts.js';
import { EMPTY_PIN_LOCK, type PinLock } from '../model/pin-lock.js';
import type { Job, Origin, Pipeline, SourceFile, Step, Template } from '../model/types.js';
import type { ReportDescriptor, Rule, RuleVisitors } from '../rules/define-rule.js';
import { LineIndex } from '../yaml/line-index.js';
import { assignFingerprints } from './fingerprint.js';
import { resolveRuleOptions } from './rule-options.js';
import type { Timings } from './timings.js';

const lineIndexes = new WeakMap<SourceFile, LineIndex>();

function lineIndexOf(file: SourceFile): LineIndex {
  let index = lineIndexes.get(file);
  if (!index) {
    index = new LineIndex(file.text);
    lineIndexes.set(file, index);
  }
  return index;
}

export function locate(origin: Origin): Location {
  const index = lineIndexOf(origin.file);
  const start = index.position(origin.span.start);
  const end = index.position(origin.span.end);
  return {
    file: origin.file.path,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    startOffset: origin.span.start,
    endOffset: origin.span.end,
  };
}

function noted(target: { at: Origin; note: string }): NotedLocation {
  return { ...locate(target.at), note: target.note };
}

function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => String(data?.[key] ?? `{{${key}}}`));
}

type TemplateSite = { template: Template; job: Pipeline['jobs'][number]; step?: Pipeline['jobs'][number]['steps'][number] };

/** Listed once per pipeline: every rule with an interpolation visitor walks the same list. */
const templateSites = new WeakMap<Pipeline, TemplateSite[]>();

function templatesOf(pipeline: Pipeline): TemplateSite[] {
  const known = templateSites.get(pipeline);
  if (known) return known;
  const out: TemplateSite[] = [];
  for (const job of pipeline.jobs) {
    const jobLevel = [job.condition, ...job.env.map((v) => v.value), ...job.inputs.map((i) => i.value), ...job.outputs.map((o) => o.value)];
    for (const template of jobLevel) if (template) out.push({ template, job });
    for (const step of job.steps) {
      const stepLevel = [
        step.condition,
        step.script,
        step.dynamicInputs,
        ...step.env.map((v) => v.value),
        ...step.inputs.map((i) => i.value),
      ];
      for (const template of stepLevel) if (template) out.push({ template, job, step });
    }
  }
  templateSites.set(pipeline, out);
  return out;
}

/** The job and step a visitor is looking at while it reports (for steps written as aliases). */
interface VisitScope {
  job?: Job;
  step?: Step;
}

function visit(visitors: RuleVisitors, pipeline: Pipeline, scope: VisitScope): void {
  visitors.pipeline?.(pipeline);
  if (visitors.reference) for (const reference of pipeline.references) visitors.reference(reference, pipeline);
  for (const job of pipeline.jobs) {
    scope.job = job;
    visitors.job?.(job, pipeline);
    if (visitors.step) {
      for (const step of job.steps) {
        scope.step = step;
        visitors.step(step, job, pipeline);
      }
      scope.step = undefined;
    }
  }
  scope.job = undefined;
  if (visitors.interpolation) {
    for (const { template, job, step } of templatesOf(pipeline)) {
      scope.job = job;
      scope.step = step;
      for (const interpolation of template.interpolations) {
        visitors.interpolation(interpolation, template, { pipeline, job, step });
      }
    }
    scope.job = undefined;
    scope.step = undefined;
  }
}

const within = (at: Origin, step: Step) =>
  at.file === step.origin.file && at.span.start >= step.origin.span.start && at.span.end <= step.origin.span.end;

/**
 * A step written as an alias (`- *checkout`) is its own step in its own job, but its text is the
 * anchor's: a finding about it is moved to the alias, with the anchored text kept as related. The
 * step is the one being visited, or, from a job visitor, the one aliased step of the job whose
 * anchor holds the finding.
 */
function atAlias(descriptor: ReportDescriptor, scope: VisitScope): ReportDescriptor {
  const step =
    scope.step ??
    (() => {
      const holding = (scope.job?.steps ?? []).filter((s) => s.alias && within(descriptor.at, s));
      return holding.length === 1 ? holding[0] : undefined;
    })();
  if (!step?.alias || !within(descriptor.at, step)) return descriptor;
  return {
    ...descriptor,
    at: step.alias,
    related: [{ at: descriptor.at, note: 'in the anchored step this alias repeats' }, ...(descriptor.related ?? [])],
  };
}

export interface RunRulesOptions {
  pins?: PinLock;
  online?: OnlineFacts;
  /** Build the fixes findings offer (default true); reports that never show them save the work. */
  withFixes?: boolean;
  /** Adds each rule's time under `rule <id>`. */
  timings?: Timings;
}

function fixesOf(descriptor: ReportDescriptor, withFixes: boolean): Finding['fixes'] {
  if (!withFixes || !descriptor.fix) return [];
  const fix = typeof descriptor.fix === 'function' ? descriptor.fix() : descriptor.fix;
  if (!fix) return [];
  return [
    {
      title: fix.title,
      safety: fix.safety,
      edits: fix.edits.map((e) => ({ file: e.at.file.path, start: e.at.span.start, end: e.at.span.end, text: e.text })),
    },
  ];
}

/**
 * A finding inside a definition fetched from another repository is the user's only where its flow
 * starts in the scanned files: it is reported at the last point of the flow there (the input the
 * caller passes), with the remote sink kept as the flow's end. Otherwise it is not reported: the
 * user cannot change that file. Fixes would edit the remote file and are dropped.
 */
function atCaller(descriptor: ReportDescriptor): ReportDescriptor | undefined {
  const flow = descriptor.flow ?? [];
  const local = [...flow].reverse().find((hop) => !hop.at.file.remote);
  if (!local) return undefined;
  const ends = flow.at(-1)?.at === descriptor.at;
  return {
    ...descriptor,
    at: local.at,
    flow: ends ? flow : [...flow, { at: descriptor.at, note: 'the finding, in the called definition' }],
    related: (descriptor.related ?? []).filter((r) => !r.at.file.remote),
    fix: undefined,
    tip: `The risk sits in ${descriptor.at.file.remote?.repository ?? 'another repository'}, which this repository cannot change: stop passing this value to it, or move to a version of it that handles the value safely.`,
  };
}

function remoteNote(descriptor: ReportDescriptor): string {
  const remote = descriptor.at.file.remote;
  return remote ? ` (inside ${remote.key} at commit ${remote.sha.slice(0, 12)})` : '';
}

export function runRules(
  rules: Rule[],
  project: Project,
  config: Config,
  toolErrors: ToolError[],
  options: RunRulesOptions = {},
): Finding[] {
  const { pins = EMPTY_PIN_LOCK, online, withFixes = true, timings } = options;
  const findings: Finding[] = [];
  const files = new Map<string, SourceFile>();
  for (const rule of rules) {
    // Offline, a rule that needs the API has nothing to judge by (the CLI says so once).
    if (rule.meta.network && !online) continue;
    const started = timings ? performance.now() : 0;
    const ruleConfig = config.rules[rule.meta.id];
    const options = resolveRuleOptions(rule.meta, ruleConfig?.options ?? {});
    const severityOverride = ruleConfig?.severity;
    const seen = new Set<string>();
    let current: Pipeline | undefined;
    const scope: VisitScope = {};
    const report = (asReported: ReportDescriptor) => {
      const template = rule.meta.messages[asReported.messageId];
      if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown message id ${asReported.messageId}`);
      const reported = atAlias(asReported, scope);
      const descriptor = reported.at.file.remote ? atCaller(reported) : reported;
      if (!descriptor) return;
      const location = locate(descriptor.at);
      const key = `${location.file}:${location.startOffset}:${location.endOffset}:${descriptor.messageId}:${JSON.stringify(descriptor.data ?? {})}`;
      if (seen.has(key)) return;
      seen.add(key);
      files.set(descriptor.at.file.path, descriptor.at.file);
      findings.push({
        ruleId: rule.meta.id,
        messageId: descriptor.messageId,
        message: formatMessage(template, descriptor.data) + (descriptor === reported ? '' : remoteNote(reported)),
        severity: severityOverride ?? descriptor.severity ?? rule.meta.severity,
        confidence: descriptor.confidence ?? rule.meta.confidence,
        platform: current?.platform ?? rule.meta.platforms[0] ?? 'github',
        location,
        related: (descriptor.related ?? []).map(noted),
        flow: (descriptor.flow ?? []).map(noted),
        trust: descriptor.trust,
        tip: descriptor.tip,
        fixes: fixesOf(descriptor, withFixes),
        fingerprint: '',
      });
    };
    let visitors: RuleVisitors;
    try {
      visitors = rule.create({ options, project, pins, online, report });
    } catch (error) {
      toolErrors.push({ code: 'RULE_CRASHED', ruleId: rule.meta.id, message: String((error as Error)?.message ?? error) });
      continue;
    }
    for (const pipeline of project.pipelines) {
      if (!rule.meta.platforms.includes(pipeline.platform)) continue;
      current = pipeline;
      try {
        visit(visitors, pipeline, scope);
      } catch (error) {
        toolErrors.push({
          code: 'RULE_CRASHED',
          ruleId: rule.meta.id,
          file: pipeline.file.path,
          message: String((error as Error)?.stack ?? error),
        });
      }
    }
    current = undefined;
    try {
      visitors.projectExit?.();
    } catch (error) {
      toolErrors.push({ code: 'RULE_CRASHED', ruleId: rule.meta.id, message: String((error as Error)?.message ?? error) });
    }
    timings?.add(`rule ${rule.meta.id}`, performance.now() - started);
  }
  findings.sort(
    (a, b) =>
      a.location.file.localeCompare(b.location.file) || a.location.startOffset - b.location.startOffset || a.ruleId.localeCompare(b.ruleId),
  );
  assignFingerprints(findings, (file) => files.get(file)?.text ?? '');
  return findings;
}
