import { describe, expect, it } from 'vitest';
import { emptyConfig } from '../config/config.js';
import { ADAPTERS } from '../platforms/index.js';
import { defineRule, type FixDescriptor, sharedFix } from '../rules/define-rule.js';
import { analyseSources } from './engine.js';

const WORKFLOW = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`;

/** A rule that reports each job twice: once with a built fix, once with a fix built on demand. */
function probeRule(calls: { count: number }) {
  return defineRule({
    meta: {
      id: 'probe',
      summary: 'probe',
      description: 'probe',
      category: 'configuration',
      platforms: ['github'],
      severity: 'low',
      confidence: 'high',
      stability: 'experimental',
      fix: 'safe',
      network: false,
      messages: { eager: 'eager {{job}}', lazy: 'lazy {{job}}' },
      owasp: [],
      phase: 'foundations',
      related: {},
    },
    create(context) {
      return {
        job(job) {
          const fix = (): FixDescriptor => {
            calls.count++;
            return { title: 'rename', safety: 'safe', edits: [{ at: job.origin, text: 'x' }] };
          };
          context.report({ messageId: 'eager', data: { job: job.id }, at: job.origin, fix: fix() });
          context.report({ messageId: 'lazy', data: { job: job.id }, at: job.origin, fix });
        },
      };
    },
  });
}

function run(withFixes: boolean | undefined) {
  const calls = { count: 0 };
  const file = { path: '.github/workflows/ci.yml', text: WORKFLOW };
  const options = { config: emptyConfig(), rules: [probeRule(calls)], adapters: ADAPTERS };
  const { result } = analyseSources([{ file, explicit: false }], withFixes === undefined ? options : { ...options, withFixes });
  return { calls: calls.count, fixes: result.findings.map((f) => [f.messageId, f.fixes.map((x) => x.title)]) };
}

describe('fixes on demand', () => {
  it('builds fixes given as functions by default, like built ones', () => {
    expect(run(undefined)).toEqual({
      calls: 2,
      fixes: [
        ['eager', ['rename']],
        ['lazy', ['rename']],
      ],
    });
  });

  it('never calls a fix function when the run does not want fixes, and drops built ones', () => {
    expect(run(false)).toEqual({
      calls: 1,
      fixes: [
        ['eager', []],
        ['lazy', []],
      ],
    });
  });

  it('builds a fix several findings share once', () => {
    let builds = 0;
    const fix = sharedFix(() => {
      builds++;
      return { title: 'shared', safety: 'safe', edits: [] };
    });
    expect(fix()).toBe(fix());
    expect(builds).toBe(1);
    const none = sharedFix(() => {
      builds++;
      return undefined;
    });
    expect([none(), none()]).toEqual([undefined, undefined]);
    expect(builds).toBe(2);
  });
});

/** Reports every action step's `uses:`: from the step visitor (`step`) and from the job visitor (`job`). */
const usesProbe = defineRule({
  meta: {
    id: 'uses-probe',
    summary: 'probe',
    description: 'probe',
    category: 'configuration',
    platforms: ['github'],
    severity: 'low',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: { step: 'step {{job}}', job: 'job {{job}}' },
    owasp: [],
    phase: 'foundations',
    related: {},
  },
  create(context) {
    return {
      step(step, job) {
        if (step.uses) context.report({ messageId: 'step', data: { job: job.id }, at: step.uses.origin });
      },
      job(job) {
        for (const step of job.steps) if (step.uses) context.report({ messageId: 'job', data: { job: job.id }, at: step.uses.origin });
      },
    };
  },
});

describe('steps written as aliases', () => {
  it('moves findings about an aliased step to the alias, keeping the anchored text as related', () => {
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - &setup
        uses: actions/setup-node@v4
  b:
    runs-on: ubuntu-latest
    steps:
      - *setup
      - run: make
`;
    const file = { path: '.github/workflows/ci.yml', text };
    const { result } = analyseSources([{ file, explicit: false }], { config: emptyConfig(), rules: [usesProbe], adapters: ADAPTERS });
    expect(
      result.findings.map((f) => [f.message, f.location.line, f.location.column, f.related.map((r) => [r.line, r.column, r.note])]),
    ).toEqual([
      ['job a', 7, 15, []],
      ['step a', 7, 15, []],
      ['job b', 11, 9, [[7, 15, 'in the anchored step this alias repeats']]],
      ['step b', 11, 9, [[7, 15, 'in the anchored step this alias repeats']]],
    ]);
  });
});
