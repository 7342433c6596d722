import { describe, expect, it } from 'vitest';
import {
  type BinaryOp,
  contextPath,
  contextPathMatches,
  contextReads,
  evaluateConstant,
  type Expr,
  findGithubInterpolations,
  GITHUB_FUNCTIONS,
  MAX_EXPRESSION_LENGTH,
  parseGithubExpression,
  parseGithubInterpolations,
  splitContextPath,
  tokenize,
  usesStatusFunction,
} from './github-expr.js';

// --- exact AST builders (every field spelled out, nothing inferred) ---------
const lit = (value: string | number | boolean | null, start: number, end: number): Expr => ({
  type: 'literal',
  value,
  start,
  end,
});
const ctx = (name: string, start: number, end: number): Expr => ({ type: 'context', name, start, end });
const prop = (object: Expr, name: string, start: number, end: number): Expr => ({
  type: 'property',
  object,
  name,
  start,
  end,
});
const idx = (object: Expr, index: Expr, start: number, end: number): Expr => ({
  type: 'index',
  object,
  index,
  start,
  end,
});
const star = (object: Expr, start: number, end: number): Expr => ({ type: 'star', object, start, end });
const call = (name: string, args: Expr[], start: number, end: number): Expr => ({
  type: 'call',
  name,
  args,
  start,
  end,
});
const not = (operand: Expr, start: number, end: number): Expr => ({ type: 'unary', op: '!', operand, start, end });
const bin = (op: BinaryOp, left: Expr, right: Expr, start: number, end: number): Expr => ({
  type: 'binary',
  op,
  left,
  right,
  start,
  end,
});

function ast(text: string): Expr {
  const r = parseGithubExpression(text);
  if (r.error) throw new Error(`unexpected parse error in ${JSON.stringify(text)}: ${r.error.message} @${r.error.offset}`);
  expect(r.ast).toBeDefined();
  return r.ast as Expr;
}

function parseError(text: string): { message: string; offset: number } {
  const r = parseGithubExpression(text);
  expect(r.ast).toBeUndefined();
  expect(r.error).toBeDefined();
  return r.error as { message: string; offset: number };
}

/** Renders an AST with explicit parentheses to check precedence/associativity. */
function show(e: Expr): string {
  switch (e.type) {
    case 'literal':
      return typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'context':
      return e.name;
    case 'property':
      return `${show(e.object)}.${e.name}`;
    case 'index':
      return `${show(e.object)}[${show(e.index)}]`;
    case 'star':
      return `${show(e.object)}.*`;
    case 'call':
      return `${e.name}(${e.args.map(show).join(', ')})`;
    case 'unary':
      return `!${show(e.operand)}`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
  }
}

