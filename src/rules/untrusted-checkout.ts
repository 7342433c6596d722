/**
 * untrusted-checkout: a job started by a privileged trigger (pull_request_target, workflow_run,
 * issue_comment...) brings pull request code into its workspace: `actions/checkout` with a `ref`
 * or `repository` naming the pull request head (directly or through env, step and job outputs,
 * reusable-workflow and local-action inputs), `git fetch/checkout/switch/pull/clone` of such a ref,
 * or `gh pr checkout`. High when the code is only checked out; critical when a later step runs
 * files from it: a build tool, test runner, linter or package manager that reads the repository,
 * a script run by relative path, or a local action. Checkouts into a sub-directory count as run
 * only when a later step works in or names that directory.
 * Ignores: the default checkout (the base branch under privileged triggers), unprivileged
 * triggers (`pull_request` runs get no secrets), sources that are empty under the reaching
 * triggers (pull_request fields under issue_comment), `workflow_run` whose upstream workflows are
 * all in the scan and none can be started by an outsider.
 * On Tekton: a clone task (or a `git clone/fetch/checkout` step) given a revision or URL that
 * names the pull request head (webhook payload fields bound through params, Pipelines-as-Code
 * `{{ revision }}` on pull requests), then tasks sharing its workspace that run build tools, in
 * runs an outsider can start; reported at the value that reaches the clone.
 * Data: rules/data/pr-checkout.ts, rules/data/tekton-checkout.ts (refs naming pull request code) and rules/data/workspace-code.ts
 * (what runs workspace files), both with sources.
 */
