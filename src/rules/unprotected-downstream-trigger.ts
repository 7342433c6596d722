/**
 * unprotected-downstream-trigger: a GitLab multi-project trigger (`trigger: project:`) that
 * unprotected branches, tags or merge requests reach (GL-DS-02). The downstream pipeline runs in
 * another project as the user who started this one, with the variables the trigger job passes
 * (its `variables:`, and pipeline variables when forwarded) at the precedence of pipeline
 * variables there. If the job works on those refs, the downstream project accepts pipelines
 * started from code and configuration any developer writes; a fork merge request a member runs in
 * the parent project starts it as that member, with the fork's configuration. Medium when forks
 * reach it, low otherwise, one step lower behind `when: manual` (never below low).
 * Ignores: child pipelines (`trigger: include:`, the same project), trigger jobs that start a
 * production or staging environment (unprotected-deployment reports them), jobs only protected
 * refs run, and jobs whose rules come from a template of an include not read offline.
 * What the downstream pipeline does, and who may run pipelines there, are project settings not
 * known offline. Semantics: https://docs.gitlab.com/ci/pipelines/downstream_pipelines/,
 * https://docs.gitlab.com/ci/pipelines/merge_request_pipelines/#run-pipelines-in-the-parent-project
 * Data: rules/data/gitlab-refs.ts.
 */
import { exposureOf, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import type { Job } from '../model/types.js';
import { unprotectedReach } from './data/gitlab-refs.js';
import { defineRule, type NotedTarget } from './define-rule.js';

/** Trigger jobs that start such an environment are unprotected-deployment's. */
function deploysEnvironment(job: Job): boolean {
  const tier = job.gitlab?.environmentTier;
  return (
    job.environment !== undefined && (tier === 'production' || tier === 'staging') && (job.gitlab?.environmentAction ?? 'start') === 'start'
  );
}

export default defineRule({
  meta: {
    id: 'unprotected-downstream-trigger',
    summary: 'GitLab multi-project trigger that unprotected refs or merge requests reach',
    description:
      'A trigger: project: job that runs for unprotected branches, tags or merge requests starts a pipeline in another project as whoever started this one, with the variables the job passes, so that project takes pipelines from code any developer (or, through a fork merge request run in the parent project, an outsider) writes.',
    category: 'trust',
    platforms: ['gitlab'],
    severity: 'medium',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      downstream:
        'Job `{{job}}` starts a pipeline of project {{project}} ({{branch}}) and can run for {{refs}}: it runs there as whoever starts this pipeline{{forks}}{{passes}}',
    },
    owasp: ['CICD-SEC-1', 'CICD-SEC-5'],
    phase: 'foundations',
    related: {},
  },
  create(context) {
    return {
      job(job, pipeline) {
        const trigger = job.gitlab?.trigger;
        if (pipeline.platform !== 'gitlab' || !trigger?.project || deploysEnvironment(job)) return;
        // Rules inherited from a template of an include not read offline are unknown.
        if (job.gitlab?.unresolvedExtends && !job.gitlab.conditions) return;
        const reach = unprotectedReach(job.triggers);
        if (reach.refs.length === 0) return;
        const gated = job.gates.some((g) => g.kind === 'manual' && !g.spoofable);
        let severity: Severity = reach.fromForks ? 'medium' : 'low';
        if (gated) severity = 'low';
        const passed = job.env.filter((v) => v.level === 'job');
        const names = passed.map((v) => v.name);
        const passes = [
          ...(names.length ? [`${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`] : []),
          ...(trigger.forwardPipelineVariables ? ["this pipeline's pipeline variables"] : []),
        ];
        const related: NotedTarget[] = [
          ...(job.gitlab?.conditions ? [{ at: job.gitlab.conditions, note: 'the rules that let the job run there' }] : []),
          ...passed.slice(0, 3).map((v) => ({ at: v.origin, note: `passed to the downstream pipeline as pipeline variable ${v.name}` })),
          ...(trigger.forwardAt ? [{ at: trigger.forwardAt, note: "forwards this pipeline's pipeline variables" }] : []),
        ];
        context.report({
          messageId: 'downstream',
          data: {
            job: job.id,
            project: trigger.project,
            branch: trigger.branch ? `branch ${trigger.branch}` : 'its default branch',
            refs: reach.refs.join(', '),
            forks: reach.fromForks
              ? " (for a fork merge request a member runs in the parent project: that member, with the fork author's configuration)"
              : '',
            passes: passes.length ? `, with the variables this job passes (${passes.join('; ')})` : '',
          },
          at: trigger.projectAt,
          severity,
          related,
          trust: trustContext(exposureOf(job, pipeline, context.project)),
          tip: 'Trigger other projects only from protected refs (rules: - if: $CI_COMMIT_REF_PROTECTED == "true"); let merge request pipelines start a child pipeline (trigger: include:) or a downstream pipeline that does not deploy; in the downstream project, protect the branch it runs and restrict who may set pipeline variables.',
        });
      },
    };
  },
});
