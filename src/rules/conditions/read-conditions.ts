/**
 * Shared reading of `if:` conditions for the condition rules: every condition of a pipeline with
 * its job and step, the expression it evaluates with exact file origins for each AST node, and a
 * walk that knows whether a sub-expression grants (positive), denies (negative) or neither.
 *
 * GitHub evaluates an `if:` without `${{` as an expression; a value that is exactly one
 * `${{ ... }}` as the expression inside it; anything else (text or whitespace around `${{ }}`,
 * several `${{ }}`, the trailing newline a `|` or `>` block keeps) as a string template whose
 * result is a non-empty string, which is truthy.
 */
import { findGithubInterpolations, type Expr, parseGithubExpression } from '../../analysis/expressions/github-expr.js';
import type { Job, Origin, Pipeline, Step, Template } from '../../model/types.js';
import { asScalar } from '../../yaml/nodes.js';
import { ScalarOffsetMap } from '../../yaml/scalar-map.js';

export interface ConditionSite {
  template: Template;
  pipeline: Pipeline;
  job: Job;
  step?: Step;
}

/** Job and step conditions of a pipeline, in file order. */
export function conditionsOf(pipeline: Pipeline): ConditionSite[] {
  const out: ConditionSite[] = [];
  for (const job of pipeline.jobs) {
    if (job.condition) out.push({ template: job.condition, pipeline, job });
    for (const step of job.steps) if (step.condition) out.push({ template: step.condition, pipeline, job, step });
  }
  return out;
}

/** `job 'build'` or `step 'Deploy'` (name, id or position), for messages. */
export function describeSite(site: { job: Job; step?: Step }): string {
  if (!site.step) return `job '${site.job.name ?? site.job.id}'`;
  return `step '${site.step.name ?? site.step.id ?? `#${site.step.index + 1}`}' of job '${site.job.id}'`;
}

export type ConditionShape =
  /** No `${{`: the whole value is the expression. */
  | 'bare'
  /** Exactly one `${{ }}` spanning the whole value. */
  | 'wrapped'
  /** `${{ }}` with other text, whitespace or several of them: a string, always true. */
  | 'string'
  /** A YAML boolean or number, not an expression. */
  | 'literal';

export interface ParsedCondition {
  shape: ConditionShape;
  /** The evaluated expression (for 'bare' and 'wrapped' when it parses). */
  ast?: Expr;
  /** File origin of an AST node (offsets relative to the expression text). */
  at(node: { start: number; end: number }): Origin;
}

export function parseCondition(template: Template): ParsedCondition {
  const scalar = asScalar(template.node);
  const file = template.origin.file;
  const value = template.value;
  const map = scalar && typeof scalar.value === 'string' ? ScalarOffsetMap.of(file.text, scalar, value) : undefined;
  const originAt =
    (base: number) =>
    (node: { start: number; end: number }): Origin => {
      if (!map) return template.origin;
      const start = map.toSource(base + node.start);
      const end = map.toSource(base + node.end);
      return { file, span: { start, end: Math.max(start, end) } };
    };
  if (!scalar || typeof scalar.value !== 'string') return { shape: 'literal', at: () => template.origin };
  const spans = findGithubInterpolations(value);
  if (spans.length === 0) {
    return { shape: 'bare', ast: parseGithubExpression(value).ast, at: originAt(0) };
  }
  const only = spans[0];
  if (spans.length === 1 && only && !only.unclosed && only.start === 0 && only.end === value.length) {
    return { shape: 'wrapped', ast: parseGithubExpression(only.text).ast, at: originAt(only.innerStart) };
  }
  return { shape: 'string', at: () => template.origin };
}

/** +1 the sub-expression being true lets the job or step run; -1 it stops it; 0 neither is known. */
export type Polarity = 1 | -1 | 0;

export interface WalkContext {
  polarity: Polarity;
  /** The node is the whole condition or one of its top-level `&&` conjuncts. */
  conjunct: boolean;
}

function booleanLiteral(e: Expr): boolean | undefined {
  return e.type === 'literal' && typeof e.value === 'boolean' ? e.value : undefined;
}

/** Visits every node with its polarity; `visit` returning false skips the node's children. */
export function walkCondition(ast: Expr, visit: (node: Expr, context: WalkContext) => boolean | undefined): void {
  const go = (node: Expr, polarity: Polarity, conjunct: boolean): void => {
    if (visit(node, { polarity, conjunct }) === false) return;
    switch (node.type) {
      case 'unary':
        go(node.operand, (-polarity as Polarity) || 0, false);
        return;
      case 'binary': {
        if (node.op === '&&' || node.op === '||') {
          go(node.left, polarity, conjunct && node.op === '&&');
          go(node.right, polarity, conjunct && node.op === '&&');
          return;
        }
        const lit = booleanLiteral(node.right) ?? booleanLiteral(node.left);
        const other = booleanLiteral(node.right) !== undefined ? node.left : node.right;
        if (lit !== undefined && (node.op === '==' || node.op === '!=')) {
          const keeps = (node.op === '==') === lit;
          go(other, keeps ? polarity : (-polarity as Polarity) || 0, false);
          return;
        }
        go(node.left, 0, false);
        go(node.right, 0, false);
        return;
      }
      case 'call':
        for (const arg of node.args) go(arg, 0, false);
        return;
      case 'property':
      case 'star':
        go(node.object, 0, false);
        return;
      case 'index':
        go(node.object, 0, false);
        go(node.index, 0, false);
        return;
      default:
        return;
    }
  };
  go(ast, 1, true);
}

/** The top-level `&&` conjuncts of an expression. */
export function conjunctsOf(ast: Expr): Expr[] {
  if (ast.type === 'binary' && ast.op === '&&') return [...conjunctsOf(ast.left), ...conjunctsOf(ast.right)];
  return [ast];
}

/** The source text of a node, whitespace collapsed, for messages. */
export function sourceText(origin: Origin, max = 120): string {
  const text = origin.file.text.slice(origin.span.start, origin.span.end).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