import { escapeRegExp } from '../analysis/text/regexp-literal.js';
import { exposureOf, reachingTriggers, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import { chainFlow, effectiveTriggers } from '../analysis/trust/workflow-run.js';
import type { Job, Pipeline, Step, Trigger } from '../model/types.js';
import { cloneAndRunTriggers, type TektonCheckout, tektonCheckouts } from './data/tekton-checkout.js';
import { defineRule, type NotedTarget } from './define-rule.js';
import { PrRefResolver, sourceTriggers, untrustedCheckouts, workingDirectory, type UntrustedCheckout } from './data/pr-checkout.js';
import { scriptGates } from './data/script-gates.js';
import { workspaceExecutions, type WorkspaceExecution } from './data/workspace-code.js';

/** Options that point a tool at another directory or file (`make -C pr`, `npm --prefix pr`, `docker build -f pr/Dockerfile`). */
const DIRECTORY_OPTIONS = new Set([
  '-C',
  '--prefix',
  '--cwd',
  '--dir',
  '--directory',
  '--project',
  '--manifest-path',
  '-f',
  '--file',
  '--config',
  '-c',
  '--workdir',
  '--root',
  '--chdir',
]);

function isInside(value: string, path: string): boolean {
  const v = value
    .replace(/^["']|["']$/g, '')
    .replace(/^\.\//, '')
    .replace(/\/+$/, '');
  return v === path || v.startsWith(`${path}/`);
}

/** Does a command (or action) work in the directory: `cd pr` before it, a directory option, or an operand inside it? */
function worksIn(execution: WorkspaceExecution, path: string): boolean {
  const cd = new RegExp(`(^|[\\s;&|(])(cd|pushd)\\s+["']?(\\./)?${escapeRegExp(path)}(/|["'\\s;&|)]|$)`, 'm');
  if (cd.test(execution.before)) return true;
  return execution.args.some((arg, i) => {
    const eq = /^(--?[\w-]+)=(.*)$/.exec(arg);
    if (eq) return DIRECTORY_OPTIONS.has(eq[1] as string) && isInside(eq[2] as string, path);
    if (arg.startsWith('-')) return false;
    const previous = execution.args[i - 1];
    if (previous?.startsWith('-') && !DIRECTORY_OPTIONS.has(previous)) return false;
    return isInside(arg, path);
  });
}

function stepReachable(step: { triggers?: Trigger[] }, triggers: Trigger[]): Trigger[] {
  if (!step.triggers) return triggers;
  const names = new Set(step.triggers.map((t) => t.name));
  return triggers.filter((t) => names.has(t.name));
}

/** Later steps (and later commands of the same step) that run files from the checkout. */
function executionsAfter(checkout: UntrustedCheckout, job: Job, triggers: Trigger[], untrusted: Set<Step>): WorkspaceExecution[] {
  const out: WorkspaceExecution[] = [];
  const from = checkout.active?.step ?? checkout.step;
  const offset = checkout.active?.offset ?? checkout.scriptOffset;
  for (const step of job.steps) {
    if (step.index < from.index) continue;
    if (step.index > from.index && stepReachable(step, triggers).length === 0) continue;
    // A later checkout of trusted code into the same place replaces the pull request code.
    if (step.index > from.index && step.github?.checkout && !untrusted.has(step)) {
      const path = step.inputs.find((i) => i.name === 'path')?.value.value.replace(/^\.\/?|\/+$/g, '') ?? '';
      if (path === (checkout.path ?? '')) break;
    }
    const wd = step.script ? workingDirectory(step, job) : '';
    for (const execution of workspaceExecutions(step, job)) {
      if (step.index === from.index && (offset === undefined || (execution.scriptOffset ?? -1) <= offset)) {
        continue;
      }
      if (checkout.path && !inCheckout(execution, checkout.path, wd)) continue;
      out.push(execution);
    }
  }
  return out;
}

function inCheckout(execution: WorkspaceExecution, path: string, wd: string): boolean {
  if (wd === path || wd.startsWith(`${path}/`)) return true;
  const uses = execution.step.uses;
  if (uses?.isLocal) return (uses.path ?? '').replace(/^\.\//, '').startsWith(`${path}/`);
  // A script run by path is the checkout's only when it lies inside it (a trusted script may read the checkout as data).
  if (execution.file && !execution.file.includes('$')) {
    const file = execution.file.replace(/^\.\//, '');
    if (isInside(wd ? `${wd}/${file}` : file, path)) return true;
    if (!/(^|[\s;&|(])(cd|pushd)\s/.test(execution.before)) return false;
  }
  return worksIn(execution, path);
}

function describeSource(checkout: UntrustedCheckout): string {
  const first = checkout.sources[0];
  if (!first) return 'the pull request head';
  const via = first.hops.length ? ` via ${first.hops.map((h) => h.note).join(', ')}` : '';
  return `${first.name}${via}`;
}

export default defineRule({
  meta: {
    id: 'untrusted-checkout',
    summary: 'Pull request code checked out (and run) in a privileged workflow',
    description:
      "A job started by pull_request_target, workflow_run, issue_comment or another privileged trigger checks out the pull request head; any build tool, script or local action that then runs files from it gives the pull request author code execution with the job's secrets and token.",
    category: 'trust',
    platforms: ['github', 'tekton'],
    severity: 'critical',
    confidence: 'high',
    stability: 'stable',
    fix: 'none',
    network: false,
    messages: {
      checkout:
        "{{what}} checks out pull request code ({{source}}) in a job that `{{trigger}}` runs with {{privileges}}; anything that later runs a file from this checkout runs the pull request author's code with them",
      checkoutThenRun:
        '{{what}} checks out pull request code ({{source}}) and `{{tool}}` then runs files from it in a job that `{{trigger}}` runs with {{privileges}}: the pull request author can execute any code with them through {{reads}}',
    },
    owasp: ['CICD-SEC-4'],
    phase: 'foundations',
    related: {
      zizmor: ['dangerous-triggers'],
      poutine: ['untrusted_checkout_exec'],
      codeql: ['actions/untrusted-checkout/critical', 'actions/untrusted-checkout/high'],
      scorecard: ['Dangerous-Workflow'],
    },
  },
  create(context) {
    const reportTekton = (checkout: TektonCheckout) => {
      const first = checkout.runs[0];
      const runJob = first?.job ?? checkout.job;
      const runUnit = first?.unit ?? checkout.unit;
      const triggers = cloneAndRunTriggers(checkout, runJob);
      if (triggers.length === 0) return;
      const exposure = exposureOf(runJob, runUnit, context.project, triggers);
      const flow: NotedTarget[] = [
        { at: checkout.source.origin, note: `names pull request code: ${checkout.source.name}` },
        ...checkout.source.hops.map((h) => ({ at: h.origin, note: h.note })),
        { at: checkout.at, note: `${checkout.what} clones it` },
      ];
      if (first) flow.push({ at: first.execution.at, note: `${first.execution.tool} runs ${first.execution.reads}` });
      context.report({
        messageId: first ? 'checkoutThenRun' : 'checkout',
        data: {
          what: checkout.what,
          source: checkout.source.name,
          trigger: [...new Set(triggers.map((t) => t.name))].join('`, `'),
          privileges: exposure.privileges.join(', '),
          tool: first?.execution.tool ?? '',
          reads: first?.execution.reads ?? '',
        },
        at: checkout.at,
        severity: scaledSeverity(exposure, first ? 'critical' : 'high'),
        confidence: first ? 'high' : 'medium',
        related: checkout.runs.map((r) => ({ at: r.execution.at, note: `${r.execution.tool} runs ${r.execution.reads} from the clone` })),
        flow,
        trust: trustContext(exposure),
        tip: 'Validate pull requests in a namespace and service account with no secrets (and a restricted Pod Security level); run the build of pull request code only after review, or check out the base branch and treat the pull request as data.',
      });
    };
    const resolver = new PrRefResolver(context.project);
    return {
      pipeline(pipeline: Pipeline) {
        if (pipeline.platform !== 'tekton') return;
        for (const checkout of tektonCheckouts(pipeline, context.project)) reportTekton(checkout);
      },
      job(job: Job, pipeline: Pipeline) {
        if (pipeline.kind !== 'workflow' && pipeline.kind !== 'action') return;
        const reaching = effectiveTriggers(reachingTriggers(job, pipeline, context.project), context.project).filter((t) => t.privileged);
        if (reaching.length === 0) return;
        const checkouts = untrustedCheckouts(job, pipeline, resolver);
        const untrusted = new Set(checkouts.map((c) => c.step));
        for (const checkout of checkouts) {
          const names = sourceTriggers(checkout.sources);
          const triggers = stepReachable(
            checkout.step,
            reaching.filter((t) => !names || names.has(t.name)),
          );
          if (triggers.length === 0) continue;
          const exposure = exposureOf(job, pipeline, context.project, triggers);
          const runs = executionsAfter(checkout, job, triggers, untrusted);
          const first = runs[0];
          // A permission check done by a script counts when it runs before the code does.
          const checkedBefore = first ? first.step.index : checkout.step.index;
          exposure.gates.push(...(checkout.step.gates ?? []).filter((g) => !g.spoofable), ...scriptGates(job, pipeline, checkedBefore));
          const severity = scaledSeverity(exposure, first ? 'critical' : 'high');
          // A workflow_run job is an outsider's through the workflow that started it: show that first.
          const flow: NotedTarget[] = chainFlow(triggers, context.project).map((l) => ({ at: l.origin, note: l.note }));
          const source = checkout.sources[0];
          if (source) {
            flow.push({ at: source.origin, note: `names pull request code: ${source.name}` });
            for (const hop of source.hops) flow.push({ at: hop.origin, note: hop.note });
          }
          flow.push({ at: checkout.at, note: `${checkout.what} checks it out${checkout.path ? ` into ${checkout.path}/` : ''}` });
          if (first) flow.push({ at: first.at, note: `${first.tool} runs ${first.reads}` });
          const related: NotedTarget[] = runs.map((r) => ({ at: r.at, note: `${r.tool} runs ${r.reads} from the checkout` }));
          const triggerNames = [...new Set(triggers.map((t) => t.name))].join('`, `');
          const privileges = exposure.privileges.length ? exposure.privileges.join(', ') : 'its token';
          const confidence = checkout.branchOnly || checkout.path === undefined ? 'medium' : 'high';
          context.report({
            messageId: first ? 'checkoutThenRun' : 'checkout',
            data: {
              what: checkout.what,
              source: describeSource(checkout),
              trigger: triggerNames,
              privileges,
              tool: first?.tool ?? '',
              reads: first?.reads ?? '',
            },
            at: checkout.at,
            severity,
            confidence,
            related,
            flow,
            trust: trustContext(exposure),
            tip: 'Build and test pull requests in a `pull_request` workflow (no secrets, read-only token). If a privileged job must look at the pull request, check it out into a separate directory, treat its files as data, and never run tools, scripts or actions from it.',
          });
        }
      },
    };
  },
});
