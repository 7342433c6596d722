import { describe, expect, it } from 'vitest';
import { LineIndex } from './line-index.js';
import { asMap, asScalar, asSeq, entries, get, type YamlNode } from './nodes.js';
import { parseYaml } from './parse.js';
import { ScalarOffsetMap } from './scalar-map.js';
import { findSuppressions } from './suppressions.js';

const text = (src: string, node: YamlNode | undefined) => (node ? src.slice(node.start, node.end) : undefined);

describe('parseYaml positions', () => {
  const src = `# comment
on:
  push:   # trailing
    branches: [main, 'rel/*']
jobs:
  build: &base
    runs-on: ubuntu-latest  # hosted
    steps:
      - run: |
          echo one
          echo "two"

      - uses: actions/checkout@v4
  again: *base
  empty:
`;
  const parsed = parseYaml(src);
  const root = asMap(parsed.documents[0]?.root);

  it('gives every node its exact source span', () => {
    expect(parsed.problems).toEqual([]);
    const on = asMap(get(root, 'on'));
    expect(text(src, on)).toBe("push:   # trailing\n    branches: [main, 'rel/*']");
    const branches = asSeq(get(asMap(get(on, 'push')), 'branches'));
    expect(text(src, branches)).toBe("[main, 'rel/*']");
    expect(branches?.flow).toBe(true);
    expect(branches?.items.map((i) => text(src, i))).toEqual(['main', "'rel/*'"]);
    expect(asScalar(branches?.items[1])?.style).toBe('single');
    const build = asMap(get(asMap(get(root, 'jobs')), 'build'));
    expect(build?.anchor).toBe('base');
    expect(text(src, get(build, 'runs-on'))).toBe('ubuntu-latest');
    const steps = asSeq(get(build, 'steps'));
    const run = asScalar(get(asMap(steps?.items[0]), 'run'));
    expect(run?.style).toBe('literal');
    expect(run?.value).toBe('echo one\necho "two"\n');
    expect(text(src, run)).toBe('|\n          echo one\n          echo "two"');
    expect(text(src, get(asMap(steps?.items[1]), 'uses'))).toBe('actions/checkout@v4');
  });

  it('keeps aliases as nodes pointing at their anchor', () => {
    const again = get(asMap(get(root, 'jobs')), 'again');
    expect(again?.kind).toBe('alias');
    expect(asMap(again)).toBe(asMap(get(asMap(get(root, 'jobs')), 'build')));
  });

  it('gives an empty value a zero-width span after its key', () => {
    const empty = asScalar(get(asMap(get(root, 'jobs')), 'empty'));
    expect(empty?.value).toBeNull();
    expect(empty?.start).toBe(empty?.end);
  });

  it('maps offsets to 1-based lines and UTF-16 columns', () => {
    const lines = new LineIndex(src);
    const uses = get(asMap(asSeq(get(asMap(get(asMap(get(root, 'jobs')), 'build')), 'steps'))?.items[1]), 'uses');
    expect(lines.position(uses?.start ?? 0)).toEqual({ line: 13, column: 15 });
  });
});

describe('parseYaml flow collections as sequence items and roots', () => {
  it.each([
    ['a flow mapping item', '- { uses: a@v4, with: { d: 0 } }\n', 'seq(map(uses=a@v4,with=map(d=0)))'],
    ['a flow sequence item', '- [x]\n- [[z]]\n- [ ]\n', 'seq(seq(x),seq(seq(z)),seq())'],
    ['an anchored flow item and its alias', '- &k {d: 2}\n- *k\n', 'seq(map(d=2)&k,*k)'],
    ['a flow mapping root', '{c: 1}\n', 'map(c=1)'],
    ['a flow sequence root', '[x, y]\n', 'seq(x,y)'],
    ['nested block sequences', '- - a\n  - b\n', 'seq(seq(a,b))'],
  ])('reads %s as itself, not wrapped in another collection', (_name, src, shape) => {
    const describe = (node: YamlNode | undefined): string => {
      if (!node) return '~';
      const anchor = node.anchor ? `&${node.anchor}` : '';
      if (node.kind === 'alias') return `*${node.name}`;
      if (node.kind === 'scalar') return `${node.value}${anchor}`;
      if (node.kind === 'seq') return `seq(${node.items.map(describe).join(',')})${anchor}`;
      return `map(${node.pairs.map((p) => `${p.keyText}=${describe(p.value)}`).join(',')})${anchor}`;
    };
    const parsed = parseYaml(src);
    expect(parsed.problems).toEqual([]);
    expect(describe(parsed.documents[0]?.root)).toBe(shape);
  });

  it('gives a flow mapping item the span of its braces', () => {
    const src = '- { a: 1 }\n';
    const item = asSeq(parseYaml(src).documents[0]?.root)?.items[0];
    expect(text(src, item)).toBe('{ a: 1 }');
  });
});

