import { testFixes, testRule } from '../testing/rule-tester.js';
import rule from './excessive-permissions.js';

testRule(rule, {
  valid: [
    {
      name: 'read-only workflow permissions',
      files: `on: pull_request_target
permissions:
  contents: read
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`,
    },
    {
      name: 'empty workflow permissions, write scope granted in the one job that needs it',
      files: `on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - run: make release
`,
    },
    {
      name: 'no workflow permissions but every job declares its own',
      files: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    permissions:
      issues: write
    steps:
      - run: echo a
  b:
    runs-on: ubuntu-latest
    permissions: {}
    steps:
      - run: echo b
`,
    },
    {
      name: 'workflow-level write in a single-job workflow is the same as a job-level grant',
      files: `on: push
permissions:
  contents: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: make release
`,
    },
    {
      name: 'workflow-level write when every job overrides it',
      files: `on: push
permissions:
  packages: write
jobs:
  a:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - run: echo a
  b:
    runs-on: ubuntu-latest
    permissions:
      packages: write
    steps:
      - run: docker push ghcr.io/acme/b:latest
`,
    },
    {
      name: 'job-level writes that a step visibly uses, or whose use cannot be seen',
      files: `on: push
permissions: {}
jobs:
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - uses: softprops/action-gh-release@72f2c25fcb47643c292f7107632f7a47c1df5cd8
  tag:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - run: git tag v1 && git push origin v1
  pages:
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    steps:
      - uses: example/deploy-site@v2
  script:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - run: ./scripts/bump-version.sh
  token:
    runs-on: ubuntu-latest
    permissions:
      actions: write
    env:
      GH_TOKEN: \${{ github.token }}
    steps:
      - run: gh workflow run nightly.yml
  low-tier:
    runs-on: ubuntu-latest
    permissions:
      statuses: write
    steps:
      - run: echo done
`,
    },
    {
      name: 'a workflow_run job waiting only for a reusable workflow never runs',
      files: {
        '.github/workflows/after.yml': `on:
  workflow_run:
    workflows: [shared.yml]
jobs:
  report:
    runs-on: ubuntu-latest
    steps:
      - run: echo done
`,
        '.github/workflows/shared.yml': `on:
  workflow_call:
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo build
`,
      },
    },
    {
      name: 'reusable-only workflow without permissions (the caller caps the token)',
      files: `on:
  workflow_call:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`,
    },
    {
      name: 'read-all is not a write grant',
      files: `on: push
permissions: read-all
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo a
  b:
    runs-on: ubuntu-latest
    steps:
      - run: echo b
`,
    },
  ],
  invalid: [
    {
      name: 'a workflow-level write whose jobs run only for merged pull requests names the gate, not a bare outsider',
      files: `on:
  pull_request_target:
    types: [closed]
permissions:
  id-token: write
jobs:
  backport:
    if: github.event.pull_request.merged
    runs-on: ubuntu-latest
    steps:
      - run: backport-assistant backport
  notify:
    if: github.event.pull_request.merged
    runs-on: ubuntu-latest
    steps:
      - run: echo done
`,
      errors: [
        {
          messageId: 'workflowWrite',
          line: 5,
          column: 3,
          severity: 'low',
          message:
            'reached by anyone on the internet only when the pull request was merged (a writer accepted its code), can request OIDC tokens',
        },
      ],
    },
    {
      name: 'high-impact job writes that no step uses (known actions, scripts that neither name the token nor publish)',
      files: `on: pull_request
permissions: {}
jobs:
  lint:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      id-token: write
      pull-requests: read
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          persist-credentials: false
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065
      - run: pip install ruff==0.6.9 && ruff check .
`,
      errors: [
        { messageId: 'unusedWrite', line: 7, column: 7, severity: 'low', message: "job 'lint' holds `contents: write`" },
        { messageId: 'unusedWrite', line: 8, column: 7, severity: 'low', message: "job 'lint' holds `id-token: write`" },
      ],
    },
    {
      name: 'a single-job workflow granting a write its job never uses',
      files: `on: push
permissions:
  packages: write
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          persist-credentials: false
      - uses: actions/setup-go@d35c59abb061a4a6fb18e82ac0862c26744d6ab5
      - run: go vet ./...
`,
      errors: [{ messageId: 'unusedWrite', line: 3, column: 3, severity: 'low', message: 'could publish, overwrite and delete packages' }],
    },
    {
      name: 'write-all at workflow level under pull_request_target',
      files: `on: pull_request_target
permissions: write-all
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`,
      errors: [{ messageId: 'writeAllWorkflow', line: 2, column: 14, endLine: 2, endColumn: 23, severity: 'high' }],
    },
    {
      name: 'write-all at job level under push is low',
      files: `on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - run: echo hi
`,
      errors: [{ messageId: 'writeAllJob', line: 6, column: 18, severity: 'low', message: "job 'a'" }],
    },
    {
      name: 'write-all at workflow level reported once, job that overrides it is not listed',
      files: `on: issues
permissions: write-all
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - run: echo triage
  notify:
    runs-on: ubuntu-latest
    permissions:
      issues: write
    steps:
      - run: echo notify
`,
      errors: [{ messageId: 'writeAllWorkflow', line: 2, column: 14, severity: 'high', message: "('triage')" }],
    },
    {
      name: 'workflow-level write scopes in a multi-job workflow, one finding per write scope',
      files: `on: push
permissions:
  contents: write
  id-token: write
  issues: write
  pull-requests: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: make publish
`,
      errors: [
        { messageId: 'workflowWrite', line: 3, column: 3, endColumn: 11, severity: 'low', message: 'push commits' },
        { messageId: 'workflowWrite', line: 4, column: 3, severity: 'low', message: 'OIDC' },
        { messageId: 'workflowWrite', line: 5, column: 3, severity: 'info' },
      ],
    },
    {
      name: 'workflow-level write reached by anyone with secrets is high',
      files: `on:
  pull_request_target:
  push:
permissions:
  contents: write
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: echo label
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo build
`,
      errors: [{ messageId: 'workflowWrite', line: 5, column: 3, severity: 'high' }],
    },
    {
      name: 'no permissions anywhere on a risky trigger, one finding per job',
      files: `on: pull_request_target
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: echo label
  comment:
    runs-on: ubuntu-latest
    steps:
      - run: echo comment
`,
      errors: [
        { messageId: 'defaultPermissions', line: 3, column: 3, endColumn: 8, severity: 'medium' },
        { messageId: 'defaultPermissions', line: 7, column: 3, severity: 'medium' },
      ],
    },
    {
      name: 'no permissions on an ordinary push workflow is informational; the job with its own block is fine',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
  docs:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - run: make docs
`,
      errors: [{ messageId: 'defaultPermissions', line: 3, column: 3, severity: 'info' }],
    },
    {
      name: 'an author-association gate lowers the default-permissions finding',
      files: `on: issue_comment
jobs:
  deploy:
    if: github.event.comment.author_association == 'OWNER'
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh
`,
      errors: [{ messageId: 'defaultPermissions', line: 3, column: 3, severity: 'info' }],
    },
    {
      name: 'a job calling a reusable workflow passes on the default token',
      files: `on:
  workflow_call:
  pull_request_target:
jobs:
  call:
    uses: octo-org/shared/.github/workflows/lint.yml@v1
`,
      errors: [{ messageId: 'defaultPermissions', line: 5, column: 3, severity: 'medium' }],
    },
    {
      name: 'write-all in a reusable workflow takes its severity from the caller',
      files: {
        '.github/workflows/ci.yml': `on: push
permissions: {}
jobs:
  call:
    permissions:
      contents: read
    uses: ./.github/workflows/build.yml
`,
        '.github/workflows/build.yml': `on: workflow_call
jobs:
  build:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - run: make
`,
      },
      errors: [{ messageId: 'writeAllJob', file: '.github/workflows/build.yml', line: 5, column: 18, severity: 'low' }],
    },
  ],
});

