import { testFixes, testRule } from '../testing/rule-tester.js';
import rule from './env-file-injection.js';

testRule(rule, {
  valid: [
    {
      name: 'literal values written to GITHUB_ENV in a privileged workflow',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "NODE_ENV=production" >> "$GITHUB_ENV"
          printf "A=1\\nB=2\\n" >> "$GITHUB_ENV"
          echo "$HOME/.local/bin" >> "$GITHUB_PATH"
`,
    },
    {
      name: 'trusted contexts and runner variables',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          SHA: \${{ github.sha }}
          NUMBER: \${{ github.event.pull_request.number }}
        run: |
          echo "SHA=$SHA" >> $GITHUB_ENV
          echo "PR=$NUMBER" >> $GITHUB_ENV
          echo "REF=$GITHUB_REF" >> $GITHUB_ENV
          echo "DATE=$(date +%F)" >> $GITHUB_ENV
`,
    },
    {
      name: 'issue body written with a random heredoc delimiter',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          BODY: \${{ github.event.issue.body }}
        run: |
          DELIM="EOF_$(openssl rand -hex 16)"
          {
            echo "ISSUE_BODY<<$DELIM"
            echo "$BODY"
            echo "$DELIM"
          } >> "$GITHUB_ENV"
`,
    },
    {
      name: 'value validated before it is written',
      files: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          COMMENT: \${{ github.event.comment.body }}
        run: |
          TARGET=$(echo "$COMMENT" | awk '{print $2}')
          if [[ ! "$TARGET" =~ ^[A-Za-z0-9._-]+$ ]]; then exit 1; fi
          echo "TARGET=$TARGET" >> "$GITHUB_ENV"
`,
    },
    {
      name: 'branch name after a fixed NAME= cannot hold a newline',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          HEAD: \${{ github.head_ref }}
        run: echo "BRANCH=$HEAD" >> "$GITHUB_ENV"
`,
    },
    {
      name: 'a single output, the step summary and the state file',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: t
        env:
          TITLE: \${{ github.event.issue.title }}
        run: |
          echo "title=$TITLE" >> "$GITHUB_OUTPUT"
          echo "## $TITLE" >> "$GITHUB_STEP_SUMMARY"
          echo "seen=$TITLE" >> "$GITHUB_STATE"
`,
    },
    {
      name: 'newlines removed before the write, and a quoted heredoc that expands nothing',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      BODY: \${{ github.event.issue.body }}
    steps:
      - run: |
          echo "ONE=\${BODY//$'\\n'/ }" >> "$GITHUB_ENV"
          first=$(echo "$BODY" | head -n1)
          echo "FIRST=$first" >> "$GITHUB_ENV"
          flat=$(printf '%s' "$BODY" | tr -d '\\r\\n')
          echo "FLAT=$flat" >> "$GITHUB_ENV"
          cat <<'EOF' >> "$GITHUB_ENV"
          LITERAL=$BODY
          EOF
`,
    },
    {
      name: 'outputs written again after the untrusted one keep their value',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: parse
        env:
          BODY: \${{ github.event.issue.body }}
        run: |
          echo "notes=$BODY" >> "$GITHUB_OUTPUT"
          echo "deploy=false" >> "$GITHUB_OUTPUT"
`,
    },
    {
      name: 'untrusted text only as an argument of a program whose output is written',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: pr
        env:
          HEAD: \${{ github.head_ref }}
          TITLE: \${{ github.event.pull_request.title }}
        run: |
          gh pr view "$HEAD" --json number --jq '"number=\\(.number)"' >> "$GITHUB_OUTPUT"
          echo "title=$(jq -n --arg t "$TITLE" '$t')" >> "$GITHUB_OUTPUT"
          echo "ok=true" >> "$GITHUB_OUTPUT"
          echo "NUMBER=$(gh api "repos/$GITHUB_REPOSITORY/pulls?head=$HEAD" --jq '.[0].number')" >> "$GITHUB_ENV"
`,
    },
    {
      name: 'file content written to GITHUB_ENV in an unprivileged pull_request workflow',
      files: `on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: echo "VERSION=$(cat VERSION)" >> "$GITHUB_ENV"
`,
    },
  ],
  invalid: [
    {
      name: 'issue title through env into GITHUB_ENV',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: \${{ github.event.issue.title }}
        run: echo "ISSUE_TITLE=$TITLE" >> "$GITHUB_ENV"
`,
      errors: [{ messageId: 'env', line: 8, column: 32, endColumn: 38, severity: 'critical', message: 'github.event.issue.title' }],
    },
    {
      name: 'expression expanded into a heredoc with a fixed delimiter',
      files: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          cat >> "$GITHUB_ENV" <<EOF
          COMMENT<<END
          \${{ github.event.comment.body }}
          END
          EOF
`,
      errors: [{ messageId: 'env', line: 9, column: 11, severity: 'critical', message: 'fixed heredoc delimiter `END`' }],
    },
    {
      name: 'branch name as a whole line chooses the variable name',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          HEAD: \${{ github.head_ref }}
        run: echo "$HEAD" >> "$GITHUB_ENV"
`,
      errors: [{ messageId: 'env-name', line: 8, column: 20, severity: 'high' }],
    },
    {
      name: 'tee, printf and unquoted heredoc spellings',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      BODY: \${{ github.event.issue.body }}
    steps:
      - run: echo "A=$BODY" | tee -a "$GITHUB_ENV"
      - run: printf 'B=%s\\n' "$BODY" >> "$GITHUB_ENV"
      - run: |
          cat <<EOF >> "$GITHUB_ENV"
          C=$BODY
          EOF
`,
      errors: [
        { messageId: 'env', line: 8, column: 22, severity: 'critical' },
        { messageId: 'env', line: 9, column: 31, severity: 'critical' },
        { messageId: 'env', line: 12, column: 13, severity: 'critical' },
      ],
    },
    {
      name: 'comment text on GITHUB_PATH',
      files: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          DIR: \${{ github.event.comment.body }}
        run: echo "$DIR" >> $GITHUB_PATH
`,
      errors: [{ messageId: 'path', line: 8, column: 20, severity: 'critical' }],
    },
    {
      name: 'derived through a local shell variable',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: \${{ github.event.pull_request.title }}
        run: |
          scope=$(echo "$TITLE" | sed -E 's/^([a-z]+).*/\\1/')
          echo "SCOPE=$scope" >> $GITHUB_ENV
`,
      errors: [{ messageId: 'env', line: 10, column: 23, severity: 'critical', message: '`$scope`' }],
    },
    {
      name: 'pull_request without secrets for forks is lower',
      files: `on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          BODY: \${{ github.event.pull_request.body }}
        run: echo "NOTES=$BODY" >> "$GITHUB_ENV"
`,
      errors: [{ messageId: 'env', line: 8, column: 26, severity: 'medium' }],
    },
    {
      name: 'push is only reachable by writers',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "MSG=\${{ github.event.head_commit.message }}" >> "$GITHUB_ENV"
`,
      errors: [{ messageId: 'env', line: 6, column: 24, severity: 'low' }],
    },
    {
      name: 'output next to another output of the same step',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: parse
        env:
          BODY: \${{ github.event.issue.body }}
        run: |
          echo "deploy=false" >> "$GITHUB_OUTPUT"
          echo "notes=$BODY" >> "$GITHUB_OUTPUT"
`,
      errors: [{ messageId: 'output', line: 11, column: 23, severity: 'medium', message: 'output `deploy` of step `parse`' }],
    },
    {
      name: 'event payload read with jq',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          title=$(jq -r .issue.title "$GITHUB_EVENT_PATH")
          echo "TITLE=$title" >> "$GITHUB_ENV"
`,
      errors: [{ messageId: 'env', line: 8, column: 23, severity: 'critical', message: 'event payload .issue.title' }],
    },
    {
      name: 'PowerShell and cmd spellings',
      files: `on: issues
jobs:
  a:
    runs-on: windows-latest
    env:
      TITLE: \${{ github.event.issue.title }}
    steps:
      - run: echo "T=$env:TITLE" >> $env:GITHUB_ENV
      - shell: cmd
        run: echo T=%TITLE%>> %GITHUB_ENV%
`,
      errors: [
        { messageId: 'env', line: 8, column: 22, severity: 'critical' },
        { messageId: 'env', line: 10, column: 21, severity: 'critical' },
      ],
    },
    {
      name: 'artifact of a workflow_run written to GITHUB_ENV',
      files: `on:
  workflow_run:
    workflows: [CI]
    types: [completed]
jobs:
  comment:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: pr
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ secrets.GITHUB_TOKEN }}
      - run: echo "PR_NUMBER=$(cat pr/number)" >> "$GITHUB_ENV"
`,
      errors: [{ messageId: 'files', line: 14, column: 32, severity: 'high' }],
    },
    {
      name: 'composite action input passed untrusted data by its caller',
      files: {
        '.github/workflows/ci.yml': `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/setenv
        with:
          value: \${{ github.event.issue.body }}
`,
        '.github/actions/setenv/action.yml': `name: setenv
inputs:
  value:
    description: value to export
runs:
  using: composite
  steps:
    - shell: bash
      env:
        VALUE: \${{ inputs.value }}
      run: echo "VALUE=$VALUE" >> "$GITHUB_ENV"
`,
      },
      errors: [{ messageId: 'env', file: '.github/actions/setenv/action.yml', line: 11, column: 24, severity: 'critical' }],
    },
  ],
});

