import { describe, expect, it } from 'vitest';
import { indentStepOf, insertPairs, removePair, type TextChange, type YamlEntry } from './edit.js';
import { asMap, asSeq, get, type MapNode } from './nodes.js';
import { parseYaml } from './parse.js';

function apply(text: string, change: TextChange | undefined): string {
  if (!change) throw new Error('no change');
  return text.slice(0, change.start) + change.text + text.slice(change.end);
}

function firstStep(text: string): MapNode {
  const root = asMap(parseYaml(text).documents[0]?.root);
  const job = asMap(get(asMap(get(root, 'jobs')), 'a'));
  return asMap(asSeq(get(job, 'steps'))?.items[0]) as MapNode;
}

const STEP = `jobs:
  a:
    steps:
      - uses: actions/checkout@v4   # pinned later
        name: co
      - run: echo
`;

describe('insertPairs', () => {
  const withEntry: YamlEntry[] = [['with', [['persist-credentials', 'false']]]];

  it('adds a nested mapping after the last pair at the keys indentation', () => {
    expect(apply(STEP, insertPairs(STEP, firstStep(STEP), withEntry))).toBe(`jobs:
  a:
    steps:
      - uses: actions/checkout@v4   # pinned later
        name: co
        with:
          persist-credentials: false
      - run: echo
`);
  });

  it('follows the indentation step of the file', () => {
    const text = 'jobs:\n    a:\n        steps:\n            - uses: x/y@v1\n';
    const indentStep = indentStepOf(text, parseYaml(text).documents[0]?.root);
    expect(indentStep).toBe(4);
    expect(apply(text, insertPairs(text, firstStep(text), withEntry, { indentStep }))).toBe(
      'jobs:\n    a:\n        steps:\n            - uses: x/y@v1\n              with:\n                  persist-credentials: false\n',
    );
  });

  it('adds a line break at the end of a file without one, and keeps CRLF', () => {
    const text = 'jobs:\r\n  a:\r\n    steps:\r\n      - uses: x/y@v1';
    expect(apply(text, insertPairs(text, firstStep(text), [['id', 'co']]))).toBe(`${text}\r\n        id: co`);
  });

  it('writes into a flow mapping before its closing brace', () => {
    const text = 'jobs:\n  a:\n    steps:\n      - { uses: x/y@v1 }\n';
    expect(apply(text, insertPairs(text, firstStep(text), [['id', 'co']]))).toBe(
      'jobs:\n  a:\n    steps:\n      - { uses: x/y@v1, id: co }\n',
    );
  });
});

describe('removePair', () => {
  const text = `env:
  A: 1
  B: |
    two
    lines
  C: 3 # note
`;
  const env = asMap(get(asMap(parseYaml(text).documents[0]?.root), 'env')) as MapNode;
  const pair = (key: string) => env.pairs.find((p) => p.keyText === key) as MapNode['pairs'][number];

  it.each([
    ['A', 'env:\n  B: |\n    two\n    lines\n  C: 3 # note\n'],
    ['B', 'env:\n  A: 1\n  C: 3 # note\n'],
    ['C', 'env:\n  A: 1\n  B: |\n    two\n    lines\n'],
  ])('removes %s with its lines', (key, expected) => {
    expect(apply(text, removePair(text, env, pair(key)))).toBe(expected);
  });

  it('refuses a key that opens a sequence item', () => {
    expect(removePair(STEP, firstStep(STEP), firstStep(STEP).pairs[0] as MapNode['pairs'][number])).toBeUndefined();
  });

  it('removes from a flow mapping with its comma', () => {
    const flow = 'env: { A: 1, B: 2 }\n';
    const map = asMap(get(asMap(parseYaml(flow).documents[0]?.root), 'env')) as MapNode;
    expect(apply(flow, removePair(flow, map, map.pairs[0] as MapNode['pairs'][number]))).toBe('env: { B: 2 }\n');
    expect(apply(flow, removePair(flow, map, map.pairs[1] as MapNode['pairs'][number]))).toBe('env: { A: 1 }\n');
  });
});
