import { withRecordedFacts } from '../../test/support/recorded-facts.js';
import { testRule } from '../testing/rule-tester.js';
import rule from './archived-reference.js';

const SHA = 'e932e7af67fc4a8fc77bd86b744acd4e42fe3543';

/** acme/legacy-notify is in no table; the recorded API answer says it is archived. */
const NOTIFY = `on: push
jobs:
  notify:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: acme/legacy-notify@v1
        with:
          webhook: \${{ secrets.CHAT_WEBHOOK }}
      - uses: someone/deleted-action@v2
`;

testRule(
  rule,
  await withRecordedFacts(rule, {
    valid: [
      {
        name: 'offline: a repository missing from the table is not known to be archived',
        files: NOTIFY,
        online: undefined,
      },
      {
        name: 'maintained actions, successors of archived ones, local and docker references',
        files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: ruby/setup-ruby@${SHA}
      - uses: dtolnay/rust-toolchain@stable
      - uses: ./actions-rs/toolchain
      - uses: docker://actions/setup-ruby:1
`,
      },
    ],
    invalid: [
      {
        name: 'archived actions in any case, and a reusable workflow of an archived repository',
        files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-ruby@${SHA} # v1.1.3
      - name: Rust
        uses: Actions-RS/Toolchain@v1
      - uses: actions-rs/tarpaulin@v0.1
  release:
    uses: gradle/gradle-build-action/.github/workflows/release.yml@v3
`,
        errors: [
          {
            messageId: 'archived',
            line: 6,
            column: 15,
            severity: 'medium',
            message:
              'comes from actions/setup-ruby, which its owner has archived: it gets no fixes or security releases; its successor is ruby/setup-ruby',
          },
          { messageId: 'archived', line: 8, column: 15, message: 'its successor is dtolnay/rust-toolchain' },
          {
            messageId: 'archived',
            line: 9,
            column: 15,
            message: 'comes from actions-rs/tarpaulin, which its owner has archived: it gets no fixes or security releases',
          },
          { messageId: 'archived', line: 11, column: 11, message: 'its successor is gradle/actions/setup-gradle' },
        ],
      },
      {
        name: 'composite action steps',
        files: {
          'action.yml': `name: Release
description: Creates a release
runs:
  using: composite
  steps:
    - uses: actions/create-release@v1
`,
        },
        errors: [{ messageId: 'archived', line: 6, column: 13, message: 'actions/create-release' }],
      },
      {
        name: 'online: the API says the repository is archived (maintained and unknown ones are not reported)',
        files: NOTIFY,
        errors: [
          {
            messageId: 'archived',
            line: 7,
            column: 15,
            endColumn: 36,
            severity: 'medium',
            message:
              '`acme/legacy-notify@v1` comes from acme/legacy-notify, which its owner has archived: it gets no fixes or security releases',
          },
        ],
      },
    ],
  }),
);