describe('parseGithubExpression: exact AST shapes and offsets', () => {
  const table: Array<[string, Expr]> = [
    ['null', lit(null, 0, 4)],
    ['true', lit(true, 0, 4)],
    ['false', lit(false, 0, 5)],
    ['711', lit(711, 0, 3)],
    ['-9.2', lit(-9.2, 0, 4)],
    ['0xff', lit(255, 0, 4)],
    ['-2.99e-2', lit(-0.0299, 0, 8)],
    ['.5', lit(0.5, 0, 2)],
    ['1E3', lit(1000, 0, 3)],
    ["'It''s open source!'", lit("It's open source!", 0, 20)],
    ["''", lit('', 0, 2)],
    ['  github  ', ctx('github', 2, 8)],
    ['github.event.issue.title', prop(prop(prop(ctx('github', 0, 6), 'event', 0, 12), 'issue', 0, 18), 'title', 0, 24)],
    ['steps.my-step.outputs.x', prop(prop(prop(ctx('steps', 0, 5), 'my-step', 0, 13), 'outputs', 0, 21), 'x', 0, 23)],
    ["env['FOO']", prop(ctx('env', 0, 3), 'FOO', 0, 10)],
    ['matrix[inputs.k]', idx(ctx('matrix', 0, 6), prop(ctx('inputs', 7, 13), 'k', 7, 15), 0, 16)],
    ['a[0]', idx(ctx('a', 0, 1), lit(0, 2, 3), 0, 4)],
    [
      'github.event.commits.*.message',
      prop(star(prop(prop(ctx('github', 0, 6), 'event', 0, 12), 'commits', 0, 20), 0, 22), 'message', 0, 30),
    ],
    ['a[*].b', prop(star(ctx('a', 0, 1), 0, 4), 'b', 0, 6)],
    ["github.event_name == 'push'", bin('==', prop(ctx('github', 0, 6), 'event_name', 0, 17), lit('push', 21, 27), 0, 27)],
    ['a != b', bin('!=', ctx('a', 0, 1), ctx('b', 5, 6), 0, 6)],
    ['1 <= 2', bin('<=', lit(1, 0, 1), lit(2, 5, 6), 0, 6)],
    ['!a.b', not(prop(ctx('a', 1, 2), 'b', 1, 4), 0, 4)],
    ['!!x', not(not(ctx('x', 2, 3), 1, 3), 0, 3)],
    [
      "contains(github.event.issue.labels.*.name, 'bug')",
      call(
        'contains',
        [
          prop(star(prop(prop(prop(ctx('github', 9, 15), 'event', 9, 21), 'issue', 9, 27), 'labels', 9, 34), 9, 36), 'name', 9, 41),
          lit('bug', 43, 48),
        ],
        0,
        49,
      ),
    ],
    ['StartsWith(a, b)', call('startswith', [ctx('a', 11, 12), ctx('b', 14, 15)], 0, 16)],
    ['success()', call('success', [], 0, 9)],
    ['fromJSON(x).y', prop(call('fromjson', [ctx('x', 9, 10)], 0, 11), 'y', 0, 13)],
    // Parentheses: the inner node keeps its own span, parents cover the parentheses.
    ['(a || b) && c', bin('&&', bin('||', ctx('a', 1, 2), ctx('b', 6, 7), 1, 7), ctx('c', 12, 13), 0, 13)],
    ['(a).b', prop(ctx('a', 1, 2), 'b', 0, 5)],
    ['!(a)', not(ctx('a', 2, 3), 0, 4)],
    // Keywords and digits are fine as property names.
    ['a.true.1x', prop(prop(ctx('a', 0, 1), 'true', 0, 6), '1x', 0, 9)],
    // Whitespace, including newlines from YAML block scalars.
    ['a\n  &&\tb', bin('&&', ctx('a', 0, 1), ctx('b', 7, 8), 0, 8)],
  ];

  it.each(table)('%s', (text, expected) => {
    expect(ast(text)).toEqual(expected);
  });

  it('lowercases function names and keeps property names as written', () => {
    const e = ast('TOJSON(Github.Event)');
    expect(e).toEqual(call('tojson', [prop(ctx('Github', 7, 13), 'Event', 7, 19)], 0, 20));
  });

  it('parses NaN and Infinity as numbers', () => {
    expect(ast('NaN')).toMatchObject({ type: 'literal' });
    expect(Number.isNaN((ast('NaN') as { value: number }).value)).toBe(true);
    expect(ast('Infinity')).toEqual(lit(Number.POSITIVE_INFINITY, 0, 8));
    expect(ast('-Infinity')).toEqual(lit(Number.NEGATIVE_INFINITY, 0, 9));
  });

  it('treats uppercase True as an identifier, not a boolean (as GitHub does)', () => {
    expect(ast('True')).toEqual(ctx('True', 0, 4));
  });
});

describe('operator precedence and associativity', () => {
  const cases: Array<[string, string]> = [
    ['a || b && c', '(a || (b && c))'],
    ['a && b || c', '((a && b) || c)'],
    ['a == b && c != d', '((a == b) && (c != d))'],
    ['a < b == c > d', '((a < b) == (c > d))'],
    ['!a == b', '(!a == b)'],
    ['!a.b < c', '(!a.b < c)'],
    ['a || b || c', '((a || b) || c)'],
    ['a == b == c', '((a == b) == c)'],
    ['3 < 2 < 1', '((3 < 2) < 1)'],
    ['a >= b <= c', '((a >= b) <= c)'],
    ['(a || b) && c', '((a || b) && c)'],
    ['!(a && b)', '!(a && b)'],
    ["a.b[c.d].e || f['g']", '(a.b[c.d].e || f.g)'],
    ['x == 1 || y == 2 && z', '((x == 1) || ((y == 2) && z))'],
  ];
  it.each(cases)('%s  =>  %s', (text, expected) => {
    expect(show(ast(text))).toBe(expected);
  });
});

