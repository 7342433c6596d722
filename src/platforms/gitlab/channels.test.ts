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

  it('links each job to the jobs whose artifacts and dotenv variables it receives', () => {
    const { pipelines } = analyse(`stages: [build, test, deploy]
version:
  stage: .pre
  script: echo "VERSION=1.2.3" >> version.env
  artifacts:
    reports:
      dotenv: version.env
build:
  stage: build
  script: make
lint:
  stage: build
  needs: []
  script: make lint
test:
  script: make test
deploy:
  stage: deploy
  needs:
    - job: build
    - job: test
      artifacts: false
    - project: group/tools
      job: package
      ref: main
  script: ./deploy.sh
report:
  stage: deploy
  dependencies: [version]
  script: ./report.sh
`);
    const jobs = pipelines[0]?.jobs ?? [];
    expect(jobs.map((j) => [j.id, j.gitlab?.artifactsFrom ?? []])).toEqual([
      ['version', []],
      ['build', ['version']],
      ['lint', []],
      ['test', ['version', 'build', 'lint']],
      ['deploy', ['build']],
      ['report', ['version']],
    ]);
    expect(jobs.find((j) => j.id === 'version')?.gitlab?.artifacts?.dotenvFiles).toEqual(['version.env']);
    expect(jobs.find((j) => j.id === 'deploy')?.gitlab?.crossPipelineNeeds?.map((n) => [n.project, n.ref, n.job])).toEqual([
      ['group/tools', 'main', 'package'],
    ]);
  });
});
