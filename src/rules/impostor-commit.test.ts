import { withRecordedFacts } from '../../test/support/recorded-facts.js';
import { testRule } from '../testing/rule-tester.js';
import rule from './impostor-commit.js';

/** On no branch or tag of actions/checkout (the recorded compare answers say `diverged`). */
const FORK_COMMIT = 'c2d5a4b1e1f0a7c9d8e6f5a4b3c2d1e0f9a8b7c6';

const CI = `name: ci
on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${FORK_COMMIT} # v4.2.2
      - run: npm test
`;

testRule(
  rule,
  await withRecordedFacts(rule, {
    valid: [
      {
        name: 'a release tag commit (a tag tip: no compare needed)',
        files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
`,
      },
      {
        name: 'an older release, in the history of the default branch',
        files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1
`,
      },
      {
        name: 'tag refs and repositories the API does not describe are not judged',
        files: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: someone/deleted-action@${FORK_COMMIT}
`,
      },
      {
        name: 'offline (no facts): the rule does not run',
        files: CI,
        online: undefined,
      },
    ],
    invalid: [
      {
        name: 'a pin to a commit on no branch or tag',
        files: CI,
        errors: [
          {
            messageId: 'impostor',
            line: 7,
            column: 15,
            endColumn: 72,
            severity: 'high',
            message: 'commit c2d5a4b1e1f0 is on no branch or tag of actions/checkout (4 branches and tags compared)',
          },
        ],
      },
      {
        name: 'the same commit in a reusable workflow call',
        files: `on: push
jobs:
  call:
    uses: actions/checkout/.github/workflows/test.yml@${FORK_COMMIT}
`,
        errors: [{ messageId: 'impostor', line: 4, column: 11 }],
      },
    ],
  }),
);
