import { describe, expect, it } from 'vitest';
import { memoryFiles } from '../../engine/repository-files.js';
import type { Origin } from '../../model/types.js';
import { parseYaml } from '../../yaml/parse.js';
import { gitlabAdapter } from './index.js';

/** Parses the first file as the pipeline, with the others readable as local includes. */
function build(files: Record<string, string>) {
  const sources = Object.entries(files).map(([path, text]) => ({ path, text }));
  const main = sources[0];
  if (!main) throw new Error('no files');
  const out = gitlabAdapter.parse(main, 'gitlab-ci', parseYaml(main.text).documents, { files: memoryFiles(sources) });
  const pipeline = out.pipelines[0];
  if (!pipeline) throw new Error('no pipeline');
  return { pipeline, issues: out.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.code} ${i.message}`), files: out.files ?? [] };
}

function at(origin: Origin | undefined): string {
  if (!origin) return 'nowhere';
  const before = origin.file.text.slice(0, origin.span.start).split('\n');
  return `${origin.file.path}:${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
}

describe('gitlab local includes', () => {
  it('merges jobs from string and local: includes, keeping each line where it is written', () => {
    const { pipeline, issues, files } = build({
      '.gitlab-ci.yml': `include:
  - ci/build.yml
  - local: /ci/test.yml
stages: [build, test]
`,
      'ci/build.yml': `build:
  stage: build
  image: node:20
  script:
    - npm ci
    - npm run build
`,
      'ci/test.yml': `test:
  script: [npm test]
`,
    });
    expect(issues).toEqual([]);
    expect(files.map((f) => f.path)).toEqual(['ci/build.yml', 'ci/test.yml']);
    expect(pipeline.jobs.map((j) => j.id)).toEqual(['build', 'test']);
    const [buildJob, testJob] = pipeline.jobs;
    expect(buildJob?.steps.map((s) => at(s.origin))).toEqual(['ci/build.yml:5:7', 'ci/build.yml:6:7']);
    expect(at(buildJob?.container?.origin)).toBe('ci/build.yml:3:10');
    expect(at(buildJob?.origin)).toBe('ci/build.yml:2:3');
    expect(at(testJob?.steps[0]?.origin)).toBe('ci/test.yml:2:12');
  });

  it('gives the including file priority over its includes and later includes over earlier ones, key by key', () => {
    const { pipeline } = build({
      '.gitlab-ci.yml': `include: [a.yml, b.yml]
variables:
  MODE: main
deploy:
  image: alpine:3.20
`,
      'a.yml': `include: nested.yml
variables:
  MODE: a
  FROM_A: "1"
deploy:
  script: [./deploy-a.sh]
  environment: production
`,
      'b.yml': `deploy:
  script: [./deploy-b.sh]
`,
      'nested.yml': `deploy:
  script: [./nested.sh]
  tags: [nested]
`,
    });
    const deploy = pipeline.jobs[0];
    expect(deploy?.steps.map((s) => s.script?.value)).toEqual(['./deploy-b.sh']);
    expect(deploy?.container?.raw).toBe('alpine:3.20');
    expect(deploy?.environment?.name).toBe('production');
    expect(deploy?.runner.labels).toEqual(['nested']);
    expect(pipeline.env.map((v) => `${v.name}=${v.value?.value} ${at(v.origin)}`)).toEqual([
      'MODE=main .gitlab-ci.yml:3:3',
      'FROM_A=1 a.yml:4:3',
    ]);
  });

  it('expands * within a folder and ** across folders, in path order, .yml and .yaml only', () => {
    const { pipeline, issues } = build({
      '.gitlab-ci.yml': `include:
  - local: 'jobs/*.yml'
  - local: 'deep/**.yml'
`,
      'jobs/a.yml': 'a:\n  script: [echo a]\n',
      'jobs/b.yaml': 'b:\n  script: [echo b]\n',
      'jobs/sub/c.yml': 'c:\n  script: [echo c]\n',
      'jobs/readme.md': 'not yaml',
      'deep/d.yml': 'd:\n  script: [echo d]\n',
      'deep/x/y/e.yml': 'e:\n  script: [echo e]\n',
    });
    expect(issues).toEqual([]);
    expect(pipeline.jobs.map((j) => j.id)).toEqual(['a', 'd', 'e']);
  });

  it('skips includes whose rules all say when: never and keeps conditional ones', () => {
    const { pipeline } = build({
      '.gitlab-ci.yml': `include:
  - local: never.yml
    rules:
      - when: never
  - local: sometimes.yml
    rules:
      - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
`,
      'never.yml': 'never:\n  script: [echo]\n',
      'sometimes.yml': 'sometimes:\n  script: [echo]\n',
    });
    expect(pipeline.jobs.map((j) => j.id)).toEqual(['sometimes']);
  });

  it('resolves extends, default: and !reference across files', () => {
    const { pipeline, issues } = build({
      '.gitlab-ci.yml': `include: templates.yml
job:
  extends: .base
  script:
    - !reference [.setup, script]
    - make
`,
      'templates.yml': `default:
  image: ruby:3.3
.base:
  tags: [docker]
.setup:
  script:
    - bundle install
`,
    });
    expect(issues).toEqual([]);
    const job = pipeline.jobs[0];
    expect(job?.runner.labels).toEqual(['docker']);
    expect(at(job?.container?.origin)).toBe('templates.yml:2:10');
    expect(job?.steps.map((s) => at(s.origin))).toEqual(['templates.yml:7:7', '.gitlab-ci.yml:6:7']);
  });

  it('reports a missing include, a path leaving the repository, a variable path and a non-YAML name where they are written', () => {
    const { pipeline, issues } = build({
      '.gitlab-ci.yml': `include:
  - local: missing.yml
  - local: ../outside.yml
  - local: $CI_PROJECT_DIR/x.yml
  - local: notes.txt
  - local: 'none/*.yml'
job:
  script: [make]
`,
      'notes.txt': 'x',
    });
    expect(issues).toEqual([
      '.gitlab-ci.yml:2:12 MISSING_INCLUDE include `missing.yml` cannot be read: file not found',
      '.gitlab-ci.yml:3:12 MISSING_INCLUDE include `../outside.yml` leaves the repository; not read',
      '.gitlab-ci.yml:4:12 MISSING_INCLUDE include `$CI_PROJECT_DIR/x.yml` names its file through variables; not resolved offline',
      '.gitlab-ci.yml:5:12 MISSING_INCLUDE include `notes.txt` is not a .yml or .yaml file',
      '.gitlab-ci.yml:6:12 MISSING_INCLUDE include `none/*.yml` matches no file in the repository',
    ]);
    expect(pipeline.jobs.map((j) => j.id)).toEqual(['job']);
  });

  it('detects include cycles, reads each file once, and analyses the rest', () => {
    const { pipeline, issues } = build({
      '.gitlab-ci.yml': 'include: a.yml\nmain:\n  script: [make]\n',
      'a.yml': 'include: [b.yml, b.yml]\na:\n  script: [make]\n',
      'b.yml': 'include: a.yml\nb:\n  script: [make]\n',
    });
    expect(issues).toEqual(['b.yml:1:10 INCLUDE_CYCLE include cycle: .gitlab-ci.yml -> a.yml -> b.yml -> a.yml']);
    expect(pipeline.jobs.map((j) => j.id)).toEqual(['b', 'a', 'main']);
  });

  it('stops at the depth limit', () => {
    const files: Record<string, string> = { '.gitlab-ci.yml': 'include: f0.yml\n' };
    for (let i = 0; i < 105; i++) files[`f${i}.yml`] = `include: f${i + 1}.yml\nj${i}:\n  script: [make]\n`;
    const { pipeline, issues } = build(files);
    expect(issues).toEqual(['f99.yml:1:10 INCLUDE_LIMIT includes nest deeper than 100 levels; `f100.yml` not read']);
    expect(pipeline.jobs).toHaveLength(100);
  });

  it('places YAML problems of an included file in that file and keeps the other includes', () => {
    const { pipeline, issues } = build({
      '.gitlab-ci.yml': 'include: [bad.yml, good.yml]\n',
      'bad.yml': 'job: [unclosed\n',
      'good.yml': 'good:\n  script: [make]\n',
    });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^bad\.yml:\d+:\d+ YAML_SYNTAX /);
    expect(pipeline.jobs.map((j) => j.id)).toEqual(['good']);
  });

  it('binds include inputs to spec:inputs with defaults, and names jobs from them; the same file twice is two copies', () => {
    const { pipeline, issues } = build({
      '.gitlab-ci.yml': `include:
  - local: job.yml
    inputs:
      name: unit
  - local: job.yml
    inputs:
      name: lint
      mode: strict
`,
      'job.yml': `spec:
  inputs:
    name:
    mode:
      default: fast
      options: [fast, strict]
---
"test-$[[ inputs.name ]]":
  script:
    - make $[[ inputs.mode ]]
`,
    });
    expect(issues).toEqual([]);
    expect(pipeline.jobs.map((j) => j.id)).toEqual(['test-unit', 'test-lint']);
  });

  it('reports unknown, missing, mistyped and out-of-options inputs where they are written', () => {
    const { issues } = build({
      '.gitlab-ci.yml': `include:
  - local: job.yml
    inputs:
      typo: x
      count: many
      mode: slow
  - local: plain.yml
    inputs:
      a: b
`,
      'job.yml': `spec:
  inputs:
    name:
    count:
      type: number
      default: 1
    mode:
      options: [fast, strict]
      default: fast
---
job:
  script: [make]
`,
      'plain.yml': 'plain:\n  script: [make]\n',
    });
    expect(issues).toEqual([
      '.gitlab-ci.yml:4:7 INVALID_INPUT input `typo` is not declared in the `spec:inputs` of job.yml',
      '.gitlab-ci.yml:5:14 INVALID_INPUT input `count` should be a number, not a string',
      '.gitlab-ci.yml:6:13 INVALID_INPUT input `mode` must be one of `fast`, `strict`',
      '.gitlab-ci.yml:2:12 INVALID_INPUT input `name` of job.yml is required and not given',
      '.gitlab-ci.yml:9:7 INVALID_INPUT `inputs:` given, but plain.yml declares no `spec:inputs`',
    ]);
  });

  it('declares the inputs of the top-level pipeline', () => {
    const { pipeline } = build({
      '.gitlab-ci.yml': `spec:
  inputs:
    environment:
      default: staging
---
job:
  script: [make]
`,
    });
    expect(pipeline.declaredInputs.map((i) => `${i.name} ${i.type} ${at(i.origin)}`)).toEqual(['environment string .gitlab-ci.yml:3:5']);
  });

  it('includes relative to the folder of a nested repository', () => {
    const { pipeline } = build({
      'svc/.gitlab-ci.yml': 'include: /ci/jobs.yml\n',
      'svc/ci/jobs.yml': 'job:\n  script: [make]\n',
      'ci/jobs.yml': 'wrong:\n  script: [make]\n',
    });
    expect(pipeline.jobs.map((j) => j.id)).toEqual(['job']);
  });
});
