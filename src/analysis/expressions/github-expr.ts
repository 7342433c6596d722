/**
 * GitHub Actions `${{ }}` expressions: parsing, interpolation discovery,
 * context-access analysis and constant folding.
 *
 * Lexing lives in ./github-lexer.ts, parsing in ./github-parser.ts and value
 * semantics in ./github-eval.ts; this module is the public entry point.
 */

import { childrenOf, type Expr, type ExprParseResult, parseGithubExpression, STATUS_FUNCTIONS } from './github-parser.js';

export type { Token } from './github-lexer.js';
export { ExprSyntaxError, tokenize } from './github-lexer.js';
export type { BinaryOp, Expr, ExprParseResult, GithubFunctionInfo } from './github-parser.js';
export {
  childrenOf,
  findGithubFunction,
  GITHUB_CONTEXTS,
  GITHUB_FUNCTIONS,
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
  MAX_TREE_DEPTH,
  parseGithubExpression,
  STATUS_FUNCTIONS,
} from './github-parser.js';
export type { ConstantResult, Primitive, Value } from './github-eval.js';
export {
  compareValues,
  evaluateConstant,
  formatString,
  isTruthy,
  looseEquals,
  toNumber,
  toStr,
} from './github-eval.js';

// ---------------------------------------------------------------------------
// Interpolations
// ---------------------------------------------------------------------------

export interface InterpolationSpan {
  /** Offset of `${{`. */
  start: number;
  /** Offset just past `}}` (or the end of the string when unclosed). */
  end: number;
  /** Offset just past `${{`. */
  innerStart: number;
  /** Offset of the closing `}}` (or the end of the string when unclosed). */
  innerEnd: number;
  /** The untrimmed text between `${{` and `}}`. */
  text: string;
  /** Set when no closing `}}` was found. */
  unclosed?: true;
}

/**
 * Finds every `${{ ... }}` in a raw string. A `}}` inside a single-quoted
 * string literal does not close the expression ('' is an escaped quote).
 */
export function findGithubInterpolations(raw: string): InterpolationSpan[] {
  const spans: InterpolationSpan[] = [];
  let from = 0;
  for (;;) {
    const start = raw.indexOf('${{', from);
    if (start < 0) break;
    const innerStart = start + 3;
    let inString = false;
    let innerEnd = -1;
    for (let i = innerStart; i < raw.length; i++) {
      const ch = raw.charCodeAt(i);
      if (ch === 0x27 /* ' */) {
        // Toggling handles the '' escape too: it closes and reopens the literal.
        inString = !inString;
      } else if (!inString && ch === 0x7d /* } */ && raw.charCodeAt(i + 1) === 0x7d) {
        innerEnd = i;
        break;
      }
    }
    if (innerEnd < 0) {
      spans.push({
        start,
        end: raw.length,
        innerStart,
        innerEnd: raw.length,
        text: raw.slice(innerStart),
        unclosed: true,
      });
      break;
    }
    spans.push({ start, end: innerEnd + 2, innerStart, innerEnd, text: raw.slice(innerStart, innerEnd) });
    from = innerEnd + 2;
  }
  return spans;
}

export interface ParsedInterpolation extends InterpolationSpan {
  /** Parsed expression; node offsets are relative to `text` (add `innerStart` for offsets into the raw string). */
  ast?: Expr;
  /** Parse error; `offset` is relative to the raw string. */
  error?: { message: string; offset: number };
}

/** Finds and parses every interpolation in `raw`. Unclosed ones get an error at their `${{`. */
export function parseGithubInterpolations(raw: string): ParsedInterpolation[] {
  return findGithubInterpolations(raw).map((span) => {
    if (span.unclosed) {
      return { ...span, error: { message: "Unclosed '${{': missing '}}'", offset: span.start } };
    }
    const result: ExprParseResult = parseGithubExpression(span.text);
    if (result.error) {
      return { ...span, error: { message: result.error.message, offset: result.error.offset + span.innerStart } };
    }
    return { ...span, ast: result.ast as Expr };
  });
}

// ---------------------------------------------------------------------------
// Context paths
// ---------------------------------------------------------------------------

const PLAIN_SEGMENT = /^[a-z0-9_-]+$/;

function nameSegment(name: string): string {
  const lower = name.toLowerCase();
  return PLAIN_SEGMENT.test(lower) ? `.${lower}` : `['${lower.replace(/'/g, "''")}']`;
}

/**
 * Lowercased path of a context access chain, e.g. `github.event.issue.title`,
 * `github.event.commits.*.message`. A dynamic index renders as `[]`
 * (`matrix[]`), a non-negative integer literal index as `[N]`
 * (`github.event.commits[0].id`), and a property name that is not a plain
 * identifier as `['name']` (`env['my var']`). Undefined when the expression is
 * not a pure access chain rooted at a context.
 */
export function contextPath(expr: Expr): string | undefined {
  const parts: string[] = [];
  let cur: Expr = expr;
  for (;;) {
    switch (cur.type) {
      case 'context':
        parts.push(cur.name.toLowerCase());
        return parts.reverse().join('');
      case 'property': {
        parts.push(nameSegment(cur.name));
        cur = cur.object;
        break;
      }
      case 'star':
        parts.push('.*');
        cur = cur.object;
        break;
      case 'index': {
        const idx = cur.index;
        const literalIndex = idx.type === 'literal' && typeof idx.value === 'number' && Number.isInteger(idx.value) && idx.value >= 0;
        parts.push(literalIndex ? `[${String(idx.value)}]` : '[]');
        cur = cur.object;
        break;
      }
      default:
        return undefined;
    }
  }
}