// The fix writes the value as one line (unsafe: a multi-line value loses its line breaks).
testFixes(rule, [
  {
    name: 'without --unsafe nothing changes',
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "TITLE=\${{ github.event.issue.title }}" >> "$GITHUB_ENV"
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "TITLE=\${{ github.event.issue.title }}" >> "$GITHUB_ENV"
`,
    remaining: ['env'],
  },
  {
    name: '${{ }} after NAME=: moved into env and written with its line breaks as spaces',
    unsafe: true,
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - name: Remember the title
        run: |
          echo "TITLE=\${{ github.event.issue.title }}" >> "$GITHUB_ENV"
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - name: Remember the title
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
        run: |
          echo "TITLE=\${ISSUE_TITLE//$'\\n'/ }" >> "$GITHUB_ENV"
`,
  },
  {
    name: 'a variable from env:, quoted and unquoted, and an output that another one follows',
    unsafe: true,
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: meta
        env:
          BODY: \${{ github.event.issue.body }}
        run: |
          echo "BODY=$BODY" >> $GITHUB_ENV
          echo BODY_TOO=\${BODY} >> $GITHUB_ENV
          echo "body=$BODY" >> "$GITHUB_OUTPUT"
          echo "ready=yes" >> "$GITHUB_OUTPUT"
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: meta
        env:
          BODY: \${{ github.event.issue.body }}
        run: |
          echo "BODY=\${BODY//$'\\n'/ }" >> $GITHUB_ENV
          echo BODY_TOO="\${BODY//$'\\n'/ }" >> $GITHUB_ENV
          echo "body=$BODY" >> "$GITHUB_OUTPUT"
          echo "ready=yes" >> "$GITHUB_OUTPUT"
`,
  },
  {
    name: 'bash: unquoted, braced and quoted targets, tee -a, printf %s, a shell heredoc and a { } group',
    unsafe: true,
    files: `on: issues
jobs:
  remember:
    runs-on: ubuntu-latest
    steps:
      - id: meta
        run: |
          echo "T1=\${{ github.event.issue.title }}" >>$GITHUB_ENV
          echo "T2=\${{ github.event.issue.title }}" >> \${GITHUB_ENV}
          echo T3=\${{ github.event.issue.title }} >> "\${GITHUB_ENV}"
          echo "T4=\${{ github.event.issue.body }}" | tee -a "$GITHUB_ENV"
          printf 'T5=%s\\n' "\${{ github.event.issue.body }}" >> "$GITHUB_ENV"
          cat <<EOF >> "$GITHUB_ENV"
          T6=\${{ github.event.issue.body }}
          EOF
          echo "ready=yes" >> "$GITHUB_OUTPUT"
          {
            echo "title=\${{ github.event.issue.title }}"
            echo "number=1"
          } >> "$GITHUB_OUTPUT"
`,
    output: `on: issues
jobs:
  remember:
    runs-on: ubuntu-latest
    steps:
      - id: meta
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
          ISSUE_BODY: \${{ github.event.issue.body }}
        run: |
          echo "T1=\${ISSUE_TITLE//$'\\n'/ }" >>$GITHUB_ENV
          echo "T2=\${ISSUE_TITLE//$'\\n'/ }" >> \${GITHUB_ENV}
          echo T3="\${ISSUE_TITLE//$'\\n'/ }" >> "\${GITHUB_ENV}"
          echo "T4=\${ISSUE_BODY//$'\\n'/ }" | tee -a "$GITHUB_ENV"
          printf 'T5=%s\\n' "\${ISSUE_BODY//$'\\n'/ }" >> "$GITHUB_ENV"
          cat <<EOF >> "$GITHUB_ENV"
          T6=\${ISSUE_BODY//$'\\n'/ }
          EOF
          echo "ready=yes" >> "$GITHUB_OUTPUT"
          {
            echo "title=\${ISSUE_TITLE//$'\\n'/ }"
            echo "number=1"
          } >> "$GITHUB_OUTPUT"
`,
  },
  {
    name: 'no fix, and the finding says why: whole line, PATH, printf format, echo -e, sh, pwsh, cmd',
    unsafe: true,
    files: `on: issues
jobs:
  a:
    runs-on: windows-latest
    steps:
      - shell: bash
        run: |
          echo "\${{ github.event.issue.title }}" >> "$GITHUB_ENV"
          echo "\${{ github.event.issue.title }}" >> "$GITHUB_PATH"
          printf "T=\${{ github.event.issue.body }}\\n" >> "$GITHUB_ENV"
          echo -e "U=\${{ github.event.issue.body }}" >> "$GITHUB_ENV"
      - shell: sh
        run: echo "T=\${{ github.event.issue.body }}" >> "$GITHUB_ENV" && echo saved
      - shell: cmd
        run: echo T=\${{ github.event.issue.body }}>> %GITHUB_ENV%
`,
    output: `on: issues
jobs:
  a:
    runs-on: windows-latest
    steps:
      - shell: bash
        run: |
          echo "\${{ github.event.issue.title }}" >> "$GITHUB_ENV"
          echo "\${{ github.event.issue.title }}" >> "$GITHUB_PATH"
          printf "T=\${{ github.event.issue.body }}\\n" >> "$GITHUB_ENV"
          echo -e "U=\${{ github.event.issue.body }}" >> "$GITHUB_ENV"
      - shell: sh
        run: echo "T=\${{ github.event.issue.body }}" >> "$GITHUB_ENV" && echo saved
      - shell: cmd
        run: echo T=\${{ github.event.issue.body }}>> %GITHUB_ENV%
`,
    remaining: ['env-name', 'path', 'env', 'env', 'env', 'env'],
    declined: ['names the variable itself', 'PATH entry', "printf's format", 'echo -e', 'sh has no', 'cmd has no expansion'],
  },
  {
    name: 'a fixed heredoc delimiter becomes random (safe): echo lines, a { } group, single quotes, a shell heredoc, sh',
    files: `on: issues
jobs:
  notes:
    runs-on: ubuntu-latest
    steps:
      - id: notes
        env:
          BODY: \${{ github.event.issue.body }}
        run: |
          echo "summary=ok" >> "$GITHUB_OUTPUT"
          echo "notes<<EOF" >> "$GITHUB_OUTPUT"
          echo "\${{ github.event.issue.body }}" >> "$GITHUB_OUTPUT"
          echo "EOF" >> "$GITHUB_OUTPUT"
          if [ -n "$BODY" ]; then
            {
              echo 'BODY<<EOF'
              echo "$BODY"
              echo EOF
            } >> "$GITHUB_ENV"
          fi
          cat <<END >> "$GITHUB_ENV"
          TITLE<<EOT
          \${{ github.event.issue.title }}
          EOT
          END
      - shell: sh
        run: |
          echo "COMMENT<<EOF" >> "$GITHUB_ENV"
          echo "$BODY" >> "$GITHUB_ENV"
          echo "EOF" >> "$GITHUB_ENV"
        env:
          BODY: \${{ github.event.issue.body }}
`,
    output: `on: issues
jobs:
  notes:
    runs-on: ubuntu-latest
    steps:
      - id: notes
        env:
          BODY: \${{ github.event.issue.body }}
          ISSUE_TITLE: \${{ github.event.issue.title }}
        run: |
          echo "summary=ok" >> "$GITHUB_OUTPUT"
          OUTPUT_DELIMITER="EOF_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')"
          echo "notes<<$OUTPUT_DELIMITER" >> "$GITHUB_OUTPUT"
          echo "$BODY" >> "$GITHUB_OUTPUT"
          echo "$OUTPUT_DELIMITER" >> "$GITHUB_OUTPUT"
          if [ -n "$BODY" ]; then
            ENV_DELIMITER="EOF_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')"
            {
              echo "BODY<<$ENV_DELIMITER"
              echo "$BODY"
              echo "$ENV_DELIMITER"
            } >> "$GITHUB_ENV"
          fi
          ENV_DELIMITER="EOT_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')"
          cat <<END >> "$GITHUB_ENV"
          TITLE<<$ENV_DELIMITER
          $ISSUE_TITLE
          $ENV_DELIMITER
          END
      - shell: sh
        run: |
          ENV_DELIMITER="EOF_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')"
          echo "COMMENT<<$ENV_DELIMITER" >> "$GITHUB_ENV"
          echo "$BODY" >> "$GITHUB_ENV"
          echo "$ENV_DELIMITER" >> "$GITHUB_ENV"
        env:
          BODY: \${{ github.event.issue.body }}
`,
  },
  {
    name: 'no random delimiter: taken from a variable, after a continued line, in a folded script',
    unsafe: true,
    files: `on: issues
jobs:
  notes:
    runs-on: ubuntu-latest
    steps:
      - env:
          BODY: \${{ github.event.issue.body }}
        run: |
          D=EOF
          echo "BODY<<$D" >> "$GITHUB_ENV"
          echo "$BODY" >> "$GITHUB_ENV"
          echo "$D" >> "$GITHUB_ENV"
          test -n "$BODY" &&
            echo "NOTE<<EOF" >> "$GITHUB_ENV"
          echo "$BODY" >> "$GITHUB_ENV"
          echo EOF >> "$GITHUB_ENV"
      - env:
          BODY: \${{ github.event.issue.body }}
        run: >
          echo "BODY<<EOF" >> "$GITHUB_ENV";
          echo "$BODY" >> "$GITHUB_ENV";
          echo EOF >> "$GITHUB_ENV"
`,
    output: `on: issues
jobs:
  notes:
    runs-on: ubuntu-latest
    steps:
      - env:
          BODY: \${{ github.event.issue.body }}
        run: |
          D=EOF
          echo "BODY<<$D" >> "$GITHUB_ENV"
          echo "$BODY" >> "$GITHUB_ENV"
          echo "$D" >> "$GITHUB_ENV"
          test -n "$BODY" &&
            echo "NOTE<<EOF" >> "$GITHUB_ENV"
          echo "$BODY" >> "$GITHUB_ENV"
          echo EOF >> "$GITHUB_ENV"
      - env:
          BODY: \${{ github.event.issue.body }}
        run: >
          echo "BODY<<EOF" >> "$GITHUB_ENV";
          echo "$BODY" >> "$GITHUB_ENV";
          echo EOF >> "$GITHUB_ENV"
`,
    remaining: ['env', 'env', 'env'],
    declined: ['not a plain word', 'cannot rewrite it', 'literal block scalar'],
  },
  {
    name: 'PowerShell: a value inside a double-quoted string is written with its line breaks as spaces',
    unsafe: true,
    files: `on: issues
jobs:
  remember:
    runs-on: windows-latest
    steps:
      - env:
          BODY: \${{ github.event.issue.body }}
        run: |
          Add-Content $env:GITHUB_ENV "TITLE=\${{ github.event.issue.title }}"
          "BODY=$env:BODY" >> $env:GITHUB_ENV
          "TITLE2=\${{ github.event.issue.title }}" | Out-File -FilePath $env:GITHUB_ENV -Append
          Add-Content $env:GITHUB_ENV BODY2=$env:BODY
`,
    output: `on: issues
jobs:
  remember:
    runs-on: windows-latest
    steps:
      - env:
          BODY: \${{ github.event.issue.body }}
          ISSUE_TITLE: \${{ github.event.issue.title }}
        run: |
          Add-Content $env:GITHUB_ENV "TITLE=$($env:ISSUE_TITLE -replace '\\r?\\n', ' ')"
          "BODY=$($env:BODY -replace '\\r?\\n', ' ')" >> $env:GITHUB_ENV
          "TITLE2=$($env:ISSUE_TITLE -replace '\\r?\\n', ' ')" | Out-File -FilePath $env:GITHUB_ENV -Append
          Add-Content $env:GITHUB_ENV BODY2=$env:BODY
`,
    remaining: ['env'],
    declined: ['double-quoted string'],
  },
  {
    name: 'sh: a plain echo "NAME=value" line becomes a value behind a random delimiter (unsafe), one-line and block scripts',
    unsafe: true,
    files: `on: issues
jobs:
  remember:
    runs-on: ubuntu-latest
    container: alpine:3
    defaults:
      run:
        shell: sh
    steps:
      - run: echo "TITLE=\${{ github.event.issue.title }}" >> "$GITHUB_ENV"
      - id: meta
        env:
          BODY: \${{ github.event.issue.body }}
        run: |
          echo "ready=yes" >> "$GITHUB_OUTPUT"
          echo "body=issue: $BODY" >> $GITHUB_OUTPUT
`,
    output: `on: issues
jobs:
  remember:
    runs-on: ubuntu-latest
    container: alpine:3
    defaults:
      run:
        shell: sh
    steps:
      - run: ENV_DELIMITER="EOF_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')"; { echo "TITLE<<$ENV_DELIMITER"; printf '%s\\n' "$ISSUE_TITLE"; echo "$ENV_DELIMITER"; } >> "$GITHUB_ENV"
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
      - id: meta
        env:
          BODY: \${{ github.event.issue.body }}
        run: |
          echo "ready=yes" >> "$GITHUB_OUTPUT"
          OUTPUT_DELIMITER="EOF_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')"; { echo "body<<$OUTPUT_DELIMITER"; printf '%s\\n' "issue: $BODY"; echo "$OUTPUT_DELIMITER"; } >> $GITHUB_OUTPUT
`,
  },
]);
