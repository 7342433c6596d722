import { describe, expect, it } from 'vitest';
import { memoryFiles } from '../../engine/repository-files.js';
import { type Job, Trust } from '../../model/types.js';
import { parseYaml } from '../../yaml/parse.js';
import { gitlabAdapter } from './index.js';

function build(files: Record<string, string> | string) {
  const record = typeof files === 'string' ? { '.gitlab-ci.yml': files } : files;
  const sources = Object.entries(record).map(([path, text]) => ({ path, text }));
  const main = sources[0] as { path: string; text: string };
  const out = gitlabAdapter.parse(main, 'gitlab-ci', parseYaml(main.text).documents, { files: memoryFiles(sources) });
  const pipeline = out.pipelines[0];
  if (!pipeline) throw new Error('no pipeline');
  const job = (id: string) => pipeline.jobs.find((j) => j.id === id) as Job;
  return { pipeline, job, issues: out.issues.map((i) => `${i.line}:${i.column} ${i.message}`) };
}

/** The situations a job runs in, compactly: `source/ref`. */
const reach = (job: Job) => job.triggers.map((t) => `${t.gitlab?.source}/${t.gitlab?.ref}`);
const refs = (job: Job) => [...new Set(job.triggers.map((t) => t.gitlab?.ref))].sort();
const minTrust = (job: Job) => Math.min(...job.triggers.map((t) => t.minTrust));

