/**
 * Tekton pipelines that fetch pull request code and then run it: a clone task (the catalogue's
 * `git-clone`, `git-batch-merge`, or any task whose name says clone) or a step running
 * `git clone/fetch/checkout`, given a revision or URL that names the pull request head, followed
 * by steps that run files from the cloned workspace (build tools, test runners, scripts by path;
 * rules/data/workspace-code.ts).
 *
 * Values that name pull request code, traced through params from unit to unit:
 * - GitHub webhook payloads: `pull_request.head.sha`, `.head.ref`, `.head.repo.clone_url` and the
 *   like (https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request);
 * - GitLab merge request events: `object_attributes.last_commit.id`, `.source_branch`,
 *   `.source.git_http_url` (https://docs.gitlab.com/user/project/integrations/webhook_events/);
 * - Pipelines-as-Code on pull request events: `{{ revision }}` (the head commit),
 *   `{{ source_branch }}`, `{{ source_url }}` (https://pipelinesascode.com/docs/guide/authoringprs/).
 */
import type { Project } from '../../analysis/project.js';
import type { TektonResultSources } from '../../analysis/taint/taint.js';
import type { Job, Origin, Pipeline, Step, Template, Trigger } from '../../model/types.js';
import { Trust } from '../../model/types.js';
import { type WorkspaceExecution, workspaceExecutions } from './workspace-code.js';

const WEBHOOK_PR_HEAD = [
  /^body\.pull_request\.head\.(sha|ref|label|repo\.(clone_url|ssh_url|git_url|html_url|full_name))$/,
  /^body\.object_attributes\.(last_commit\.id|source_branch|source\.(git_http_url|git_ssh_url|http_url))$/,
  /^body\.pullrequest\.source\./,
];
const PAC_PR_HEAD = new Set(['revision', 'source_branch', 'source_url']);
const CLONE_TASK = /git-clone|git-batch-merge|git-cli|\bclone\b/i;
const GIT_FETCH = /\bgit\s+(?:-C\s+\S+\s+)?(?:clone|fetch|checkout|pull|switch)\b/;
const MAX_DEPTH = 10;

export interface PrHead {
  /** The variable as written (`body.pull_request.head.sha`, `revision`). */
  name: string;
  origin: Origin;
  /** From the source towards the clone. */
  hops: { origin: Origin; note: string }[];
}

export interface TektonCheckout {
  /** The value that names pull request code where it reaches the clone. */
  at: Origin;
  what: string;
  source: PrHead;
  /**
   * Steps that run files of the clone, and the job and unit they run in; `task` is the pipeline
   * task that runs that unit (it holds the workspaces and service account the run gives it).
   */
  runs: { execution: WorkspaceExecution; job: Job; unit: Pipeline; task?: Job }[];
  /** Where the clone happens (for trust when nothing runs the code). */
  job: Job;
  unit: Pipeline;
}

/** Triggers of a job that an outsider can fire: pull requests, comments, unauthenticated webhooks. */
export function outsiderTriggers(job: Job): Trigger[] {
  return job.triggers.filter((t) => t.minTrust <= Trust.Contributor && t.kind !== 'push');
}

/**
 * Outsider triggers under which both the clone and the job running the clone's code run (a shared
 * task also serves push runs).
 */
export function cloneAndRunTriggers(checkout: TektonCheckout, runner: Job): Trigger[] {
  const cloning = new Set(outsiderTriggers(checkout.job));
  return outsiderTriggers(runner).filter((t) => cloning.has(t));
}

/** Does this template carry a value naming pull request code, through params of callers? */
export function prHeadOf(
  template: Template | undefined,
  unit: Pipeline,
  project: Project,
  depth = 0,
  seen = new Set<Template>(),
): PrHead | undefined {
  if (!template || depth > MAX_DEPTH || seen.has(template)) return undefined;
  seen.add(template);
  for (const interpolation of template.interpolations) {
    const text = interpolation.text.trim();
    const isPac = interpolation.phase === 'config-time';
    if (isPac ? PAC_PR_HEAD.has(text) : WEBHOOK_PR_HEAD.some((p) => p.test(text))) {
      return { name: text, origin: interpolation.origin, hops: [] };
    }
    for (const link of interpolation.links) {
      if (link.kind !== 'input') continue;
      const declared = unit.declaredInputs.find((d) => d.name === link.name);
      for (const site of project.callersOf(unit)) {
        const inputs = site.step ? site.step.inputs : site.job.inputs;
        for (const input of inputs.filter((i) => i.name === link.name)) {
          const found = prHeadOf(input.value, site.pipeline, project, depth + 1, seen);
          if (!found) continue;
          found.hops.push({ origin: input.origin, note: input.note ?? `param ${link.name}` });
          if (declared && unit.tekton)
            found.hops.push({ origin: declared.origin, note: `${unit.tekton.resourceKind} ${unit.tekton.name} param ${declared.name}` });
          return found;
        }
      }
    }
  }
  return undefined;
}

