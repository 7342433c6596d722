import { testFixes, testRule } from '../testing/rule-tester.js';
import rule from './credential-persistence.js';

// A checkout that keeps its token on purpose before the workspace is uploaded: only --unsafe
// overrides the explicit choice.
const EXPLICIT_TRUE_BEFORE_UPLOAD = `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v3
        with:
          persist-credentials: true
      - uses: actions/upload-artifact@v3
        with:
          path: .
`;

testRule(rule, {
  valid: [
    {
      name: 'persist-credentials: false',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: actions/upload-artifact@v3
        with:
          path: .
`,
    },
    {
      name: 'quoted "false" is false too',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: "false"
`,
    },
    {
      name: 'explicit persist-credentials: true for a job that pushes, no artifact',
      files: `on: push
jobs:
  bump:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: true
      - run: git commit -am bump && git push
`,
    },
    {
      name: 'persist-credentials from an expression is unknown offline',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: \${{ github.event_name == 'push' }}
`,
    },
    {
      name: 'whole with: computed by an expression',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: \${{ fromJSON(vars.CHECKOUT_OPTIONS) }}
`,
    },
    {
      name: 'other checkout-like actions are not actions/checkout',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout-helper@v1
`,
    },
  ],
  invalid: [
    {
      name: 'a checkout anchored in one job and repeated by alias in another: each job keeps a token, reported where each is written',
      files: `on: push
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - &checkout
        uses: actions/checkout@v4
      - run: make lint
  test:
    runs-on: ubuntu-latest
    steps:
      - *checkout
      - run: make test
`,
      errors: [
        { messageId: 'persisted', line: 7, column: 15, severity: 'low', message: "job 'lint'" },
        { messageId: 'persisted', line: 12, column: 9, endColumn: 18, severity: 'low', message: "job 'test'" },
      ],
    },
    {
      name: 'default checkout on push',
      files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
`,
      errors: [{ messageId: 'persisted', line: 6, column: 15, endColumn: 34, severity: 'low', message: '.git/config' }],
    },
    {
      name: 'checkout v6 keeps the token in a file under RUNNER_TEMP, still readable by later steps',
      files: `on: pull_request_target
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - name: Checkout
        uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2
`,
      errors: [{ messageId: 'persisted', line: 7, column: 15, severity: 'medium', message: '$RUNNER_TEMP' }],
    },
    {
      name: 'workspace uploaded by upload-artifact v3, which keeps hidden files',
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make
      - uses: actions/upload-artifact@v3
        with:
          name: build
          path: .
`,
      errors: [{ messageId: 'artifact', line: 6, column: 15, severity: 'high', message: "step 'actions/upload-artifact@v3'" }],
    },
    {
      name: 'include-hidden-files: true with a glob over the checkout path, token from a PAT',
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          path: src
          token: \${{ secrets.BOT_PAT }}
      - name: Upload sources
        uses: actions/upload-artifact@v4
        with:
          name: sources
          include-hidden-files: true
          path: |
            src/**
            !src/node_modules
`,
      errors: [{ messageId: 'artifact', line: 6, column: 15, severity: 'high', message: 'token passed in `token:` in src/.git/config' }],
    },
    {
      name: 'explicit true still reported when the workspace is uploaded by a SHA-pinned upload of unknown version',
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: true
      - uses: actions/upload-artifact@0b2256b8c012f0828dc542b3febcab082c67f72b
        with:
          path: \${{ github.workspace }}
`,
      errors: [{ messageId: 'artifact', line: 6, column: 15, severity: 'high' }],
    },
    {
      name: 'upload-artifact v4 excludes hidden files, so only the plain finding remains',
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/upload-artifact@v4
        with:
          path: .
`,
      errors: [{ messageId: 'persisted', line: 6, column: 15, severity: 'low' }],
    },
    {
      name: 'upload of a build output subdirectory does not take .git',
      files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/upload-artifact@v3
        with:
          path: |
            dist/
            !.git
`,
      errors: [{ messageId: 'persisted', line: 6, column: 15, severity: 'low' }],
    },
    {
      name: 'pull request head checked out in a pull_request_target job',
      files: `on: pull_request_target
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: npm test
`,
      errors: [{ messageId: 'untrusted', line: 6, column: 15, severity: 'high', message: 'github.event.pull_request.head.sha' }],
    },
    {
      name: 'pull request head under plain pull_request is the ordinary, unprivileged case',
      files: `on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
`,
      errors: [{ messageId: 'persisted', line: 6, column: 15, severity: 'low' }],
    },
    {
      name: 'composite action checkout, reported in the action',
      files: {
        '.github/workflows/ci.yml': `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/setup
`,
        '.github/actions/setup/action.yml': `name: setup
runs:
  using: composite
  steps:
    - uses: actions/checkout@v4
    - shell: bash
      run: ./configure
`,
      },
      errors: [{ messageId: 'persisted', file: '.github/actions/setup/action.yml', line: 5, column: 13, severity: 'medium' }],
    },
  ],
});

testFixes(rule, [
  {
    name: 'creates with: under the checkout at the step indentation, keeping comments',
    files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      # check out first
      - uses: actions/checkout@v4 # the version we test with
      - run: make test
`,
    output: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      # check out first
      - uses: actions/checkout@v4 # the version we test with
        with:
          persist-credentials: false
      - run: make test
`,
  },
  {
    name: 'adds the input to an existing with:, after its last input',
    files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - name: Checkout
        uses: actions/checkout@v4
        with:
          fetch-depth: 0
          submodules: "recursive"

      - run: make test
`,
    output: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - name: Checkout
        uses: actions/checkout@v4
        with:
          fetch-depth: 0
          submodules: "recursive"
          persist-credentials: false

      - run: make test
`,
  },
  {
    name: 'follows a file indented by four, and a flow with:',
    files: `on: push
jobs:
    test:
        runs-on: ubuntu-latest
        steps:
            - uses: actions/checkout@v4
            - uses: actions/checkout@v4
              with: { path: other }
`,
    output: `on: push
jobs:
    test:
        runs-on: ubuntu-latest
        steps:
            - uses: actions/checkout@v4
              with:
                  persist-credentials: false
            - uses: actions/checkout@v4
              with: { path: other, persist-credentials: false }
`,
  },
  {
    name: 'an explicit true before an artifact upload is only overridden with --unsafe',
    files: EXPLICIT_TRUE_BEFORE_UPLOAD,
    output: EXPLICIT_TRUE_BEFORE_UPLOAD,
    remaining: ['artifact'],
  },
  {
    name: 'an explicit true before an artifact upload, with --unsafe',
    unsafe: true,
    files: EXPLICIT_TRUE_BEFORE_UPLOAD,
    output: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v3
        with:
          persist-credentials: false
      - uses: actions/upload-artifact@v3
        with:
          path: .
`,
  },
]);
