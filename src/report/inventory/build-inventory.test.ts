import { describe, expect, it } from 'vitest';
import { emptyConfig } from '../../config/config.js';
import { analyseSources } from '../../engine/engine.js';
import { ADAPTERS } from '../../platforms/index.js';
import { modelOf } from '../../testing/rule-tester.js';
import { buildInventory } from './build-inventory.js';

const WORKFLOW = `on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ secrets.AB }} \${{ secrets.A_B }} \${{ secrets.A1 }}"
  deploy:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ secrets.DEPLOY }}"
`;

describe('buildInventory', () => {
  it('lists secrets by lowest trust (a pull request: anyone), then by code unit', () => {
    const inputs = [{ file: { path: '.github/workflows/ci.yml', text: WORKFLOW }, explicit: false }];
    const { pipelines } = analyseSources(inputs, { config: emptyConfig(), rules: [], adapters: ADAPTERS });
    const secrets = buildInventory(pipelines).secrets.map((s) => [s.secret, s.lowestTrust]);
    // By locale (en) the order would be A_B, A1, AB.
    expect(secrets).toEqual([
      ['A1', 0],
      ['AB', 0],
      ['A_B', 0],
      ['DEPLOY', 2],
    ]);
  });
});

function inventoryOf(files: Record<string, string>) {
  return buildInventory(modelOf(files).pipelines);
}

const PR_BUILD = `on: pull_request
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make dist
      - uses: actions/upload-artifact@v4
        with:
          name: dist
      - uses: actions/cache@v4
        with:
          key: deps
          path: deps
`;

const AFTER_BUILD = `on:
  workflow_run:
    workflows: [build]
    types: [completed]
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: dist
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ secrets.GITHUB_TOKEN }}
`;

const RELEASE = `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache/restore@v4
        with:
          key: deps
`;

describe('buildInventory channels', () => {
  it('follows an artifact from a pull request run into a privileged workflow_run job', () => {
    const { channels, pipelines } = inventoryOf({ '.github/workflows/build.yml': PR_BUILD, '.github/workflows/after.yml': AFTER_BUILD });
    expect(pipelines.find((p) => p.file.endsWith('after.yml'))?.jobs[0]?.channels).toEqual([
      { kind: 'artifact', name: 'dist', access: 'read', otherRun: true, via: 'actions/download-artifact', line: 9 },
    ]);
    expect(channels.find((c) => c.kind === 'artifact')).toEqual({
      kind: 'artifact',
      name: 'dist',
      scope: '.github/workflows/build.yml',
      writers: [{ file: '.github/workflows/build.yml', job: 'build', lowestTrust: 0, privileged: false }],
      readers: [{ file: '.github/workflows/after.yml', job: 'publish', lowestTrust: 0, privileged: true, otherRun: true }],
      crossesTrust: true,
    });
  });

  it('does not call an artifact passed between jobs of one run a crossing', () => {
    const workflow = `on: [pull_request, push]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/upload-artifact@v4
        with:
          name: dist
  deploy:
    if: github.event_name == 'push'
    needs: build
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
`;
    const [flow] = inventoryOf({ '.github/workflows/ci.yml': workflow }).channels;
    expect(flow).toMatchObject({ kind: 'artifact', name: 'dist', crossesTrust: false });
    expect(flow?.readers.map((r) => r.job)).toEqual(['deploy']);
  });

  it('leaves pull_request cache writes out (their caches stay in the pull request ref) but not pull_request_target', () => {
    const scoped = inventoryOf({ '.github/workflows/build.yml': PR_BUILD, '.github/workflows/release.yml': RELEASE });
    expect(scoped.channels.find((c) => c.kind === 'cache')).toEqual({
      kind: 'cache',
      name: 'deps',
      scope: '',
      writers: [{ file: '.github/workflows/build.yml', job: 'build', lowestTrust: 0, privileged: false, pullRequestScope: true }],
      readers: [
        { file: '.github/workflows/build.yml', job: 'build', lowestTrust: 0, privileged: false },
        { file: '.github/workflows/release.yml', job: 'release', lowestTrust: 2, privileged: false },
      ],
      crossesTrust: false,
    });
    const target = inventoryOf({
      '.github/workflows/build.yml': PR_BUILD.replace('on: pull_request', 'on: pull_request_target'),
      '.github/workflows/release.yml': RELEASE,
    });
    const cache = target.channels.find((c) => c.kind === 'cache');
    expect(cache?.writers).toEqual([{ file: '.github/workflows/build.yml', job: 'build', lowestTrust: 0, privileged: true }]);
    expect(cache?.crossesTrust).toBe(true);
    expect(target.channels[0]).toBe(cache);
  });

  it('keeps a download from another run whose writer is not in the repository, with no writer', () => {
    const { channels } = inventoryOf({ '.github/workflows/after.yml': AFTER_BUILD });
    expect(channels).toEqual([
      {
        kind: 'artifact',
        name: 'dist',
        scope: '',
        writers: [],
        readers: [{ file: '.github/workflows/after.yml', job: 'publish', lowestTrust: 0, privileged: true, otherRun: true }],
        crossesTrust: false,
      },
    ]);
  });
});
