import { testRule } from '../testing/rule-tester.js';
import rule from './unredacted-secret.js';

testRule(rule, {
  valid: [
    {
      name: 'plain secrets and fromJSON of other contexts',
      files: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh "\${{ fromJSON(needs.setup.outputs.config).region }}"
        env:
          TOKEN: \${{ secrets.DEPLOY_TOKEN }}
          MATRIX: \${{ fromJSON(vars.TARGETS)[0] }}
`,
    },
    {
      name: 'decoded secret only compared or tested in conditions',
      files: `on: push
jobs:
  deploy:
    if: fromJSON(secrets.FEATURE_FLAGS).deploy == true
    runs-on: ubuntu-latest
    steps:
      - if: \${{ fromJSON(secrets.FEATURE_FLAGS).notify }}
        run: ./notify.sh
      - run: echo "\${{ fromJSON(secrets.FEATURE_FLAGS).beta && 'beta' || 'stable' }}"
`,
    },
  ],
  invalid: [
    {
      name: 'field of a JSON secret in env',
      files: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh
        env:
          DB_PASSWORD: \${{ fromJSON(secrets.DATABASE).password }}
`,
      errors: [{ messageId: 'field', line: 8, column: 28, endColumn: 63, severity: 'medium', message: 'secret DATABASE' }],
    },
    {
      name: 'index into a decoded secret and the decoded secret itself',
      files: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: octo-org/deploy@v1
        with:
          token: \${{ fromJson(secrets['CREDENTIALS'])['api-token'] }}
          raw: \${{ fromJSON(secrets.QUOTED_TOKEN) }}
`,
      errors: [
        { messageId: 'field', line: 8, column: 22, severity: 'medium' },
        { messageId: 'whole', line: 9, column: 20, endColumn: 50, severity: 'medium', message: 'secret QUOTED_TOKEN' },
      ],
    },
    {
      name: 'decoded field in a run script and inside format()',
      files: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: |
          curl -u "\${{ format('{0}:{1}', fromJSON(secrets.BASIC).user, fromJSON(secrets.BASIC).pass) }}" https://example.com
`,
      errors: [
        { messageId: 'field', line: 7, column: 42, severity: 'medium' },
        { messageId: 'field', line: 7, column: 72, severity: 'medium' },
      ],
    },
  ],
});
