import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../../model/types.js';
import { parseYaml } from '../../yaml/parse.js';
import { gitlabAdapter } from './index.js';

function build(text: string) {
  const file: SourceFile = { path: '.gitlab-ci.yml', text };
  const out = gitlabAdapter.parse(file, 'gitlab-ci', parseYaml(text).documents);
  const pipeline = out.pipelines[0];
  if (!pipeline) throw new Error('no pipeline');
  return { pipeline, issues: out.issues, text };
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

describe('gitlab adapter', () => {
  it('claims .gitlab-ci.yml anywhere and not other YAML', () => {
    expect(gitlabAdapter.matchPath('.gitlab-ci.yml')?.platform).toBe('gitlab');
    expect(gitlabAdapter.matchPath('sub/repo/.gitlab-ci.yaml')?.platform).toBe('gitlab');
    expect(gitlabAdapter.matchPath('ci/build.yml')).toBeUndefined();
  });

  it('skips hidden jobs and global keywords, resolves extends with later parents winning and default:', () => {
    const { pipeline, text } = build(`default:
  image: alpine:3
  before_script: [echo default]
stages: [build]
.a:
  image: a:1
  script: [echo a]
.b:
  image: b:1
build:
  extends: [.a, .b]
  inherit:
    default: [image]
lint:
  script: [echo lint]
`);
    expect(pipeline.jobs.map((j) => j.id)).toEqual(['build', 'lint']);
    const [buildJob, lint] = pipeline.jobs;
    expect(buildJob?.container?.raw).toBe('b:1');
    expect(buildJob?.steps.map((s) => s.script?.value)).toEqual(['echo a']);
    expect(lint?.container?.raw).toBe('alpine:3');
    expect(lint?.steps.map((s) => s.script?.value)).toEqual(['echo default', 'echo lint']);
    expect(lineOf(text, lint?.steps[0]?.origin.span.start ?? 0)).toBe(3);
  });

  it('flattens !reference tags and nested lists, keeping the position where each line is written', () => {
    const { pipeline, text } = build(`.setup:
  script:
    - echo one
    - [echo two, echo three]
job:
  script:
    - !reference [.setup, script]
    - echo four
`);
    const steps = pipeline.jobs[0]?.steps ?? [];
    expect(steps.map((s) => s.script?.value)).toEqual(['echo one', 'echo two', 'echo three', 'echo four']);
    expect(steps.map((s) => lineOf(text, s.origin.span.start))).toEqual([3, 4, 4, 8]);
  });

  it('reports unknown extends parents, missing !reference targets and non-mapping jobs, and analyses the rest', () => {
    const { pipeline, issues } = build(`job:
  extends: .nowhere
  script:
    - !reference [.gone, script]
    - make
broken: [1, 2]
`);
    expect(issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([
      '6:1 job `broken` should be a mapping',
      '2:12 `extends` names `.nowhere`, which is not defined in this pipeline',
      '4:7 `!reference [.gone, script]` points at nothing defined in this pipeline',
    ]);
    expect(pipeline.jobs[0]?.steps.map((s) => s.script?.value)).toEqual(['make']);
  });

  it('survives extends cycles', () => {
    const { pipeline } = build(`.a:
  extends: .b
.b:
  extends: .a
job:
  extends: .a
  script: [make]
`);
    expect(pipeline.jobs[0]?.steps).toHaveLength(1);
  });

  it('turns remote, project, template and component includes into references with a pin state', () => {
    const sha = 'a'.repeat(40);
    const { pipeline } = build(`include:
  - remote: https://example.com/ci.yml
  - remote: https://example.com/pinned.yml
    integrity: sha256-abc=
  - project: group/tools
    ref: main
    file: /ci.yml
  - project: group/tools
    ref: ${sha}
    file: /ci.yml
  - project: group/tools
    file: /ci.yml
  - template: Security/SAST.gitlab-ci.yml
  - component: gitlab.com/org/comp/build@~latest
  - component: gitlab.com/org/comp/build@1.2.3
  - component: gitlab.com/org/comp/build@1
job:
  script: [make]
`);
    expect(pipeline.references.map((r) => `${r.kind} ${r.pin}`)).toEqual([
      'include none',
      'include integrity-hash',
      'include branch',
      'include commit-sha',
      'include none',
      'include floating-version',
      'component latest',
      'component immutable-version',
      'component floating-version',
    ]);
  });

  it('maps job facts: runner tags, environment, manual gate, id_tokens, secrets, needs, services', () => {
    const { pipeline } = build(`deploy:
  tags: [prod-runner]
  environment:
    name: production
  when: manual
  id_tokens:
    AWS_TOKEN:
      aud: https://sts.amazonaws.com
  secrets:
    DB_PASSWORD:
      vault: db/password@ops
  needs: [build, { job: test }]
  services: [redis:7]
  script: [./deploy.sh]
`);
    const job = pipeline.jobs[0];
    expect(job?.runner).toEqual({ labels: ['prod-runner'], selfHosted: 'unknown' });
    expect(job?.environment?.name).toBe('production');
    expect(job?.gates.map((g) => g.kind)).toEqual(['manual']);
    expect(job?.identity.oidc).toBe(true);
    expect(job?.secrets.map((s) => s.name)).toEqual(['DB_PASSWORD']);
    expect(job?.needs).toEqual(['build', 'test']);
    expect(job?.services.map((s) => s.raw)).toEqual(['redis:7']);
  });

  it('reads the pipeline from the second document of a file with a spec: header', () => {
    const { pipeline } = build(`spec:
  inputs:
    stage:
      default: test
---
job:
  script: [make]
`);
    expect(pipeline.jobs.map((j) => j.id)).toEqual(['job']);
  });
});
