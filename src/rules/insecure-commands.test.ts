import { testFixes, testRule } from '../testing/rule-tester.js';
import rule from './insecure-commands.js';

testRule(rule, {
  valid: [
    {
      name: 'values the runner does not read as true',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      ACTIONS_ALLOW_UNSECURE_COMMANDS: false
    steps:
      - run: echo ok
        env:
          ACTIONS_ALLOW_UNSECURE_COMMANDS: 'yes'
      - run: echo ok
        env:
          ACTIONS_ALLOW_UNSECURE_COMMANDS: 1
`,
    },
    {
      name: 'environment files instead of the old commands',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "TOOL_HOME=/opt/tool" >> "$GITHUB_ENV"
          echo "/opt/tool/bin" >> "$GITHUB_PATH"
`,
    },
    {
      name: 'a similarly named variable',
      files: `on: issues
env:
  ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS: false
  MY_ACTIONS_ALLOW_UNSECURE_COMMANDS: true
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
`,
    },
  ],
  invalid: [
    {
      name: 'workflow env in a privileged workflow, with the commands it enables as related',
      files: `on: pull_request_target
env:
  ACTIONS_ALLOW_UNSECURE_COMMANDS: true
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "::add-path::$HOME/tool/bin"
          echo "::set-env name=TOOL_HOME::$HOME/tool"
`,
      errors: [{ messageId: 'env', line: 3, column: 3, endColumn: 34, severity: 'high', message: 'for every job of the workflow' }],
    },
    {
      name: 'job env, quoted, with spaces and capitals',
      files: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      ACTIONS_ALLOW_UNSECURE_COMMANDS: ' True '
    steps:
      - run: echo hi
`,
      errors: [{ messageId: 'env', line: 6, column: 7, severity: 'high', message: 'of job `a`' }],
    },
    {
      name: 'step env on a push workflow is low',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
        env:
          ACTIONS_ALLOW_UNSECURE_COMMANDS: "true"
`,
      errors: [{ messageId: 'env', line: 8, column: 11, severity: 'low', message: 'for this step' }],
    },
    {
      name: 'matrix value used as a step env',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        env:
          - ACTIONS_ALLOW_UNSECURE_COMMANDS: true
    steps:
      - run: echo hi
        env: \${{ matrix.env }}
`,
      errors: [{ messageId: 'matrix', line: 8, column: 13, severity: 'high' }],
    },
    {
      name: 'written to GITHUB_ENV for the later steps',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "ACTIONS_ALLOW_UNSECURE_COMMANDS=true" >> "$GITHUB_ENV"
      - run: echo "::set-env name=X::1"
`,
      errors: [{ messageId: 'env-file', line: 6, column: 14, severity: 'high' }],
    },
    {
      name: 'composite action without callers',
      files: {
        'action.yml': `name: legacy
runs:
  using: composite
  steps:
    - shell: bash
      env:
        ACTIONS_ALLOW_UNSECURE_COMMANDS: true
      run: echo "::add-path::/opt/legacy/bin"
`,
      },
      errors: [{ messageId: 'env', file: 'action.yml', line: 7, column: 9, severity: 'medium' }],
    },
  ],
});

testFixes(rule, [
  {
    name: 'workflow env: the line goes, the other entries and comments stay (safe: only run steps, none prints the old commands)',
    files: `on: push
env:
  # build settings
  ACTIONS_ALLOW_UNSECURE_COMMANDS: true # legacy
  NODE_ENV: production
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`,
    output: `on: push
env:
  # build settings
  NODE_ENV: production
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`,
  },
  {
    name: 'the only entry of a job env: the whole env: goes',
    files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      ACTIONS_ALLOW_UNSECURE_COMMANDS: 'true'
    steps:
      - run: make
`,
    output: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`,
  },
  {
    name: 'a step env that opens its sequence item becomes env: {}',
    files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - env:
          ACTIONS_ALLOW_UNSECURE_COMMANDS: true
        run: make
`,
    output: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - env: {}
        run: make
`,
  },
  {
    name: 'a script that prints ::add-path, or an action in scope: only --unsafe removes it',
    files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      ACTIONS_ALLOW_UNSECURE_COMMANDS: true
    steps:
      - uses: some/old-action@v1
      - run: echo "::add-path::/opt/tool/bin"
`,
    output: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      ACTIONS_ALLOW_UNSECURE_COMMANDS: true
    steps:
      - uses: some/old-action@v1
      - run: echo "::add-path::/opt/tool/bin"
`,
    remaining: ['env'],
  },
  {
    name: 'the same with --unsafe, in a flow env',
    unsafe: true,
    files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env: { ACTIONS_ALLOW_UNSECURE_COMMANDS: true, CI: 1 }
    steps:
      - uses: some/old-action@v1
`,
    output: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env: { CI: 1 }
    steps:
      - uses: some/old-action@v1
`,
  },
]);
