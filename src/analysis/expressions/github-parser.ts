/**
 * Recursive-descent parser for the GitHub Actions `${{ }}` expression language.
 *
 * Precedence (highest first): grouping / index / property, `!`,
 * `< <= > >=`, `== !=`, `&&`, `||`. All binary operators are left-associative.
 */

import { describeToken, ExprSyntaxError, type PunctText, type Token, tokenize } from './github-lexer.js';

export type BinaryOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

export type Expr =
  | { type: 'literal'; value: string | number | boolean | null; start: number; end: number }
  | { type: 'context'; name: string; start: number; end: number }
  | { type: 'property'; object: Expr; name: string; start: number; end: number }
  | { type: 'index'; object: Expr; index: Expr; start: number; end: number }
  | { type: 'star'; object: Expr; start: number; end: number }
  | { type: 'call'; name: string; args: Expr[]; start: number; end: number }
  | { type: 'unary'; op: '!'; operand: Expr; start: number; end: number }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr; start: number; end: number };

export interface ExprParseResult {
  ast?: Expr;
  error?: { message: string; offset: number };
}

export interface GithubFunctionInfo {
  /** Canonical spelling (function names are matched case-insensitively). */
  name: string;
  minArgs: number;
  maxArgs: number;
}

export const GITHUB_FUNCTIONS: readonly GithubFunctionInfo[] = Object.freeze([
  { name: 'contains', minArgs: 2, maxArgs: 2 },
  { name: 'startsWith', minArgs: 2, maxArgs: 2 },
  { name: 'endsWith', minArgs: 2, maxArgs: 2 },
  { name: 'format', minArgs: 1, maxArgs: Number.POSITIVE_INFINITY },
  { name: 'join', minArgs: 1, maxArgs: 2 },
  { name: 'toJSON', minArgs: 1, maxArgs: 1 },
  { name: 'fromJSON', minArgs: 1, maxArgs: 1 },
  { name: 'hashFiles', minArgs: 1, maxArgs: Number.POSITIVE_INFINITY },
  { name: 'success', minArgs: 0, maxArgs: 0 },
  { name: 'always', minArgs: 0, maxArgs: 0 },
  { name: 'cancelled', minArgs: 0, maxArgs: 0 },
  { name: 'failure', minArgs: 0, maxArgs: 0 },
  { name: 'case', minArgs: 3, maxArgs: Number.POSITIVE_INFINITY },
]);

const FUNCTIONS_BY_LOWER = new Map<string, GithubFunctionInfo>(GITHUB_FUNCTIONS.map((f) => [f.name.toLowerCase(), f]));

/** Looks a function up by name, case-insensitively. */
export function findGithubFunction(name: string): GithubFunctionInfo | undefined {
  return FUNCTIONS_BY_LOWER.get(name.toLowerCase());
}

/** Status-check functions (their result depends on the job's state). */
export const STATUS_FUNCTIONS: ReadonlySet<string> = new Set(['success', 'always', 'cancelled', 'failure']);

/** Named contexts documented by GitHub (availability depends on the workflow key). */
export const GITHUB_CONTEXTS: readonly string[] = Object.freeze([
  'github',
  'env',
  'vars',
  'job',
  'jobs',
  'steps',
  'runner',
  'secrets',
  'strategy',
  'matrix',
  'needs',
  'inputs',
]);

/** Longest expression text accepted by {@link parseGithubExpression}. */
export const MAX_EXPRESSION_LENGTH = 20_000;
/** Deepest syntactic nesting (parentheses, brackets, calls, `!`) accepted. */
export const MAX_NESTING_DEPTH = 100;
/**
 * Deepest syntax tree accepted. Long operator or property chains build deep
 * left-leaning trees without syntactic nesting; this bound keeps every
 * recursive consumer of the AST far away from the call-stack limit.
 */
export const MAX_TREE_DEPTH = 1_000;

const COMPARISON_OPS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=']);
const EQUALITY_OPS: ReadonlySet<string> = new Set(['==', '!=']);

