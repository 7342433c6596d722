import { testRule } from '../testing/rule-tester.js';
import rule from './self-hosted-runner-exposure.js';

testRule(rule, {
  valid: [
    {
      name: 'self-hosted runner only reached by push',
      files: `on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: [self-hosted, linux]
    steps:
      - uses: actions/checkout@v4
      - run: make
`,
    },
    {
      name: 'GitHub-hosted runner',
      files: `on: pull_request
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: make
`,
    },
    {
      name: 'managed ephemeral provider',
      files: `on: pull_request
jobs:
  build:
    runs-on: blacksmith-4vcpu-ubuntu-2204
    steps:
      - uses: actions/checkout@v4
      - run: make
`,
    },
    {
      name: 'matrix value excluded',
      files: `on: pull_request
jobs:
  test:
    strategy:
      matrix:
        os: [ubuntu-latest, macos-latest, self-hosted]
        exclude:
          - os: self-hosted
    runs-on: \${{ matrix.os }}
    steps:
      - run: make test
`,
    },
    {
      name: 'runs-on from an input cannot be resolved',
      files: `on:
  workflow_call:
    inputs:
      runner:
        type: string
jobs:
  build:
    runs-on: \${{ inputs.runner }}
    steps:
      - run: make
`,
    },
    {
      name: 'job reached only by push in a mixed workflow',
      files: `on: [push, pull_request]
jobs:
  release:
    if: github.event_name == 'push'
    runs-on: [self-hosted, signing]
    steps:
      - run: make release
`,
    },
  ],
  invalid: [
    {
      name: 'fork pull requests run on a self-hosted runner',
      files: `on: pull_request
jobs:
  gpu-tests:
    runs-on: [self-hosted, linux, gpu]
    steps:
      - uses: actions/checkout@v4
      - run: make test-gpu
`,
      errors: [
        {
          messageId: 'selfHosted',
          line: 4,
          column: 14,
          severity: 'critical',
          message: 'a pull request from a fork can change this workflow',
        },
      ],
    },
    {
      name: 'pull_request_target checks out the head on a self-hosted runner',
      files: `on: pull_request_target
jobs:
  build:
    runs-on: [self-hosted, x64]
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: make
`,
      errors: [{ messageId: 'selfHosted', line: 4, column: 14, severity: 'critical', message: 'checks out pull request code' }],
    },
    {
      name: 'comment-triggered job on a self-hosted runner, no pull request code',
      files: `on:
  issue_comment:
    types: [created]
jobs:
  respond:
    runs-on: self-hosted
    steps:
      - run: ./scripts/respond.sh
`,
      errors: [{ messageId: 'selfHosted', line: 6, column: 14, severity: 'high' }],
    },
    {
      name: 'non-standard label, lower confidence and one step lower',
      files: `on: pull_request
jobs:
  bench:
    runs-on: bare-metal-bench
    steps:
      - uses: actions/checkout@v4
      - run: cargo bench
`,
      errors: [{ messageId: 'possiblySelfHosted', line: 4, column: 14, severity: 'high' }],
    },
    {
      name: 'runner group only',
      files: `on: pull_request
jobs:
  e2e:
    runs-on:
      group: internal-runners
    steps:
      - uses: actions/checkout@v4
      - run: make e2e
`,
      errors: [{ messageId: 'possiblySelfHosted', line: 5, column: 7, severity: 'high' }],
    },
    {
      name: 'self-hosted added by matrix include',
      files: `on: pull_request
jobs:
  test:
    strategy:
      matrix:
        runner: [ubuntu-latest]
        include:
          - runner: [self-hosted, arm64]
    runs-on: \${{ matrix.runner }}
    steps:
      - uses: actions/checkout@v4
      - run: make test
`,
      errors: [{ messageId: 'selfHosted', line: 9, column: 14, severity: 'critical' }],
    },
    {
      name: 'an ephemeral runner is high, not critical',
      files: `on: pull_request
jobs:
  test:
    runs-on: [self-hosted, linux, ephemeral]
    steps:
      - uses: actions/checkout@v4
      - run: make test
`,
      errors: [{ messageId: 'selfHosted', line: 4, column: 14, severity: 'high' }],
    },
    {
      name: 'author association gate lowers the severity',
      files: `on:
  issue_comment:
    types: [created]
jobs:
  deploy-preview:
    if: github.event.comment.author_association == 'MEMBER'
    runs-on: [self-hosted, deploy]
    steps:
      - run: ./deploy-preview.sh
`,
      errors: [{ messageId: 'selfHosted', line: 7, column: 14, severity: 'low' }],
    },
    {
      name: 'a label gate does not protect pull_request, whose workflow the author controls',
      files: `on:
  pull_request:
    types: [labeled]
jobs:
  hardware:
    if: github.event.label.name == 'run-on-hardware'
    runs-on: [self-hosted, fpga]
    steps:
      - uses: actions/checkout@v4
      - run: make hw-test
`,
      errors: [{ messageId: 'selfHosted', line: 7, column: 14, severity: 'critical' }],
    },
  ],
});
