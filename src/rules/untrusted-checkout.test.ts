import { testRule } from '../testing/rule-tester.js';
import rule from './untrusted-checkout.js';

testRule(rule, {
  valid: [
    {
      name: 'default checkout under pull_request_target is the base branch',
      files: `on: pull_request_target
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm test
`,
    },
    {
      name: 'pull_request runs get no secrets, so checking out the head is the normal case',
      files: `on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: npm ci
`,
    },
    {
      name: 'job only reached by push',
      files: `on: [push, pull_request_target]
jobs:
  test:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha || github.sha }}
      - run: make
`,
    },
    {
      name: 'pull_request fields are empty under issue_comment',
      files: `on: issue_comment
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: make
`,
    },
    {
      name: 'fetching the pull request only to diff it',
      files: `on: pull_request_target
jobs:
  changed:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - run: |
          git fetch origin "pull/\${{ github.event.pull_request.number }}/head:pr"
          git diff --name-only "origin/\${{ github.base_ref }}...pr"
`,
    },
    {
      name: 'a github-script output that carries the base commit',
      files: `on: issue_comment
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - id: pr
        uses: actions/github-script@v7
        with:
          script: |
            const { data } = await github.rest.pulls.get({ ...context.repo, pull_number: context.issue.number });
            core.setOutput('base', data.base.sha);
            core.setOutput('head', data.head.sha);
      - uses: actions/checkout@v4
        with:
          ref: \${{ steps.pr.outputs.base }}
      - run: make
`,
    },
  ],
  invalid: [
    {
      name: 'head commit checked out and installed with npm',
      files: `on: pull_request_target
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: npm ci
      - run: npm test
        env:
          API_KEY: \${{ secrets.API_KEY }}
`,
      errors: [{ messageId: 'checkoutThenRun', line: 8, column: 16, severity: 'critical' }],
    },
    {
      name: 'checked out but nothing runs it',
      files: `on: pull_request_target
permissions:
  pull-requests: write
jobs:
  diff:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - uses: actions/github-script@v7
        with:
          script: console.log('checked out')
`,
      errors: [{ messageId: 'checkout', line: 10, column: 16, severity: 'high' }],
    },
    {
      name: 'workflow_run head commit checked out and built (upstream unknown)',
      files: `on:
  workflow_run:
    workflows: [Build]
    types: [completed]
jobs:
  report:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.workflow_run.head_sha }}
      - run: make report
        env:
          TOKEN: \${{ secrets.REPORT_TOKEN }}
`,
      errors: [{ messageId: 'checkoutThenRun', line: 11, column: 16, severity: 'critical' }],
    },
    {
      name: 'gh pr checkout on a comment, then a repository script',
      files: `on:
  issue_comment:
    types: [created]
jobs:
  rerun:
    if: github.event.issue.pull_request && startsWith(github.event.comment.body, '/rerun')
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - env:
          GH_TOKEN: \${{ secrets.BOT_TOKEN }}
        run: |
          gh pr checkout \${{ github.event.issue.number }}
          ./scripts/ci.sh
`,
      errors: [{ messageId: 'checkoutThenRun', line: 13, column: 11, severity: 'critical' }],
    },
    {
      name: 'same-repository gate lowers the severity',
      files: `on: pull_request_target
jobs:
  test:
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: npm ci
`,
      errors: [{ messageId: 'checkoutThenRun', line: 9, column: 16, severity: 'medium' }],
    },
    {
      name: 'author association gate written as a disjunction',
      files: `on:
  issue_comment:
    types: [created]
jobs:
  test:
    if: github.event.comment.author_association == 'OWNER' || github.event.comment.author_association == 'MEMBER'
    runs-on: ubuntu-latest
    steps:
      - run: gh pr checkout "$NUMBER" && make test
        env:
          NUMBER: \${{ github.event.issue.number }}
          GH_TOKEN: \${{ github.token }}
`,
      errors: [{ messageId: 'checkoutThenRun', line: 9, column: 14, severity: 'medium' }],
    },
    {
      name: 'head commit through env and a step output, then a local action',
      files: `on: pull_request_target
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - id: head
        env:
          SHA: \${{ github.event.pull_request.head.sha }}
        run: echo "sha=$SHA" >> "$GITHUB_OUTPUT"
      - uses: actions/checkout@v4
        with:
          ref: \${{ steps.head.outputs.sha }}
      - uses: ./.github/actions/setup
`,
      errors: [{ messageId: 'checkoutThenRun', line: 12, column: 16, severity: 'critical' }],
    },
    {
      name: 'checkout into a sub-directory counts once a step works in it',
      files: `on: pull_request_target
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
          path: pr
      - run: node scripts/check-links.js pr/docs
      - run: npm ci
        working-directory: pr
`,
      errors: [{ messageId: 'checkoutThenRun', line: 9, column: 16, severity: 'critical' }],
    },
    {
      name: 'fork repository and head branch, then pip install -e',
      files: `on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          repository: \${{ github.event.pull_request.head.repo.full_name }}
          ref: \${{ github.head_ref }}
      - run: pip install -e .
`,
      errors: [{ messageId: 'checkoutThenRun', line: 9, column: 16, severity: 'critical' }],
    },
    {
      name: 'git fetch of refs/pull then git checkout, then cargo',
      files: `on:
  issue_comment:
    types: [created]
jobs:
  bench:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          git fetch origin "pull/\${{ github.event.issue.number }}/head:pr"
          git checkout pr
          cargo bench
`,
      errors: [{ messageId: 'checkoutThenRun', line: 10, column: 11, severity: 'critical' }],
    },
    {
      name: 'label gate lowers the severity by one step',
      files: `on: pull_request_target
jobs:
  test:
    if: contains(github.event.pull_request.labels.*.name, 'safe to test')
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.ref }}
      - run: pytest
`,
      errors: [{ messageId: 'checkoutThenRun', line: 9, column: 16, severity: 'high' }],
    },
    {
      name: 'a later checkout of the base replaces the pull request code',
      files: `on: pull_request_target
jobs:
  docs:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - uses: actions/checkout@v4
      - run: npm ci && npm run build
`,
      errors: [{ messageId: 'checkout', line: 9, column: 16, severity: 'high' }],
    },
    {
      name: 'workflow_run of a pull_request workflow is reachable by anyone',
      files: {
        '.github/workflows/deploy.yml': `on:
  workflow_run:
    workflows: [CI]
    types: [completed]
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.workflow_run.head_sha }}
      - run: yarn install --frozen-lockfile
        env:
          DEPLOY_TOKEN: \${{ secrets.DEPLOY_TOKEN }}
`,
        '.github/workflows/ci.yml': `name: CI
on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo test
`,
      },
      errors: [{ messageId: 'checkoutThenRun', file: '.github/workflows/deploy.yml', line: 11, column: 16, severity: 'critical' }],
    },
    {
      name: 'workflow_run of a push-only workflow is only reachable by writers',
      files: {
        '.github/workflows/deploy.yml': `on:
  workflow_run:
    workflows: [CI]
    types: [completed]
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.workflow_run.head_sha }}
      - run: yarn install --frozen-lockfile
        env:
          DEPLOY_TOKEN: \${{ secrets.DEPLOY_TOKEN }}
`,
        '.github/workflows/ci.yml': `name: CI
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo test
`,
      },
      errors: [{ messageId: 'checkoutThenRun', file: '.github/workflows/deploy.yml', line: 11, column: 16, severity: 'low' }],
    },
  ],
});