describe('gitlab job trust', () => {
  it('binds what workflow:rules:variables set in merge request pipelines for job and include conditions', () => {
    const { job } = build({
      '.gitlab-ci.yml': `variables:
  PIPELINE_TYPE: branch
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event" && $CI_MERGE_REQUEST_LABELS =~ /docs/
      variables:
        PIPELINE_TYPE: docs_review
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      variables:
        PIPELINE_TYPE: before_merging
    - if: $CI_PIPELINE_SOURCE == "schedule"
      variables:
        PIPELINE_TYPE: nightly
    - when: always
include:
  - local: ci/nightly.yml
    rules:
      - if: $PIPELINE_TYPE == "nightly"
review:
  rules:
    - if: $PIPELINE_TYPE == "before_merging"
  script: [make review]
docs:
  rules:
    - if: $PIPELINE_TYPE == "docs_review"
  script: [make docs]
release:
  rules:
    - if: $PIPELINE_TYPE == "branch"
  script: [./release]
`,
      'ci/nightly.yml': `images:
  services: [docker:27.1.1-dind]
  script: [docker build .]
`,
    });
    // Merge request pipelines see one of the two values their rules set; elsewhere a pipeline
    // variable may override it, so it stays unknown there.
    expect(refs(job('review'))).toContain('fork-merge-request');
    expect(refs(job('docs'))).toContain('merge-request');
    expect(reach(job('review'))).toContain('web/protected-branch');
    expect(reach(job('release')).some((r) => r.startsWith('merge_request_event'))).toBe(false);
    expect(reach(job('images')).some((r) => r.startsWith('merge_request_event'))).toBe(false);
    expect(reach(job('images'))).toContain('schedule/protected-branch');
  });

  it('runs a job without rules on branches and tags of every source, never in merge request pipelines', () => {
    const { job } = build('build:\n  script: [make]\n');
    expect(refs(job('build'))).toEqual(['protected-branch', 'protected-tag', 'unprotected-branch', 'unprotected-tag']);
    expect(reach(job('build'))).toContain('schedule/unprotected-branch');
    expect(reach(job('build'))).toHaveLength(28);
    expect(minTrust(job('build'))).toBe(Trust.Writer);
  });

  it('reads default-branch, protected-ref and tag conditions', () => {
    const { job } = build(`deploy:
  script: [./deploy]
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
protected:
  script: [./release]
  rules:
    - if: $CI_COMMIT_REF_PROTECTED == "true"
tagged:
  script: [./publish]
  rules:
    - if: $CI_COMMIT_TAG
`);
    expect(refs(job('deploy'))).toEqual(['protected-branch']);
    expect(minTrust(job('deploy'))).toBe(Trust.Maintainer);
    expect(refs(job('protected'))).toEqual(['protected-branch', 'protected-tag']);
    expect(refs(job('tagged'))).toEqual(['protected-tag', 'unprotected-tag']);
    expect(minTrust(job('tagged'))).toBe(Trust.Writer);
  });

  it('reaches merge request jobs from forks run in the parent, privileged, unless the rule requires the same project', () => {
    const { job } = build(`mr:
  script: [make test]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
same-project:
  script: [make test]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event" && $CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID
`);
    expect(reach(job('mr'))).toEqual(['merge_request_event/merge-request', 'merge_request_event/fork-merge-request']);
    expect(minTrust(job('mr'))).toBe(Trust.Contributor);
    expect(job('mr').triggers.find((t) => t.gitlab?.ref === 'fork-merge-request')).toMatchObject({
      privileged: true,
      codeSource: 'untrusted-ref',
    });
    expect(reach(job('same-project'))).toEqual(['merge_request_event/merge-request']);
  });

  it('takes the first matching rule, skips when: never, and counts unknown variables and changes: as may-be-true', () => {
    const { job } = build(`not-mr:
  script: [make]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      when: never
    - when: always
flagged:
  script: [make]
  rules:
    - if: $DEPLOY == "yes"
changed:
  script: [make]
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      changes: [src/**/*]
never:
  script: [make]
  when: never
`);
    expect(refs(job('not-mr'))).toEqual([
      'external-pull-request',
      'protected-branch',
      'protected-tag',
      'unprotected-branch',
      'unprotected-tag',
    ]);
    expect(refs(job('flagged'))).toContain('fork-merge-request');
    expect(refs(job('changed'))).toEqual(['protected-branch']);
    expect(job('never').triggers).toEqual([]);
  });

  it('applies workflow:rules to every job', () => {
    const { pipeline, job } = build(`workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
build:
  script: [make]
test:
  script: [make test]
  rules:
    - when: on_success
`);
    expect(new Set(pipeline.triggers.map((t) => t.gitlab?.ref))).toEqual(
      new Set(['merge-request', 'fork-merge-request', 'protected-branch']),
    );
    expect(refs(job('build'))).toEqual(['protected-branch']);
    expect(refs(job('test'))).toEqual(['fork-merge-request', 'merge-request', 'protected-branch']);
  });

  it('reads only/except keywords and ref names (main and master are the protected default branch)', () => {
    const { job } = build(`main-only:
  script: [make]
  only: [main]
mrs:
  script: [make]
  only: [merge_requests]
not-main:
  script: [make]
  except: [main]
protected-vars:
  script: [make]
  only:
    refs: [branches]
    variables: [$CI_COMMIT_REF_PROTECTED == "true"]
scheduled:
  script: [make]
  only: [schedules]
`);
    expect(refs(job('main-only'))).toEqual(['protected-branch']);
    expect(refs(job('mrs'))).toEqual(['fork-merge-request', 'merge-request']);
    expect(refs(job('not-main'))).toEqual(['protected-branch', 'protected-tag', 'unprotected-branch', 'unprotected-tag']);
    expect(refs(job('protected-vars'))).toEqual(['protected-branch']);
    expect(reach(job('scheduled'))).toEqual([
      'schedule/protected-branch',
      'schedule/unprotected-branch',
      'schedule/protected-tag',
      'schedule/unprotected-tag',
    ]);
  });

  it('limits the jobs of a conditionally included file to the situations the include rules allow', () => {
    const { job } = build({
      '.gitlab-ci.yml': `include:
  - local: deploy.yml
    rules:
      - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
`,
      'deploy.yml': 'deploy:\n  script: [./deploy]\n',
    });
    expect(refs(job('deploy'))).toEqual(['protected-branch']);
  });

  it('gates a job whose every including rule is manual, follows !reference in rules, and reports bad expressions', () => {
    const { job, issues } = build(`.rules:
  protected:
    - if: $CI_COMMIT_REF_PROTECTED == "true"
      when: manual
release:
  script: [./release]
  rules:
    - !reference [.rules, protected]
broken:
  script: [make]
  rules:
    - if: CI_COMMIT_BRANCH == "main"
`);
    expect(refs(job('release'))).toEqual(['protected-branch', 'protected-tag']);
    expect(job('release').gates.map((g) => g.kind)).toEqual(['manual']);
    expect(issues).toEqual(['12:11 `CI_COMMIT_BRANCH == "main"` is not a CI/CD variable expression GitLab accepts']);
    expect(refs(job('broken'))).toContain('unprotected-branch');
  });
});

