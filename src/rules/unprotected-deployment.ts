/**
 * unprotected-deployment: a job that publishes or deploys (a package, image or release upload, a
 * cloud, Kubernetes or infrastructure change) with secrets or OIDC (`id-token: write`) and no
 * `environment:`. An environment is where required reviewers, branch and tag rules and
 * environment-scoped secrets live; without one, anyone who can start the workflow can publish with
 * the job's credentials. Reported at the first publishing step, with the credentials and the job in
 * the related locations. High at most, scaled by who can start the job, never below low (usually
 * writers or maintainers start releases, and they are who an environment's reviewers check).
 * Ignores: jobs that only use GITHUB_TOKEN, dry runs, build-only steps (`push: false`), calls of
 * reusable workflows (the called job may declare the environment).
 * Data: platforms/github/data/publish-deploy.ts (publishing actions and commands, with sources), read by rules/data/publish-targets.ts.
 */
import { exposureOf, reachingTriggers, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import { effectiveTriggers } from '../analysis/trust/workflow-run.js';
import type { Job, Origin, Pipeline, SecretRef } from '../model/types.js';
import { asMap, get } from '../yaml/nodes.js';
import { defineRule, type NotedTarget } from './define-rule.js';
import { publishSites } from './data/publish-targets.js';

function credentialsOf(job: Job, pipeline: Pipeline): { label: string; at: Origin; note: string }[] {
  const out: { label: string; at: Origin; note: string }[] = [];
  const pipelineSecrets = pipeline.env.flatMap((v) => v.value?.interpolations.flatMap((i) => i.secrets) ?? []);
  const secrets: SecretRef[] = [...job.secrets, ...pipelineSecrets].filter((s) => s.name !== 'GITHUB_TOKEN');
  const seen = new Set<string>();
  for (const secret of secrets) {
    const label = secret.dynamic ? 'all repository secrets' : `secret ${secret.name}`;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({ label, at: secret.origin, note: `the job reads ${label}` });
  }
  if (job.identity.oidc) {
    const permissions = job.permissions ?? pipeline.permissions;
    const at = permissions?.scopes['id-token']?.origin ?? permissions?.origin ?? job.origin;
    out.push({ label: 'an OIDC token (id-token: write)', at, note: 'id-token: write lets the job mint cloud credentials' });
  }
  return out;
}

/** The job's key (`build:` under `jobs:`), for the related location. */
function jobKey(job: Job, pipeline: Pipeline): Origin {
  const jobs = asMap(get(pipeline.root, 'jobs'));
  const pair = jobs?.pairs.find((p) => p.value === job.node || p.keyText === job.id);
  return pair ? { file: pipeline.file, span: { start: pair.key.start, end: pair.key.end } } : job.origin;
}

export default defineRule({
  meta: {
    id: 'unprotected-deployment',
    summary: 'Publishing or deploying job with secrets or OIDC but no environment',
    description:
      'A job that publishes a package, image or release, or deploys, uses secrets or an OIDC token without an environment, so no required reviewer, branch or tag rule or environment-scoped secret stands between whoever starts the workflow and a release.',
    category: 'identity',
    platforms: ['github'],
    severity: 'high',
    confidence: 'high',
    stability: 'stable',
    fix: 'none',
    network: false,
    messages: {
      unprotected:
        'Job `{{job}}` {{verbs}} with {{what}} ({{target}}) using {{credentials}} but declares no `environment:`; whoever can {{start}} can {{verb}} with them, and no reviewer or branch rule can stop it',
    },
    owasp: ['CICD-SEC-1', 'CICD-SEC-6'],
    phase: 'integrity',
    related: { zizmor: ['secrets-outside-env'], scorecard: ['Token-Permissions'] },
  },
  create(context) {
    return {
      job(job: Job, pipeline: Pipeline) {
        if (pipeline.kind !== 'workflow' || job.uses || job.environment) return;
        const credentials = credentialsOf(job, pipeline);
        if (credentials.length === 0) return;
        const sites = job.steps.flatMap((step) => publishSites(step, job));
        const first = sites[0];
        if (!first) return;
        const triggers = effectiveTriggers(reachingTriggers(job, pipeline, context.project), context.project);
        if (triggers.length === 0) return;
        const exposure = exposureOf(job, pipeline, context.project, triggers);
        // Never below low: an environment is the control for exactly the trusted starters (writers,
        // maintainers, a stolen token of theirs) that trust scaling discounts.
        const scaled = scaledSeverity(exposure, 'high');
        const severity = scaled === 'info' ? 'low' : scaled;
        const related: NotedTarget[] = [
          { at: jobKey(job, pipeline), note: 'the job has no environment: (add one with required reviewers and deployment branch rules)' },
          ...credentials.slice(0, 4).map((c) => ({ at: c.at, note: c.note })),
          ...sites.slice(1).map((s) => ({ at: s.at, note: `also ${s.what} (${s.target})` })),
        ];
        const names = [...new Set(triggers.map((t) => t.name))];
        const publishes = ['package registry', 'container registry', 'release', 'pages'].includes(first.target);
        context.report({
          messageId: 'unprotected',
          data: {
            job: job.id,
            verb: publishes ? 'publish' : 'deploy',
            verbs: publishes ? 'publishes' : 'deploys',
            what: first.what,
            target: first.target,
            credentials:
              credentials
                .map((c) => c.label)
                .slice(0, 3)
                .join(', ') + (credentials.length > 3 ? ` and ${credentials.length - 3} more` : ''),
            start: `start it (\`${names.join('`, `')}\`)`,
          },
          at: first.at,
          severity,
          related,
          trust: trustContext(exposure),
          tip: 'Add `environment: <name>` to the job, configure the environment with required reviewers and a deployment branch or tag rule, and move the secrets into it (OIDC trust policies can then require the environment claim).',
        });
      },
    };
  },
});