describe('parseYaml problems', () => {
  it('reports duplicate keys as warnings and keeps the last value', () => {
    const parsed = parseYaml('a: 1\nb: 2\na: 3\n');
    expect(parsed.problems).toEqual([
      { code: 'DUPLICATE_KEY', message: 'duplicate key "a" (the last one wins)', offset: 10, fatal: false },
    ]);
    expect(asScalar(get(asMap(parsed.documents[0]?.root), 'a'))?.value).toBe(3);
  });

  it('reports syntax errors with an offset', () => {
    const parsed = parseYaml('a: [1, 2\nb: c\n');
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ code: 'YAML_SYNTAX', fatal: true, offset: 9 });
  });

  it('stops alias bombs without expanding them', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const parsed = parseYaml(`${lines.join('\n')}\n`);
    expect(parsed.documents).toEqual([]);
    expect(parsed.problems[0]?.code).toBe('TOO_MANY_ALIASES');
  });

  it('caps the alias count', () => {
    const parsed = parseYaml(`a: &a x\nb: [${Array.from({ length: 20 }, () => '*a').join(', ')}]\n`, {
      maxAliases: 10,
      maxDepth: 64,
      maxExpandedNodes: 1000,
    });
    expect(parsed.problems[0]).toMatchObject({ code: 'TOO_MANY_ALIASES', fatal: true });
  });

  it('caps nesting depth without overflowing the stack', () => {
    const parsed = parseYaml(`a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    expect(parsed.problems[0]).toMatchObject({ code: 'TOO_DEEP', fatal: true });
  });

  it('accepts local tags such as GitLab !reference', () => {
    const parsed = parseYaml('script:\n  - !reference [.setup, script]\n');
    expect(parsed.problems).toEqual([]);
    const item = asSeq(get(asMap(parsed.documents[0]?.root), 'script'))?.items[0];
    expect(item?.tag).toBe('!reference');
    expect(item?.kind).toBe('seq');
  });

  it('parses every document of a multi-document file', () => {
    const parsed = parseYaml('kind: A\n---\nkind: B\n');
    expect(parsed.documents.map((d) => asScalar(get(asMap(d.root), 'kind'))?.value)).toEqual(['A', 'B']);
  });
});

describe('merge keys', () => {
  it('looks keys up through << and lists merged entries after explicit ones', () => {
    const parsed = parseYaml('base: &b\n  image: x\n  stage: test\njob:\n  <<: *b\n  stage: build\n');
    const job = asMap(get(asMap(parsed.documents[0]?.root), 'job'));
    expect(asScalar(get(job, 'image'))?.value).toBe('x');
    expect(asScalar(get(job, 'stage'))?.value).toBe('build');
    expect(entries(job).map((p) => p.keyText)).toEqual(['stage', 'image']);
  });
});

describe('ScalarOffsetMap', () => {
  it('maps block scalar value offsets to file offsets', () => {
    const src = 'run: |\n  echo a\n  echo "${{ x }}"\n';
    const node = asScalar(get(asMap(parseYaml(src).documents[0]?.root), 'run'));
    if (!node) throw new Error('no node');
    const value = String(node.value);
    const map = new ScalarOffsetMap(src, node, value);
    const at = value.indexOf('${{');
    expect(src.slice(map.toSource(at), map.toSource(at) + 3)).toBe('${{');
  });

  it('maps quoted scalars past the quote', () => {
    const src = 'a: "x ${{ y }}"\n';
    const node = asScalar(get(asMap(parseYaml(src).documents[0]?.root), 'a'));
    if (!node) throw new Error('no node');
    const map = new ScalarOffsetMap(src, node, String(node.value));
    expect(map.toSource(2)).toBe(src.indexOf('${{'));
  });
});

describe('findSuppressions', () => {
  it('reads rule ids and reasons from comments', () => {
    const src = 'a: 1\nb: 2 # pipewarden-ignore[rule-a, rule-b]: reviewed in #12\n# pipewarden-ignore[rule-c]\n';
    expect(findSuppressions(src)).toEqual([
      { line: 2, ruleIds: ['rule-a', 'rule-b'], reason: 'reviewed in #12' },
      { line: 3, ruleIds: ['rule-c'], reason: '' },
    ]);
  });
});
