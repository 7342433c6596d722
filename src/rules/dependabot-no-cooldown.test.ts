import { testRule } from '../testing/rule-tester.js';
import rule from './dependabot-no-cooldown.js';

const PATH = '.github/dependabot.yml';

testRule(rule, {
  valid: [
    {
      name: 'every entry has a cooldown with days',
      files: {
        [PATH]: `version: 2
updates:
  - package-ecosystem: npm
    directory: /
    schedule:
      interval: weekly
    cooldown:
      default-days: 7
  - package-ecosystem: github-actions
    directory: /
    schedule:
      interval: weekly
    cooldown:
      semver-major-days: 14
      include: ["*"]
`,
      },
    },
    {
      name: 'version updates turned off: security updates are never delayed anyway',
      files: {
        [PATH]: `version: 2
updates:
  - package-ecosystem: cargo
    directory: /
    schedule:
      interval: daily
    open-pull-requests-limit: 0
`,
      },
    },
    {
      name: 'workflows are not dependabot files',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: npm ci
`,
    },
  ],
  invalid: [
    {
      name: 'entries without cooldown, pointed at package-ecosystem',
      files: {
        [PATH]: `version: 2
updates:
  - package-ecosystem: "npm"
    directory: "/web"
    schedule:
      interval: "daily"
  - directory: /
    package-ecosystem: github-actions
    schedule:
      interval: weekly
`,
      },
      errors: [
        { messageId: 'missing', line: 3, column: 5, endColumn: 22, severity: 'low', file: PATH, message: 'npm in /web' },
        { messageId: 'missing', line: 8, column: 5, severity: 'low', file: PATH, message: 'github-actions in /' },
      ],
    },
    {
      name: 'a cooldown that sets no days',
      files: {
        [PATH]: `version: 2
updates:
  - package-ecosystem: pip
    directory: /
    schedule:
      interval: weekly
    cooldown:
      include: ["django*"]
  - package-ecosystem: docker
    directory: /
    schedule:
      interval: weekly
    cooldown: {}
`,
      },
      errors: [
        { messageId: 'empty', line: 7, column: 5, file: PATH },
        { messageId: 'empty', line: 13, column: 5, file: PATH },
      ],
    },
  ],
});
