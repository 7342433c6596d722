import { testRule } from '../testing/rule-tester.js';
import rule from './expression-injection.js';

testRule(rule, {
  valid: [
    {
      name: 'untrusted value passed through env and quoted in the shell',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: \${{ github.event.issue.title }}
        run: echo "$TITLE"
`,
    },
    {
      name: 'boolean result of a comparison is not attacker text',
      files: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ contains(github.event.comment.body, '/deploy') }}"
`,
    },
    {
      name: 'trusted contexts',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.sha }} \${{ github.event.pull_request.number }} \${{ github.repository }}"
`,
    },
    {
      name: 'untrusted text in an ordinary action input',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/some-action@v1
        with:
          title: \${{ github.event.issue.title }}
`,
    },
    {
      name: 'composite action input nobody passes untrusted data to',
      files: {
        '.github/workflows/ci.yml': `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/greet
        with:
          name: world
`,
        '.github/actions/greet/action.yml': `name: greet
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "Hello \${{ inputs.name }}"
`,
      },
    },
  ],
  invalid: [
    {
      name: 'issue title in a run script reached by anyone',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.issue.title }}"
`,
      errors: [{ messageId: 'direct', line: 6, column: 20, endLine: 6, endColumn: 51, severity: 'critical' }],
    },
    {
      name: 'pull_request head ref in a pull_request workflow is unprivileged and restricted',
      files: `on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          git fetch origin \${{ github.head_ref }}
`,
      errors: [{ messageId: 'direct', line: 7, column: 28, severity: 'low' }],
    },
    {
      name: 'comment body into github-script code',
      files: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        with:
          script: |
            console.log("\${{ github.event.comment.body }}")
`,
      errors: [{ messageId: 'direct', line: 9, column: 26, severity: 'critical' }],
    },
    {
      name: 'through workflow-level env',
      files: `on: discussion
env:
  BODY: \${{ github.event.discussion.body }}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ env.BODY }}
`,
      errors: [{ messageId: 'indirect', line: 8, column: 19, severity: 'critical' }],
    },
    {
      name: 'through a step output and a job output',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      title: \${{ steps.t.outputs.title }}
    steps:
      - id: t
        env:
          T: \${{ github.event.pull_request.title }}
        run: echo "title=$T" >> "$GITHUB_OUTPUT"
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ needs.a.outputs.title }}"
`,
      errors: [{ messageId: 'indirect', line: 16, column: 20, severity: 'critical' }],
    },
    {
      name: 'into a local composite action input, reported in the action with the caller in the flow',
      files: {
        '.github/workflows/ci.yml': `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/greet
        with:
          name: \${{ github.event.issue.title }}
`,
        '.github/actions/greet/action.yml': `name: greet
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "Hello \${{ inputs.name }}"
`,
      },
      errors: [{ messageId: 'indirect', file: '.github/actions/greet/action.yml', line: 6, column: 24, severity: 'critical' }],
    },
    {
      name: 'an action input expanded into a script, with no caller in the tree',
      files: {
        'action.yml': `name: greet
inputs:
  name:
    description: who
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "Hello \${{ inputs.name }}"
`,
      },
      errors: [{ messageId: 'unitInput', file: 'action.yml', line: 9, column: 24, severity: 'medium' }],
    },
    {
      name: 'maintainer gate lowers the severity',
      files: `on: issue_comment
jobs:
  a:
    if: github.event.comment.author_association == 'OWNER'
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.comment.body }}"
`,
      errors: [{ messageId: 'direct', line: 7, column: 20, severity: 'medium' }],
    },
    {
      name: 'a context no trigger fills is reported low, as inactive',
      files: `on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.issue.title }}"
`,
      errors: [{ messageId: 'inactive', line: 6, column: 20, severity: 'low' }],
    },
    {
      name: 'writer-only trigger is low',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.head_commit.message }}"
`,
      errors: [{ messageId: 'direct', line: 6, column: 20, severity: 'low' }],
    },
  ],
});
