import { testRule } from '../testing/rule-tester.js';
import rule from './publish-without-provenance.js';

testRule(rule, {
  valid: [
    {
      name: 'publish with --provenance, with the env switch, or as a dry run',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
    steps:
      - run: npm publish --provenance --access public
      - run: npm publish --dry-run
  b:
    runs-on: ubuntu-latest
    env:
      NPM_CONFIG_PROVENANCE: true
    steps:
      - run: pnpm publish --no-git-checks
`,
    },
    {
      name: 'other npm commands and a mention of publish',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          npm ci
          echo "publish later"
`,
    },
  ],
  invalid: [
    {
      name: 'npm and pnpm publish without provenance',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: npm ci && npm publish --access public
      - run: |
          pnpm build
          pnpm publish
`,
      errors: [
        { messageId: 'npm', line: 6, column: 24 },
        { messageId: 'npm', line: 9, column: 11 },
      ],
    },
  ],
});
