/**
 * dangerous-trigger: a workflow uses `pull_request_target` or `workflow_run` (configurable) in a
 * way that leaves an outsider-started run holding something worth stealing. Reported at the
 * trigger when some job it reaches is
 *   - not gated (same-repository, author-association, merged, environment: a label or a script
 *     permission check only lowers the severity),
 *   - holds something (secrets, a write or default token, OIDC, inherited secrets, a self-hosted
 *     runner), and
 *   - touches pull request material in a way that can run it: checks out the pull request,
 *     expands event text straight into a script or code input, downloads artifacts of another
 *     run, passes the pull request head to an action, or calls a reusable workflow (whose steps
 *     are not visible, or do one of these).
 * Event text handed over through `env:` or read from the payload by a script is data and does
 * not count (expression-injection covers the direct expansions).
 * Quiet otherwise: a labeler with `pull-requests: write` that never looks at the code, a
 * `permissions: {}` workflow without secrets, jobs behind real gates, and `workflow_run` whose
 * upstream workflows are all in the scan and cannot be started by an outsider.
 * Data: rules/data/pr-checkout.ts (pull request refs), the adapter's taint sources
 * (platforms/github/data/contexts.ts) and rules/data/script-gates.ts.
 */
import type { Project } from '../analysis/project.js';
import { scriptMentions, stepScript } from '../analysis/scripts/step-script.js';
import { exposureOf, privilegesOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import { effectiveTrigger, workflowRunChain } from '../analysis/trust/workflow-run.js';
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import type { Gate, Job, Origin, Pipeline, Template, Trigger } from '../model/types.js';
import { Trust, TRUST_NAMES } from '../model/types.js';
import { defineRule, type NotedTarget } from './define-rule.js';
import { PrRefResolver, sourceTriggers, untrustedCheckouts } from './data/pr-checkout.js';
import { scriptGates } from './data/script-gates.js';

const DEFAULT_TRIGGERS = ['pull_request_target', 'workflow_run'];
/** Gates that stop an outsider outright (label and actor checks only lower the severity). */
const MITIGATING: ReadonlySet<Gate['kind']> = new Set(['same-repository', 'author-check', 'protected-environment', 'approval', 'manual']);
const ARTIFACT_ACTIONS = new Set(['dawidd6/action-download-artifact', 'actions/download-artifact']);

interface Activity {
  at: Origin;
  note: string;
}

function isLive(sourceTriggers: readonly string[], trigger: Trigger): boolean {
  return sourceTriggers.length === 0 || sourceTriggers.includes(trigger.name);
}

function templateActivity(template: Template | undefined, where: string, trigger: Trigger): Activity | undefined {
  for (const interpolation of template?.interpolations ?? []) {
    const source = interpolation.sources.find((s) => isLive(s.triggers, trigger));
    if (source) return { at: interpolation.origin, note: `puts ${source.name} into ${where}` };
  }
  return undefined;
}

/** What in a job handles pull request material (first found, in step order). */
function jobActivity(
  job: Job,
  pipeline: Pipeline,
  trigger: Trigger,
  project: Project,
  resolver: PrRefResolver,
  depth = 0,
): Activity | undefined {
  const checkout = untrustedCheckouts(job, pipeline, resolver).find((c) => {
    const names = sourceTriggers(c.sources);
    return !names || names.has(trigger.name);
  });
  if (checkout) return { at: checkout.at, note: `checks out the pull request code (${checkout.what})` };
  if (job.uses) {
    const callee = project.resolve(job.uses, pipeline);
    if (!callee) return { at: job.uses.origin, note: `calls reusable workflow ${job.uses.raw}, whose steps are not visible here` };
    if (depth < 3) {
      for (const inner of callee.jobs) {
        const hit = jobActivity(inner, callee, trigger, project, resolver, depth + 1);
        if (hit) return { at: job.uses.origin, note: `calls ${job.uses.raw}, whose job ${inner.id} ${hit.note}` };
      }
    }
    for (const input of job.inputs) {
      const hit = templateActivity(input.value, `input ${input.name} of ${job.uses.raw}`, trigger);
      if (hit) return hit;
    }
  }
  for (const step of job.steps) {
    if (step.triggers && !step.triggers.includes(trigger)) continue;
    const scope = { pipeline, job, step };
    const hit =
      templateActivity(step.script, 'a run script', trigger) ??
      step.inputs
        .filter((i) => i.sink === 'shell' || i.sink === 'code')
        .map((i) => templateActivity(i.value, `the ${i.name} code of ${step.uses?.name ?? 'an action'}`, trigger))
        .find(Boolean);
    if (hit) return hit;
    const script = scriptMentions(step, /\bgh\b[^\n]*\brun\b[^\n]*\bdownload\b/) ? stepScript(step, job) : undefined;
    if (script?.facts.commands.some((c) => c.name === 'gh' && c.args[0] === 'run' && c.args[1] === 'download')) {
      return { at: step.origin, note: 'downloads artifacts of another run with gh run download' };
    }
    if (step.uses) {
      const name = step.uses.name.toLowerCase();
      const code = step.inputs.find((i) => i.name === 'script')?.value;
      if (name === 'actions/github-script' && code && /downloadArtifact/.test(code.value)) {
        return { at: code.origin, note: 'downloads artifacts of another run in actions/github-script' };
      }
      if (
        ARTIFACT_ACTIONS.has(name) &&
        (name !== 'actions/download-artifact' || step.inputs.some((i) => i.name === 'run-id' || i.name === 'github-token'))
      ) {
        return { at: step.uses.origin, note: `downloads artifacts of another run with ${step.uses.name}` };
      }
      for (const input of step.inputs) {
        // A commit SHA handed to a status or check-run action is data; a ref or repository is what a checkout takes.
        if (!/(^|[-_])(ref|branch|repository|repo|head)([-_]|$)/i.test(input.name)) continue;
        const refs = resolver.ofTemplate(input.value, scope).filter((s) => isLive(s.triggers, trigger));
        if (refs.length) return { at: input.value.origin, note: `passes the pull request head to ${step.uses.name}` };
      }
      const local = step.uses.isLocal ? project.resolve(step.uses, pipeline) : undefined;
      for (const inner of local?.jobs ?? []) {
        for (const innerStep of inner.steps) {
          const innerHit = templateActivity(innerStep.script, `a run script of ${step.uses.raw}`, trigger);
          if (innerHit) return innerHit;
        }
      }
    }
  }
  return undefined;
}

/** What the job holds that an attacker would want; empty when nothing. */
function holdings(job: Job, pipeline: Pipeline): string[] {
  const out = privilegesOf(job, pipeline);
  const names = pipeline.env
    .flatMap((v) => v.value?.interpolations.flatMap((i) => i.secrets) ?? [])
    .filter((s) => s.name !== 'GITHUB_TOKEN');
  const extra = [...new Set(names.map((s) => (s.dynamic ? 'all repository secrets' : s.name)))].filter(
    (n) => !out.some((o) => o.includes(n)),
  );
  if (extra.length) out.unshift(`secrets ${extra.join(', ')}`);
  return out;
}

function gateNote(gates: Gate[]): string {
  const weak = gates.find((g) => !g.spoofable);
  if (!weak) return 'nothing gates it to trusted authors';
  if (weak.kind === 'label')
    return `only a ${weak.note} gate stands in the way, which a maintainer gives once and a later push does not undo`;
  return `only a ${weak.note} stands in the way`;
}

function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}