// The fix is unsafe (a job may lose a scope the table does not know it uses), so every case
// but the first runs with --unsafe.
testFixes(rule, [
  {
    name: 'without --unsafe nothing changes',
    files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
`,
    output: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
`,
    remaining: ['defaultPermissions'],
  },
  {
    name: 'no permissions: contents: read before jobs:, job permissions from the action table and gh with the job token, a comment for an unknown action',
    unsafe: true,
    files: `name: CI
on:
  pull_request:
  push:

jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
      - run: npm test
  release:
    runs-on: ubuntu-latest
    needs: test
    steps:
      - uses: actions/checkout@v4
      - uses: softprops/action-gh-release@v2
      - run: gh pr comment 1 --body "released"
        env:
          GH_TOKEN: \${{ github.token }}
  notify:
    runs-on: ubuntu-latest
    steps:
      - uses: some-org/notify-action@v1
`,
    output: `name: CI
on:
  pull_request:
  push:

permissions:
  contents: read

jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
      - run: npm test
  release:
    runs-on: ubuntu-latest
    needs: test
    permissions:
      contents: write
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
      - uses: softprops/action-gh-release@v2
      - run: gh pr comment 1 --body "released"
        env:
          GH_TOKEN: \${{ github.token }}
  notify:
    runs-on: ubuntu-latest
    # pipewarden: review these permissions: not known for uses: some-org/notify-action
    permissions:
      contents: read
    steps:
      - uses: some-org/notify-action@v1
`,
  },
  {
    name: 'workflow write-all: replaced by contents: read (comment kept on its line), code scanning job granted security-events; codeql init, an unverified table entry, is named for review',
    unsafe: true,
    files: `on: push
permissions: write-all # for now
jobs:
  analyze:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: github/codeql-action/init@v3
      - uses: github/codeql-action/analyze@v3
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`,
    output: `on: push
permissions: # for now
  contents: read
jobs:
  analyze:
    runs-on: ubuntu-latest
    # pipewarden: review these permissions: not known for uses: github/codeql-action/init (unverified table entry)
    permissions:
      contents: read
      security-events: write
    steps:
      - uses: actions/checkout@v4
      - uses: github/codeql-action/init@v3
      - uses: github/codeql-action/analyze@v3
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`,
  },
  {
    name: 'job write-all: {} when the job uses no token, the labeler scopes otherwise',
    unsafe: true,
    files: `on: pull_request_target
permissions:
  contents: read
jobs:
  lint:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - run: make lint
  label:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - uses: actions/labeler@v5
`,
    output: `on: pull_request_target
permissions:
  contents: read
jobs:
  lint:
    runs-on: ubuntu-latest
    permissions: {}
    steps:
      - run: make lint
  label:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
    steps:
      - uses: actions/labeler@v5
`,
  },
  {
    name: 'grants that depend on inputs (OIDC role vs static keys), git push, gh without the job token, gh api and a reusable workflow',
    unsafe: true,
    files: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy
          aws-region: eu-west-1
      - run: git push origin HEAD:refs/heads/deployed
  legacy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.AWS_KEY }}
          aws-secret-access-key: \${{ secrets.AWS_SECRET }}
      - run: gh issue comment 1 --body done
        env:
          GH_TOKEN: \${{ secrets.BOT_TOKEN }}
  api:
    runs-on: ubuntu-latest
    steps:
      - run: gh api repos/o/r/dispatches -f event_type=go
        env:
          GH_TOKEN: \${{ secrets.GITHUB_TOKEN }}
  call:
    uses: ./.github/workflows/reusable.yml
`,
    output: `on: push
permissions:
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      id-token: write
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy
          aws-region: eu-west-1
      - run: git push origin HEAD:refs/heads/deployed
  legacy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.AWS_KEY }}
          aws-secret-access-key: \${{ secrets.AWS_SECRET }}
      - run: gh issue comment 1 --body done
        env:
          GH_TOKEN: \${{ secrets.BOT_TOKEN }}
  api:
    runs-on: ubuntu-latest
    # pipewarden: review these permissions: not known for gh api
    permissions:
      contents: read
    steps:
      - run: gh api repos/o/r/dispatches -f event_type=go
        env:
          GH_TOKEN: \${{ secrets.GITHUB_TOKEN }}
  call:
    # pipewarden: review these permissions: not known for the reusable workflow ./.github/workflows/reusable.yml
    permissions:
      contents: read
    uses: ./.github/workflows/reusable.yml
