import { describe, expect, it } from 'vitest';
import { testFixes, testRule } from '../testing/rule-tester.js';
import rule, { patternScore, policyFor } from './unpinned-reference.js';

const SHA = '8e5e7e5ab8b370d6c329ec480221332ada57f0ab';

const TEKTON_PIPELINE = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: release
spec:
  tasks:
    - name: clone
      taskRef:
        resolver: git
        params:
          - name: url
            value: https://github.com/tektoncd/catalog.git
          - name: revision
            value: main
          - name: pathInRepo
            value: task/git-clone/0.9/git-clone.yaml
    - name: clone-no-revision
      taskRef:
        resolver: git
        params:
          - name: url
            value: https://github.com/tektoncd/catalog.git
          - name: pathInRepo
            value: task/git-clone/0.9/git-clone.yaml
    - name: pinned-clone
      taskRef:
        resolver: git
        params:
          - name: url
            value: https://github.com/tektoncd/catalog.git
          - name: revision
            value: 0123456789abcdef0123456789abcdef01234567
          - name: pathInRepo
            value: task/git-clone/0.9/git-clone.yaml
    - name: buildah
      taskRef:
        resolver: bundles
        params:
          - name: bundle
            value: quay.io/konflux-ci/tekton-catalog/task-buildah:0.4
          - name: name
            value: buildah
          - name: kind
            value: task
    - name: kaniko
      taskRef:
        resolver: hub
        params:
          - name: name
            value: kaniko
    - name: curl
      taskRef:
        resolver: http
        params:
          - name: url
            value: https://example.com/tasks/curl.yaml
    - name: build
      taskRef:
        name: build
`;

testRule(rule, {
  valid: [
    {
      name: 'Tekton: git revision by SHA, bundle by digest, exact hub version, http with digest, tasks by name',
      files: {
        'tekton/pipeline.yaml': `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: release
spec:
  tasks:
    - name: clone
      taskRef:
        resolver: git
        params:
          - name: url
            value: https://github.com/tektoncd/catalog.git
          - name: revision
            value: ${SHA}
    - name: buildah
      taskRef:
        resolver: bundles
        params:
          - name: bundle
            value: quay.io/konflux-ci/task-buildah@sha256:${'a'.repeat(64)}
    - name: kaniko
      taskRef:
        resolver: hub
        params:
          - name: name
            value: kaniko
          - name: version
            value: "0.6"
    - name: curl
      taskRef:
        resolver: http
        params:
          - name: url
            value: https://example.com/tasks/curl.yaml
          - name: digest
            value: sha256:${'b'.repeat(64)}
    - name: build
      taskRef:
        name: build
    - name: cluster
      taskRef:
        resolver: cluster
        params:
          - name: name
            value: shared-build
