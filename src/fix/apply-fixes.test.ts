import { beforeAll, describe, expect, it } from 'vitest';
import { initShellParser } from '../analysis/shell/shell-facts.js';
import { emptyConfig } from '../config/config.js';
import { ADAPTERS } from '../platforms/index.js';
import { defineRule, type FixDescriptor } from '../rules/define-rule.js';
import { asMap, get } from '../yaml/nodes.js';
import { removePair } from '../yaml/edit.js';
import { fixSources, type FixSelection } from './apply-fixes.js';

type FixShape = 'remove-pair' | 'break-yaml' | 'no-op';

/** A rule for the tests: flags workflow env vars named like the shape, with that kind of fix. */
function envRule(id: string, name: string, shape: FixShape, safety: 'safe' | 'unsafe' = 'safe') {
  return defineRule({
    meta: {
      id,
      summary: 'test',
      description: 'test',
      category: 'configuration',
      platforms: ['github'],
      severity: 'high',
      confidence: 'high',
      stability: 'stable',
      fix: safety,
      network: false,
      messages: { found: 'found {{name}}' },
      owasp: [],
      phase: 'foundations',
      related: {},
    },
    create(context) {
      return {
        pipeline(pipeline) {
          const env = asMap(get(pipeline.root, 'env'));
          for (const pair of env?.pairs ?? []) {
            if (!pair.keyText.startsWith(name) || !env) continue;
            const file = pipeline.file;
            const change = removePair(file.text, env, pair);
            const at = { file, span: { start: pair.key.start, end: pair.key.end } };
            const valueAt = { file, span: { start: pair.value.start, end: pair.value.end } };
            const edits: FixDescriptor['edits'] =
              shape === 'remove-pair' && change
                ? [{ at: { file, span: { start: change.start, end: change.end } }, text: change.text }]
                : shape === 'break-yaml'
                  ? [{ at: valueAt, text: '[unclosed' }]
                  : [{ at: valueAt, text: file.text.slice(pair.value.start, pair.value.end) }];
            context.report({ messageId: 'found', data: { name: pair.keyText }, at, fix: { title: `fix ${pair.keyText}`, safety, edits } });
          }
        },
      };
    },
  });
}

const WORKFLOW = `# keep this comment
on: push
env:
  BAD_ONE: 1   # trailing
  KEEP: 'quoted'

  BAD_TWO: "x"
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`;

const PATH = '.github/workflows/ci.yml';
const SAFE_ONLY: FixSelection = { unsafe: false, rules: [] };

function run(rules: ReturnType<typeof envRule>[], text: string, selection: FixSelection = SAFE_ONLY) {
  const config = emptyConfig();
  return fixSources([{ file: { path: PATH, text }, explicit: false }], { config, rules, adapters: ADAPTERS }, selection);
}

describe('fixSources', () => {
  beforeAll(initShellParser);

  it('removes what the fixes remove and leaves every other byte alone; a second run changes nothing', () => {
    const rule = envRule('bad-env', 'BAD', 'remove-pair');
    const outcome = run([rule], WORKFLOW);
    const after = outcome.files[0]?.after;
    expect(outcome.files[0]?.before).toBe(WORKFLOW);
    expect(after).toBe(`# keep this comment
on: push
env:
  KEEP: 'quoted'

jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`);
    expect(outcome.files[0]?.applied.map((a) => [a.ruleId, a.title, a.line])).toEqual([
      ['bad-env', 'fix BAD_ONE', 4],
      ['bad-env', 'fix BAD_TWO', 7],
    ]);
    expect(outcome.final.result.findings).toEqual([]);
    expect(run([rule], after as string).files).toEqual([]);
  });

  it('applies one of two colliding fixes per pass and the other in the next', () => {
    // Both rules remove the same pair: the second sees its finding gone after the first pass.
    const outcome = run([envRule('first', 'BAD_ONE', 'remove-pair'), envRule('second', 'BAD_O', 'remove-pair')], WORKFLOW);
    expect(outcome.files[0]?.applied.map((a) => a.ruleId)).toEqual(['first']);
    expect(outcome.files[0]?.after).not.toContain('BAD_ONE');
    expect(outcome.final.result.findings.map((f) => f.ruleId)).toEqual([]);
  });

  it('refuses a fix that breaks the YAML and keeps the file as it was', () => {
    const outcome = run([envRule('breaker', 'BAD_ONE', 'break-yaml')], WORKFLOW);
    expect(outcome.files[0]?.after).toBe(WORKFLOW);
    expect(outcome.files[0]?.rejected.map((r) => [r.ruleId, r.reason])).toEqual([['breaker', 'the fixed file no longer parses']]);
  });

  it('refuses a fix after which the finding is still reported', () => {
    const outcome = run([envRule('idle', 'BAD_ONE', 'no-op')], WORKFLOW);
    expect(outcome.files[0]?.after).toBe(WORKFLOW);
    expect(outcome.files[0]?.rejected.map((r) => r.reason)).toEqual(['the finding is still reported after the fix']);
  });

  it('retries fixes one at a time when a pass fails, keeping the good ones', () => {
    const outcome = run([envRule('good', 'BAD_TWO', 'remove-pair'), envRule('breaker', 'BAD_ONE', 'break-yaml')], WORKFLOW);
    const file = outcome.files[0];
    expect(file?.applied.map((a) => a.ruleId)).toEqual(['good']);
    expect(file?.rejected.map((r) => r.ruleId)).toEqual(['breaker']);
    expect(file?.after).toBe(WORKFLOW.replace('  BAD_TWO: "x"\n', ''));
  });

  it('applies unsafe fixes only when asked, and only for the selected rules', () => {
    const rules = [envRule('risky', 'BAD_ONE', 'remove-pair', 'unsafe'), envRule('other', 'BAD_TWO', 'remove-pair')];
    expect(run(rules, WORKFLOW).files[0]?.applied.map((a) => a.ruleId)).toEqual(['other']);
    expect(run(rules, WORKFLOW, { unsafe: true, rules: [] }).files[0]?.applied.map((a) => a.ruleId)).toEqual(['risky', 'other']);
    expect(run(rules, WORKFLOW, { unsafe: true, rules: ['risky'] }).files[0]?.applied.map((a) => a.ruleId)).toEqual(['risky']);
  });

  it('stops at the pass limit', () => {
    const outcome = run([envRule('bad-env', 'BAD', 'remove-pair')], WORKFLOW, { unsafe: false, rules: [], passLimit: 0 });
    expect(outcome.passes).toBe(0);
    expect(outcome.files).toEqual([]);
  });
});
