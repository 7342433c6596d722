/**
 * forwarded-pipeline-variables: a GitLab trigger job with `forward: pipeline_variables: true`.
 * Pipeline variables are the ones whoever starts the pipeline sets (the Run pipeline form, the
 * pipelines and trigger APIs, schedules, `git push -o ci.variable=...`); forwarding them hands
 * them to the downstream pipeline with the highest precedence there, so the caller can override
 * any variable the downstream project's jobs rely on (an image, a deploy target, a script
 * switch). Worse when the downstream is another project, whose maintainers did not write this
 * configuration. Severity follows who can start the trigger job.
 * Ignores: `forward: yaml_variables` (values written in this file) and triggers without forwarding.
 * Data: https://docs.gitlab.com/ci/yaml/#triggerforward, variable precedence:
 * https://docs.gitlab.com/ci/variables/#cicd-variable-precedence
 */
import { exposureOf, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import { Trust } from '../model/types.js';
import { defineRule } from './define-rule.js';

export default defineRule({
  meta: {
    id: 'forwarded-pipeline-variables',
    summary: 'GitLab trigger job forwarding pipeline variables downstream',
    description:
      'forward: pipeline_variables: true passes the variables whoever started the pipeline chose (run form, API, trigger token, schedule, push options) to the downstream pipeline, where they override the variables its jobs are written with.',
    category: 'trust',
    platforms: ['gitlab'],
    severity: 'medium',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      forwarded:
        'job `{{job}}` forwards the pipeline variables of whoever starts this pipeline to {{downstream}}, where they take precedence over the variables its jobs are written with{{reach}}',
    },
    owasp: ['CICD-SEC-1', 'CICD-SEC-4'],
    phase: 'foundations',
    related: {},
  },
  create(context) {
    return {
      job(job, pipeline) {
        const trigger = job.gitlab?.trigger;
        if (!trigger?.forwardAt || job.triggers.length === 0) return;
        const exposure = exposureOf(job, pipeline, context.project);
        const isOtherProject = trigger.project !== undefined;
        const lowTrust = exposure.minTrust !== undefined && exposure.minTrust <= Trust.Writer;
        const severity: Severity = isOtherProject && lowTrust ? 'medium' : 'low';
        context.report({
          messageId: 'forwarded',
          data: {
            job: job.id,
            downstream: isOtherProject ? `the pipeline of project ${trigger.project}` : 'the child pipeline',
            reach: lowTrust ? '; developers can start this job on unprotected refs' : '',
          },
          at: trigger.forwardAt,
          severity,
          trust: trustContext(exposure),
          tip: 'Forward only what the downstream pipeline needs as YAML variables (forward: { yaml_variables: true, pipeline_variables: false }) or trigger:inputs with options; restrict who may set pipeline variables (Settings > CI/CD > Variables > Minimum role to use pipeline variables).',
        });
      },
    };
  },
});
