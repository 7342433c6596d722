/**
 * Severity follows trust: how little trust reaches how much privilege. For a job (and optionally
 * the subset of triggers a data flow is live under) this computes the least trusted actor who can
 * start it, what the job holds, and scales a rule's severity accordingly.
 */
import type { Severity, TrustContext } from '../../model/finding.js';
import { SEVERITIES } from '../../model/finding.js';
import type { Gate, Job, Pipeline, Trigger } from '../../model/types.js';
import { Trust } from '../../model/types.js';
import type { Project } from '../project.js';
import { effectiveTriggers } from './workflow-run.js';

export interface Exposure {
  triggers: Trigger[];
  /** Least trust that reaches the job; undefined when nothing is known (an action without callers). */
  minTrust: Trust | undefined;
  /** Some reaching trigger gives the low-trust actor the base repository's secrets or write token. */
  privilegedAtLowTrust: boolean;
  privileges: string[];
  /** Gates an attacker cannot pass. */
  gates: Gate[];
  /** Only `workflow_run` reaches the job, and none of the workflows it waits for ever runs. */
  unreachable?: boolean;
}

function writeScopes(job: Job, pipeline: Pipeline): string[] {
  const permissions = job.permissions ?? pipeline.permissions;
  if (!permissions) return ['default GITHUB_TOKEN permissions'];
  if (permissions.shorthand === 'write-all') return ['write-all token'];
  return Object.entries(permissions.scopes)
    .filter(([, v]) => v.level === 'write')
    .map(([k]) => `${k}: write`);
}

export function privilegesOf(job: Job, pipeline: Pipeline): string[] {
  const out: string[] = [];
  if (pipeline.platform === 'tekton') {
    const secrets = [...new Set(job.secrets.map((s) => s.name))];
    if (secrets.length) out.push(`secrets ${secrets.slice(0, 5).join(', ')}`);
    const account = job.tekton?.serviceAccount?.name;
    out.push(account ? `service account ${account}` : 'the namespace default service account');
    return out;
  }
  const named = job.secrets.filter((s) => !s.dynamic && s.name !== 'GITHUB_TOKEN');
  if (job.secrets.some((s) => s.dynamic)) out.push('all repository secrets');
  if (named.length) out.push(`secrets ${[...new Set(named.map((s) => s.name))].slice(0, 5).join(', ')}`);
  if (pipeline.platform === 'github') out.push(...writeScopes(job, pipeline));
  if (job.identity.oidc) out.push('OIDC id-token');
  if (job.runner.selfHosted === true) out.push('self-hosted runner');
  if (job.secretsInherit) out.push('inherited secrets');
  return out;
}

/** Triggers reaching a job, following local callers for actions and reusable workflows. */
export function reachingTriggers(job: Job, pipeline: Pipeline, project: Project, depth = 0): Trigger[] {
  // The Tekton adapter has already carried every caller's triggers down to the jobs it runs.
  if (pipeline.platform === 'tekton') return job.triggers;
  // A GitLab job's triggers are computed from its rules; nothing calls it from elsewhere.
  if (pipeline.kind === 'gitlab-ci') return job.triggers;
  if (pipeline.kind === 'workflow') {
    const own = job.triggers.filter((t) => t.name !== 'workflow_call');
    if (depth > 4) return own;
    const callers = job.triggers.some((t) => t.name === 'workflow_call') ? project.callersOf(pipeline) : [];
    return [...own, ...callers.flatMap((site) => reachingTriggers(site.job, site.pipeline, project, depth + 1))];
  }
  if (depth > 4) return [];
  return project.callersOf(pipeline).flatMap((site) => reachingTriggers(site.job, site.pipeline, project, depth + 1));
}

/**
 * Gates every caller of a reusable workflow or local action passes through (a job `if:`, a step
 * `if:` on the calling step): the called unit only runs behind them. Empty when any caller is
 * ungated or the unit can also be started on its own.
 */
