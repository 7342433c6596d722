import { testFixes, testRule } from '../testing/rule-tester.js';
import rule from './secrets-inherit.js';

testRule(rule, {
  valid: [
    {
      name: 'explicit secrets mapping',
      files: `on: push
jobs:
  release:
    uses: octo-org/shared/.github/workflows/release.yml@v2
    secrets:
      NPM_TOKEN: \${{ secrets.NPM_TOKEN }}
`,
    },
    {
      name: 'no secrets passed, or an empty mapping',
      files: `on: push
jobs:
  lint:
    uses: octo-org/shared/.github/workflows/lint.yml@v2
  test:
    uses: ./.github/workflows/test.yml
    secrets: {}
`,
    },
  ],
  invalid: [
    {
      name: 'local reusable workflow on push is medium and names the secrets it reads',
      files: {
        '.github/workflows/ci.yml': `on: push
permissions: {}
jobs:
  deploy:
    uses: ./.github/workflows/deploy.yml
    secrets: inherit
`,
        '.github/workflows/deploy.yml': `on: workflow_call
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh
        env:
          TOKEN: \${{ secrets.DEPLOY_TOKEN }}
          KEY: \${{ secrets.SSH_KEY }}
`,
      },
      errors: [
        {
          messageId: 'inherit',
          file: '.github/workflows/ci.yml',
          line: 6,
          column: 14,
          endColumn: 21,
          severity: 'medium',
          message: 'it reads only DEPLOY_TOKEN, SSH_KEY',
        },
      ],
    },
    {
      name: 'local reusable workflow that reads no secrets',
      files: {
        '.github/workflows/ci.yml': `on: push
jobs:
  test:
    uses: ./.github/workflows/test.yml
    secrets: inherit
`,
        '.github/workflows/test.yml': `on: workflow_call
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
`,
      },
      errors: [
        {
          messageId: 'inherit',
          file: '.github/workflows/ci.yml',
          line: 5,
          column: 14,
          severity: 'medium',
          message: 'can simply be removed',
        },
      ],
    },
    {
      name: 'workflow in another repository is high',
      files: `on: push
jobs:
  release:
    uses: some-vendor/workflows/.github/workflows/publish.yml@main
    secrets: inherit
`,
      errors: [{ messageId: 'inherit', line: 5, column: 14, severity: 'high', message: 'another repository' }],
    },
    {
      name: 'a workflow of another repository pinned to a commit is medium',
      files: `on: push
jobs:
  release:
    uses: some-vendor/workflows/.github/workflows/publish.yml@0a727065ae5a2313e8e6acf172844e8ca30c1822
    secrets: inherit
`,
      errors: [{ messageId: 'inherit', line: 5, column: 14, severity: 'medium', message: 'pinned to a commit' }],
    },
    {
      name: 'a trusted owner counts as first-party',
      options: { trustedOwners: ['Octo-Org'] },
      files: `on: push
jobs:
  release:
    uses: octo-org/shared/.github/workflows/publish.yml@v1
    secrets: inherit
`,
      errors: [{ messageId: 'inherit', line: 5, column: 14, severity: 'medium' }],
    },
    {
      name: 'same-repository workflow reached by anyone in a privileged context is high',
      files: `on: pull_request_target
jobs:
  label:
    uses: ./.github/workflows/label.yml
    secrets: inherit
`,
      errors: [{ messageId: 'inherit', line: 5, column: 14, severity: 'high', message: 'anyone on the internet' }],
    },
    {
      name: 'a maintainer gate keeps it at medium',
      files: `on: issue_comment
jobs:
  deploy:
    if: github.event.comment.author_association == 'MEMBER'
    uses: ./.github/workflows/deploy.yml
    secrets: inherit
`,
      errors: [{ messageId: 'inherit', line: 6, column: 14, severity: 'medium' }],
    },
  ],
});

const CALLEE_DECLARES = `on:
  workflow_call:
    secrets:
      NPM_TOKEN:
        required: true
      SLACK_WEBHOOK:
        required: false
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
`;

testFixes(rule, [
  {
    name: 'a local callee: the secrets it declares, by name (comment kept on the key line)',
    files: `on: push
jobs:
  release:
    uses: ./.github/workflows/publish.yml
    secrets: inherit # everything for now
`,
    context: { '.github/workflows/publish.yml': CALLEE_DECLARES },
    output: `on: push
jobs:
  release:
    uses: ./.github/workflows/publish.yml
    secrets: # everything for now
      NPM_TOKEN: \${{ secrets.NPM_TOKEN }}
      SLACK_WEBHOOK: \${{ secrets.SLACK_WEBHOOK }}
`,
  },
  {
    name: 'a local callee that declares no secrets: secrets: inherit is removed',
    files: `on: push
jobs:
  test:
    uses: ./.github/workflows/unit.yml
    secrets: inherit
    with:
      node: 20
`,
    context: {
      '.github/workflows/unit.yml': `on:
  workflow_call:
    inputs:
      node: { type: number }
jobs:
  t:
    runs-on: ubuntu-latest
    steps:
      - run: npm test
`,
    },
    output: `on: push
jobs:
  test:
    uses: ./.github/workflows/unit.yml
    with:
      node: 20
`,
  },
  {
    name: 'no fix when the callee reads a secret it does not declare, or is in another repository',
    files: `on: push
jobs:
  a:
    uses: ./.github/workflows/deploy.yml
    secrets: inherit
  b:
    uses: other-org/workflows/.github/workflows/ci.yml@v1
    secrets: inherit
`,
    context: {
      '.github/workflows/deploy.yml': `on:
  workflow_call:
jobs:
  d:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy
        env:
          KEY: \${{ secrets.DEPLOY_KEY }}
`,
    },
    output: `on: push
jobs:
  a:
    uses: ./.github/workflows/deploy.yml
    secrets: inherit
  b:
    uses: other-org/workflows/.github/workflows/ci.yml@v1
    secrets: inherit
`,
    remaining: ['inherit', 'inherit'],
  },
]);
