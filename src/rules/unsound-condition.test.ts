import { describe, expect, it } from 'vitest';
import { initShellParser } from '../analysis/shell/shell-facts.js';
import { runRuleOn, testFixes, testRule } from '../testing/rule-tester.js';
import rule from './unsound-condition.js';

testRule(rule, {
  valid: [
    {
      name: 'bare expressions, also in a block with a trailing newline',
      files: `on: push
jobs:
  a:
    if: |
      github.event_name == 'push' &&
        github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps:
      - if: github.ref_type == 'tag'
        run: echo tag
`,
    },
    {
      name: 'one ${{ }} with nothing around it, stripped blocks and quotes',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: \${{ github.ref == 'refs/heads/main' }}
        run: echo one
      - if: '\${{ github.ref == ''refs/heads/main'' }}'
        run: echo two
      - if: |-
          \${{ github.ref == 'refs/heads/main' }}
        run: echo three
      - if: >-
          \${{ github.ref == 'refs/heads/main' }}
        run: echo four
`,
    },
    {
      name: 'deliberate constants and status functions',
      files: `on: push
jobs:
  disabled:
    if: false
    runs-on: ubuntu-latest
    steps:
      - if: \${{ true }}
        run: echo always
      - if: always() || github.event_name == 'push'
        run: echo status
`,
    },
    {
      name: 'list membership, label lists, deny lists and fixed value sets without extra matches',
      files: `on: issue_comment
jobs:
  a:
    if: contains(fromJSON('["OWNER", "MEMBER"]'), github.event.comment.author_association)
    runs-on: ubuntu-latest
    steps:
      - if: contains(github.event.issue.labels.*.name, 'safe to test')
        run: echo labelled
      - if: "!contains('refs/heads/main refs/heads/dev', github.ref)"
        run: echo not main
      - if: contains('OWNER,MEMBER,COLLABORATOR', github.event.comment.author_association)
        run: echo trusted
      - if: contains(github.event.comment.body, '/retest')
        run: echo retest
`,
    },
  ],
  invalid: [
    {
      name: 'a | block keeps a newline after ${{ }}: the author check never applies',
      files: `on: pull_request_target
jobs:
  a:
    if: |
      \${{ github.event.pull_request.author_association == 'MEMBER' }}
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`,
      errors: [{ messageId: 'blockNewline', line: 4, column: 9, severity: 'high', message: 'author_association' }],
    },
    {
      name: 'text around and between ${{ }}, without a gate',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: \${{ env.DEPLOY }} == 'true' && \${{ env.TARGET }} != ''
        run: echo one
      - if: "\${{ false }} "
        run: echo two
      - if: >
          \${{ env.DEPLOY == 'true' }}
        run: echo three
`,
      errors: [
        { messageId: 'textOutside', line: 6, column: 13, endColumn: 67, severity: 'low' },
        { messageId: 'textOutside', line: 8, column: 13, severity: 'low', message: '(whitespace)' },
        { messageId: 'blockNewline', line: 10, column: 13, severity: 'low' },
      ],
    },
    {
      name: 'a constant operand defeats a branch check',
      files: `on: push
jobs:
  publish:
    if: github.ref == 'refs/heads/main' || true
    runs-on: ubuntu-latest
    steps:
      - run: echo publish
`,
      errors: [{ messageId: 'constant', line: 4, column: 44, endColumn: 48, severity: 'medium' }],
    },
    {
      name: 'substring allow lists of refs and actors',
      files: `on: [push, issue_comment]
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: \${{ contains('refs/heads/main refs/heads/release', github.ref) }}
        run: echo branch
      - if: contains('alice,bob', github.event.comment.user.login) == true
        run: echo maintainer
`,
      errors: [
        { messageId: 'substring', line: 6, column: 17, endColumn: 75, severity: 'high', message: "'refs/heads/mai'" },
        { messageId: 'substring', line: 8, column: 13, severity: 'high', message: "'alic'" },
      ],
    },
    {
      name: 'fixed value sets with values that slip through',
      files: `on: issue_comment
jobs:
  a:
    if: contains('OWNER FIRST_TIME_CONTRIBUTOR', github.event.comment.author_association)
    runs-on: ubuntu-latest
    steps:
      - if: contains('pull_request_target', github.event_name)
        run: echo hi
`,
      errors: [
        { messageId: 'substringFixed', line: 4, column: 9, severity: 'high', message: "'CONTRIBUTOR'" },
        { messageId: 'substringFixed', line: 7, column: 13, severity: 'medium', message: "'pull_request'" },
      ],
    },
    {
      name: 'values outsiders cannot pick are informational',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: contains('runner-1,runner-2', runner.name)
        run: echo hi
`,
      errors: [{ messageId: 'substring', line: 6, column: 13, severity: 'info' }],
    },
  ],
});

describe('unsound-condition fixes', () => {
  const fixesOf = (text: string) =>
    runRuleOn(rule, text).result.findings.map((f) =>
      f.fixes.flatMap((fix) => fix.edits.map((e) => text.slice(0, e.start) + e.text + text.slice(e.end))),
    );

  it('strips the trailing newline of a block and merges split expressions', async () => {
    await initShellParser();
    const text = `on: push
jobs:
  a:
    if: |
      \${{ github.ref == 'refs/heads/main' }}
    runs-on: ubuntu-latest
    steps:
      - if: \${{ github.event_name == 'push' }} && \${{ env.A || env.B }}
        run: echo hi
      - if: contains('main dev', github.ref_name)
        run: echo hi
`;
    const [block, merged, list] = fixesOf(text);
    expect(block?.[0]).toContain("    if: |-\n      ${{ github.ref == 'refs/heads/main' }}\n");
    expect(merged?.[0]).toContain("      - if: ${{ (github.event_name == 'push') && (env.A || env.B) }}\n");
    expect(list?.[0]).toContain(`      - if: contains(fromJSON('["main","dev"]'), github.ref_name)\n`);
  });
});

// All three fixes are unsafe: steps that always ran start being skipped, as their authors meant.
testFixes(rule, [
  {
    name: 'without --unsafe nothing changes',
    files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: \${{ github.actor == 'dependabot[bot]' }} && \${{ github.event_name == 'pull_request_target' }}
        run: echo merge
`,
    output: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: \${{ github.actor == 'dependabot[bot]' }} && \${{ github.event_name == 'pull_request_target' }}
        run: echo merge
`,
    remaining: ['textOutside'],
  },
  {
    name: 'split expressions merged into one ${{ }}',
    unsafe: true,
    files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: \${{ github.actor == 'dependabot[bot]' }} && \${{ github.event_name == 'pull_request_target' }}
        run: echo merge
`,
    output: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: \${{ (github.actor == 'dependabot[bot]') && (github.event_name == 'pull_request_target') }}
        run: echo merge
`,
  },
  {
    name: 'a | block keeps its newline after ${{ }}: |-',
    unsafe: true,
    files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    if: |
      \${{ github.event.pull_request.head.repo.full_name == github.repository }}
    steps:
      - run: echo trusted
`,
    output: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    if: |-
      \${{ github.event.pull_request.head.repo.full_name == github.repository }}
    steps:
      - run: echo trusted
`,
  },
  {
    name: 'a substring allow list becomes a real list',
    unsafe: true,
    files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    if: contains('octocat hubot', github.actor)
    steps:
      - run: echo trusted
`,
    output: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    if: contains(fromJSON('["octocat","hubot"]'), github.actor)
    steps:
      - run: echo trusted
`,
  },
  {
    name: 'a constant operand is removed: bare, inside ${{ }}, on the left, a string constant over folded lines',
    unsafe: true,
    files: `on: pull_request_target
jobs:
  automerge:
    runs-on: ubuntu-latest
    steps:
      - if: github.actor == 'dependabot[bot]' || true
        run: gh pr merge --auto "$PR"
      - if: \${{ true || github.event.pull_request.user.login == 'octocat' }}
        run: echo trusted
      - if: >
          github.event.pull_request.head.repo.full_name == github.repository ||
          'true'
        run: echo same repository
      - if: (github.actor == 'renovate[bot]' || true) && (github.event_name == 'pull_request_target' || true)
        run: echo bot
`,
    output: `on: pull_request_target
jobs:
  automerge:
    runs-on: ubuntu-latest
    steps:
      - if: github.actor == 'dependabot[bot]'
        run: gh pr merge --auto "$PR"
      - if: \${{ github.event.pull_request.user.login == 'octocat' }}
        run: echo trusted
      - if: >
          github.event.pull_request.head.repo.full_name == github.repository
        run: echo same repository
      - if: (github.actor == 'renovate[bot]') && (github.event_name == 'pull_request_target' || true)
        run: echo bot
`,
  },
  {
    name: 'split expressions in a | block and in a quoted scalar are merged in place (then a constant operand goes)',
    unsafe: true,
    files: `on: pull_request_target
jobs:
  label:
    runs-on: ubuntu-latest
    if: |
      \${{ github.event_name == 'pull_request_target' }} &&
      \${{ github.actor == 'dependabot[bot]' }}
    steps:
      - if: "\${{ github.event.pull_request.user.login == 'renovate[bot]' }} || \${{ true }}"
        run: echo renovate
      - if: \${{ github.actor == 'octocat' }} && \${{ false }}
        run: echo disabled
`,
    output: `on: pull_request_target
jobs:
  label:
    runs-on: ubuntu-latest
    if: |
      (github.event_name == 'pull_request_target') &&
      (github.actor == 'dependabot[bot]')
    steps:
      - if: "github.event.pull_request.user.login == 'renovate[bot]'"
        run: echo renovate
      - if: \${{ (github.actor == 'octocat') && false }}
        run: echo disabled
`,
  },
  {
    name: 'no fix where the merged text does not parse as one expression',
    unsafe: true,
    files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: "\${{ github.actor == ''octocat'' }} && \${{ github.event_name == ''push'' }}"
        run: echo quoted with escapes
      - if: Deploy \${{ github.actor == 'octocat' }}
        run: echo text
`,
    output: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: "\${{ github.actor == ''octocat'' }} && \${{ github.event_name == ''push'' }}"
        run: echo quoted with escapes
      - if: Deploy \${{ github.actor == 'octocat' }}
        run: echo text
`,
    remaining: ['textOutside', 'textOutside'],
  },
]);

/** GitLab: gates on text others write in front of deploy, publish and credential jobs. */
testRule(rule, {
  valid: [
    {
      name: 'gitlab: skip markers, text gates behind a protected-ref test, and gates on unprivileged jobs',
      files: {
        '.gitlab-ci.yml': `deploy:
  environment: production
  rules:
    - if: $CI_COMMIT_MESSAGE =~ /\\[skip deploy\\]/
      when: never
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_COMMIT_MESSAGE =~ /release/
  script: ./deploy.sh
docs:
  rules:
    - if: $CI_MERGE_REQUEST_LABELS =~ /docs/
  script: make docs
lint:
  environment: production
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
    - if: $CI_COMMIT_MESSAGE !~ /wip/
      when: never
  script: ./deploy.sh
`,
      },
    },
  ],
  invalid: [
    {
      name: 'gitlab: a commit message gate and a label gate that fork merge requests pass (high), a branch pattern in front of vault secrets (medium)',
      files: {
        '.gitlab-ci.yml': `deploy:
  environment: production
  rules:
    - if: $CI_COMMIT_MESSAGE =~ /\\[deploy\\]/
  script: ./deploy.sh
publish:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event" && $CI_MERGE_REQUEST_LABELS == "publish"
  script: npm publish
hotfix:
  secrets:
    DEPLOY_KEY:
      vault: ops/deploy/key@ci
  rules:
    - if: $CI_COMMIT_BRANCH =~ /^hotfix-/
  script: ./hotfix.sh
`,
      },
      errors: [
        { messageId: 'gitlabTextGate', line: 4, column: 11, severity: 'high', message: 'deploys to the production environment' },
        { messageId: 'gitlabTextGate', line: 8, column: 59, severity: 'high', message: 'forks included' },
        { messageId: 'gitlabTextGate', line: 15, column: 11, severity: 'medium', message: 'whoever names a branch or tag' },
      ],
    },
  ],
});