describe('gitlab inputs in conditions', () => {
  it('fills $[[ inputs ]] into rules before evaluating them: passed values decide, pipeline inputs only in merge request pipelines', () => {
    const { job, issues } = build({
      '.gitlab-ci.yml': `spec:
  inputs:
    deploy:
      default: "no"
---
include:
  - local: ci/qa.yml
    inputs:
      suite: full
  - local: ci/qa.yml
    inputs:
      suite: smoke
deploy:
  rules:
    - if: '"$[[ inputs.deploy ]]" == "yes"'
  script: [./deploy]
`,
      'ci/qa.yml': `spec:
  inputs:
    suite:
      default: smoke
---
"qa-$[[ inputs.suite ]]":
  rules:
    - if: '"$[[ inputs.suite ]]" == "full"'
      when: never
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script: [./qa]
`,
    });
    expect(issues).toEqual([]);
    // The starter passes inputs to push, web, API... pipelines; merge request pipelines take the default ("no").
    expect(reach(job('deploy'))).toContain('web/protected-branch');
    expect(refs(job('deploy'))).not.toContain('merge-request');
    expect(job('qa-full').triggers).toEqual([]);
    expect(refs(job('qa-smoke'))).toEqual(['fork-merge-request', 'merge-request']);
  });
});

describe('gitlab references in rules and unknown names', () => {
  it('follows !reference written as an if: value', () => {
    const { job, issues } = build(`.if-default:
  if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
deploy:
  script: [./deploy]
  rules:
    - if: !reference [.if-default, if]
`);
    expect(issues).toEqual([]);
    expect(refs(job('deploy'))).toEqual(['protected-branch']);
  });

  it('reports a missing !reference once however many jobs read it, and not at all when external includes may define it', () => {
    const twice = build(`.base:
  script:
    - !reference [.gone, script]
a:
  extends: .base
b:
  extends: .base
`);
    expect(twice.issues).toEqual(['3:7 `!reference [.gone, script]` points at nothing defined in this pipeline']);
    expect(twice.job('a').gitlab?.unresolvedExtends).toBeUndefined();
    const external = build(`include:
  - project: group/ci-templates
    ref: 0123456789abcdef0123456789abcdef01234567
    file: /templates.yml
a:
  extends: .from-templates
  script:
    - !reference [.setup, script]
`);
    expect(external.issues).toEqual([]);
    expect(external.job('a').gitlab?.unresolvedExtends).toEqual(['.from-templates']);
  });
});

describe('gitlab job facts', () => {
  it('records id_tokens, environment tier, artifacts with dotenv, caches and downstream triggers', () => {
    const { job } = build(`default:
  id_tokens:
    VAULT_ID_TOKEN:
      aud: https://vault.example.com
deploy:
  environment:
    name: production-eu
    action: start
  artifacts:
    paths: [dist/]
    reports:
      dotenv: build.env
  cache:
    - key: deps
      unprotect: true
    - key:
        files: [package-lock.json]
      policy: pull
  script: [./deploy]
review:
  environment: review/$CI_COMMIT_REF_SLUG
  script: [./review]
downstream:
  trigger:
    project: group/deployer
    forward:
      pipeline_variables: true
`);
    const deploy = job('deploy').gitlab;
    expect(deploy?.idTokens.map((t) => `${t.name} ${t.audiences.join(',')}`)).toEqual(['VAULT_ID_TOKEN https://vault.example.com']);
    expect(deploy?.environmentTier).toBe('production');
    expect(deploy?.artifacts).toMatchObject({ paths: ['dist/'], dotenv: true });
    expect(deploy?.caches.map((c) => `${c.key} ${c.policy} ${c.unprotect}`)).toEqual(['deps pull-push true', 'files pull false']);
    expect(job('review').gitlab?.environmentTier).toBe('development');
    expect(job('downstream').gitlab?.trigger).toMatchObject({ project: 'group/deployer', include: false, forwardPipelineVariables: true });
  });
});