describe('parse errors', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['foo(1)', 0, /Unknown function 'foo'/],
    ['a && bar()', 5, /Unknown function 'bar'/],
    ['(a || b', 7, /Expected '\)' to close '\(' at offset 0/],
    ['((a)', 4, /Expected '\)'/],
    ['a[1', 3, /Expected '\]' to close '\['/],
    ['contains(a, b', 13, /Expected ',' or '\)'/],
    ['a $ b', 2, /Unexpected character '\$'/],
    ['a # b', 2, /Unexpected character '#'/],
    ['contains(a)', 0, /contains\(\) expects exactly 2 arguments but got 1/],
    ['x || startsWith(a, b, c)', 5, /startsWith\(\) expects exactly 2 arguments but got 3/],
    ['success(1)', 0, /success\(\) expects no arguments but got 1/],
    ['join()', 0, /join\(\) expects at least 1 argument but got 0/],
    ["join(a, ',', 'x')", 0, /join\(\) expects at most 2 arguments but got 3/],
    ['hashFiles()', 0, /hashFiles\(\) expects at least 1 argument/],
    ['case(a, b)', 0, /case\(\) expects at least 3 arguments/],
    ["case(a, 'x', b, 'y')", 0, /odd number of arguments/],
    ['1 === 2', 2, /'===' is not a valid operator; use '=='/],
    ['a !== b', 2, /'!==' is not a valid operator; use '!='/],
    ['a = b', 2, /use '=='/],
    ['a & b', 2, /use '&&'/],
    ['a | b', 2, /use '\|\|'/],
    ['a - 1', 2, /no arithmetic/],
    ['"x"', 0, /Double-quoted strings are not supported/],
    ["'abc", 0, /Unterminated string literal/],
    ["a == 'abc", 5, /Unterminated string literal/],
    ['a b', 2, /Unexpected identifier 'b'/],
    ['a)', 1, /Unexpected '\)'/],
    ['', 0, /empty/],
    ['   ', 3, /empty/],
    ['a ||', 4, /Unexpected end of expression/],
    ['a.', 2, /Expected a property name or '\*' after '\.'/],
    ["a.'b'", 2, /Expected a property name/],
    ['*', 0, /Unexpected '\*'/],
    ['f(a,)', 0, /Unknown function 'f'/],
    ['format(a,)', 9, /Unexpected '\)'/],
    ['12abc', 0, /Invalid number literal '12abc'/],
    ['1.2.3', 0, /Invalid number literal/],
    ['{a}', 0, /Unexpected '\{'/],
  ];
  it.each(cases)('%s -> offset %i', (text, offset, message) => {
    const err = parseError(text);
    expect(err.message).toMatch(message);
    expect(err.offset).toBe(offset);
  });

  it('lists the available functions when a name is unknown', () => {
    expect(parseError('toJson2(x)').message).toContain('contains, startsWith');
  });

  it('never throws, whatever the input', () => {
    const junk = ['${{', '}}', '\u0000', '[[[[', ']]]]', '((((', '!', "'''", 'a[', 'a.*.', '.', '-', '0x', '-x'];
    for (const text of junk) {
      expect(() => parseGithubExpression(text)).not.toThrow();
      expect(parseGithubExpression(text).error).toBeDefined();
    }
    expect(() => parseGithubExpression(undefined as unknown as string)).not.toThrow();
  });
});

