import { beforeAll, describe, expect, it } from 'vitest';
import { initShellParser } from '../shell/shell-facts.js';
import { modelOf, runRuleOn } from '../../testing/rule-tester.js';
import untrustedCheckout from '../../rules/untrusted-checkout.js';
import { Project } from '../project.js';
import { chainFlow, workflowRunChain } from './workflow-run.js';
import { exposureOf } from './exposure.js';
import { Trust } from '../../model/types.js';

const CI = `name: CI
on:
  pull_request:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
`;

const LABEL = `name: Label
on:
  workflow_run:
    workflows: [CI]
    types: [completed]
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: echo labelled
`;

const DEPLOY = `name: Preview
on:
  workflow_run:
    workflows: [Label]
    types: [completed]
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.workflow_run.head_sha }}
      - run: npm ci
        env:
          DEPLOY_TOKEN: \${{ secrets.DEPLOY_TOKEN }}
`;

function project(files: Record<string, string>) {
  const { pipelines } = modelOf(files);
  return { project: new Project(pipelines), pipelines };
}

const pathOf = (p: { file: { path: string } }) => p.file.path;

describe('workflowRunChain', () => {
  it('walks workflow_run back to the trigger an outsider can cause, upstream first', () => {
    const { project: p, pipelines } = project({
      '.github/workflows/ci.yml': CI,
      '.github/workflows/label.yml': LABEL,
      '.github/workflows/preview.yml': DEPLOY,
    });
    const preview = pipelines.find((x) => pathOf(x) === '.github/workflows/preview.yml');
    const trigger = preview?.triggers[0];
    if (!trigger) throw new Error('no trigger');
    const chain = workflowRunChain(trigger, p);
    expect(chain.map((l) => [l.origin.file.path, l.note])).toEqual([
      ['.github/workflows/ci.yml', "'CI' starts on pull_request, which anyone on the internet can cause"],
      ['.github/workflows/label.yml', "workflow_run starts 'Label' when 'CI' completes, with this repository's secrets and token"],
      ['.github/workflows/preview.yml', "workflow_run starts 'Preview' when 'Label' completes, with this repository's secrets and token"],
    ]);
    const job = preview?.jobs[0];
    if (!job || !preview) throw new Error('no job');
    expect(exposureOf(job, preview, p).minTrust).toBe(Trust.Anyone);
  });

  it('is empty when an upstream workflow is not in the scan, and for other triggers', () => {
    const { project: p, pipelines } = project({ '.github/workflows/preview.yml': DEPLOY, '.github/workflows/ci.yml': CI });
    const preview = pipelines.find((x) => pathOf(x) === '.github/workflows/preview.yml');
    const ci = pipelines.find((x) => pathOf(x) === '.github/workflows/ci.yml');
    expect(chainFlow(preview?.triggers ?? [], p)).toEqual([]);
    expect(chainFlow(ci?.triggers ?? [], p)).toEqual([]);
  });

  it('marks a job unreachable when it waits only for a reusable workflow', () => {
    const { project: p, pipelines } = project({
      '.github/workflows/after.yml': LABEL.replace('workflows: [CI]', 'workflows: [shared.yml]'),
      '.github/workflows/shared.yml': 'on:\n  workflow_call:\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n',
    });
    const after = pipelines.find((x) => pathOf(x) === '.github/workflows/after.yml');
    const job = after?.jobs[0];
    if (!job || !after) throw new Error('no job');
    expect(exposureOf(job, after, p).unreachable).toBe(true);
  });
});

describe('chain as flow evidence', () => {
  beforeAll(async () => {
    await initShellParser();
  });

  it('untrusted-checkout starts its flow at the upstream pull_request trigger', () => {
    const out = runRuleOn(untrustedCheckout, {
      '.github/workflows/ci.yml': CI,
      '.github/workflows/label.yml': LABEL,
      '.github/workflows/preview.yml': DEPLOY,
    });
    const finding = out.result.findings.find((f) => f.ruleId === 'untrusted-checkout');
    expect(finding?.severity).toBe('critical');
    expect(finding?.flow.map((s) => `${s.file}:${s.line}`)).toEqual([
      '.github/workflows/ci.yml:3',
      '.github/workflows/label.yml:3',
      '.github/workflows/preview.yml:3',
      '.github/workflows/preview.yml:12',
      '.github/workflows/preview.yml:12',
      '.github/workflows/preview.yml:13',
    ]);
  });
});
