/**
 * `workflow_run` runs the default branch's workflow with secrets and the normal token, but who can
 * start it depends on the workflows named in its `workflows:` filter: a `pull_request` run from a
 * fork makes it reachable by anyone. When every named workflow is part of the scan (same
 * repository), the trigger is reached by no one less trusted than those workflows' own triggers;
 * otherwise the T0 default of the trigger table stays.
 * GitHub matches `workflows:` against each workflow's `name:` (or its file path when it has none).
 * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#workflow_run
 */
import type { Pipeline, Trigger } from '../../model/types.js';
import { repositoryRootOf } from '../../model/repository.js';
import { Trust, TRUST_NAMES } from '../../model/types.js';
import type { Project } from '../project.js';

function repositoryRoot(path: string): string {
  return repositoryRootOf(path) ?? '';
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*?/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function namesOf(pipeline: Pipeline): string[] {
  const file = pipeline.file.path;
  const relative = file.slice(repositoryRoot(file).length);
  const base = relative.split('/').pop() ?? relative;
  return [pipeline.name, relative, base].filter((n): n is string => !!n);
}

export interface UpstreamWorkflows {
  /** Workflows of the same repository that the filter names. */
  resolved: Pipeline[];
  /** Names in the filter that match no scanned workflow. */
  unresolved: string[];
}

/** The workflows a `workflow_run` trigger listens to, as far as the scan contains them. */
export function upstreamWorkflows(trigger: Trigger, pipeline: Pipeline, project: Project): UpstreamWorkflows {
  const names = trigger.filters.workflows ?? [];
  const candidates = project
    .pipelinesIn(project.repositoryOf(pipeline))
    .filter((p) => p.kind === 'workflow' && p !== pipeline && p.platform === pipeline.platform);
  const resolved = new Set<Pipeline>();
  const unresolved: string[] = [];
  for (const name of names) {
    const pattern = globToRegExp(name);
    const hits = candidates.filter((p) => namesOf(p).some((n) => n === name || pattern.test(n)));
    if (hits.length === 0) unresolved.push(name);
    for (const hit of hits) resolved.add(hit);
  }
  return { resolved: [...resolved], unresolved };
}

/** Least trust that can start the workflow; undefined when nothing can (only workflow_call). */
function minTrustOf(pipeline: Pipeline, project: Project, depth: number): Trust | undefined {
  let min: Trust | undefined;
  for (const trigger of pipeline.triggers) {
    if (trigger.name === 'workflow_call') continue;
    const effective = trigger.name === 'workflow_run' ? effectiveTrigger(trigger, project, depth + 1) : trigger;
    if (effective) min = Math.min(min ?? Trust.Admin, effective.minTrust) as Trust;
  }
  return min;
}

/**
 * The trigger with `minTrust` raised to what its upstream workflows allow, when they are all
 * known; undefined when none of them can run; any other trigger is returned unchanged.
 */
export function effectiveTrigger(trigger: Trigger, project: Project, depth = 0): Trigger | undefined {
  if (trigger.name !== 'workflow_run' || depth > 4) return trigger;
  const root = repositoryRoot(trigger.origin.file.path);
  const pipeline = project.pipelinesIn(root).find((p) => p.file === trigger.origin.file && p.triggers.includes(trigger));
  if (!pipeline) return trigger;
  const upstream = upstreamWorkflows(trigger, pipeline, project);
  if (upstream.resolved.length === 0 || upstream.unresolved.length > 0) return trigger;
  const trusts = upstream.resolved.map((p) => minTrustOf(p, project, depth)).filter((t): t is Trust => t !== undefined);
  if (trusts.length === 0) return undefined;
  const minTrust = Math.min(...trusts) as Trust;
  return minTrust > trigger.minTrust ? { ...trigger, minTrust } : trigger;
}

/** Triggers with workflow_run resolved through its upstream workflows (dropped when they never run). */
export function effectiveTriggers(triggers: Trigger[], project: Project): Trigger[] {
  return triggers.map((t) => effectiveTrigger(t, project)).filter((t): t is Trigger => t !== undefined);
}

export interface ChainLink {
  origin: Trigger['origin'];
  note: string;
}

/**
 * How the least trusted actor reaches a `workflow_run` trigger, upstream first: the trigger of an
 * upstream workflow an outsider can cause, each `workflow_run` in between, and this one. Empty
 * for other triggers and when the upstream workflows are not all in the scan (the trigger table's
 * default then stands, and there is no chain to show).
 */
export function workflowRunChain(trigger: Trigger, project: Project, depth = 0): ChainLink[] {
  if (trigger.name !== 'workflow_run' || depth > 4) return [];
  // Rules may hold a copy with its trust already raised (effectiveTrigger): the origin is shared.
  const pipeline = project.pipelines.find((p) => p.file === trigger.origin.file && p.triggers.some((t) => t.origin === trigger.origin));
  const own = pipeline?.triggers.find((t) => t.origin === trigger.origin);
  if (!pipeline || !own) return [];
  trigger = own;
  const effective = effectiveTrigger(trigger, project);
  if (!effective) return [];
  const upstream = upstreamWorkflows(trigger, pipeline, project);
  if (upstream.resolved.length === 0 || upstream.unresolved.length > 0) return [];
  // The upstream trigger that lets the least trusted actor in (the one effectiveTrigger used).
  let best: { links: ChainLink[]; trust: Trust } | undefined;
  for (const source of upstream.resolved) {
    for (const start of source.triggers) {
      if (start.name === 'workflow_call') continue;
      const reached = start.name === 'workflow_run' ? effectiveTrigger(start, project, depth + 1) : start;
      if (!reached || (best && best.trust <= reached.minTrust)) continue;
      const name = source.name ?? source.file.path;
      const before =
        start.name === 'workflow_run'
          ? workflowRunChain(start, project, depth + 1)
          : [{ origin: start.origin, note: `'${name}' starts on ${start.name}, which ${TRUST_NAMES[reached.minTrust]} can cause` }];
      best = { links: before, trust: reached.minTrust };
    }
  }
  if (!best) return [];
  const upstreamNames = upstream.resolved.map((p) => `'${p.name ?? p.file.path}'`).join(', ');
  return [
    ...best.links,
    {
      origin: trigger.origin,
      note: `workflow_run starts '${pipeline.name ?? pipeline.file.path}' when ${upstreamNames} completes, with this repository's secrets and token`,
    },
  ];
}

/** The chain of the least trusted `workflow_run` among `triggers`, for a finding's flow. */
export function chainFlow(triggers: Trigger[], project: Project): ChainLink[] {
  const runs = triggers.filter((t) => t.name === 'workflow_run').sort((a, b) => a.minTrust - b.minTrust);
  for (const trigger of runs) {
    const chain = workflowRunChain(trigger, project);
    if (chain.length > 0) return chain;
  }
  return [];
}
