import { describe, expect, it } from 'vitest';
import { testFixes, testRule } from '../testing/rule-tester.js';
import rule, { imagePin } from './unpinned-image.js';

const DIGEST = 'sha256:7df1eeff67eb0ba84f6b9d2940765a6bb1158081426745c185a03b1507de6a09';

const TEKTON_TASK = `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build
spec:
  params:
    - name: builder
      default: quay.io/buildah/stable:latest
    - name: pinned
      default: alpine@sha256:77726ef6b57ddf65bb551896826ec38bc3e53f75cdde31354fbffb4f25238ebd
  stepTemplate:
    image: golang:1.22
  steps:
    - name: compile
      script: go build ./...
    - name: test
      script: go test ./...
    - name: image
      image: $(params.builder)
      script: buildah bud .
    - name: scan
      image: $(params.pinned)
      script: true
    - name: lint
      image: golangci/golangci-lint@sha256:77726ef6b57ddf65bb551896826ec38bc3e53f75cdde31354fbffb4f25238ebd
      script: golangci-lint run
  sidecars:
    - name: registry
      image: registry
`;

testRule(rule, {
  valid: [
    {
      name: 'Tekton: step, stepTemplate, sidecar and param-default images pinned to digests',
      files: {
        'tekton/task.yaml': `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build
spec:
  params:
    - name: builder
      default: quay.io/buildah/stable@${DIGEST}
  stepTemplate:
    image: golang@${DIGEST}
  steps:
    - name: compile
      script: go build ./...
    - name: image
      image: $(params.builder)
      script: buildah bud .
  sidecars:
    - name: registry
      image: registry@${DIGEST}
`,
      },
    },
    {
      name: 'GitLab: image and service pinned to digests',
      files: {
        '.gitlab-ci.yml': `build:
  image: node:20.11.1@sha256:${'a'.repeat(64)}
  services:
    - name: postgres@sha256:${'b'.repeat(64)}
  script: [make]
`,
      },
    },
    {
      name: 'GitLab: the VM image of a hosted macOS runner is no container image',
      files: {
        '.gitlab-ci.yml': `build:ios:
  image: macos-15-xcode-16
  tags: [saas-macos-medium-m1]
  script: [xcodebuild]
`,
      },
    },
    {
      name: 'GitLab: image from a variable the file defines, pinned to a digest there',
      files: {
        '.gitlab-ci.yml': `variables:
  NODE_IMAGE: "node@sha256:${'c'.repeat(64)}"
build:
  image: \${NODE_IMAGE}
  script: [make]
`,
      },
    },
    {
      name: 'digest-pinned container, services and docker step',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: node:20.11.1@${DIGEST}
    services:
      db:
        image: ghcr.io/octo-org/postgres@${DIGEST}
    steps:
      - uses: docker://alpine@${DIGEST}
`,
    },
    {
      name: 'empty image and matrix values that are pinned or empty',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      db:
        image: ""
      cache:
        image: "\${{ matrix.redis || '' }}"
    strategy:
      matrix:
        include:
          - redis: redis:7.4.1@${DIGEST}
          - other: x
    steps:
      - run: true
`,
    },
    {
      name: 'Docker action built from its own Dockerfile',
      files: {
        'action.yml': `name: lint
description: lints
runs:
  using: docker
  image: Dockerfile
`,
      },
    },
  ],
  invalid: [
    {
      name: 'Tekton: a stepTemplate image reported once for the steps it fills, a param default, a sidecar without tag',
      files: { 'tekton/task.yaml': TEKTON_TASK },
      errors: [
        { messageId: 'paramDefault', file: 'tekton/task.yaml', line: 8, column: 16, severity: 'high' },
        {
          messageId: 'floatingTag',
          file: 'tekton/task.yaml',
          line: 12,
          column: 12,
          severity: 'medium',
          message: 'the stepTemplate image of Task build',
        },
        { messageId: 'noTag', file: 'tekton/task.yaml', line: 29, column: 14, severity: 'high', message: 'sidecar registry of Task build' },
      ],
    },
    {
      name: 'Tekton: an image built from a param without a default is decided at run time',
      files: {
        'tekton/task.yaml': `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: run
spec:
  params:
    - name: image
  steps:
    - name: run
      image: $(params.image)
      script: ./run.sh
`,
      },
      errors: [{ messageId: 'dynamic', file: 'tekton/task.yaml', line: 10, column: 14, severity: 'low' }],
    },
    {
      name: 'GitLab: default image inherited by a job, service by tag, hidden template not reported twice',
      files: {
        '.gitlab-ci.yml': `default:
  image: node:20
.db:
  services:
    - postgres:latest
test:
  extends: .db
  script: [npm test]
`,
      },
      errors: [
        { messageId: 'floatingTag', line: 2, column: 10, endColumn: 17, file: '.gitlab-ci.yml' },
        { messageId: 'latest', line: 5, column: 7, endColumn: 22, file: '.gitlab-ci.yml' },
      ],
    },
    {
      name: 'GitLab: images from variables, filled in from the file; a variable defined elsewhere',
      files: {
        '.gitlab-ci.yml': `variables:
  IMAGE_TAG: "main"
  DEFAULT_IMAGE: "registry.example.com/ci/debian-\${DEBIAN_VERSION}:\${IMAGE_TAG}"
  BASE: registry.example.com/base
build:
  image: \${DEFAULT_IMAGE}
  script: [make]
lint:
  variables:
    BASE: registry.example.com/lint
  image: $BASE
  script: [make lint]
test:
  image: \${CI_REGISTRY_IMAGE}/ci
  script: [make test]
`,
      },
      errors: [
        {
          messageId: 'floatingTag',
          line: 6,
          column: 10,
          file: '.gitlab-ci.yml',
          message: '`registry.example.com/ci/debian-${DEBIAN_VERSION}:main` (the container of job build)',
        },
        {
          messageId: 'noTag',
          line: 11,
          column: 10,
          file: '.gitlab-ci.yml',
          message: '`registry.example.com/lint` (the container of job lint)',
        },
        { messageId: 'variable', line: 14, column: 10, file: '.gitlab-ci.yml', severity: 'low' },
      ],
    },
    {
      name: 'GitLab: $[[ inputs ]] judged as filled in, per copy of an included file; a pipeline input by its default',
      files: {
        '.gitlab-ci.yml': `spec:
  inputs:
    runner_image:
      default: node:20
---
include:
  - local: ci/lint.yml
    inputs:
      image: python:3.12
  - local: ci/lint.yml
    inputs:
      image: registry.example.com/lint@sha256:${'a'.repeat(64)}
build:
  image: $[[ inputs.runner_image ]]
  script: [make]
`,
        'ci/lint.yml': `spec:
  inputs:
    image:
---
"lint-$[[ inputs.image ]]":
  image: $[[ inputs.image ]]
  script: [make lint]
`,
      },
      errors: [
        {
          messageId: 'floatingTag',
          line: 6,
          column: 10,
          file: 'ci/lint.yml',
          message: '`python:3.12` (the container of job lint-python:3.12, `$[[ inputs.image ]]` filled in) uses the tag `3.12`',
        },
        {
          messageId: 'floatingTag',
          line: 14,
          column: 10,
          file: '.gitlab-ci.yml',
          message: '`node:20` (the container of job build, `$[[ inputs.runner_image ]]` filled in)',
        },
      ],
    },
    {
      name: 'no tag, latest, floating tag and full version tag',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: registry.example.com/team/builder
    services:
      cache:
        image: redis:latest
      db:
        image: postgres:16-alpine
      queue:
        image: rabbitmq:3.13.7
    steps:
      - run: true
`,
      errors: [
        { messageId: 'noTag', line: 6, column: 14, endColumn: 47, severity: 'high', message: 'the container of job test' },
        { messageId: 'latest', line: 9, column: 16, severity: 'high', message: 'a service container of job test' },
        { messageId: 'floatingTag', line: 11, column: 16, severity: 'medium' },
        { messageId: 'versionTag', line: 13, column: 16, severity: 'low' },
      ],
    },
    {
      name: 'short container form and docker:// steps',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container: node:18
    steps:
      - uses: docker://ubuntu
      - uses: "docker://ghcr.io/octo-org/tool:1.4.2"
`,
      errors: [
        { messageId: 'floatingTag', line: 5, column: 16, severity: 'medium' },
        { messageId: 'noTag', line: 7, column: 15, severity: 'high', message: 'a step of job test' },
        { messageId: 'versionTag', line: 8, column: 16, endColumn: 52, severity: 'low' },
      ],
    },
    {
      name: 'image from the matrix: the worst literal value is reported, pinned and empty ones are not',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: \${{ matrix.image }}
    strategy:
      matrix:
        include:
          - image: ubuntu:24.04
          - image: ubuntu@${DIGEST}
          - image: ubuntu
    steps:
      - run: true
`,
      errors: [{ messageId: 'matrix', line: 6, column: 14, severity: 'high', message: 'the value `ubuntu` names no tag' }],
    },
    {
      name: 'tag from a matrix dimension',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container: node:\${{ matrix.node }}
    strategy:
      matrix:
        node: [18, 20.11.1]
    steps:
      - run: true
`,
      errors: [{ messageId: 'matrix', line: 5, column: 16, severity: 'medium', message: '`node:18`' }],
    },
    {
      name: 'image from a field of matrix objects',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container: \${{ matrix.config.image }}
    strategy:
      matrix:
        config:
          - name: fast
            image: ghcr.io/octo-org/ci:2024.06.1
          - name: slow
    steps:
      - run: true
`,
      errors: [{ messageId: 'matrix', line: 5, column: 16, severity: 'low', message: '`ghcr.io/octo-org/ci:2024.06.1`' }],
    },
    {
      name: 'computed image',
      files: `on: workflow_call
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: \${{ inputs.image || vars.DEFAULT_IMAGE }}
    steps:
      - run: true
`,
      errors: [{ messageId: 'dynamic', line: 6, column: 14, severity: 'low' }],
    },
    {
      name: 'Docker action image by tag',
      files: {
        'action.yml': `name: lint
description: lints
runs:
  using: docker
  image: "docker://ghcr.io/octo-org/linter:slim"
`,
      },
      errors: [
        {
          messageId: 'floatingTag',
          line: 5,
          column: 11,
          severity: 'medium',
          file: 'action.yml',
          message: 'the Docker image of this action',
        },
      ],
    },
  ],
});

describe('imagePin', () => {
  it('separates registry ports from tags and recognises digests', () => {
    expect(imagePin('localhost:5000/app')).toEqual({ problem: 'noTag', repository: 'localhost:5000/app' });
    expect(imagePin('localhost:5000/app:1.2.3')?.problem).toBe('versionTag');
    expect(imagePin(`app:1.0@${DIGEST}`)).toEqual({ repository: 'app' });
    expect(imagePin('app@sha256:abc')?.problem).toBe('noTag');
    expect(imagePin('super-linter:slim-v8.5.0')?.problem).toBe('versionTag');
    expect(imagePin('  ')).toBeUndefined();
  });
});

const NODE_DIGEST = `sha256:${'1'.repeat(64)}`;
const REDIS_DIGEST = `sha256:${'2'.repeat(64)}`;
const ALPINE_DIGEST = `sha256:${'3'.repeat(64)}`;
const IMAGES = {
  'node:20': { digest: NODE_DIGEST },
  'redis:latest': { digest: REDIS_DIGEST },
  'alpine:3.20': { digest: ALPINE_DIGEST },
};

testFixes(rule, [
  {
    name: 'pins job containers, services and docker:// steps from the lock, keeping the tag in a comment',
    images: IMAGES,
    files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container: node:20
    services:
      cache:
        image: "redis"
    steps:
      - uses: docker://alpine:3.20 # 3.19
`,
    output: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container: node@${NODE_DIGEST} # 20
    services:
      cache:
        image: "redis@${REDIS_DIGEST}" # latest
    steps:
      - uses: docker://alpine@${ALPINE_DIGEST} # 3.20
`,
  },
  {
    name: 'leaves images the lock does not know',
    images: IMAGES,
    files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container: node:22
`,
    output: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container: node:22
`,
    remaining: ['floatingTag'],
  },
]);
