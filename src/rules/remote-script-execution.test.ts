import { describe, expect, it } from 'vitest';
import { initShellParser } from '../analysis/shell/shell-facts.js';
import { runRuleOn, testRule } from '../testing/rule-tester.js';
import rule from './remote-script-execution.js';

const TEKTON_TASK = `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: setup
spec:
  params:
    - name: installer
      default: https://get.example.com/install.sh
  steps:
    - name: install
      image: alpine:3.20
      env:
        - name: SLACK_TOKEN
          value: xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx
      script: |
        curl -fsSL https://get.example.com/install.sh | sh
        curl -fsSL $(params.installer) | bash
`;

testRule(rule, {
  valid: [
    {
      name: 'Tekton: the installer downloaded, checked against its digest, then run',
      files: {
        'tekton/task.yaml': `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: setup
spec:
  steps:
    - name: install
      image: alpine:3.20
      script: |
        curl -fsSLo install.sh https://get.example.com/v1.2.3/install.sh
        echo "4f1c8f0bd2e1cbb3a4a0f55d3e33f0cd1c9a0a1fbd0b7c5e2bd1d5c8e0a4f7e2  install.sh" | sha256sum -c -
        sh install.sh
`,
      },
    },
    {
      name: 'GitLab: download checked before it runs',
      files: {
        '.gitlab-ci.yml': `build:
  script:
    - curl -fsSLo install.sh https://example.com/install.sh
    - echo "\${INSTALL_SHA256}  install.sh" | sha256sum -c
    - sh install.sh
`,
      },
    },
    {
      name: 'download checked against a checksum before it runs',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          curl -fsSLo install.sh https://get.example.com/install.sh
          echo "3b5e1f0c0a1f4c2d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d  install.sh" | sha256sum -c -
          bash install.sh
`,
    },
    {
      name: 'raw GitHub URL pinned to a commit',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: curl -fsSL https://raw.githubusercontent.com/octo-org/tools/0a727065ae5a2313e8e6acf172844e8ca30c1822/install.sh | bash
`,
    },
    {
      name: 'downloads that are not executed',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          curl -fsSL https://api.github.com/repos/octo-org/app/releases/latest | jq -r .tag_name
          curl -fsSLo data.json https://example.com/data.json
          wget -q https://example.com/archive.tar.gz && tar xzf archive.tar.gz
`,
    },
  ],
  invalid: [
    {
      name: 'Tekton: curl | sh in a step script, and a URL taken from a param',
      files: { 'tekton/task.yaml': TEKTON_TASK },
      errors: [
        { messageId: 'remote', file: 'tekton/task.yaml', line: 16, column: 9, severity: 'medium' },
        { messageId: 'expression', file: 'tekton/task.yaml', line: 17, column: 9, severity: 'high' },
      ],
    },
    {
      name: 'GitLab: curl piped to a shell in a script pulled in with !reference',
      files: {
        '.gitlab-ci.yml': `.setup:
  script:
    - curl -sSL https://get.example.com | bash
build:
  script:
    - !reference [.setup, script]
    - make
`,
      },
      errors: [{ messageId: 'remote', line: 3, column: 7, file: '.gitlab-ci.yml' }],
    },
    {
      name: 'curl piped into bash',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: curl -fsSL https://get.example.com/install.sh | bash
`,
      errors: [{ messageId: 'remote', line: 6, column: 14, endColumn: 66, severity: 'medium' }],
    },
    {
      name: 'process substitution and command substitution',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          bash <(curl -s https://codecov.io/bash)
          sh -c "$(wget -qO- https://install.example.org/setup.sh)"
`,
      errors: [
        { messageId: 'remote', line: 7, column: 11, severity: 'medium' },
        { messageId: 'remote', line: 8, column: 11, severity: 'medium' },
      ],
    },
    {
      name: 'plain http download that is then run',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          wget http://mirror.example.net/tool.sh -O /tmp/tool.sh
          chmod +x /tmp/tool.sh
          /tmp/tool.sh --install
`,
      errors: [{ messageId: 'http', line: 7, column: 11, severity: 'high', message: 'plain http' }],
    },
    {
      name: 'URL built from a workflow input',
      files: `on:
  workflow_dispatch:
    inputs:
      version:
        required: true
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: curl -fsSL "https://get.example.com/\${{ inputs.version }}/install.sh" | sh
`,
      errors: [{ messageId: 'expression', line: 10, column: 14, severity: 'high' }],
    },
    {
      name: 'URL carrying attacker-controlled comment text',
      files: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          SCRIPT: \${{ github.event.comment.body }}
        run: curl -fsSL "https://scripts.example.com/$SCRIPT" | bash
`,
      errors: [{ messageId: 'tainted', line: 8, column: 14, severity: 'critical', message: 'github.event.comment.body' }],
    },
    {
      name: 'attacker-chosen URL in an unprivileged pull_request job is still high',
      files: `on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          BRANCH: \${{ github.head_ref }}
        run: bash <(curl -fsSL "https://ci.example.com/setup/$BRANCH.sh")
`,
      errors: [{ messageId: 'tainted', line: 8, column: 14, severity: 'high', message: 'github.head_ref' }],
    },
    {
      name: 'PowerShell Invoke-Expression of a download',
      files: `on: push
jobs:
  a:
    runs-on: windows-latest
    steps:
      - run: iex ((New-Object System.Net.WebClient).DownloadString('https://community.chocolatey.org/install.ps1'))
`,
      errors: [{ messageId: 'remote', line: 6, column: 14, severity: 'medium' }],
    },
  ],
});

describe('remote-script-execution related locations', () => {
  it('points at the command that runs a file downloaded lines above', async () => {
    await initShellParser();
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          curl -fsSL https://get.example.com/setup.sh > /tmp/setup.sh
          echo "installing"
          bash /tmp/setup.sh --quiet
      - run: curl -fsSL -o other.sh https://get.example.com/other.sh && sh other.sh
`;
    const findings = runRuleOn(rule, text).result.findings;
    expect(findings.map((f) => [f.location.line, f.related.map((r) => [r.line, r.column, r.note])])).toEqual([
      [7, [[9, 11, 'runs the downloaded file']]],
      [10, []],
    ]);
  });
});