`,
  },
  {
    name: 'a local reusable workflow: the caller grants what the called jobs hold or need',
    unsafe: true,
    files: `on: issues
jobs:
  triage:
    uses: ./.github/workflows/triage-called.yml
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
`,
    context: {
      '.github/workflows/triage-called.yml': `on: workflow_call
jobs:
  label:
    runs-on: ubuntu-latest
    permissions:
      issues: write
    steps:
      - run: ./label.sh
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: softprops/action-gh-release@v2
`,
    },
    output: `on: issues
permissions:
  contents: read
jobs:
  triage:
    permissions:
      contents: write
      issues: write
    uses: ./.github/workflows/triage-called.yml
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
`,
  },
  {
    name: 'workflow-level writes in a multi-job workflow: lowered to read (id-token to none), granted to the jobs that need them',
    unsafe: true,
    files: `on: push
permissions:
  contents: write # releases
  id-token: write
  issues: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: softprops/action-gh-release@v2
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: some-org/deploy@v1
`,
    output: `on: push
permissions:
  contents: read # releases
  id-token: none
  issues: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      issues: read
    steps:
      - uses: softprops/action-gh-release@v2
  deploy:
    runs-on: ubuntu-latest
    # pipewarden: review these permissions: not known for uses: some-org/deploy
    permissions:
      contents: write
      id-token: write
      issues: read
    steps:
      - uses: some-org/deploy@v1
`,
  },
]);
