/**
 * unredacted-secret: a secret decoded with `fromJSON()` whose result is used as text, such as
 * `fromJSON(secrets.DEPLOY).password`, `fromJSON(secrets.CONFIG)['token']` or a bare
 * `fromJSON(secrets.TOKEN)`. The runner masks each secret's exact text in logs; a field taken out
 * of a JSON secret, or the decoded value (without its quotes, re-serialised), is a different string
 * and is printed in clear wherever a step logs it.
 * Ignores: decoded values only compared or tested (`fromJSON(secrets.FLAGS).beta == true` yields a
 * boolean; `if:` conditions are never printed), and `fromJSON()` of anything but a secret.
 * Data: none; the expression AST is the model's (interpolation.ast).
 */
import { contextPath, type Expr } from '../analysis/expressions/github-expr.js';
import { exposureOf, trustContext } from '../analysis/trust/exposure.js';
import type { Origin } from '../model/types.js';
import { defineRule } from './define-rule.js';

interface Use {
  kind: 'field' | 'whole';
  node: Expr;
  secret: string;
}

/** The secret a `fromJSON(secrets.X)` call decodes, if the node is one. */
function decodedSecret(node: Expr): string | undefined {
  if (node.type !== 'call' || node.name.toLowerCase() !== 'fromjson' || node.args.length !== 1) return undefined;
  const path = contextPath(node.args[0] as Expr);
  if (!path || !/^secrets(\.|\[)/.test(path)) return undefined;
  const arg = node.args[0] as Expr;
  if (arg.type === 'property') return arg.name.toUpperCase();
  if (arg.type === 'index' && arg.index.type === 'literal') return String(arg.index.value).toUpperCase();
  return path;
}

/** Base of a property/index/star chain. */
function chainBase(node: Expr): Expr {
  let current = node;
  while (current.type === 'property' || current.type === 'index' || current.type === 'star') current = current.object;
  return current;
}

/** Decoded secrets whose value reaches the expression's output as text (mirrors contextReads' flow rules). */
function decodedUses(ast: Expr): Use[] {
  const uses: Use[] = [];
  const visit = (node: Expr, flows: boolean): void => {
    switch (node.type) {
      case 'literal':
      case 'context':
        return;
      case 'property':
      case 'index':
      case 'star': {
        const base = chainBase(node);
        const secret = decodedSecret(base);
        if (secret) {
          if (flows) uses.push({ kind: 'field', node, secret });
          for (let cur: Expr = node; cur !== base; cur = (cur as { object: Expr }).object) {
            if (cur.type === 'index') visit(cur.index, false);
          }
          return;
        }
        visit(node.object, flows);
        if (node.type === 'index') visit(node.index, false);
        return;
      }
      case 'call': {
        const secret = decodedSecret(node);
        if (secret) {
          if (flows) uses.push({ kind: 'whole', node, secret });
          return;
        }
        const name = node.name.toLowerCase();
        if (name === 'format' || name === 'join' || name === 'tojson' || name === 'fromjson') {
          for (const arg of node.args) visit(arg, flows);
        } else if (name === 'case') {
          const last = node.args.length - 1;
          node.args.forEach((arg, i) => {
            visit(arg, flows && (i % 2 === 1 || i === last));
          });
        } else {
          for (const arg of node.args) visit(arg, false);
        }
        return;
      }
      case 'unary':
        visit(node.operand, false);
        return;
      case 'binary':
        // `a && b` yields `a` only when it is falsy (no secret text left); `a || b` yields either.
        visit(node.left, flows && node.op === '||');
        visit(node.right, flows && (node.op === '&&' || node.op === '||'));
        return;
    }
  };
  visit(ast, true);
  return uses;
}

export default defineRule({
  meta: {
    id: 'unredacted-secret',
    summary: 'Value decoded from a JSON secret with fromJSON() is not masked in logs',
    description:
      'The runner masks the exact text of each secret. A field of a JSON secret (`fromJSON(secrets.X).password`) or its decoded value is a different string, so it appears in clear in any log line that prints it.',
    category: 'secrets',
    platforms: ['github'],
    severity: 'medium',
    confidence: 'high',
    stability: 'stable',
    fix: 'none',
    network: false,
    messages: {
      field:
        "`{{expression}}` takes a field out of secret {{secret}} decoded as JSON: only the secret's whole text is masked, so this value is printed in clear wherever a step logs it (for anyone who can read the run's logs)",
      whole:
        '`{{expression}}` decodes secret {{secret}} as JSON: the decoded value (without quotes, or re-serialised) is not the masked text, so it is printed in clear wherever a step logs it',
    },
    owasp: ['CICD-SEC-6'],
    phase: 'foundations',
    related: { zizmor: ['unredacted-secrets'], codeql: ['actions/unmasked-secret-exposure'] },
  },
  create(context) {
    return {
      interpolation(interpolation, template, scope) {
        if (!interpolation.ast || !interpolation.secrets.some((s) => !s.dynamic)) return;
        // An `if:` is only tested for truth, its value is never printed.
        if (template === scope.job.condition || template === scope.step?.condition) return;
        const base = interpolation.origin.span.start + 3; // just past `${{`
        for (const use of decodedUses(interpolation.ast as Expr)) {
          const at: Origin = { file: interpolation.origin.file, span: { start: base + use.node.start, end: base + use.node.end } };
          const exposure = exposureOf(scope.job, scope.pipeline, context.project);
          context.report({
            messageId: use.kind === 'field' ? 'field' : 'whole',
            data: { expression: interpolation.origin.file.text.slice(at.span.start, at.span.end), secret: use.secret },
            at,
            confidence: use.kind === 'field' ? 'high' : 'medium',
            trust: trustContext(exposure),
            tip: 'Store each value the job needs as its own secret (secrets.DB_PASSWORD), or register the decoded value with `echo "::add-mask::$VALUE"` before anything can print it.',
          });
        }
      },
    };
  },
});