describe('pathological input', () => {
  it('rejects expressions longer than 20,000 characters', () => {
    const text = `'${'x'.repeat(MAX_EXPRESSION_LENGTH)}'`;
    const err = parseError(text);
    expect(err.message).toMatch(/too long/);
    expect(err.offset).toBe(MAX_EXPRESSION_LENGTH);
    expect(ast(`'${'x'.repeat(MAX_EXPRESSION_LENGTH - 2)}'`).type).toBe('literal');
  });

  it('accepts 100 levels of nesting and rejects 101', () => {
    expect(ast(`${'('.repeat(100)}a${')'.repeat(100)}`)).toEqual(ctx('a', 100, 101));
    const err = parseError(`${'('.repeat(101)}a${')'.repeat(101)}`);
    expect(err.message).toMatch(/nested too deeply/);
    expect(err.offset).toBe(100);
  });

  it('bounds nesting through brackets, calls and negation', () => {
    expect(parseError(`${'a['.repeat(150)}0${']'.repeat(150)}`).message).toMatch(/nested too deeply/);
    expect(parseError(`${'toJSON('.repeat(150)}1${')'.repeat(150)}`).message).toMatch(/nested too deeply/);
    expect(parseError(`${'!'.repeat(5000)}a`).message).toMatch(/nested too deeply/);
    expect(parseError(`${'('.repeat(19_000)}`).message).toMatch(/nested too deeply/);
  });

  it('rejects very long chains instead of overflowing the stack in consumers', () => {
    const orChain = Array.from({ length: 5000 }, () => 'a').join('||');
    expect(parseError(orChain).message).toMatch(/too complex/);
    const propChain = `a${'.b'.repeat(9000)}`;
    expect(parseError(propChain).message).toMatch(/too complex/);
    // A realistic long chain is fine and every helper copes with it.
    const ok = ast(Array.from({ length: 300 }, (_, i) => `github.event_name == 'e${i}'`).join(' || '));
    expect(contextReads(ok)).toHaveLength(300);
    expect(evaluateConstant(ok)).toEqual({ known: false });
  });
});

describe('GITHUB_FUNCTIONS', () => {
  it('lists every built-in function with arities', () => {
    const byName = new Map(GITHUB_FUNCTIONS.map((f) => [f.name, f]));
    expect([...byName.keys()].sort()).toEqual(
      [
        'always',
        'cancelled',
        'case',
        'contains',
        'endsWith',
        'failure',
        'format',
        'fromJSON',
        'hashFiles',
        'join',
        'startsWith',
        'success',
        'toJSON',
      ].sort(),
    );
    expect(byName.get('contains')).toEqual({ name: 'contains', minArgs: 2, maxArgs: 2 });
    expect(byName.get('format')?.maxArgs).toBe(Number.POSITIVE_INFINITY);
    expect(byName.get('join')).toEqual({ name: 'join', minArgs: 1, maxArgs: 2 });
    expect(byName.get('always')).toEqual({ name: 'always', minArgs: 0, maxArgs: 0 });
  });
});

describe('tokenize', () => {
  it('produces offsets and ends with eof', () => {
    expect(tokenize("a.b >= 'x'").map((t) => [t.kind, t.text, t.start, t.end])).toEqual([
      ['ident', 'a', 0, 1],
      ['punct', '.', 1, 2],
      ['ident', 'b', 2, 3],
      ['punct', '>=', 4, 6],
      ['string', "'x'", 7, 10],
      ['eof', '', 10, 10],
    ]);
  });
});

