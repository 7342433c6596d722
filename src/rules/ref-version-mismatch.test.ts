import { testFixes, testRule } from '../testing/rule-tester.js';
import rule from './ref-version-mismatch.js';

const A = '11bd71901bbe5b1630ceea73d27597364c9af683';
const B = 'eef61447b9ff4aafe5dcd4e0bbf5d482be7e7871';

const PINS = {
  'actions/checkout@v4': { sha: A, version: 'v4.2.2' },
  'actions/checkout@v4.1.7': { sha: B, version: 'v4.1.7' },
};

const workflow = (...uses: string[]) => `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
${uses.map((u) => `      - uses: ${u}\n`).join('')}`;

testRule(rule, {
  valid: [
    { name: 'comment names the version the lock records for the commit', files: workflow(`actions/checkout@${A} # v4.2.2`), pins: PINS },
    { name: 'a partial version the recorded one continues', files: workflow(`actions/checkout@${A} # v4`), pins: PINS },
    { name: 'the comment is the ref the lock resolved to this commit', files: workflow(`actions/checkout@${B} # v4.1.7`), pins: PINS },
    { name: 'no lock entry: nothing is known offline', files: workflow(`actions/checkout@${A} # v3.0.0`) },
    {
      name: 'comments that are not a bare version, tags and local actions',
      files: workflow(`actions/checkout@${A} # pinned by hand`, 'actions/setup-node@v4 # v4.0.0', './.github/actions/x # v1'),
      pins: PINS,
    },
    {
      name: 'the same commit under comments that can be one release (a major, with or without v)',
      files: workflow(`actions/checkout@${A} # v4`, `actions/checkout@${A} # v4.2.2`, `actions/checkout@${A} # 4.2.2`),
    },
    {
      name: 'the same commit under the same comment twice',
      files: workflow(`actions/checkout@${A} # v4.2.2`, `actions/checkout@${A} # v4.2.2`),
    },
  ],
  invalid: [
    {
      name: 'one pin of a commit commented with another release than the others: only the odd one out',
      files: workflow(
        `actions/checkout@${A} # v4.2.2`,
        `actions/checkout@${A} # v4.2.2`,
        `actions/checkout@${A} # v3`,
        `actions/checkout@${A} # v4`,
      ),
      errors: [
        {
          messageId: 'conflictingVersions',
          line: 8,
          column: 75,
          severity: 'low',
          message: 'is commented `v3`, but the same commit of actions/checkout is commented `v4.2.2` elsewhere',
        },
      ],
    },
    {
      name: 'a commit under two different releases, one pin each: both are reported',
      files: workflow(`actions/checkout@${A} # v4.1.7`, `actions/checkout@${A} # v4.2.2`),
      errors: [
        { messageId: 'conflictingVersions', line: 6, column: 75, severity: 'low', message: 'is commented `v4.1.7`' },
        { messageId: 'conflictingVersions', line: 7, column: 75, severity: 'low', message: 'is commented `v4.2.2`' },
      ],
    },
    {
      name: 'the lock records this commit as another version',
      files: workflow(`actions/checkout@${A} # v4.1.0`),
      pins: PINS,
      errors: [
        {
          messageId: 'lockedVersion',
          line: 6,
          column: 75,
          severity: 'low',
          message: 'records commit 11bd71901bbe of actions/checkout as v4.2.2',
        },
      ],
    },
    {
      name: 'the lock records the commented version as another commit',
      files: workflow(`actions/checkout@${'0'.repeat(40)} # v4.1.7`),
      pins: PINS,
      errors: [
        {
          messageId: 'lockedCommit',
          line: 6,
          column: 75,
          severity: 'medium',
          message: 'records v4.1.7 of actions/checkout as commit eef61447b9ff',
        },
      ],
    },
    {
      name: 'two commits under one comment in the scan, offline: both reported',
      files: workflow(`actions/checkout@${A} # v4.2.2`, `Actions/Checkout@${B} # v4.2.2`),
      errors: [
        { messageId: 'inconsistent', line: 6, column: 75, severity: 'medium' },
        { messageId: 'inconsistent', line: 7, column: 75, severity: 'medium' },
      ],
    },
    {
      name: 'reusable workflows too',
      files: `on: push
jobs:
  call:
    uses: octo-org/ci/.github/workflows/build.yml@${A} # v1.2.0
`,
      pins: { 'octo-org/ci@v1.2.0': { sha: B, version: 'v1.2.0' } },
      errors: [{ messageId: 'lockedCommit', line: 4, column: 94, severity: 'medium' }],
    },
  ],
});

testFixes(rule, [
  {
    name: 'the comment becomes the recorded version; nothing else moves',
    files: workflow(`actions/checkout@${A} # v4.1.0`, `actions/setup-node@${B} # v9`),
    pins: PINS,
    output: workflow(`actions/checkout@${A} # v4.2.2`, `actions/setup-node@${B} # v9`),
  },
  {
    name: 'no fix when the pinned commit itself is unknown to the lock',
    files: workflow(`actions/checkout@${'0'.repeat(40)} # v4.1.7`),
    pins: PINS,
    output: workflow(`actions/checkout@${'0'.repeat(40)} # v4.1.7`),
    remaining: ['lockedCommit'],
  },
]);
