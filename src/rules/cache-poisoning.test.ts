import { testRule } from '../testing/rule-tester.js';
import rule from './cache-poisoning.js';

const PR_TARGET_BUILD = (mode: string) => `on: pull_request_target
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
${mode}    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - uses: actions/setup-node@v4
        with:
          cache: npm
      - run: npm ci && npm test
`;

const RELEASE = `on:
  push:
    tags: ['v*']
permissions:
  contents: write
  id-token: write
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          cache: npm
      - run: npm ci && npm publish --provenance
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
`;

/** An EventListener nobody authenticates, running the `ci` pipeline on a workspace claim. */
const TK_OPEN_LISTENER = (workspace: string) => `apiVersion: triggers.tekton.dev/v1beta1
kind: EventListener
metadata:
  name: ci
spec:
  triggers:
    - name: any
      template:
        ref: ci
---
apiVersion: triggers.tekton.dev/v1beta1
kind: TriggerTemplate
metadata:
  name: ci
spec:
  resourcetemplates:
    - apiVersion: tekton.dev/v1
      kind: PipelineRun
      metadata:
        generateName: ci-
      spec:
        pipelineRef:
          name: ci
        workspaces:
          - name: source
${workspace}`;

const TK_RELEASE_RUN = (claim: string) => `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  generateName: release-
spec:
  pipelineRef:
    name: release
  taskRunTemplate:
    serviceAccountName: release-bot
  workspaces:
    - name: source
      persistentVolumeClaim:
        claimName: ${claim}
`;

const PAC_BOTH = (claim: string) => `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: build
  annotations:
    pipelinesascode.tekton.dev/on-event: "[push, pull_request]"
    pipelinesascode.tekton.dev/on-target-branch: "[main]"
spec:
  pipelineRef:
    name: build
  workspaces:
    - name: source
      persistentVolumeClaim:
        claimName: ${claim}
    - name: push-secret
      secret:
        secretName: quay-push
`;

