import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../report/inventory/build-inventory.js';
import { modelOf } from '../../testing/rule-tester.js';

const CI = `stages: [build, deploy]

build:
  stage: build
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script: make
  cache:
    key: deps
    unprotect: true
    paths: [vendor/]
  artifacts:
    paths: [dist/]

deploy:
  stage: deploy
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script: ./deploy.sh
  cache:
    - key: deps
      policy: pull
      unprotect: true
      paths: [vendor/]
    - key: tools
      policy: pull
      paths: [tools/]
`;

function analyse(text: string) {
  return modelOf({ '.gitlab-ci.yml': text });
}

describe('GitLab channel uses', () => {
  it('maps cache policies and artifacts onto channels, caches without unprotect partitioned', () => {
    const { pipelines } = analyse(CI);
    const uses = pipelines[0]?.jobs.map((job) => [
      job.id,
      (job.channels ?? []).map((c) => [c.kind, c.name, c.access, c.via, c.partitioned ?? false]),
    ]);
    expect(uses).toEqual([
      [
        'build',
        [
          ['cache', 'deps', 'read-write', 'cache:', false],
          ['artifact', 'build', 'write', 'artifacts:', false],
        ],
      ],
      [
        'deploy',
        [
          ['cache', 'deps', 'read', 'cache:', false],
          ['cache', 'tools', 'read', 'cache:', true],
        ],
      ],
    ]);
  });

  it('a cache shared across ref protection carries merge request data into the default branch deploy', () => {
    const { pipelines } = analyse(CI);
    const deps = buildInventory(pipelines).channels.find((c) => c.name === 'deps');
    expect(deps?.crossesTrust).toBe(true);
    expect(deps?.writers.map((w) => w.job)).toEqual(['build']);
    expect(deps?.readers.map((r) => r.job)).toEqual(['build', 'deploy']);
  });

  it('a cache kept apart per ref protection does not', () => {
    const { pipelines } = analyse(CI.replace(/ {4}unprotect: true\n/, '').replace(/ {6}unprotect: true\n/, ''));
    expect(buildInventory(pipelines).channels.find((c) => c.name === 'deps')?.crossesTrust).toBe(false);
  });
});
