/**
 * Remote definitions in the flow (`scan --online`): the recorded API answers hold acme/greet's
 * composite action (its `name` input expanded into `run:`), a sub-path action that passes its
 * input through env, and acme/workflows' reusable workflow expanding `inputs.title`. A caller
 * passing attacker text gets the injection at its own `with:`; the remote files themselves are
 * never reported.
 */
import { recordedFacts } from '../../test/support/recorded-facts.js';
import rule from '../rules/expression-injection.js';
import unpinned from '../rules/unpinned-reference.js';
import { type CaseFiles, testRule } from '../testing/rule-tester.js';

const ISSUE_GREETER = `name: greet
on:
  issues:
    types: [opened]
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/greet@v1
        with:
          name: \${{ github.event.issue.title }}
          style: fancy
`;

const SAFE_CALLER = `on:
  issues:
    types: [opened]
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/greet@v1
        with:
          name: \${{ github.actor }}
      - uses: acme/greet/sub@v1
        with:
          label: \${{ github.event.issue.title }}
`;

const TRIAGE = `on:
  pull_request_target:
jobs:
  triage:
    uses: acme/workflows/.github/workflows/triage.yml@v2
    with:
      title: \${{ github.event.pull_request.title }}
`;

const PINNED_GREET = `on: push
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/greet@8f3a1c5e7b9d2f4a6c8e0b1d3f5a7c9e1b3d5f70 # v1
`;
const WELCOME = `on:
  issues:
    types: [opened]
jobs:
  welcome:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/wrapper@v1
        with:
          who: \${{ github.event.issue.user.login }} \${{ github.event.issue.title }}
`;

const all: CaseFiles[] = [WELCOME, ISSUE_GREETER, SAFE_CALLER, TRIAGE, PINNED_GREET];
const online = await recordedFacts(all, ['definitions']);

testRule(rule, {
  valid: [
    { name: 'a caller passing only fixed values, and an action that passes its input through env', files: SAFE_CALLER, online },
    { name: 'offline: the remote action is not seen, so nothing is followed into it', files: ISSUE_GREETER },
  ],
  invalid: [
    {
      name: 'an issue title passed to a remote composite action input that reaches run:',
      files: ISSUE_GREETER,
      online,
      errors: [
        {
          messageId: 'indirect',
          line: 11,
          column: 11,
          endColumn: 15,
          severity: 'critical',
          message:
            '`${{ inputs.name }}` carries github.event.issue.title (arbitrary text) into a shell script through input name passed by .github/workflows/test.yml (inside acme/greet@v1 at commit 8f3a1c5e7b9d)',
        },
      ],
    },
    {
      name: 'two levels deep: a remote action passing its input on to another remote action that runs it',
      files: WELCOME,
      online,
      errors: [
        { messageId: 'indirect', line: 10, column: 11, severity: 'critical', message: 'inside acme/greet@v1 at commit 8f3a1c5e7b9d' },
      ],
    },
    {
      name: 'a pull request title passed to a remote reusable workflow that expands it',
      files: TRIAGE,
      online,
      errors: [
        {
          messageId: 'indirect',
          line: 7,
          column: 7,
          severity: 'critical',
          message: 'inside acme/workflows/.github/workflows/triage.yml@v2 at commit 1c9e7a5b3d1f',
        },
      ],
    },
  ],
});

// Findings inside the fetched files with no flow from the scanned ones are not the user's.
testRule(unpinned, {
  valid: [
    {
      name: 'a SHA-pinned call of a remote action that itself uses unpinned actions',
      files: PINNED_GREET,
      online,
    },
  ],
  invalid: [
    {
      name: 'only the caller’s own unpinned reference is reported, not those inside the remote workflow',
      files: TRIAGE,
      online,
      errors: [{ messageId: 'floatingTag', line: 5, column: 11 }],
    },
  ],
});
