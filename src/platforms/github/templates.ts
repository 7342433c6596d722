/**
 * Turns GitHub scalars into templates: each `${{ }}` becomes an interpolation with its exact file
 * span, its parsed AST, the attacker-controlled contexts it reads (from data/contexts.ts) and the
 * links (env, step outputs, needs, inputs, matrix, secrets) taint may flow through.
 */
import { contextReads, type Expr, findGithubInterpolations, parseGithubExpression } from '../../analysis/expressions/github-expr.js';
import type { Interpolation, Origin, SecretRef, SinkKind, SourceFile, TaintLink, TaintSource, Template } from '../../model/types.js';
import { asScalar, type ScalarNode, type YamlNode } from '../../yaml/nodes.js';
import { ScalarOffsetMap } from '../../yaml/scalar-map.js';
import { isUntrustedObjectPrefix, matchUntrustedContext } from './data/contexts.js';

export interface ExpressionProblem {
  message: string;
  offset: number;
}

export class GithubTemplates {
  readonly problems: ExpressionProblem[] = [];
  private readonly maps = new WeakMap<ScalarNode, ScalarOffsetMap>();

  constructor(readonly file: SourceFile) {}

  origin(node: { start: number; end: number }): Origin {
    return { file: this.file, span: { start: node.start, end: node.end } };
  }

  offsetMap(node: ScalarNode, value: string): ScalarOffsetMap {
    let map = this.maps.get(node);
    if (!map) {
      map = new ScalarOffsetMap(this.file.text, node, value);
      this.maps.set(node, map);
    }
    return map;
  }

  /** A template for a scalar value; undefined for non-scalars and nulls. */
  template(node: YamlNode | undefined, sink: SinkKind): Template | undefined {
    const scalar = asScalar(node);
    if (!scalar || scalar.value === null) return undefined;
    const value = String(scalar.value);
    const interpolations: Interpolation[] = [];
    if (typeof scalar.value === 'string' && value.includes('${{')) {
      const map = this.offsetMap(scalar, value);
      for (const span of findGithubInterpolations(value)) {
        const start = map.toSource(span.start);
        const end = map.toSource(span.end);
        const origin: Origin = { file: this.file, span: { start, end: Math.max(end, start) } };
        interpolations.push(this.interpolation(span.text, origin, map.toSource(span.innerStart), sink));
      }
    }
    return { value, node: scalar, origin: this.origin(scalar), interpolations, sink };
  }

  private interpolation(text: string, origin: Origin, innerStart: number, sink: SinkKind): Interpolation {
    const parsed = parseGithubExpression(text);
    const sources: TaintSource[] = [];
    const links: TaintLink[] = [];
    const secrets: SecretRef[] = [];
    let flows = false;
    if (!parsed.ast) {
      this.problems.push({
        message: `invalid expression: ${parsed.error?.message ?? 'unparsable'}`,
        offset: innerStart + (parsed.error?.offset ?? 0),
      });
    } else {
      for (const read of contextReads(parsed.ast)) {
        const readOrigin: Origin = {
          file: this.file,
          span: { start: innerStart + read.node.start, end: innerStart + read.node.end },
        };
        collectSecrets(read.path, readOrigin, secrets);
        if (!read.flowsToOutput) continue;
        flows = true;
        const match = matchUntrustedContext(read.path);
        if (match) {
          sources.push({
            name: read.path,
            capability: match.capability,
            triggers: [...(match.entry.triggers ?? [])],
            origin: readOrigin,
          });
        } else if (isUntrustedObjectPrefix(read.path)) {
          sources.push({ name: read.path, capability: 'free-text', triggers: [], origin: readOrigin });
        }
        const link = linkOf(read.path, readOrigin);
        if (link) links.push(link);
      }
      detectDynamicSecrets(parsed.ast, innerStart, this.file, secrets);
    }
    return {
      text,
      origin,
      phase: sink === 'env' ? 'runtime-env' : 'before-shell',
      sources,
      links,
      secrets,
      isSafeOutput: parsed.ast !== undefined && !flows,
      ast: parsed.ast,
    };
  }
}

function linkOf(path: string, origin: Origin): TaintLink | undefined {
  const parts = path.split('.');
  const [root, second, third, fourth] = parts;
  if (root === 'env' && second) return { kind: 'env', name: second, origin };
  if (root === 'steps' && second && third === 'outputs' && fourth) {
    return { kind: 'step-output', stepId: second, output: fourth, origin };
  }
  if (root === 'needs' && second && third === 'outputs' && fourth) {
    return { kind: 'job-output', jobId: second, output: fourth, origin };
  }
  if (root === 'inputs' && second) return { kind: 'input', name: second, origin };
  if (root === 'github' && second === 'event' && third === 'inputs' && fourth) {
    return { kind: 'input', name: fourth, origin };
  }
  if (root === 'matrix' && second) return { kind: 'matrix', name: second, origin };
  return undefined;
}

function collectSecrets(path: string, origin: Origin, out: SecretRef[]): void {
  const parts = path.split('.');
  if (parts[0] !== 'secrets') return;
  const name = parts[1];
  if (!name) return; // bare `secrets`: handled by the dynamic pass (toJSON(secrets), secrets[x])
  if (name === '[]' || name === '*') out.push({ name: '*', dynamic: true, origin });
  else out.push({ name: name.toUpperCase(), dynamic: false, origin });
}

/** `toJSON(secrets)`, `secrets[expr]` and `secrets.*` read every secret of the repository. */
function detectDynamicSecrets(ast: Expr, base: number, file: SourceFile, out: SecretRef[]): void {
  const visit = (node: Expr): void => {
    switch (node.type) {
      case 'context':
        if (node.name.toLowerCase() === 'secrets') {
          out.push({ name: '*', dynamic: true, origin: { file, span: { start: base + node.start, end: base + node.end } } });
        }
        return;
      case 'property':
        if (node.object.type === 'context' && node.object.name.toLowerCase() === 'secrets') return;
        visit(node.object);
        return;
      case 'index':
        visit(node.object);
        visit(node.index);
        return;
      case 'star':
        visit(node.object);
        return;
      case 'call':
        for (const arg of node.args) visit(arg);
        return;
      case 'unary':
        visit(node.operand);
        return;
      case 'binary':
        visit(node.left);
        visit(node.right);
        return;
      default:
        return;
    }
  };
  visit(ast);
  // The plain `secrets.NAME` form was already recorded by collectSecrets; keep dynamic ones unique.
  const seen = new Set<string>();
  for (let i = out.length - 1; i >= 0; i--) {
    const ref = out[i] as SecretRef;
    const key = `${ref.name}@${ref.origin.span.start}`;
    if (seen.has(key)) out.splice(i, 1);
    seen.add(key);
  }
}