export function callerGates(job: Job, pipeline: Pipeline, project: Project): Gate[] {
  if (pipeline.kind === 'workflow' && job.triggers.some((t) => t.name !== 'workflow_call')) return [];
  const sites = project.callersOf(pipeline);
  if (sites.length === 0) return [];
  const perSite = sites.map((site) => [...site.job.gates, ...(site.step?.gates ?? [])].filter((g) => !g.spoofable));
  if (perSite.some((gates) => gates.length === 0)) return [];
  return perSite.flat();
}

/** Gates of the triggers themselves, when every low-trust trigger reaching the job has one. */
function triggerGates(low: Trigger[]): Gate[] {
  if (low.length === 0 || !low.every((t) => t.gates?.some((g) => !g.spoofable))) return [];
  return [...new Set(low.flatMap((t) => (t.gates ?? []).filter((g) => !g.spoofable)))];
}

/**
 * `triggers` defaults to those reaching the job, with `workflow_run` raised to the trust of the
 * workflows it waits for (analysis/trust/workflow-run.ts): a privileged workflow started by one an
 * outsider can start is theirs too, and one started only by trusted workflows is not.
 */
export function exposureOf(job: Job, pipeline: Pipeline, project: Project, triggers?: Trigger[]): Exposure {
  const raw = triggers ?? reachingTriggers(job, pipeline, project);
  const reaching = triggers ? raw : effectiveTriggers(raw, project);
  const minTrust = reaching.length ? (Math.min(...reaching.map((t) => t.minTrust)) as Trust) : undefined;
  const low = reaching.filter((t) => t.minTrust <= Trust.Contributor);
  const own = [...job.gates.filter((g) => !g.spoofable), ...callerGates(job, pipeline, project)];
  return {
    triggers: reaching,
    minTrust,
    privilegedAtLowTrust: low.some((t) => t.privileged),
    privileges: privilegesOf(job, pipeline),
    gates: [...own, ...triggerGates(low).filter((g) => !own.includes(g))],
    ...(raw.length > 0 && reaching.length === 0 ? { unreachable: true } : {}),
  };
}

function shift(severity: Severity, by: number): Severity {
  const index = Math.max(0, Math.min(SEVERITIES.length - 1, SEVERITIES.indexOf(severity) + by));
  return SEVERITIES[index] as Severity;
}

/**
 * Scales a rule's worst-case severity (`max`, what it is when anyone on the internet reaches a
 * privileged job) down for more trusted triggers, unprivileged contexts and real gates.
 */
/**
 * Gates a maintainer's one-off action opens while the attacker can still change what runs (a
 * label, an approving comment) or that check a name the attacker may hold: one step, not two.
 */
export function isWeakGate(gate: Gate): boolean {
  return gate.kind === 'label' || gate.kind === 'actor-check' || gate.kind === 'comment-approval';
}

export function scaledSeverity(exposure: Exposure, max: Severity): Severity {
  let severity: Severity;
  if (exposure.minTrust === undefined) severity = shift(max, -1);
  else if (exposure.minTrust <= Trust.Contributor) severity = exposure.privilegedAtLowTrust ? max : shift(max, -2);
  else if (exposure.minTrust === Trust.Writer) severity = shift(max, -3);
  else severity = shift(max, -4);
  const strongGate = exposure.gates.some((g) => !isWeakGate(g));
  if (strongGate && exposure.minTrust !== undefined && exposure.minTrust <= Trust.Contributor) severity = shift(severity, -2);
  else if (exposure.gates.length && exposure.minTrust !== undefined && exposure.minTrust <= Trust.Contributor)
    severity = shift(severity, -1);
  return severity;
}

export function trustContext(exposure: Exposure): TrustContext {
  return {
    triggers: [...new Set(exposure.triggers.map((t) => t.name))],
    minTrust: exposure.minTrust ?? Trust.Anyone,
    privileges: exposure.privileges,
  };
}