describe('findGithubInterpolations', () => {
  it('finds several expressions in one string', () => {
    const raw = 'echo ${{ github.ref }} and ${{matrix.os}}!';
    const spans = findGithubInterpolations(raw);
    expect(spans).toEqual([
      { start: 5, end: 22, innerStart: 8, innerEnd: 20, text: ' github.ref ' },
      { start: 27, end: 41, innerStart: 30, innerEnd: 39, text: 'matrix.os' },
    ]);
    for (const s of spans) {
      expect(raw.slice(s.start, s.end).startsWith('${{')).toBe(true);
      expect(raw.slice(s.start, s.end).endsWith('}}')).toBe(true);
      expect(raw.slice(s.innerStart, s.innerEnd)).toBe(s.text);
    }
  });

  it('ignores }} inside string literals', () => {
    const raw = "x ${{ format('}}{0}', a) }} y";
    expect(findGithubInterpolations(raw)).toEqual([{ start: 2, end: 27, innerStart: 5, innerEnd: 25, text: " format('}}{0}', a) " }]);
  });

  it("handles '' escapes inside string literals", () => {
    const raw = "${{ 'it''s }}' }}tail";
    const [span] = findGithubInterpolations(raw);
    expect(span).toEqual({ start: 0, end: 17, innerStart: 3, innerEnd: 15, text: " 'it''s }}' " });
    expect(ast(span?.text ?? '')).toEqual(lit("it's }}", 1, 11));
  });

  it('flags an unclosed expression', () => {
    expect(findGithubInterpolations('a ${{ b }} c ${{ d')).toEqual([
      { start: 2, end: 10, innerStart: 5, innerEnd: 8, text: ' b ' },
      { start: 13, end: 18, innerStart: 16, innerEnd: 18, text: ' d', unclosed: true },
    ]);
  });

  it('treats an expression with an unterminated string as unclosed', () => {
    expect(findGithubInterpolations("${{ 'abc }} more")).toEqual([
      { start: 0, end: 16, innerStart: 3, innerEnd: 16, text: " 'abc }} more", unclosed: true },
    ]);
  });

  it('handles empty expressions, adjacent expressions and plain text', () => {
    expect(findGithubInterpolations('no expressions here')).toEqual([]);
    expect(findGithubInterpolations('${{}}${{ a }}')).toEqual([
      { start: 0, end: 5, innerStart: 3, innerEnd: 3, text: '' },
      { start: 5, end: 13, innerStart: 8, innerEnd: 11, text: ' a ' },
    ]);
    expect(findGithubInterpolations('${ { a }} $ {{ b }}')).toEqual([]);
  });

  it('parseGithubInterpolations reports errors relative to the raw string', () => {
    const parsed = parseGithubInterpolations('run: ${{ github.ref }} ${{ foo(1) }} ${{ x');
    expect(parsed).toHaveLength(3);
    expect(parsed[0]?.ast).toEqual(prop(ctx('github', 1, 7), 'ref', 1, 11));
    expect(parsed[1]?.error).toEqual({ message: expect.stringMatching(/Unknown function 'foo'/), offset: 27 });
    expect(parsed[2]?.error).toEqual({ message: expect.stringMatching(/Unclosed/), offset: 37 });
  });
});

describe('contextPath', () => {
  const cases: Array<[string, string | undefined]> = [
    ['github', 'github'],
    ['github.event.issue.title', 'github.event.issue.title'],
    ['GitHub.Event.Issue.Title', 'github.event.issue.title'],
    ['github.event.commits.*.message', 'github.event.commits.*.message'],
    ['github.event.commits[*].message', 'github.event.commits.*.message'],
    ["github['event']['issue']", 'github.event.issue'],
    ['steps.my-step.outputs.x', 'steps.my-step.outputs.x'],
    ['matrix[inputs.k].v', 'matrix[].v'],
    ['github.event.commits[0].id', 'github.event.commits[0].id'],
    ["env['MY VAR']", "env['my var']"],
    ["env['it''s']", "env['it''s']"],
    ["fromJSON('{}').a", undefined],
    ["github.ref == 'x'", undefined],
    ["'a'", undefined],
    ['success()', undefined],
  ];
  it.each(cases)('%s -> %s', (text, expected) => {
    expect(contextPath(ast(text))).toBe(expected);
  });

  it('splits and matches paths', () => {
    expect(splitContextPath("a.b[0]['x y'].*[]")).toEqual(['a', 'b', '[0]', "['x y']", '*', '[]']);
    expect(contextPathMatches('github.event.commits[0].message', 'github.event.commits.*.message')).toBe(true);
    expect(contextPathMatches('github.event.commits.*.message', 'github.event.commits.*.message')).toBe(true);
    expect(contextPathMatches('github.event[]', 'github.event.issue')).toBe(true);
    expect(contextPathMatches('github.event.issue.title', 'github.event.issue')).toBe(false);
    expect(contextPathMatches('github.event.issue.title', 'github.event.issue', { prefix: true })).toBe(true);
    expect(contextPathMatches('github.event', 'github.event.issue', { prefix: true })).toBe(false);
    expect(contextPathMatches("env['my var']", 'env.MY VAR')).toBe(true);
    expect(contextPathMatches('github.ref', 'github.head_ref')).toBe(false);
  });
});