/** Outer spans of parenthesised sub-expressions, so parents cover the parentheses. */
type Spans = WeakMap<Expr, { start: number; end: number }>;

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly outer: Spans = new WeakMap();

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Expr {
    const first = this.peek();
    if (first.kind === 'eof') throw new ExprSyntaxError('Expected an expression but the expression is empty', first.start);
    const expr = this.parseExpression();
    const tok = this.peek();
    if (tok.kind !== 'eof') {
      throw new ExprSyntaxError(`Unexpected ${describeToken(tok)}; expected an operator or the end of the expression`, tok.start);
    }
    return expr;
  }

  private peek(): Token {
    // The token list always ends with eof, and pos never moves past it.
    return this.tokens[this.pos] as Token;
  }

  private advance(): Token {
    const tok = this.peek();
    if (tok.kind !== 'eof') this.pos++;
    return tok;
  }

  private isPunct(text: PunctText): boolean {
    const tok = this.peek();
    return tok.kind === 'punct' && tok.text === text;
  }

  private startOf(e: Expr): number {
    return this.outer.get(e)?.start ?? e.start;
  }

  private endOf(e: Expr): number {
    return this.outer.get(e)?.end ?? e.end;
  }

  private enter(offset: number): void {
    this.depth++;
    if (this.depth > MAX_NESTING_DEPTH) {
      throw new ExprSyntaxError(`Expression is nested too deeply (the limit is ${MAX_NESTING_DEPTH} levels)`, offset);
    }
  }

  private leave(): void {
    this.depth--;
  }

  private parseExpression(): Expr {
    return this.parseOr();
  }

  private binary(op: BinaryOp, left: Expr, right: Expr): Expr {
    return { type: 'binary', op, left, right, start: this.startOf(left), end: this.endOf(right) };
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isPunct('||')) {
      this.advance();
      const right = this.parseAnd();
      left = this.binary('||', left, right);
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseEquality();
    while (this.isPunct('&&')) {
      this.advance();
      const right = this.parseEquality();
      left = this.binary('&&', left, right);
    }
    return left;
  }

  private parseEquality(): Expr {
    let left = this.parseComparison();
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'punct' || !EQUALITY_OPS.has(tok.text)) return left;
      this.advance();
      const right = this.parseComparison();
      left = this.binary(tok.text as BinaryOp, left, right);
    }
  }

  private parseComparison(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'punct' || !COMPARISON_OPS.has(tok.text)) return left;
      this.advance();
      const right = this.parseUnary();
      left = this.binary(tok.text as BinaryOp, left, right);
    }
  }

  private parseUnary(): Expr {
    const tok = this.peek();
    if (tok.kind === 'punct' && tok.text === '!') {
      this.advance();
      this.enter(tok.start);
      const operand = this.parseUnary();
      this.leave();
      return { type: 'unary', op: '!', operand, start: tok.start, end: this.endOf(operand) };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr {
    let expr = this.parsePrimary();
    for (;;) {
      if (this.isPunct('.')) {
        const dot = this.advance();
        const tok = this.peek();
        if (tok.kind === 'punct' && tok.text === '*') {
          this.advance();
          expr = { type: 'star', object: expr, start: this.startOf(expr), end: tok.end };
        } else if (tok.kind === 'ident') {
          this.advance();
          expr = { type: 'property', object: expr, name: tok.text, start: this.startOf(expr), end: tok.end };
        } else {
          throw new ExprSyntaxError(
            `Expected a property name or '*' after '.' but found ${describeToken(tok)}`,
            tok.kind === 'eof' ? dot.end : tok.start,
          );
        }
        continue;
      }
      if (this.isPunct('[')) {
        const open = this.advance();
        const first = this.peek();
        if (first.kind === 'punct' && first.text === '*') {
          this.advance();
          const close = this.expectClose(']', open);
          expr = { type: 'star', object: expr, start: this.startOf(expr), end: close.end };
          continue;
        }
        this.enter(open.start);
        const index = this.parseExpression();
        this.leave();
        const close = this.expectClose(']', open);
        if (index.type === 'literal' && typeof index.value === 'string') {
          expr = { type: 'property', object: expr, name: index.value, start: this.startOf(expr), end: close.end };
        } else {
          expr = { type: 'index', object: expr, index, start: this.startOf(expr), end: close.end };
        }
        continue;
      }
      return expr;
    }
  }

  private expectClose(text: ')' | ']', open: Token): Token {
    const tok = this.peek();
    if (tok.kind === 'punct' && tok.text === text) return this.advance();
    throw new ExprSyntaxError(
      `Expected '${text}' to close '${open.text}' at offset ${open.start} but found ${describeToken(tok)}`,
      tok.start,
    );
  }

  private parsePrimary(): Expr {
    const tok = this.peek();
    switch (tok.kind) {
      case 'number':
      case 'string':
      case 'keyword':
        this.advance();
        return { type: 'literal', value: tok.value, start: tok.start, end: tok.end };
      case 'ident': {
        this.advance();
        if (this.isPunct('(')) return this.parseCall(tok);
        return { type: 'context', name: tok.text, start: tok.start, end: tok.end };
      }
      case 'punct':
        if (tok.text === '(') {
          this.advance();
          this.enter(tok.start);
          const inner = this.parseExpression();
          this.leave();
          const close = this.expectClose(')', tok);
          // Keep the inner node's own span; remember the parenthesised span for parents.
          this.outer.set(inner, { start: tok.start, end: close.end });
          return inner;
        }
        throw new ExprSyntaxError(`Unexpected ${describeToken(tok)}; expected a value, context or function call`, tok.start);
      case 'eof':
        throw new ExprSyntaxError('Unexpected end of expression; expected a value, context or function call', tok.start);
    }
  }

  private parseCall(nameTok: Token & { kind: 'ident' }): Expr {
    const info = findGithubFunction(nameTok.text);
    if (!info) {
      throw new ExprSyntaxError(
        `Unknown function '${nameTok.text}'; available functions: ${GITHUB_FUNCTIONS.map((f) => f.name).join(', ')}`,
        nameTok.start,
      );
    }
    const open = this.advance(); // '('
    this.enter(open.start);
    const args: Expr[] = [];
    if (!this.isPunct(')')) {
      for (;;) {
        args.push(this.parseExpression());
        if (this.isPunct(',')) {
          this.advance();
          continue;
        }
        break;
      }
    }
    this.leave();
    const tok = this.peek();
    if (!(tok.kind === 'punct' && tok.text === ')')) {
      throw new ExprSyntaxError(
        `Expected ',' or ')' in the argument list of ${info.name}() opened at offset ${open.start} but found ${describeToken(tok)}`,
        tok.start,
      );
    }
    const close = this.advance();
    checkArity(info, args.length, nameTok.start);
    return { type: 'call', name: info.name.toLowerCase(), args, start: nameTok.start, end: close.end };
  }
}

function plural(n: number): string {
  return `${n} argument${n === 1 ? '' : 's'}`;
}

function checkArity(info: GithubFunctionInfo, count: number, offset: number): void {
  const { name, minArgs, maxArgs } = info;
  let expected: string | undefined;
  if (minArgs === maxArgs && count !== minArgs) {
    expected = minArgs === 0 ? 'no arguments' : `exactly ${plural(minArgs)}`;
  } else if (count < minArgs) {
    expected = `at least ${plural(minArgs)}`;
  } else if (count > maxArgs) {
    expected = `at most ${plural(maxArgs)}`;
  }
  if (expected) throw new ExprSyntaxError(`Function ${name}() expects ${expected} but got ${count}`, offset);
  if (name === 'case' && count % 2 === 0) {
    throw new ExprSyntaxError(
      `Function case() expects predicate/value pairs followed by a default value (an odd number of arguments) but got ${count}`,
      offset,
    );
  }
}

/** Children of a node, in source order. */
export function childrenOf(e: Expr): Expr[] {
  switch (e.type) {
    case 'literal':
    case 'context':
      return [];
    case 'property':
    case 'star':
      return [e.object];
    case 'index':
      return [e.object, e.index];
    case 'call':
      return e.args;
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
  }
}

/** Iteratively finds a node deeper than `limit`, if any. */
function findTooDeep(root: Expr, limit: number): Expr | undefined {
  const stack: Array<[Expr, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [Expr, number];
    if (depth > limit) return node;
    for (const child of childrenOf(node)) stack.push([child, depth + 1]);
  }
  return undefined;
}

/** Parses one expression (the text between `${{` and `}}`, or an `if:` condition). Never throws. */
/**
 * Workflows repeat the same expressions (`secrets.GITHUB_TOKEN`, `matrix.os`) thousands of times
 * across a tree, and a parse is a pure function of the text: results are shared, never mutated.
 */
const parsedByText = new Map<string, ExprParseResult>();
const MAX_CACHED_EXPRESSIONS = 20_000;

export function parseGithubExpression(text: string): ExprParseResult {
  const cached = parsedByText.get(text);
  if (cached) return cached;
  const result = parseUncached(text);
  if (parsedByText.size >= MAX_CACHED_EXPRESSIONS) parsedByText.clear();
  parsedByText.set(text, result);
  return result;
}

function parseUncached(text: string): ExprParseResult {
  if (typeof text !== 'string') return { error: { message: 'Expression must be a string', offset: 0 } };
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return {
      error: {
        message: `Expression is too long (${text.length} characters; the limit is ${MAX_EXPRESSION_LENGTH})`,
        offset: MAX_EXPRESSION_LENGTH,
      },
    };
  }
  try {
    const ast = new Parser(tokenize(text)).parseAll();
    const deep = findTooDeep(ast, MAX_TREE_DEPTH);
    if (deep) {
      return {
        error: {
          message: `Expression is too complex (its syntax tree is deeper than ${MAX_TREE_DEPTH} levels)`,
          offset: deep.start,
        },
      };
    }
    return { ast };
  } catch (err) {
    if (err instanceof ExprSyntaxError) return { error: { message: err.message, offset: err.offset } };
    if (err instanceof RangeError) return { error: { message: 'Expression is too complex to parse', offset: 0 } };
    return { error: { message: `Failed to parse expression: ${String(err)}`, offset: 0 } };
  }
}
