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
 * On GitLab: a job that publishes or deploys (the same commands), or starts a production or
 * staging environment, and may run for unprotected branches, tags or merge requests. GitLab
 * environments are protected (or not) in project settings, so an `environment:` alone is no
 * gate offline; the rules that keep the job to protected refs are.
 * Data: platforms/github/data/publish-deploy.ts (publishing actions and commands, with sources), read by rules/data/publish-targets.ts;
 * rules/data/gitlab-refs.ts.
 */
import { exposureOf, reachingTriggers, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import { effectiveTriggers } from '../analysis/trust/workflow-run.js';
import type { Job, Origin, Pipeline, SecretRef } from '../model/types.js';
import { asMap, get } from '../yaml/nodes.js';
import { defineRule, type NotedTarget } from './define-rule.js';
import { unprotectedReach } from './data/gitlab-refs.js';
import { publishSites } from './data/publish-targets.js';
import type { Severity } from '../model/finding.js';

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
    platforms: ['github', 'gitlab'],
    severity: 'high',
    confidence: 'high',
    stability: 'stable',
    fix: 'none',
    network: false,
    messages: {
      unprotected:
        'Job `{{job}}` {{verbs}} with {{what}} ({{target}}) using {{credentials}} but declares no `environment:`; whoever can {{start}} can {{verb}} with them, and no reviewer or branch rule can stop it',
      gitlab:
        "Job `{{job}}` {{does}} and can run for {{refs}}: whoever can push a branch{{forks}} can {{verb}} with the project's deploy credentials, unless a protected environment or the rules keep it to protected refs",
    },
    owasp: ['CICD-SEC-1', 'CICD-SEC-6'],
    phase: 'integrity',
    related: { zizmor: ['secrets-outside-env'], scorecard: ['Token-Permissions'] },
  },
  create(context) {
    const reportGitlab = (job: Job, pipeline: Pipeline) => {
      // Rules inherited from a template of an include not read offline are unknown.
      if (job.gitlab?.unresolvedExtends && !job.gitlab.conditions) return;
      const sites = job.steps.flatMap((step) => publishSites(step, job));
      const tier = job.gitlab?.environmentTier;
      const isDeployEnvironment =
        job.environment && (tier === 'production' || tier === 'staging') && (job.gitlab?.environmentAction ?? 'start') === 'start';
      const first = sites[0];
      if (!first && !isDeployEnvironment) return;
      const reach = unprotectedReach(job.triggers);
      if (reach.refs.length === 0) return;
      const gated = job.gates.some((g) => g.kind === 'manual' && !g.spoofable);
      let severity: Severity = reach.fromForks ? 'high' : 'medium';
      if (gated) severity = severity === 'high' ? 'medium' : 'low';
      const publishes = first ? ['package registry', 'container registry', 'release', 'pages'].includes(first.target) : false;
      const related: NotedTarget[] = [
        ...(job.environment
          ? [
              {
                at: job.environment.origin,
                note: `environment ${job.environment.name} (${tier ?? 'other'} tier); protect it in the project settings`,
              },
            ]
          : []),
        ...(job.gitlab?.conditions ? [{ at: job.gitlab.conditions, note: 'the rules that let the job run there' }] : []),
        ...sites.slice(1, 4).map((s) => ({ at: s.at, note: `also ${s.what} (${s.target})` })),
      ];
      context.report({
        messageId: 'gitlab',
        data: {
          job: job.id,
          does: first
            ? `${publishes ? 'publishes' : 'deploys'} with ${first.what} (${first.target})`
            : `deploys to the ${tier} environment \`${job.environment?.name}\``,
          verb: publishes ? 'publish' : 'deploy',
          refs: reach.refs.join(', '),
          forks: reach.fromForks ? ', or an outsider through a fork merge request a member runs in the parent project,' : '',
        },
        at: first?.at ?? (job.environment as NonNullable<Job['environment']>).origin,
        severity,
        related,
        trust: trustContext(exposureOf(job, pipeline, context.project)),
        tip: 'Keep deploy jobs to protected refs (rules: - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH or $CI_COMMIT_REF_PROTECTED == "true"), protect the environment (Settings > CI/CD > Protected environments) with approvers, and make its variables protected and environment-scoped.',
      });
    };
    return {
      job(job: Job, pipeline: Pipeline) {
        if (pipeline.platform === 'gitlab') {
          reportGitlab(job, pipeline);
          return;
        }
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