describe('contextReads', () => {
  const reads = (text: string) => contextReads(ast(text)).map((r) => [r.path, r.flowsToOutput]);

  const cases: Array<[string, Array<[string, boolean]>]> = [
    ['github.event.issue.title', [['github.event.issue.title', true]]],
    ["github.event.issue.title == 'x'", [['github.event.issue.title', false]]],
    ["format('{0}', github.head_ref)", [['github.head_ref', true]]],
    ['format(github.event.issue.body, 1)', [['github.event.issue.body', true]]],
    ["github.event.pull_request.head.ref || 'main'", [['github.event.pull_request.head.ref', true]]],
    [
      "github.event_name == 'pull_request' && github.head_ref || github.ref_name",
      [
        ['github.event_name', false],
        ['github.head_ref', true],
        ['github.ref_name', true],
      ],
    ],
    ["contains(github.event.issue.labels.*.name, 'bug')", [['github.event.issue.labels.*.name', false]]],
    [
      'startsWith(github.head_ref, inputs.p)',
      [
        ['github.head_ref', false],
        ['inputs.p', false],
      ],
    ],
    [
      'endsWith(a, b)',
      [
        ['a', false],
        ['b', false],
      ],
    ],
    ['fromJSON(steps.x.outputs.y).z', [['steps.x.outputs.y', true]]],
    ['toJSON(github.event)', [['github.event', true]]],
    [
      'join(github.event.commits.*.message, env.SEP)',
      [
        ['github.event.commits.*.message', true],
        ['env.sep', true],
      ],
    ],
    ['hashFiles(inputs.pattern)', [['inputs.pattern', false]]],
    [
      "case(github.event_name == 'push', github.ref, 'none')",
      [
        ['github.event_name', false],
        ['github.ref', true],
      ],
    ],
    [
      'case(a, b, c, d, e)',
      [
        ['a', false],
        ['b', true],
        ['c', false],
        ['d', true],
        ['e', true],
      ],
    ],
    ['!github.event.issue.title', [['github.event.issue.title', false]]],
    ['github.event.issue.title < 3', [['github.event.issue.title', false]]],
    [
      'matrix[github.event.inputs.key]',
      [
        ['matrix[]', true],
        ['github.event.inputs.key', false],
      ],
    ],
    [
      'fromJSON(inputs.map)[github.head_ref]',
      [
        ['inputs.map', true],
        ['github.head_ref', false],
      ],
    ],
    ["format('{0}', github.event.issue.title == 'x')", [['github.event.issue.title', false]]],
    [
      "format('{0}', contains(a, b) || c)",
      [
        ['a', false],
        ['b', false],
        ['c', true],
      ],
    ],
    ["'literal' || 1", []],
    ['success() && failure()', []],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(reads(text)).toEqual(expected);
  });

  it('reports maximal chains only, with the outermost node', () => {
    const e = ast('github.event.issue.title');
    const r = contextReads(e);
    expect(r).toHaveLength(1);
    expect(r[0]?.node).toBe(e);
    expect(r[0]?.node).toMatchObject({ start: 0, end: 24 });
  });

  it('lists reads in source order with their nodes', () => {
    const r = contextReads(ast('a.b || c[d.e].f'));
    expect(r.map((x) => [x.path, x.node.start, x.node.end])).toEqual([
      ['a.b', 0, 3],
      ['c[].f', 7, 15],
      ['d.e', 9, 12],
    ]);
  });
});

