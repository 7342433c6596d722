import { describe, expect, it } from 'vitest';
import { initShellParser } from '../analysis/shell/shell-facts.js';
import { runRuleOn, testRule } from '../testing/rule-tester.js';
import rule from './hardcoded-secret.js';

// Token-shaped test values are assembled at run time so this file never holds one literally.
const GITHUB_PAT = ['ghp', 'u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d'].join('_');
const AWS_KEY_ID = ['AKIA', 'Q7ZL2M4N6P8R3T5V'].join('');
const GENERIC = 'KLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKd';

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
      name: 'Tekton: the token read from a Secret, a param reference and a placeholder default',
      files: {
        'tekton/task.yaml': `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: notify
spec:
  params:
    - name: api-key
      default: changeme
  steps:
    - name: post
      image: alpine:3.20
      env:
        - name: SLACK_TOKEN
          valueFrom:
            secretKeyRef:
              name: slack
              key: token
        - name: API_KEY
          value: $(params.api-key)
      script: ./notify.sh
`,
      },
    },
    {
      name: 'GitLab: credentials read from CI/CD variables',
      files: {
        '.gitlab-ci.yml': `deploy:
  script:
    - echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin "$CI_REGISTRY"
`,
      },
    },
    {
      name: 'references to secrets, variables and inputs',
      files: `on: push
env:
  API_TOKEN: \${{ secrets.API_TOKEN }}
jobs:
  a:
    runs-on: ubuntu-latest
    container:
      image: ghcr.io/acme/build:1
      credentials:
        username: \${{ github.actor }}
        password: \${{ secrets.GITHUB_TOKEN }}
    steps:
      - run: echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin ghcr.io
      - run: docker login -u ci -p "$REGISTRY_PASSWORD" ghcr.io
`,
    },
    {
      name: 'placeholders, short service passwords and low-entropy values',
      files: `on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    services:
      postgres:
        image: postgres:16
        env:
          POSTGRES_PASSWORD: postgres
    env:
      DATABASE_URL: postgres://app:app-password@localhost:5432/app
      REDIS_URL: redis://default:r3dis-pass@redis:6379
      DB_PASSWORD: changeme
      API_KEY: <your-api-key>
      SESSION_SECRET: aaaaaaaaaaaaaaaaaaaaaaaa
    steps:
      - run: echo ok
`,
    },
    {
      name: 'secret-store references, key fingerprints and code',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      GPG_KEY_UID: 5B3F9A1C7D2E4F60819A2B3C4D5E6F708192A3B4
    steps:
      - uses: acme/get-vault-secrets@v1
        with:
          secrets: |
            DEPLOY_TOKEN=ci-deploy:token
      - run: |
          jq '{input_tokens: ((.usage.input_tokens? | tonumber?) // 0)}' usage.json
`,
    },
  ],
  invalid: [
    {
      name: 'Tekton: a Slack token written as a step env value',
      files: { 'tekton/task.yaml': TEKTON_TASK },
      errors: [{ messageId: 'token', file: 'tekton/task.yaml', line: 14, column: 18, severity: 'critical' }],
    },
    {
      name: 'GitLab: token written into variables',
      files: {
        '.gitlab-ci.yml': `variables:
  GH_TOKEN: ${GITHUB_PAT}
build:
  script: [make]
`,
      },
      errors: [{ messageId: 'token', line: 2, column: 13, file: '.gitlab-ci.yml', severity: 'critical' }],
    },
    {
      name: 'gitlab: a literal credential in a locally included file is reported there, once',
      files: {
        '.gitlab-ci.yml': 'include: [ci/deploy.yml]\nbuild:\n  script: [make]\n',
        'ci/deploy.yml': `deploy:
  variables:
    DEPLOY_API_KEY: ${GENERIC}
  script: [./deploy.sh]
`,
      },
      errors: [{ messageId: 'generic', line: 3, column: 21, file: 'ci/deploy.yml', severity: 'high' }],
    },
    {
      name: 'a GitHub personal access token in env',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      GH_TOKEN: ${GITHUB_PAT}
    steps:
      - run: gh release list
`,
      errors: [{ messageId: 'token', line: 6, column: 17, endColumn: 57, severity: 'critical', message: 'ghp_…(40 chars)' }],
    },
    {
      name: 'an AWS access key id in a script',
      files: `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: aws configure set aws_access_key_id ${AWS_KEY_ID}
`,
      errors: [{ messageId: 'token', line: 6, column: 50, severity: 'critical', message: 'AKIA…(20 chars)' }],
    },
    {
      name: 'a password in the URL of a remote host',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: curl -fsSL -O https://deploy:Zq81mPwK7t@artifacts.example.com/tool.tgz
`,
      errors: [{ messageId: 'token', line: 6, column: 43, endColumn: 53, severity: 'high' }],
    },
    {
      name: 'a literal container registry password',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    container:
      image: registry.example.com/build:1
      credentials:
        username: ci
        password: hunter22
    steps:
      - run: make
`,
      errors: [{ messageId: 'generic', line: 9, column: 19, severity: 'high', message: '…(8 chars)' }],
    },
    {
      name: 'docker login with a literal password and a high-entropy API key',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      SERVICE_API_KEY: ${GENERIC}
    steps:
      - run: docker login -u deploy -p s3cr3t-Passw0rd registry.example.com
`,
      errors: [
        { messageId: 'generic', line: 6, column: 24, endColumn: 56, severity: 'high', message: 'KLzd…(32 chars)' },
        { messageId: 'generic', line: 8, column: 40, severity: 'high' },
      ],
    },
    {
      name: 'dependabot registries and action metadata are scanned too',
      files: {
        '.github/dependabot.yml': `version: 2
registries:
  npm-private:
    type: npm-registry
    url: https://npm.example.com
    token: ${GENERIC}
updates:
  - package-ecosystem: npm
    directory: /
    registries: [npm-private]
    schedule:
      interval: weekly
`,
        '.github/actions/publish/action.yml': `name: publish
runs:
  using: composite
  steps:
    - shell: bash
      env:
        GH_TOKEN: ${GITHUB_PAT}
      run: gh release create v1
`,
      },
      errors: [
        { messageId: 'generic', file: '.github/dependabot.yml', line: 6, column: 12, severity: 'high' },
        { messageId: 'token', file: '.github/actions/publish/action.yml', line: 7, column: 19, severity: 'critical' },
      ],
    },
  ],
});

describe('hardcoded-secret messages', () => {
  it('never contain the secret', async () => {
    await initShellParser();
    const text = `on: push\nenv:\n  GH_TOKEN: ${GITHUB_PAT}\n  SERVICE_API_KEY: ${GENERIC}\njobs: {}\n`;
    const findings = runRuleOn(rule, text).result.findings;
    expect(findings).toHaveLength(2);
    // The text reporter masks the primary span of findings in this category.
    expect(rule.meta.category).toBe('secrets');
    for (const finding of findings) {
      expect(`${finding.message} ${finding.tip ?? ''}`).not.toContain(GITHUB_PAT.slice(4));
      expect(`${finding.message} ${finding.tip ?? ''}`).not.toContain(GENERIC.slice(4));
    }
  });

  it('honours a higher minimum entropy', async () => {
    await initShellParser();
    const text = `on: push\nenv:\n  SERVICE_API_KEY: ${GENERIC}\njobs: {}\n`;
    expect(runRuleOn(rule, text, { minEntropy: 6 }).result.findings).toHaveLength(0);
  });
});
