import { testRule } from '../testing/rule-tester.js';
import rule from './dependabot-code-execution.js';

const PATH = '.github/dependabot.yml';

testRule(rule, {
  valid: [
    {
      name: 'deny, and the option left out (deny is the default)',
      files: {
        [PATH]: `version: 2
updates:
  - package-ecosystem: pip
    directory: /
    schedule:
      interval: weekly
    insecure-external-code-execution: deny
  - package-ecosystem: bundler
    directory: /
    schedule:
      interval: weekly
`,
      },
    },
    {
      name: 'allow on an ecosystem the option does not apply to',
      files: {
        [PATH]: `version: 2
updates:
  - package-ecosystem: npm
    directory: /
    schedule:
      interval: daily
    insecure-external-code-execution: allow
`,
      },
    },
    {
      name: 'a workflow with the same key is not a dependabot file',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      insecure-external-code-execution: allow
    steps:
      - run: make
`,
    },
  ],
  invalid: [
    {
      name: 'allow for pip without registries',
      files: {
        [PATH]: `version: 2
updates:
  - package-ecosystem: "pip"
    directory: "/"
    schedule:
      interval: "weekly"
    insecure-external-code-execution: allow
`,
      },
      errors: [{ messageId: 'allow', line: 7, column: 39, endColumn: 44, severity: 'medium', file: PATH, message: 'pip in /' }],
    },
    {
      name: 'allow with private registries is high, and each entry is judged on its own',
      files: {
        [PATH]: `version: 2
registries:
  gems:
    type: rubygems-server
    url: https://gems.example.com
    token: \${{ secrets.GEMS_TOKEN }}
updates:
  - package-ecosystem: bundler
    directory: /
    registries:
      - gems
    schedule:
      interval: daily
    insecure-external-code-execution: "Allow"
  - package-ecosystem: mix
    directory: /apps/api
    registries: "*"
    schedule:
      interval: weekly
    insecure-external-code-execution: allow
  - package-ecosystem: pip
    directory: /docs
    schedule:
      interval: weekly
`,
      },
      errors: [
        { messageId: 'registries', line: 14, column: 39, severity: 'high', file: PATH, message: 'registries gems' },
        { messageId: 'registries', line: 20, column: 39, severity: 'high', file: PATH, message: '`*`' },
      ],
    },
  ],
});
