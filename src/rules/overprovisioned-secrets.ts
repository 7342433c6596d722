/**
 * overprovisioned-secrets: expressions that read the whole `secrets` context, `toJSON(secrets)`
 * or `secrets[<computed name>]` (as in `secrets[matrix.key]` or `secrets[format('{0}_TOKEN',
 * inputs.env)]`). GitHub sends a job only the secrets its expressions name; these forms make the
 * runner receive every secret of the repository, its organisation and environment, so whatever
 * compromises the job (an injected command, a malicious dependency) takes all of them.
 * Ignores: `secrets.NAME`, `secrets['NAME']` with a literal name, and `toJSON(secrets.NAME)`,
 * which each read one secret.
 * Data: the model's secret references (SecretRef.dynamic, set by platforms/github/templates.ts).
 */
import type { Expr } from '../analysis/expressions/github-expr.js';
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import { type Origin, type SecretRef, TRUST_NAMES } from '../model/types.js';
import { defineRule } from './define-rule.js';
import { jobKeyOrigin } from './locate/job-origin.js';

type Form = 'wholeContext' | 'computedName';

function isSecretsContext(node: Expr): boolean {
  return node.type === 'context' && node.name.toLowerCase() === 'secrets';
}

/** How the expression reads all secrets: the bare context (toJSON, format...) or a computed index. */
function formOf(ast: Expr | undefined): Form | undefined {
  if (!ast) return undefined;
  let found: Form | undefined;
  const visit = (node: Expr, parent: Expr | undefined): void => {
    if (found) return;
    if (isSecretsContext(node)) {
      if (parent?.type === 'property') return;
      if (parent?.type === 'index' && parent.index.type === 'literal' && typeof parent.index.value === 'string') return;
      found = parent?.type === 'index' && parent.object === node ? 'computedName' : 'wholeContext';
      return;
    }
    switch (node.type) {
      case 'property':
      case 'star':
        visit(node.object, node);
        return;
      case 'index':
        visit(node.object, node);
        visit(node.index, node);
        return;
      case 'call':
        for (const arg of node.args) visit(arg, node);
        return;
      case 'unary':
        visit(node.operand, node);
        return;
      case 'binary':
        visit(node.left, node);
        visit(node.right, node);
        return;
      default:
        return;
    }
  };
  visit(ast, undefined);
  return found;
}

export default defineRule({
  meta: {
    id: 'overprovisioned-secrets',
    summary: 'Expression reads the whole secrets context, giving the job every secret',
    description:
      'GitHub passes a job only the secrets it names. `toJSON(secrets)` and `secrets[<computed name>]` name all of them, so the runner receives every repository, organisation and environment secret.',
    category: 'secrets',
    platforms: ['github'],
    severity: 'high',
    confidence: 'high',
    stability: 'stable',
    fix: 'none',
    network: false,
    messages: {
      wholeContext:
        "`${{ {{expression}} }}` reads the whole `secrets` context: job '{{job}}' (reached by {{actor}}) receives every secret, and any code that runs in it can take all of them",
      computedName:
        "`${{ {{expression}} }}` selects a secret by a computed name, so GitHub sends job '{{job}}' (reached by {{actor}}) every secret; any code that runs in it can take all of them",
    },
    owasp: ['CICD-SEC-6'],
    phase: 'foundations',
    related: { zizmor: ['overprovisioned-secrets'], poutine: ['job_all_secrets'], codeql: ['actions/excessive-secrets-exposure'] },
  },
  create(context) {
    return {
      interpolation(interpolation, _template, scope) {
        const dynamic: SecretRef | undefined = interpolation.secrets.find((s) => s.dynamic);
        if (!dynamic) return;
        const form: Form = formOf(interpolation.ast as Expr | undefined) ?? 'wholeContext';
        const exposure = exposureOf(scope.job, scope.pipeline, context.project);
        // Every secret is exposed to whatever runs in the job, whoever triggered it: never below low.
        let severity: Severity = scaledSeverity(exposure, 'high');
        if (SEVERITIES.indexOf(severity) < SEVERITIES.indexOf('low')) severity = 'low';
        const at: Origin = interpolation.origin;
        context.report({
          messageId: form === 'computedName' ? 'computedName' : 'wholeContext',
          data: {
            expression: interpolation.text.trim(),
            job: scope.job.id,
            actor: exposure.minTrust === undefined ? 'whoever calls it' : TRUST_NAMES[exposure.minTrust],
          },
          at,
          severity,
          related: [
            { at: dynamic.origin, note: 'reads every secret' },
            ...(scope.pipeline.kind === 'workflow'
              ? [{ at: jobKeyOrigin(scope.job, scope.pipeline), note: 'this job receives every secret' }]
              : []),
          ],
          trust: trustContext(exposure),
          tip:
            form === 'computedName'
              ? 'Name each secret the job may need (secrets.PROD_TOKEN, secrets.STAGING_TOKEN) and choose between them with a condition or per-environment secrets.'
              : 'Pass only the secrets the step needs, each by name: env: { API_TOKEN: ${{ secrets.API_TOKEN }} }.',
        });
      },
    };
  },
});