`,
      },
    },
    {
      name: 'actions and reusable workflows pinned to full commit SHAs',
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA} # v4.1.7
      - uses: docker/setup-buildx-action@${SHA.toUpperCase()}
  release:
    uses: octo-org/workflows/.github/workflows/release.yml@${SHA}
`,
    },
    {
      name: 'local actions, local reusable workflows and docker images belong elsewhere',
      files: `on: push
jobs:
  local:
    uses: ./.github/workflows/shared.yml
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/setup
      - uses: docker://alpine:3.20
`,
    },
    {
      name: 'the ref policy accepts tags and branches',
      options: { policy: { '*': 'ref' } },
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
      - uses: pypa/gh-action-pypi-publish@release/v1
`,
    },
    {
      name: 'a more specific any policy wins over the default',
      options: { policy: { '*': 'hash', 'my-org/*': 'any' } },
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: my-org/deploy-action@main
`,
    },
    {
      name: 'pinned action in an action metadata file',
      files: {
        'action.yml': `name: setup
description: sets things up
runs:
  using: composite
  steps:
    - uses: actions/cache@${SHA}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'Tekton: git resolver on a branch and with no revision, bundle by tag, hub without version, http without digest',
      files: { 'tekton/pipeline.yaml': TEKTON_PIPELINE },
      errors: [
        { messageId: 'branch', file: 'tekton/pipeline.yaml', line: 14, column: 20, severity: 'high' },
        { messageId: 'noRef', file: 'tekton/pipeline.yaml', line: 22, column: 20, severity: 'high' },
        { messageId: 'bundle', file: 'tekton/pipeline.yaml', line: 40, column: 20, severity: 'high' },
        { messageId: 'hubVersion', file: 'tekton/pipeline.yaml', line: 50, column: 20, severity: 'medium' },
        { messageId: 'httpNoDigest', file: 'tekton/pipeline.yaml', line: 56, column: 20, severity: 'high' },
      ],
    },
    {
      name: 'Tekton: Pipelines-as-Code remote task annotations on a branch and without a hub version; a revision from a param',
      files: {
        '.tekton/pull-request.yaml': `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: pr
  annotations:
    pipelinesascode.tekton.dev/on-event: "[pull_request]"
    pipelinesascode.tekton.dev/task: "[git-clone, https://github.com/org/tasks/blob/main/lint.yaml, buildah:0.4]"
spec:
  pipelineSpec:
    tasks:
      - name: deploy
        taskRef:
          resolver: git
          params:
            - name: url
              value: https://github.com/org/tasks.git
            - name: revision
              value: $(params.tasks-revision)
`,
      },
      errors: [
        { messageId: 'hubVersion', file: '.tekton/pull-request.yaml', line: 7, column: 40, severity: 'medium' },
        { messageId: 'branch', file: '.tekton/pull-request.yaml', line: 7, column: 51, severity: 'high', message: 'follows `main`' },
        { messageId: 'dynamic', file: '.tekton/pull-request.yaml', line: 18, column: 22, severity: 'medium' },
      ],
    },
    {
      name: 'branch, moving tag and full version tag of third-party actions',
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: pypa/gh-action-pypi-publish@release/v1
      - uses: docker/build-push-action@v6
      - uses: softprops/action-gh-release@v2.0.8
`,
      errors: [
        { messageId: 'branch', line: 6, column: 15, endLine: 6, endColumn: 53, severity: 'high' },
        { messageId: 'floatingTag', line: 7, column: 15, severity: 'medium' },
        { messageId: 'versionTag', line: 8, column: 15, severity: 'low' },
      ],
    },
    {
      name: 'GitHub-owned actions are reported one step lower',
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@main
      - uses: actions/setup-python@v5
      - uses: github/codeql-action/init@v3.26.0
`,
      errors: [
        { messageId: 'branch', line: 6, column: 15, severity: 'medium' },
        { messageId: 'floatingTag', line: 7, column: 15, severity: 'low' },
        { messageId: 'versionTag', line: 8, column: 15, severity: 'info' },
      ],
    },
    {
      name: 'no ref at all, and an abbreviated SHA',
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: some-owner/some-action
      - uses: some-owner/other-action@8e5e7e5
`,
      errors: [
        { messageId: 'noRef', line: 6, column: 15, severity: 'high', message: 'default branch of some-owner/some-action' },
        { messageId: 'abbreviatedSha', line: 7, column: 15, severity: 'high' },
      ],
    },
    {
      name: 'remote reusable workflows by branch and tag',
      files: `on: push
jobs:
  local:
    uses: ./.github/workflows/local.yml
  by-branch:
    uses: octo-org/workflows/.github/workflows/deploy.yml@main
  by-tag:
    uses: octo-org/workflows/.github/workflows/deploy.yml@v1
`,
      errors: [
        { messageId: 'branch', line: 6, column: 11, severity: 'high', message: 'this reusable workflow' },
        { messageId: 'floatingTag', line: 8, column: 11, severity: 'medium' },
      ],
    },
    {
      name: 'quoted and block scalar values are reported at the value itself',
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: 'actions/checkout@v4'
      - uses: |
          docker/login-action@v3
`,
      errors: [
        { messageId: 'floatingTag', line: 6, column: 16, endColumn: 35, severity: 'low' },
        { messageId: 'floatingTag', line: 8, column: 11, severity: 'medium' },
      ],
    },
    {
      name: 'a computed reference',
      files: `on: workflow_call
jobs:
  call:
    uses: octo-org/workflows/.github/workflows/build.yml@\${{ inputs.ref }}
`,
      errors: [{ messageId: 'dynamic', line: 4, column: 11, severity: 'medium' }],
    },
    {
      name: 'most specific policy wins: exact name over owner wildcard',
      options: { policy: { 'actions/*': 'any', 'actions/setup-python': 'hash', 'pypa/gh-action-pypi-publish': 'ref' } },
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
      - uses: pypa/gh-action-pypi-publish@release/v1
      - uses: pypa/other
`,
      errors: [
        { messageId: 'floatingTag', line: 7, column: 15, severity: 'low' },
        { messageId: 'noRef', line: 9, column: 15, severity: 'high' },
      ],
    },
    {
      name: 'the ref policy still reports a missing ref',
      options: { policy: { '*': 'ref' } },
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: some-owner/some-action
`,
      errors: [{ messageId: 'noRef', line: 6, column: 15, severity: 'high' }],
    },
    {
      name: 'composite action steps',
      files: {
        'action.yml': `name: setup
description: sets things up
runs:
  using: composite
  steps:
    - uses: asdf-vm/actions/setup@v3
    - uses: asdf-vm/actions/install@main
`,
      },
      errors: [
        { messageId: 'floatingTag', line: 6, column: 13, severity: 'medium', file: 'action.yml' },
        { messageId: 'branch', line: 7, column: 13, severity: 'high', file: 'action.yml' },
      ],
    },
  ],
});

describe('unpinned-reference policy patterns', () => {
  it('ranks exact names over repository prefixes over wildcards over *', () => {
    const name = 'github/codeql-action/init';
    expect(patternScore('github/codeql-action/init', name)).toBeGreaterThan(patternScore('github/codeql-action', name));
    expect(patternScore('github/codeql-action', name)).toBeGreaterThan(patternScore('github/codeql-action/*', name));
    expect(patternScore('github/codeql-action/*', name)).toBeGreaterThan(patternScore('github/*', name));
    expect(patternScore('github/*', name)).toBeGreaterThan(patternScore('*', name));
    expect(patternScore('actions/*', name)).toBe(-1);
    expect(patternScore('github/codeql', name)).toBe(-1);
  });

  it('falls back to hash when nothing matches and compares case-insensitively', () => {
    expect(policyFor({ 'actions/*': 'any' }, 'pypa/x')).toBe('hash');
    expect(policyFor({ 'Actions/*': 'any' }, 'actions/Checkout')).toBe('any');
  });
});

const CHECKOUT_SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';
const SETUP_NODE_SHA = '49933ea5288caeca8642d1e84afbd3f7d6820020';
const REUSABLE_SHA = '0123456789abcdef0123456789abcdef01234567';
const PINS = {
  'actions/checkout@v4': { sha: CHECKOUT_SHA, version: 'v4.2.2' },
  'actions/setup-node@main': { sha: SETUP_NODE_SHA, version: 'main' },
  'acme/workflows@v1.2.0': { sha: REUSABLE_SHA, version: 'v1.2.0' },
};

testFixes(rule, [
  {
    name: 'pins tags, branches and reusable workflows from the lock, keeping the version in a comment',
    pins: PINS,
    files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: "actions/setup-node@main"   # node toolchain
      - uses: 'actions/checkout@v4' # v4
  shared:
    uses: Acme/workflows/.github/workflows/ci.yml@v1.2.0
`,
    output: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${CHECKOUT_SHA} # v4.2.2
      - uses: "actions/setup-node@${SETUP_NODE_SHA}"   # node toolchain
      - uses: 'actions/checkout@${CHECKOUT_SHA}' # v4.2.2
  shared:
    uses: Acme/workflows/.github/workflows/ci.yml@${REUSABLE_SHA} # v1.2.0
`,
  },
  {
    name: 'pins inside a flow mapping without adding a comment that would swallow the rest of the line',
    pins: PINS,
    files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - { uses: actions/checkout@v4, with: { fetch-depth: 0 } }
`,
    output: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - { uses: actions/checkout@${CHECKOUT_SHA}, with: { fetch-depth: 0 } }
`,
  },
  {
    name: 'leaves references the lock does not know, and expressions, for a human',
    pins: PINS,
    files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@v4
      - uses: actions/checkout@\${{ inputs.ref }}
`,
    output: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@v4
      - uses: actions/checkout@\${{ inputs.ref }}
`,
    remaining: ['floatingTag', 'dynamic'],
  },
  {
    name: 'offers nothing without a lock',
    files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
`,
    output: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
`,
    remaining: ['floatingTag'],
  },
]);

/** GitLab CI: includes and components. */
const GL_SHA = 'c0ffee0123456789abcdef0123456789abcdef01';
testRule(rule, {
  valid: [
    {
      name: 'gitlab: project includes and components on full SHAs, remote includes with integrity, local includes and same-project components',
      files: {
        '.gitlab-ci.yml': `include:
  - project: platform/ci-templates
    ref: ${GL_SHA}
    file: /templates/build.yml
  - remote: https://example.com/ci/lint.yml
    integrity: sha256-L6pXzP8bQwU9gq1T2mBo6m0Yx0kFQ2h8cG0pM3i5rQE=
  - component: gitlab.com/components/sast/sast@${GL_SHA}
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/build@main
  - local: ci/test.yml
`,
        'ci/test.yml': 'test:\n  script: [make test]\n',
      },
    },
    {
      name: 'gitlab: the any policy for a group',
      options: { policy: { '*': 'hash', 'platform/*': 'any' } },
      files: {
        '.gitlab-ci.yml': `include:
  - project: platform/ci-templates
    ref: main
    file: /templates/build.yml
`,
      },
    },
  ],
  invalid: [
    {
      name: 'gitlab: no ref, a branch, a tag, a partial version, ~latest, a remote URL without integrity, a template, a variable',
      files: {
        '.gitlab-ci.yml': `include:
  - project: platform/ci-templates
    file: /templates/build.yml
  - project: platform/deploy
    ref: main
    file: /deploy.yml
  - project: platform/release
    ref: v2.3.1
    file: /release.yml
  - component: gitlab.com/components/secret-detection/secret-detection@1
  - component: gitlab.com/components/opentofu/full-pipeline@~latest
  - remote: https://raw.githubusercontent.com/acme/ci/main/lint.yml
  - https://example.com/extra.yml
  - template: Security/SAST.gitlab-ci.yml
  - remote: $CONFIG_URL
`,
      },
      errors: [
        { messageId: 'noRef', line: 2, column: 14, severity: 'high' },
        { messageId: 'branch', line: 5, column: 10, severity: 'high' },
        { messageId: 'versionTag', line: 8, column: 10, severity: 'low' },
        { messageId: 'floatingTag', line: 10, column: 16, severity: 'medium' },
        { messageId: 'latestComponent', line: 11, column: 16, severity: 'medium' },
        { messageId: 'remoteInclude', line: 12, column: 13, severity: 'high' },
        { messageId: 'remoteInclude', line: 13, column: 5, severity: 'high' },
        { messageId: 'templateInclude', line: 14, column: 15, severity: 'info' },
        { messageId: 'dynamic', line: 15, column: 13, severity: 'medium' },
      ],
    },
    {
      name: 'gitlab: an include ref from $[[ inputs ]] judged as filled in (a pipeline input by its default)',
      files: {
        '.gitlab-ci.yml': `spec:
  inputs:
    templates_ref:
      default: main
---
include:
  - project: platform/ci-templates
    ref: $[[ inputs.templates_ref ]]
    file: /templates/build.yml
`,
      },
      errors: [{ messageId: 'branch', line: 8, column: 10, severity: 'high', message: '`platform/ci-templates@main` follows `main`' }],
    },
    {
      name: 'gitlab: a remote include in an included file is reported there',
      files: {
        '.gitlab-ci.yml': 'include: ci/shared.yml\n',
        'ci/shared.yml': `include:
  - remote: https://ci.example.com/shared.yml
build:
  script: [make]
`,
      },
      errors: [{ messageId: 'remoteInclude', line: 2, column: 13, file: 'ci/shared.yml' }],
    },
  ],
});
