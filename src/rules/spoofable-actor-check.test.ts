import { testRule } from '../testing/rule-tester.js';
import rule from './spoofable-actor-check.js';

testRule(rule, {
  valid: [
    {
      name: 'checks the pull request author, which later pushes do not change',
      files: `on: pull_request_target
jobs:
  automerge:
    if: github.event.pull_request.user.login == 'dependabot[bot]'
    runs-on: ubuntu-latest
    steps:
      - run: gh pr merge --auto "$URL"
`,
    },
    {
      name: 'excludes bots instead of admitting them',
      files: `on: pull_request_target
jobs:
  a:
    if: github.actor != 'dependabot[bot]' && !endsWith(github.triggering_actor, '[bot]')
    runs-on: ubuntu-latest
    steps:
      - if: \${{ !contains(fromJSON('["renovate[bot]", "dependabot[bot]"]'), github.actor) }}
        run: echo human
      - if: (github.actor == 'dependabot[bot]') == false
        run: echo not dependabot
`,
    },
    {
      name: 'a human login is not a bot an attacker can act through',
      files: `on: pull_request_target
jobs:
  a:
    if: github.actor == 'octocat'
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`,
    },
    {
      name: 'actor check next to an author check of the job',
      files: `on: pull_request_target
jobs:
  a:
    if: github.event.pull_request.user.login == 'dependabot[bot]'
    runs-on: ubuntu-latest
    steps:
      - if: github.actor == 'dependabot[bot]'
        run: echo ok
      - if: \${{ github.actor == 'dependabot[bot]' && github.event.pull_request.user.login == 'dependabot[bot]' }}
        run: echo ok
`,
    },
    {
      name: 'other contexts and ids that are not bots',
      files: `on: pull_request_target
jobs:
  a:
    if: github.actor_id == 12345 && github.event.pull_request.head.repo.owner.login == 'dependabot[bot]'
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
`,
    },
  ],
  invalid: [
    {
      name: 'job gated on the actor under pull_request_target',
      files: `on: pull_request_target
permissions:
  contents: write
jobs:
  automerge:
    if: github.actor == 'dependabot[bot]'
    runs-on: ubuntu-latest
    steps:
      - run: gh pr merge --auto "$URL"
`,
      errors: [{ messageId: 'bot', line: 6, column: 9, endLine: 6, endColumn: 42, severity: 'high', message: 'dependabot[bot]' }],
    },
    {
      name: 'wrapped step condition, index syntax and mixed case',
      files: `on: workflow_run
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: \${{ github['ACTOR'] == 'renovate[bot]' && github.repository == 'acme/app' }}
        run: echo hi
`,
      errors: [{ messageId: 'bot', line: 6, column: 17, endColumn: 51, severity: 'high' }],
    },
    {
      name: 'numeric actor id of dependabot and a triggering actor list',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: github.actor_id == '49699333'
        run: echo one
      - if: contains(fromJSON('["dependabot[bot]", "renovate[bot]"]'), github.triggering_actor)
        run: echo two
`,
      errors: [
        { messageId: 'bot', line: 6, column: 13, severity: 'high', message: 'dependabot[bot]' },
        { messageId: 'bot', line: 8, column: 13, severity: 'high', message: 'dependabot[bot], renovate[bot]' },
      ],
    },
    {
      name: 'any bot at all',
      files: `on: issue_comment
jobs:
  a:
    if: endsWith(github.actor, '[bot]')
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`,
      errors: [{ messageId: 'anyBot', line: 4, column: 9, severity: 'high' }],
    },
    {
      name: 'a double negation still admits the bot',
      files: `on: pull_request_target
jobs:
  a:
    if: "!(github.event.sender.login != 'dependabot[bot]')"
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`,
      errors: [{ messageId: 'bot', line: 4, column: 12, severity: 'high' }],
    },
    {
      name: 'one branch of an or, in a multi-line block',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: |
          github.event.pull_request.user.login == 'octocat' ||
            github.actor == 'dependabot[bot]'
        run: echo hi
`,
      errors: [{ messageId: 'bot', line: 8, column: 13, endLine: 8, endColumn: 46, severity: 'high' }],
    },
    {
      name: 'unprivileged pull_request is low',
      files: `on: pull_request
jobs:
  a:
    if: github.actor == 'dependabot[bot]'
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`,
      errors: [{ messageId: 'bot', line: 4, column: 9, severity: 'low' }],
    },
    {
      name: 'events no outsider can relay through a bot are low',
      files: `on: [push, status]
jobs:
  a:
    if: github.event.sender.login == 'appveyor[bot]'
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`,
      errors: [{ messageId: 'bot', line: 4, column: 9, severity: 'low' }],
    },
    {
      name: 'a same-repository check in the step condition lowers the severity',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: github.actor == 'dependabot[bot]' && github.event.pull_request.head.repo.full_name == github.repository
        run: echo hi
`,
      errors: [{ messageId: 'bot', line: 6, column: 13, severity: 'low' }],
    },
  ],
});