export default defineRule({
  meta: {
    id: 'dangerous-trigger',
    summary: 'Privileged trigger whose outsider-started jobs hold secrets or write access and touch pull request material',
    description:
      "pull_request_target and workflow_run run the base repository's workflow with its secrets and token for events an outsider can cause. Reported when a job they reach is ungated, holds something and handles pull request code, text or artifacts.",
    category: 'trust',
    platforms: ['github'],
    severity: 'high',
    confidence: 'medium',
    stability: 'stable',
    fix: 'none',
    network: false,
    options: {
      triggers: {
        type: 'string-array',
        description: 'Triggers to check (any of the privileged GitHub events, e.g. issue_comment).',
        default: DEFAULT_TRIGGERS,
      },
    },
    messages: {
      trigger:
        '`{{trigger}}` runs this workflow with {{privileges}} for events {{who}} can cause, and job `{{job}}` {{activity}}{{more}}; {{gate}}',
    },
    owasp: ['CICD-SEC-4'],
    phase: 'foundations',
    related: { zizmor: ['dangerous-triggers'], poutine: ['untrusted_checkout_exec'], octoscan: ['dangerous-checkout'] },
  },
  create(context) {
    const resolver = new PrRefResolver(context.project);
    const wanted = new Set((context.options.triggers as string[] | undefined) ?? DEFAULT_TRIGGERS);
    return {
      pipeline(pipeline) {
        if (pipeline.kind !== 'workflow') return;
        for (const trigger of pipeline.triggers) {
          if (!wanted.has(trigger.name)) continue;
          const effective = effectiveTrigger(trigger, context.project);
          if (!effective || effective.minTrust > Trust.Contributor) continue;
          const exposed: { job: Job; activity: Activity; privileges: string[]; severity: Severity }[] = [];
          for (const job of pipeline.jobs) {
            if (!job.triggers.includes(trigger)) continue;
            if (job.gates.some((g) => !g.spoofable && MITIGATING.has(g.kind))) continue;
            const privileges = holdings(job, pipeline);
            if (privileges.length === 0) continue;
            const activity = jobActivity(job, pipeline, trigger, context.project, resolver);
            if (!activity) continue;
            const exposure = exposureOf(job, pipeline, context.project, [effective]);
            exposure.gates.push(...scriptGates(job, pipeline));
            const onlyDefaultToken = privileges.every((p) => p === 'default GITHUB_TOKEN permissions');
            const severity = scaledSeverity(exposure, onlyDefaultToken ? 'medium' : 'high');
            exposed.push({ job, activity, privileges, severity });
          }
          const first = exposed[0];
          if (!first) continue;
          const severity = exposed.map((e) => e.severity).reduce(maxSeverity);
          const worst = exposed.find((e) => e.severity === severity) ?? first;
          const others = exposed.length - 1;
          const exposure = exposureOf(worst.job, pipeline, context.project, [effective]);
          const related: NotedTarget[] = exposed.map((e) => ({
            at: e.activity.at,
            note: `job ${e.job.id} ${e.activity.note} (holds ${e.privileges.join(', ')})`,
          }));
          context.report({
            messageId: 'trigger',
            data: {
              trigger: trigger.name,
              privileges: worst.privileges.join(', '),
              who: TRUST_NAMES[effective.minTrust],
              job: worst.job.id,
              activity: worst.activity.note,
              more: others > 0 ? ` (and ${others} more job${others > 1 ? 's' : ''})` : '',
              gate: gateNote(exposure.gates.concat(scriptGates(worst.job, pipeline))),
            },
            at: trigger.origin,
            severity,
            related,
            flow: workflowRunChain(trigger, context.project).map((l) => ({ at: l.origin, note: l.note })),
            trust: trustContext(exposure),
            tip: `Do pull request work in a \`pull_request\` workflow (no secrets, read-only token). Keep \`${trigger.name}\` jobs away from pull request code and text, give them only the permissions they use, and gate the rest on the author (head.repo.full_name == github.repository, author_association) or an environment with reviewers.`,
          });
        }
      },
    };
  },
});
