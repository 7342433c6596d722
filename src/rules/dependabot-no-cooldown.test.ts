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
      default-days: 10
      semver-major-days: 30
      include: ["*"]
  - package-ecosystem: gomod
    directory: /
    schedule:
      interval: weekly
    cooldown:
      semver-major-days: 30
      semver-minor-days: 14
      semver-patch-days: 7
`,
      },
    },
    {
      name: 'a shorter cooldown allowed by the minDays option',
      options: { minDays: 2 },
      files: {
        [PATH]: `version: 2
updates:
  - package-ecosystem: pip
    directory: /
    schedule:
      interval: daily
    cooldown:
      default-days: 2
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
      name: 'a cooldown shorter than a week',
      files: {
        [PATH]: `version: 2
updates:
  - package-ecosystem: pip
    directory: /
    cooldown:
      default-days: 2
    schedule:
      interval: daily
`,
      },
      errors: [{ messageId: 'short', line: 6, column: 21, endColumn: 22, severity: 'low', file: PATH, message: 'fewer than the 7 days' }],
    },
    {
      name: 'a cooldown without default-days (semver keys leave other updates undelayed)',
      files: {
        [PATH]: `version: 2
updates:
  - package-ecosystem: npm
    directory: /
    schedule:
      interval: weekly
    cooldown:
      semver-major-days: 14
`,
      },
      errors: [{ messageId: 'empty', line: 7, column: 5, file: PATH }],
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
