import { testRule } from '../testing/rule-tester.js';
import rule from './overprovisioned-secrets.js';

testRule(rule, {
  valid: [
    {
      name: 'secrets named one by one',
      files: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh
        env:
          TOKEN: \${{ secrets.DEPLOY_TOKEN }}
          KEY: \${{ secrets['SIGNING_KEY'] }}
          ONE: \${{ toJSON(secrets.ONE_SECRET) }}
`,
    },
    {
      name: 'other contexts serialised whole',
      files: `on: push
jobs:
  debug:
    runs-on: ubuntu-latest
    steps:
      - run: echo "$CTX"
        env:
          CTX: \${{ toJSON(github) }}
          VARS: \${{ toJSON(vars) }}
`,
    },
  ],
  invalid: [
    {
      name: 'toJSON(secrets) in a step env on push',
      files: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh
        env:
          ALL_SECRETS: \${{ toJSON(secrets) }}
`,
      errors: [{ messageId: 'wholeContext', line: 8, column: 24, endColumn: 46, severity: 'low' }],
    },
    {
      name: 'wrapped in format(), reached by anyone in a privileged workflow',
      files: `on: issue_comment
jobs:
  bot:
    runs-on: ubuntu-latest
    steps:
      - run: ./bot.sh
        env:
          SECRETS: \${{ format('{0}', toJSON(secrets)) }}
`,
      errors: [{ messageId: 'wholeContext', line: 8, column: 20, severity: 'high', message: 'anyone on the internet' }],
    },
    {
      name: 'secret picked by a matrix value',
      files: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        target: [staging, production]
    steps:
      - run: ./deploy.sh
        env:
          TOKEN: \${{ secrets[matrix.target] }}
`,
      errors: [{ messageId: 'computedName', line: 11, column: 18, severity: 'low', message: "job 'deploy'" }],
    },
    {
      name: 'whole context passed to a reusable workflow and to an action input',
      files: `on: pull_request_target
jobs:
  call:
    uses: ./.github/workflows/deploy.yml
    secrets:
      all: \${{ toJSON(secrets) }}
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: octo-org/secret-lint@v1
        with:
          secrets: \${{ toJSON(secrets) }}
`,
      errors: [
        { messageId: 'wholeContext', line: 6, column: 12, severity: 'high' },
        { messageId: 'wholeContext', line: 12, column: 20, severity: 'high' },
      ],
    },
  ],
});
