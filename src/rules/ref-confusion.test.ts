import { withRecordedFacts } from '../../test/support/recorded-facts.js';
import { testRule } from '../testing/rule-tester.js';
import rule from './ref-confusion.js';

const DEPLOY = `name: deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: acme/deploy-action@v1
        with:
          token: \${{ secrets.DEPLOY_TOKEN }}
`;

testRule(
  rule,
  await withRecordedFacts(rule, {
    valid: [
      {
        name: 'refs that are only a tag',
        files: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: acme/deploy-action@v2
`,
      },
      {
        name: 'a SHA pin is never ambiguous',
        files: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/deploy-action@4e1b3a2c9d8f7e6a5b4c3d2e1f0a9b8c7d6e5f41 # v1
`,
      },
      {
        name: 'offline (no facts): the rule does not run',
        files: DEPLOY,
        online: undefined,
      },
    ],
    invalid: [
      {
        name: 'a ref that is both a branch and a tag',
        files: DEPLOY,
        errors: [
          {
            messageId: 'ambiguous',
            line: 11,
            column: 15,
            endColumn: 36,
            severity: 'medium',
            message: '`v1` is both a branch and a tag of acme/deploy-action',
          },
        ],
      },
      {
        name: 'the same ref in a composite action',
        files: {
          'deploy/action.yml': `name: deploy
description: deploys
runs:
  using: composite
  steps:
    - uses: acme/deploy-action@v1
`,
        },
        errors: [{ messageId: 'ambiguous', file: 'deploy/action.yml', line: 6, column: 13 }],
      },
    ],
  }),
);
