/**
 * legacy-job-jwt: GitLab's `CI_JOB_JWT`, `CI_JOB_JWT_V1` and `CI_JOB_JWT_V2` read in a script or
 * a `variables:` value. These tokens were minted for every job with one fixed audience, so any
 * service that accepted one accepted the token of every job of the instance for it; GitLab
 * deprecated them in 15.9 and removed them in 17.0 in favour of `id_tokens:`, where each job asks
 * for a token with the audience of the one service it calls.
 * Ignores: names that merely start the same way (`CI_JOB_JWT_FILE` is not GitLab's), and
 * comments.
 * Data: GitLab deprecations, "Old versions of JSON web tokens are deprecated" (15.9, removal in
 * 17.0): https://docs.gitlab.com/update/deprecations/#old-versions-of-json-web-tokens-are-deprecated;
 * ID tokens: https://docs.gitlab.com/ci/secrets/id_token_authentication/
 */
import { exposureOf, trustContext } from '../analysis/trust/exposure.js';
import type { Origin, Template } from '../model/types.js';
import { asScalar } from '../yaml/nodes.js';
import { ScalarOffsetMap } from '../yaml/scalar-map.js';
import { defineRule } from './define-rule.js';

const LEGACY = /\$(?:\{(CI_JOB_JWT(?:_V1|_V2)?)\}|(CI_JOB_JWT(?:_V1|_V2)?)(?![A-Za-z0-9_]))/g;

/** Each legacy token name in a template, with its place in the file. */
function legacyUses(template: Template | undefined): { name: string; at: Origin }[] {
  const node = asScalar(template?.node);
  if (!template || !node || !template.value.includes('CI_JOB_JWT')) return [];
  const map = ScalarOffsetMap.of(template.origin.file.text, node, template.value);
  const out: { name: string; at: Origin }[] = [];
  for (const match of template.value.matchAll(LEGACY)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    out.push({
      name: (match[1] ?? match[2]) as string,
      at: { file: template.origin.file, span: { start: map.toSource(start), end: map.toSource(end) } },
    });
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'legacy-job-jwt',
    summary: 'Removed GitLab CI_JOB_JWT tokens instead of id_tokens',
    description:
      'CI_JOB_JWT, CI_JOB_JWT_V1 and CI_JOB_JWT_V2 were issued to every job with a fixed audience and were removed in GitLab 17.0: on current GitLab the variable is empty (the login breaks), and where it still exists any service that trusts it trusts every job. id_tokens: gives each job a token for one audience.',
    category: 'identity',
    platforms: ['gitlab'],
    severity: 'medium',
    confidence: 'high',
    stability: 'stable',
    fix: 'none',
    network: false,
    messages: {
      legacy:
        '`${{name}}` is the job token GitLab removed in 17.0: it is empty on current GitLab, and where it still exists it carries one audience for every job, so the service that accepts it here accepts any job of the instance',
    },
    owasp: ['CICD-SEC-2'],
    phase: 'foundations',
    related: {},
  },
  create(context) {
    const seen = new Set<string>();
    return {
      job(job, pipeline) {
        const templates = [...job.steps.map((s) => s.script), ...job.env.map((v) => v.value), ...pipeline.env.map((v) => v.value)];
        for (const template of templates) {
          for (const use of legacyUses(template)) {
            // Pipeline variables are shared by every job: one finding where they are written.
            const key = `${use.at.file.path}:${use.at.span.start}`;
            if (seen.has(key)) continue;
            seen.add(key);
            context.report({
              messageId: 'legacy',
              data: { name: use.name },
              at: use.at,
              trust: trustContext(exposureOf(job, pipeline, context.project)),
              tip: 'Declare an ID token for the service and read it instead: id_tokens: { VAULT_ID_TOKEN: { aud: https://vault.example.com } } (and for secrets: with Vault, token: $VAULT_ID_TOKEN). Then bind the service to the claims it should accept (project_path, ref_protected).',
            });
          }
        }
      },
    };
  },
});