testRule(rule, {
  valid: [
    {
      name: 'pull_request_target with the default (read-only) cache access',
      files: PR_TARGET_BUILD(''),
    },
    {
      name: 'pull_request runs save into their own ref scope, even with cache-mode: write',
      files: PR_TARGET_BUILD('    cache-mode: write\n').replace('on: pull_request_target', 'on: pull_request'),
    },
    {
      name: 'a release job with caching off',
      files: RELEASE.replace('          cache: npm\n', '          cache: ""\n'),
    },
    {
      name: 'a release job with cache-mode: none',
      files: RELEASE.replace('    runs-on: ubuntu-latest\n', '    runs-on: ubuntu-latest\n    cache-mode: none\n'),
    },
    {
      name: 'a release job whose cache is switched off for tag refs',
      files: `on:
  push:
    tags: ['*']
  release:
jobs:
  wheels:
    runs-on: ubuntu-latest
    steps:
      - uses: PyO3/maturin-action@v1
        with:
          sccache: \${{ !startsWith(github.ref, 'refs/tags/') }}
`,
    },
    {
      name: 'an ordinary CI job restoring a cache',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-go@v5
      - run: go test ./...
`,
    },
    {
      name: 'issue_comment with write access but no cache save and no pull request code',
      files: `on: issue_comment
jobs:
  triage:
    runs-on: ubuntu-latest
    cache-mode: write
    steps:
      - run: echo "\${{ github.event.comment.id }}"
`,
    },
  ],
  invalid: [
    {
      name: 'a release event, with a cache switched off only for tag pushes',
      files: `on: release
jobs:
  wheels:
    runs-on: ubuntu-latest
    steps:
      - uses: PyO3/maturin-action@v1
        with:
          sccache: \${{ !(github.event_name == 'push' && github.ref_type == 'tag') }}
`,
      errors: [{ messageId: 'restored', line: 6, column: 15, severity: 'low', message: 'runs for tags and releases' }],
    },
    {
      name: 'pull_request_target opting into cache writes after checking out the pull request: high',
      files: PR_TARGET_BUILD('    cache-mode: write\n'),
      errors: [
        {
          messageId: 'writable',
          line: 7,
          column: 17,
          endColumn: 22,
          severity: 'high',
          message: 'may write the default branch cache (cache-mode: write) after checking out pull request code',
        },
      ],
    },
    {
      name: 'a workflow-level write-only mode without pull request code: medium',
      files: `on: workflow_run
cache-mode: write-only
jobs:
  warm:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache/save@v4
        with:
          key: deps-\${{ github.run_id }}
          path: deps
`,
      errors: [{ messageId: 'writable', line: 2, column: 13, severity: 'medium', message: 'through `workflow_run`' }],
    },
    {
      name: 'on an older GitHub Enterprise Server an unset mode counts as write',
      options: { lowTrustCacheDefault: 'write' },
      files: PR_TARGET_BUILD(''),
      errors: [{ messageId: 'writable', line: 6, column: 5, severity: 'high', message: '(lowTrustCacheDefault: write)' }],
    },
    {
      name: 'a tag release restoring the npm cache: low',
      files: RELEASE,
      errors: [
        {
          messageId: 'restored',
          line: 12,
          column: 15,
          endColumn: 36,
          severity: 'low',
          message: '`actions/setup-node` restores a cache in job `publish`, which publishes or deploys',
        },
      ],
    },
    {
      name: 'medium when a job of the repository that outsiders start can write the cache',
      files: {
        '.github/workflows/release.yml': RELEASE,
        '.github/workflows/pr.yml': PR_TARGET_BUILD('    cache-mode: write\n'),
      },
      errors: [
        { messageId: 'writable', file: '.github/workflows/pr.yml', line: 7, column: 17, severity: 'high' },
        {
          messageId: 'restored',
          file: '.github/workflows/release.yml',
          line: 12,
          column: 15,
          severity: 'medium',
          message: 'including job `build` that outsiders can start',
        },
      ],
    },
    {
      name: 'a job only for release events, restoring by actions/cache',
      files: `on:
  release:
    types: [published]
jobs:
  assets:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache/restore@v4
        with:
          key: build-\${{ hashFiles('Cargo.lock') }}
          path: target
      - run: cargo build --release
`,
      errors: [{ messageId: 'restored', line: 8, column: 15, severity: 'low', message: 'runs for tags and releases' }],
    },
  ],
});

/** GitLab CI: `cache:unprotect: true`. */
testRule(rule, {
  valid: [
    {
      name: 'gitlab: caches kept apart by protection (the default), with or without keys',
      files: {
        '.gitlab-ci.yml': `default:
  cache:
    key: deps
    paths: [node_modules/]
build:
  script: [npm ci]
deploy:
  cache:
    key: deps
    unprotect: false
  script: [npm publish]
`,
      },
    },
  ],
  invalid: [
    {
      name: 'gitlab: unprotect in default: reaches every job, reported once, high when a publishing job restores it',
      files: {
        '.gitlab-ci.yml': `default:
  cache:
    key: deps
    paths: [node_modules/]
    unprotect: true
test:
  script: [npm ci, npm test]
publish:
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - npm ci
    - npm publish
`,
      },
      errors: [{ messageId: 'unprotected', line: 5, column: 5, severity: 'high', message: '2 jobs (test, publish)' }],
    },
    {
      name: 'gitlab: unprotect on one job in an included file',
      files: {
        '.gitlab-ci.yml': 'include: ci/lint.yml\n',
        'ci/lint.yml': `lint:
  cache:
    - key: lint-$CI_COMMIT_REF_SLUG
      paths: [.cache/]
      unprotect: true
  script: [make lint]
`,
      },
      errors: [{ messageId: 'unprotected', line: 5, column: 7, file: 'ci/lint.yml', severity: 'medium' }],
    },
  ],
});

testRule(rule, {
  valid: [
    {
      name: 'Tekton: the open listener gets a fresh volume per run; the release run keeps its own claim',
      files: {
        'tekton/listener.yaml': TK_OPEN_LISTENER('            volumeClaimTemplate:\n              spec: {}\n'),
        'tekton/release-run.yaml': TK_RELEASE_RUN('release-workspace'),
      },
    },
    {
      name: 'Tekton: two claims of different names',
      files: {
        'tekton/listener.yaml': TK_OPEN_LISTENER('            persistentVolumeClaim:\n              claimName: ci-workspace\n'),
        'tekton/release-run.yaml': TK_RELEASE_RUN('release-workspace'),
      },
    },
  ],
  invalid: [
    {
      name: 'Tekton: a claim bound by an open listener run and by a release run with a service account (high)',
      files: {
        'tekton/listener.yaml': TK_OPEN_LISTENER('            persistentVolumeClaim:\n              claimName: shared-workspace\n'),
        'tekton/release-run.yaml': TK_RELEASE_RUN('shared-workspace'),
      },
      errors: [
        {
          messageId: 'sharedClaim',
          file: 'tekton/release-run.yaml',
          line: 13,
          column: 20,
          severity: 'high',
          message: 'by run `ci-` (tekton/listener.yaml), which `unauthenticated webhook` can start',
        },
      ],
    },
    {
      name: 'Tekton: one Pipelines-as-Code run for pushes and pull requests on one claim (one step lower: /ok-to-test)',
      files: { '.tekton/build.yaml': PAC_BOTH('build-cache') },
      errors: [
        {
          messageId: 'sharedClaim',
          line: 14,
          column: 20,
          severity: 'medium',
          message: 'and by the same run, which `pull_request` can start',
        },
      ],
    },
  ],
});