function lineAt(origin: Origin): string {
  const text = origin.file.text;
  const start = text.lastIndexOf('\n', origin.span.start - 1) + 1;
  const end = text.indexOf('\n', origin.span.start);
  return text.slice(start, end === -1 ? text.length : end);
}

function executionsOf(unit: Pipeline | undefined, after = -1): TektonCheckout['runs'] {
  const job = unit?.jobs[0];
  if (!unit || !job) return [];
  return job.steps
    .filter((s: Step) => s.index > after)
    .flatMap((step) => workspaceExecutions(step, job).map((execution) => ({ execution, job, unit })));
}

/** Clones of pull request code in a Pipeline (by a clone task) or a Task (by a git step), with what then runs it. */
export function tektonCheckouts(unit: Pipeline, project: Project): TektonCheckout[] {
  const out: TektonCheckout[] = [];
  const kind = unit.tekton?.resourceKind;
  if (kind === 'Pipeline') {
    for (const job of unit.jobs) {
      const task = job.uses;
      if (!task || !CLONE_TASK.test(`${task.name} ${task.path ?? ''} ${task.raw}`)) continue;
      let source: PrHead | undefined;
      let at: Origin | undefined;
      for (const input of job.inputs) {
        source = prHeadOf(input.value, unit, project);
        if (source) {
          at = input.value.origin;
          break;
        }
      }
      if (!source || !at) continue;
      const written = new Set((job.tekton?.workspaces ?? []).map((w) => w.binds ?? w.name));
      const runs = unit.jobs
        .filter((other) => other !== job && (other.tekton?.workspaces ?? []).some((w) => written.has(w.binds ?? w.name)))
        .flatMap((other) => executionsOf(other.uses?.unit).map((run) => ({ ...run, task: other })));
      out.push({ at, what: `Pipeline task \`${job.id}\` (${task.name})`, source, runs, job, unit });
    }
  } else if (kind === 'Task') {
    const job = unit.jobs[0];
    for (const step of job?.steps ?? []) {
      const script = step.script;
      if (!job || !script || !GIT_FETCH.test(script.value)) continue;
      for (const interpolation of script.interpolations) {
        // The value must be an operand of the git command, on its line.
        if (!GIT_FETCH.test(lineAt(interpolation.origin))) continue;
        const source = prHeadOf({ ...script, interpolations: [interpolation] }, unit, project);
        if (!source) continue;
        const what = `Step \`${step.name ?? step.index}\` of Task ${unit.tekton?.name ?? ''}`;
        out.push({ at: interpolation.origin, what, source, runs: executionsOf(unit, step.index), job, unit });
        break;
      }
    }
  }
  return out;
}

/**
 * For the taint analysis: a pipeline task that runs pull request code (its own clone, or one an
 * earlier task made in a shared workspace) can write anything into its results, so
 * `$(tasks.t.results.r)` carries the pull request author's text (research/platforms.md TK-INJ-03).
 */
export function prCodeResults(project: Project): TektonResultSources {
  const memo = new Map<Pipeline, TektonCheckout[]>();
  const checkoutsOf = (unit: Pipeline) => {
    let found = memo.get(unit);
    if (!found) {
      found = tektonCheckouts(unit, project);
      memo.set(unit, found);
    }
    return found;
  };
  return (task, pipeline, result) => {
    const taskUnit = task.uses?.unit;
    const candidates = [...checkoutsOf(pipeline), ...(taskUnit ? checkoutsOf(taskUnit) : [])];
    for (const checkout of candidates) {
      const run = checkout.runs.find((r) => r.task === task || (!r.task && r.unit === taskUnit));
      if (!run) continue;
      const triggers = cloneAndRunTriggers(checkout, run.task ?? run.job).filter((t) => task.triggers.includes(t));
      if (triggers.length === 0) continue;
      return [
        {
          source: {
            name: `output of pull request code (${checkout.source.name})`,
            capability: 'free-text' as const,
            producedBy: 'untrusted-code' as const,
            triggers: [...new Set(triggers.map((t) => t.name))],
            origin: checkout.source.origin,
          },
          hops: [
            ...checkout.source.hops,
            { origin: checkout.at, note: `${checkout.what} clones it` },
            {
              origin: run.execution.at,
              note: `${run.execution.tool} runs ${run.execution.reads}, and can write anything to result ${result}`,
            },
          ],
        },
      ];
    }
    return [];
  };
}
