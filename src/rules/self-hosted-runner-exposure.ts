/**
 * self-hosted-runner-exposure: a job on a self-hosted runner (the `self-hosted` label, or labels
 * and runner groups that are neither GitHub-hosted nor a known managed provider, at lower
 * confidence) that a trigger an outsider can start reaches: `pull_request` from forks (whose
 * workflow file the pull request itself controls), `pull_request_target`, `issue_comment`,
 * `issues`, `workflow_run` of such a workflow... Critical when the job runs pull request code
 * (a `pull_request` run, or an untrusted checkout) and the runner is not marked ephemeral; high
 * otherwise; gates lower it, except under `pull_request`, where the pull request's own copy of the
 * workflow runs and its author can drop any `if:`. Reported at `runs-on`.
 * Ignores: GitHub-hosted labels, managed ephemeral providers (Blacksmith, BuildJet, Ubicloud...),
 * `runs-on` expressions it cannot resolve (only `${{ matrix.x }}` is resolved), and jobs only
 * writers can start (push, workflow_dispatch, schedule).
 * Data: rules/data/runners.ts (hosted labels and managed providers, with sources).
 */
import { exposureOf, reachingTriggers, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import { effectiveTriggers } from '../analysis/trust/workflow-run.js';
import type { Job, Pipeline } from '../model/types.js';
import { Trust, TRUST_NAMES } from '../model/types.js';
import { defineRule, type NotedTarget } from './define-rule.js';
import { PrRefResolver, sourceTriggers, untrustedCheckouts } from './data/pr-checkout.js';
import { resolveRunner } from './data/runners.js';
import { scriptGates } from './data/script-gates.js';

export default defineRule({
  meta: {
    id: 'self-hosted-runner-exposure',
    summary: 'Self-hosted runner reachable from triggers an outsider can start',
    description:
      'A job on a self-hosted runner can be started by anyone through a pull request, a comment or another public event: code from outside then runs on your machine, inside your network, and on a reused runner it can persist between jobs.',
    category: 'runner',
    platforms: ['github'],
    severity: 'critical',
    confidence: 'high',
    stability: 'stable',
    fix: 'none',
    network: false,
    messages: {
      selfHosted: 'Job `{{job}}` runs on a self-hosted runner ({{labels}}) that {{who}} can start through `{{triggers}}`: {{consequence}}',
      possiblySelfHosted:
        'Job `{{job}}` runs on `{{labels}}`, which is not a GitHub-hosted runner (most likely self-hosted), and {{who}} can start it through `{{triggers}}`: {{consequence}}',
    },
    owasp: ['CICD-SEC-7'],
    phase: 'foundations',
    related: {
      zizmor: ['self-hosted-runner'],
      poutine: ['pr_runs_on_self_hosted'],
      codeql: ['actions/pr-on-self-hosted-runner'],
      octoscan: ['runner-label'],
    },
  },
  create(context) {
    const resolver = new PrRefResolver(context.project);
    return {
      job(job: Job, pipeline: Pipeline) {
        if (pipeline.kind !== 'workflow' || job.uses) return;
        const runner = resolveRunner(job);
        if (runner.kind !== 'self-hosted' && runner.kind !== 'non-standard') return;
        if (!runner.origin) return;
        const outsiders = effectiveTriggers(reachingTriggers(job, pipeline, context.project), context.project).filter(
          (t) => t.minTrust <= Trust.Contributor,
        );
        if (outsiders.length === 0) return;
        // A fork pull request brings its own workflow file; a privileged trigger runs pull request code through a checkout.
        const ownWorkflow = outsiders.filter((t) => t.definitionSource === 'triggering-ref');
        const checkout = untrustedCheckouts(job, pipeline, resolver).find((c) => {
          const names = sourceTriggers(c.sources);
          return outsiders.some((t) => t.privileged && (!names || names.has(t.name)));
        });
        const runsPrCode = ownWorkflow.length > 0 || checkout !== undefined;
        const exposure = exposureOf(job, pipeline, context.project, outsiders);
        // The runner itself is the privilege, whether or not the trigger brings secrets.
        exposure.privilegedAtLowTrust = true;
        // The pull request's own copy of the workflow runs, so its `if:`, `types:` and `environment:` are the author's to change.
        if (ownWorkflow.length) exposure.gates = [];
        else exposure.gates.push(...scriptGates(job, pipeline));
        // Non-standard labels may be GitHub's larger runners (named by the organisation): one step lower.
        const certain = runner.kind === 'self-hosted';
        const max = runsPrCode && !runner.ephemeral ? (certain ? 'critical' : 'high') : certain ? 'high' : 'medium';
        const severity = scaledSeverity(exposure, max);
        let consequence: string;
        if (ownWorkflow.length) {
          consequence = 'a pull request from a fork can change this workflow and run any command on the machine';
        } else if (checkout) {
          consequence = `the job checks out pull request code (${checkout.what}), so its author's code runs on the machine`;
        } else {
          consequence =
            'any code execution flaw in the job (an injected expression, a tool run on contributed files) lands on your infrastructure instead of a throwaway VM';
        }
        if (!runner.ephemeral)
          consequence += '; unless the runner is ephemeral, what it leaves behind (processes, caches, credentials) reaches later jobs';
        const related: NotedTarget[] = [];
        for (const trigger of outsiders)
          related.push({ at: trigger.origin, note: `${trigger.name} can be caused by ${TRUST_NAMES[trigger.minTrust]}` });
        if (checkout) related.push({ at: checkout.at, note: `checks out pull request code (${checkout.what})` });
        const labels = runner.labels.filter((l) => !l.startsWith('group:'));
        const group = runner.labels.find((l) => l.startsWith('group:'));
        const shown = [...labels, ...(group ? [`runner group ${group.slice(6)}`] : [])].join(', ');
        context.report({
          messageId: runner.kind === 'self-hosted' ? 'selfHosted' : 'possiblySelfHosted',
          data: {
            job: job.id,
            labels: shown,
            who: TRUST_NAMES[Math.min(...outsiders.map((t) => t.minTrust)) as Trust],
            triggers: [...new Set(outsiders.map((t) => t.name))].join('`, `'),
            consequence,
          },
          at: runner.origin,
          severity,
          confidence: certain ? 'high' : runner.groupOnly || runner.labels.some((l) => /github|hosted/i.test(l)) ? 'low' : 'medium',
          related,
          trust: trustContext(exposure),
          tip: 'Run outsider-triggered jobs on GitHub-hosted runners; keep self-hosted runners for trusted events (push, workflow_dispatch), make them ephemeral (--ephemeral, or an autoscaler that uses a fresh VM per job), and restrict their runner group to the repositories and workflows that need them.',
        });
      },
    };
  },
});