describe('evaluateConstant', () => {
  const value = (text: string) => evaluateConstant(ast(text));
  const known = (v: string | number | boolean | null) => ({ known: true, value: v });

  const cases: Array<[string, string | number | boolean | null]> = [
    // equality: strings ignore case, mixed types coerce to numbers
    ["'a' == 'A'", true],
    ["'abc' != 'ABC'", false],
    ["1 == '1'", true],
    ["1 == ' 1 '", true],
    ["' 0xff ' == 255", true],
    ["'' == 0", true],
    ["'abc' == 0", false],
    ['null == 0', true],
    ['null == false', true],
    ['null == null', true],
    ["null == ''", true],
    ['true == 1', true],
    ["true == 'true'", false],
    ['false == 0', true],
    ['NaN == NaN', false],
    ['NaN != NaN', true],
    ['1 == 1.0', true],
    // comparison
    ['1 < 2', true],
    ["'abc' < 'DEF'", true],
    ["'b' < 'A'", false],
    ["'10' < 9", false],
    ['null < 1', true],
    ['false < true', true],
    ["'x' < 1", false],
    ['NaN < 1', false],
    ['3 < 2 < 1', true],
    ['2 >= 2', true],
    ['2 <= 1', false],
    ['2 > 1', true],
    // truthiness and logical operators return operands
    ["!''", true],
    ['!0', true],
    ['!-0', true],
    ['!NaN', true],
    ['!null', true],
    ["!'false'", false],
    ["!'0'", false],
    ["'' || 'default'", 'default'],
    ["'x' || 'default'", 'x'],
    ["0 && 'y'", 0],
    ["1 && 'y'", 'y'],
    ["null || 0 || ''", ''],
    // short-circuiting makes some context reads irrelevant
    ['false && github.event.issue.title', false],
    ["'x' || github.head_ref", 'x'],
    // functions
    ["contains('Hello World', 'WORLD')", true],
    ["contains('abc', 'd')", false],
    ['contains(fromJSON(\'["Bug", "docs"]\'), \'bug\')', true],
    ["contains(fromJSON('[1, 2]'), '2')", true],
    ["startsWith('refs/heads/main', 'REFS/')", true],
    ["endsWith('file.TXT', '.txt')", true],
    ["format('{0} {1}!', 'Hello', 'World')", 'Hello World!'],
    ["format('{{{0}}}', 'x')", '{x}'],
    ["format('{0}', null)", ''],
    ["format('{0}|{1}|{2}', true, 1.5, -0)", 'true|1.5|0'],
    ['join(fromJSON(\'["a", "b"]\'), \', \')', 'a, b'],
    ["join(fromJSON('[1, true, null]'))", '1,true,'],
    ["join('abc', '-')", 'abc'],
    ["toJSON('a')", '"a"'],
    ['toJSON(fromJSON(\'{"a":[1]}\'))', '{\n  "a": [\n    1\n  ]\n}'],
    ["fromJSON('true')", true],
    ["fromJSON('42') == 42", true],
    ['fromJSON(\'{"Key":{"x":1}}\').key.X', 1],
    ['fromJSON(\'{"a":1}\').missing', null],
    ["fromJSON('[10,20,30]')[1]", 20],
    ["fromJSON('[10,20,30]')['2']", 30],
    ["fromJSON('[10,20,30]')[true]", 20],
    ["fromJSON('[10,20,30]')[5]", null],
    ['join(fromJSON(\'[{"n":"a"},{"n":"b"},{}]\').*.n, \'+\')', 'a+b'],
    ['join(fromJSON(\'{"x":1,"y":2}\').*, \';\')', '1;2'],
    ["'abc'.length", null],
    ["case(false, 'a', true, 'b', 'c')", 'b'],
    ["case(1 == 2, 'a', 'default')", 'default'],
    ["case(true, 'first', github.x)", 'first'],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(value(text)).toEqual(known(expected));
  });

  const unknown = [
    "github.event_name == 'push'",
    'github.head_ref || 1',
    '!env.X',
    'success()',
    'always() || true',
    "hashFiles('**/package-lock.json')",
    "fromJSON('not json')",
    "fromJSON('[1]')", // arrays/objects are not primitive results
    "format('{1}', 'only one')",
    "format('{', 1)",
    "format('}', 1)",
    "case('yes', 'a', 'b')", // predicates must be booleans
    "case(github.x == 1, 'a', 'b')",
    'contains(github.event.issue.labels.*.name, 1)',
  ];
  it.each(unknown)('%s is not constant', (text) => {
    expect(value(text)).toEqual({ known: false });
  });

  it('evaluates 0x/exponent/negative literals', () => {
    expect(value('0xff == 255')).toEqual(known(true));
    expect(value('-2.99e-2 < 0')).toEqual(known(true));
    expect(value("1e3 == '1000'")).toEqual(known(true));
  });
});

describe('usesStatusFunction', () => {
  it('detects status checks anywhere in the tree', () => {
    expect(usesStatusFunction(ast("always() && github.ref == 'x'"))).toBe(true);
    expect(usesStatusFunction(ast('!Cancelled()'))).toBe(true);
    expect(usesStatusFunction(ast("format('{0}', failure())"))).toBe(true);
    expect(usesStatusFunction(ast("github.ref == 'refs/heads/main'"))).toBe(false);
    expect(usesStatusFunction(ast("hashFiles('x') != ''"))).toBe(false);
  });
});
