import { describe, expect, it } from 'vitest';
import { emptyConfig } from '../../config/config.js';
import { analyseSources } from '../../engine/engine.js';
import type { Pipeline } from '../../model/types.js';
import { ADAPTERS } from '../../platforms/index.js';
import { buildFormulation, type CdxWorkflow } from './formulation.js';

function workflowOf(path: string, text: string): CdxWorkflow {
  const { pipelines } = analyseSources([{ file: { path, text }, explicit: false }], {
    config: emptyConfig(),
    rules: [],
    adapters: ADAPTERS,
  });
  const [formula] = buildFormulation(pipelines, {
    pipelineRef: (pipeline: Pipeline) => `pipeline:${pipeline.file.path}`,
    componentRefsOf: () => [],
  });
  return formula?.workflows[0] as CdxWorkflow;
}

const job = (steps = '      - run: make') => `jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${steps}\n`;

describe('buildFormulation', () => {
  it.each([
    ['on: schedule', 'on:\n  schedule:\n    - cron: "0 0 * * *"\n', 'scheduled'],
    ['on: workflow_dispatch', 'on: workflow_dispatch\n', 'manual'],
    ['on: workflow_call', 'on: workflow_call\n', 'api'],
    ['on: push', 'on: push\n', 'webhook'],
    ['the least trusted event decides: push beats schedule', 'on:\n  push:\n  schedule:\n    - cron: "0 0 * * *"\n', 'webhook'],
  ])('trigger type for %s', (_title, on, type) => {
    expect(workflowOf('.github/workflows/ci.yml', `${on}${job()}`).trigger?.type).toBe(type);
  });

  it.each([
    ['a checkout clones', '      - uses: actions/checkout@v4', '', ['clone']],
    ['an environment deploys', '      - run: ./deploy', '    environment: prod\n', ['deploy']],
    ['both', '      - uses: actions/checkout@v4\n      - run: ./deploy', '    environment: prod\n', ['clone', 'deploy']],
    ['nothing known is other', '      - run: make', '', ['other']],
  ])('task types: %s', (_title, steps, extra, types) => {
    const text = `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n${extra}    steps:\n${steps}\n`;
    expect(workflowOf('.github/workflows/ci.yml', text).tasks[0]?.taskTypes).toEqual(types);
  });

  it('describes shell steps by interpreter and line and action steps by uses, never the script', () => {
    const workflow = workflowOf(
      '.github/workflows/ci.yml',
      `on: push\n${job('      - uses: actions/checkout@v4\n      - name: Build\n        shell: pwsh\n        run: echo $env:TOKEN')}`,
    );
    expect(workflow.tasks[0]?.steps).toEqual([
      {
        name: 'actions/checkout@v4',
        commands: [{ executed: 'uses: actions/checkout@v4' }],
        properties: [{ name: 'pipewarden:line', value: '6' }],
      },
      { name: 'Build', description: 'pwsh script', properties: [{ name: 'pipewarden:line', value: '7' }] },
    ]);
  });

  it('leaves out pipelines without jobs', () => {
    const { pipelines } = analyseSources(
      [{ file: { path: '.github/dependabot.yml', text: 'version: 2\nupdates: []\n' }, explicit: false }],
      { config: emptyConfig(), rules: [], adapters: ADAPTERS },
    );
    expect(pipelines).toHaveLength(1);
    expect(buildFormulation(pipelines, { pipelineRef: () => 'p', componentRefsOf: () => [] })).toEqual([]);
  });

  it('describes a GitLab job with its secrets and runner', () => {
    const text =
      'deploy:\n  tags: [prod-runner]\n  environment: production\n  script:\n    - echo "$DEPLOY_TOKEN"\n  secrets:\n    DEPLOY_TOKEN:\n      vault: deploy/token@ops\n';
    const task = workflowOf('.gitlab-ci.yml', text).tasks[0];
    expect(task?.taskTypes).toEqual(['deploy']);
    expect(task?.properties).toEqual(
      expect.arrayContaining([
        { name: 'pipewarden:runner', value: 'prod-runner' },
        { name: 'pipewarden:environment', value: 'production' },
        { name: 'pipewarden:secret', value: 'DEPLOY_TOKEN' },
      ]),
    );
  });
});
