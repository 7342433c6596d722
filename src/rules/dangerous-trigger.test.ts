import { testRule } from '../testing/rule-tester.js';
import rule from './dangerous-trigger.js';

testRule(rule, {
  valid: [
    {
      name: 'a labeler that never looks at the pull request code',
      files: `on: pull_request_target
permissions:
  contents: read
  pull-requests: write
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@v5
`,
    },
    {
      name: 'permissions: {} and no secrets: nothing to steal',
      files: `on: pull_request_target
permissions: {}
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
          persist-credentials: false
      - run: make lint
`,
    },
    {
      name: 'same-repository gate',
      files: `on: pull_request_target
jobs:
  test:
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: make test
        env:
          TOKEN: \${{ secrets.TOKEN }}
`,
    },
    {
      name: 'an environment gates the job',
      files: `on: pull_request_target
jobs:
  test:
    environment: external-prs
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: make test
        env:
          TOKEN: \${{ secrets.TOKEN }}
`,
    },
    {
      name: 'the job is only reached by push',
      files: `on: [push, pull_request_target]
jobs:
  publish:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha || github.sha }}
      - run: make publish
        env:
          TOKEN: \${{ secrets.TOKEN }}
`,
    },
    {
      name: 'pull request text handed over through env is data',
      files: `on: pull_request_target
permissions:
  pull-requests: write
jobs:
  title:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - env:
          TITLE: \${{ github.event.pull_request.title }}
        run: ./scripts/check-title.sh "$TITLE"
`,
    },
    {
      name: 'issue_comment is not checked by default',
      files: `on: issue_comment
jobs:
  echo:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.comment.body }}"
        env:
          HOOK: \${{ secrets.SLACK_HOOK }}
`,
    },
    {
      name: 'workflow_run of a workflow only writers can start',
      files: {
        '.github/workflows/upload.yml': `on:
  workflow_run:
    workflows: [Release build]
    types: [completed]
jobs:
  upload:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ secrets.GITHUB_TOKEN }}
      - run: ./upload.sh
        env:
          TOKEN: \${{ secrets.UPLOAD_TOKEN }}
`,
        '.github/workflows/release.yml': `name: Release build
on:
  push:
    tags: ['v*']
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make dist
`,
      },
    },
  ],
  invalid: [
    {
      name: 'pull request head checked out with a secret in the job',
      files: `on:
  pull_request_target:
    types: [opened, synchronize]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: ./run-tests.sh
        env:
          TOKEN: \${{ secrets.TEST_TOKEN }}
`,
      errors: [{ messageId: 'trigger', line: 2, column: 3, severity: 'high', message: 'job `test` checks out the pull request code' }],
    },
    {
      name: 'workflow_run downloading artifacts of the triggering run with a write token',
      files: `on:
  workflow_run:
    workflows: [Benchmarks]
    types: [completed]
permissions:
  pull-requests: write
jobs:
  comment:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: results
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ github.token }}
      - run: gh pr comment "$(cat pr-number)" --body-file results.md
        env:
          GH_TOKEN: \${{ github.token }}
`,
      errors: [{ messageId: 'trigger', line: 2, column: 3, severity: 'high', message: 'downloads artifacts of another run' }],
    },
    {
      name: 'remote reusable workflow with the default token',
      files: `on: pull_request_target
jobs:
  triage:
    uses: example-org/shared/.github/workflows/triage.yml@v2
`,
      errors: [{ messageId: 'trigger', line: 1, column: 5, severity: 'medium', message: 'calls reusable workflow' }],
    },
    {
      name: 'a label gate lowers the severity but does not mitigate',
      files: `on:
  pull_request_target:
    types: [labeled]
permissions:
  contents: read
jobs:
  e2e:
    if: contains(github.event.pull_request.labels.*.name, 'run-e2e')
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: make e2e
        env:
          CLOUD_KEY: \${{ secrets.CLOUD_KEY }}
`,
      errors: [{ messageId: 'trigger', line: 2, column: 3, severity: 'medium', message: 'only a label run-e2e gate' }],
    },
    {
      name: 'issue_comment when configured',
      files: `on:
  issue_comment:
    types: [created]
jobs:
  echo:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.comment.body }}" | ./notify
        env:
          HOOK: \${{ secrets.SLACK_HOOK }}
`,
      options: { triggers: ['issue_comment'] },
      errors: [{ messageId: 'trigger', line: 2, column: 3, severity: 'high', message: 'puts github.event.comment.body into a run script' }],
    },
    {
      name: 'several exposed jobs are summarised',
      files: `on: pull_request_target
permissions:
  contents: write
jobs:
  format:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.head_ref }}
          repository: \${{ github.event.pull_request.head.repo.full_name }}
      - run: npx prettier --write . && git commit -am fmt && git push
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: dawidd6/action-download-artifact@v6
        with:
          workflow: build.yml
`,
      errors: [{ messageId: 'trigger', line: 1, column: 5, severity: 'high', message: '(and 1 more job)' }],
    },
    {
      name: 'workflow_run of a workflow that pull requests start',
      files: {
        '.github/workflows/upload.yml': `on:
  workflow_run:
    workflows: [Release build]
    types: [completed]
jobs:
  upload:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ secrets.GITHUB_TOKEN }}
      - run: ./upload.sh
        env:
          TOKEN: \${{ secrets.UPLOAD_TOKEN }}
`,
        '.github/workflows/release.yml': `name: Release build
on:
  pull_request:
  push:
    tags: ['v*']
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make dist
`,
      },
      errors: [{ messageId: 'trigger', file: '.github/workflows/upload.yml', line: 2, column: 3, severity: 'high' }],
    },
  ],
});