/** Splits a path produced by {@link contextPath} into segments: `a.b[0]['x y'].*` → `a`, `b`, `[0]`, `['x y']`, `*`. */
export function splitContextPath(path: string): string[] {
  const segments: string[] = [];
  let i = 0;
  let cur = '';
  while (i < path.length) {
    const ch = path[i] as string;
    if (ch === '.') {
      if (cur) segments.push(cur);
      cur = '';
      i++;
    } else if (ch === '[') {
      if (cur) segments.push(cur);
      let j = i + 1;
      let inString = false;
      while (j < path.length && (inString || path[j] !== ']')) {
        if (path[j] === "'") inString = !inString;
        j++;
      }
      segments.push(path.slice(i, j + 1));
      cur = '';
      i = j + 1;
    } else {
      cur += ch;
      i++;
    }
  }
  if (cur) segments.push(cur);
  return segments;
}

function unquoteSegment(seg: string): string {
  return seg.startsWith("['") && seg.endsWith("']") ? seg.slice(2, -2).replace(/''/g, "'") : seg;
}

function isWildcardSegment(seg: string): boolean {
  return seg === '*' || seg === '[]';
}

/**
 * Whether a context path may denote `pattern` (case-insensitive). A `*` in
 * the pattern matches any one segment; `*` and `[]` in the path (unknown
 * element/key) match any one pattern segment; `[N]` in the path matches a
 * pattern `*`. With `prefix`, the path may be longer than the pattern
 * (`github.event.issue.title` matches prefix pattern `github.event.issue`).
 */
export function contextPathMatches(path: string, pattern: string, options: { prefix?: boolean } = {}): boolean {
  const p = splitContextPath(path.toLowerCase()).map(unquoteSegment);
  const q = splitContextPath(pattern.toLowerCase()).map(unquoteSegment);
  if (p.length < q.length || (!options.prefix && p.length !== q.length)) return false;
  for (let i = 0; i < q.length; i++) {
    const a = p[i] as string;
    const b = q[i] as string;
    if (b === '*' || isWildcardSegment(a) || a === b) continue;
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Context reads
// ---------------------------------------------------------------------------

export interface ContextRead {
  /** {@link contextPath} of the access chain. */
  path: string;
  /** The outermost node of the chain. */
  node: Expr;
  /**
   * True when the value reaches the expression's output as text (not consumed
   * by ==, contains(), startsWith(), a boolean operator's condition, etc.).
   */
  flowsToOutput: boolean;
}

function isContextChain(e: Expr): boolean {
  let cur: Expr = e;
  for (;;) {
    switch (cur.type) {
      case 'context':
        return true;
      case 'property':
      case 'star':
      case 'index':
        cur = cur.object;
        break;
      default:
        return false;
    }
  }
}

/**
 * Every maximal context access chain read in the expression, in source order.
 * `a || b` / `a && b` pass both operands through; `!`, comparisons and the
 * boolean functions do not; format()/join()/toJSON()/fromJSON() pass their
 * arguments through; case() passes its values and default but not its
 * predicates; hashFiles() does not. Index expressions are listed but never flow.
 */
const readsByExpression = new WeakMap<Expr, readonly ContextRead[]>();

/** Context reads of an expression, computed once per (shared, immutable) AST. */
export function contextReads(expr: Expr): readonly ContextRead[] {
  let reads = readsByExpression.get(expr);
  if (!reads) {
    reads = collectContextReads(expr);
    readsByExpression.set(expr, reads);
  }
  return reads;
}

function collectContextReads(expr: Expr): ContextRead[] {
  const reads: ContextRead[] = [];

  const visit = (e: Expr, flows: boolean): void => {
    switch (e.type) {
      case 'literal':
        return;
      case 'context':
      case 'property':
      case 'star':
      case 'index': {
        if (isContextChain(e)) {
          reads.push({ path: contextPath(e) as string, node: e, flowsToOutput: flows });
          // Dynamic indexes inside the chain are reads too (they select, not produce, the value).
          const indexes: Expr[] = [];
          let cur: Expr = e;
          while (cur.type === 'property' || cur.type === 'star' || cur.type === 'index') {
            if (cur.type === 'index') indexes.push(cur.index);
            cur = cur.object;
          }
          for (let i = indexes.length - 1; i >= 0; i--) visit(indexes[i] as Expr, false);
          return;
        }
        if (e.type === 'context') return;
        visit(e.object, flows);
        if (e.type === 'index') visit(e.index, false);
        return;
      }
      case 'call':
        switch (e.name.toLowerCase()) {
          case 'format':
          case 'join':
          case 'tojson':
          case 'fromjson':
            for (const a of e.args) visit(a, flows);
            return;
          case 'case': {
            const last = e.args.length - 1;
            e.args.forEach((a, i) => {
              visit(a, flows && (i % 2 === 1 || i === last));
            });
            return;
          }
          default:
            for (const a of e.args) visit(a, false);
            return;
        }
      case 'unary':
        visit(e.operand, false);
        return;
      case 'binary': {
        const passes = e.op === '&&' || e.op === '||';
        visit(e.left, flows && passes);
        visit(e.right, flows && passes);
        return;
      }
    }
  };

  visit(expr, true);
  return reads;
}

/** True when the expression calls one of success(), always(), cancelled(), failure(). */
export function usesStatusFunction(expr: Expr): boolean {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e.type === 'call' && STATUS_FUNCTIONS.has(e.name.toLowerCase())) return true;
    stack.push(...childrenOf(e));
  }
  return false;
}
