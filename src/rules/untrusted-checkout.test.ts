import { testRule } from '../testing/rule-tester.js';
import rule from './untrusted-checkout.js';

const TK_TRIGGERS = `apiVersion: triggers.tekton.dev/v1beta1
kind: EventListener
metadata:
  name: listener
spec:
  triggers:
    - name: pr
      interceptors:
        - ref:
            name: github
          params:
            - name: secretRef
              value:
                secretName: webhook
                secretKey: token
            - name: eventTypes
              value: [pull_request]
      bindings:
        - name: revision
          value: $(body.pull_request.head.sha)
        - name: url
          value: $(body.repository.clone_url)
      template:
        ref: ci
---
apiVersion: triggers.tekton.dev/v1beta1
kind: TriggerTemplate
metadata:
  name: ci
spec:
  params:
    - name: revision
    - name: url
  resourcetemplates:
    - apiVersion: tekton.dev/v1
      kind: PipelineRun
      metadata:
        generateName: ci-
      spec:
        pipelineRef:
          name: ci
        taskRunTemplate:
          serviceAccountName: deployer
        params:
          - name: revision
            value: $(tt.params.revision)
          - name: url
            value: $(tt.params.url)
        workspaces:
          - name: source
            emptyDir: {}
          - name: npm-token
            secret:
              secretName: npm-publish-token
`;
const TK_PIPELINE = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ci
spec:
  params:
    - name: revision
    - name: url
  workspaces:
    - name: source
    - name: npm-token
  tasks:
    - name: fetch
      taskRef:
        name: git-clone
      params:
        - name: url
          value: $(params.url)
        - name: revision
          value: $(params.revision)
      workspaces:
        - name: output
          workspace: source
    - name: test
      runAfter: [fetch]
      taskRef:
        name: npm-test
      workspaces:
        - name: source
          workspace: source
        - name: token
          workspace: npm-token
    - name: notify
      runAfter: [test]
      taskRef:
        name: notify
`;
const TK_TASKS = `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: npm-test
spec:
  workspaces:
    - name: source
    - name: token
  steps:
    - name: test
      image: node:20
      workingDir: $(workspaces.source.path)
      script: |
        npm ci
        npm test
---
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: notify
spec:
  steps:
    - name: post
      image: alpine:3.20
      script: echo done
`;

const PAC_RUN = (name: string, event: string) => `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: ${name}
  annotations:
    pipelinesascode.tekton.dev/on-event: "[${event}]"
spec:
  pipelineSpec:
    tasks:
      - name: fetch
        taskRef:
          name: git-clone
        params:
          - name: revision
            value: "{{ revision }}"
        workspaces:
          - name: output
            workspace: source
      - name: test
        taskRef:
          name: npm-test
        workspaces:
          - name: source
            workspace: source
`;

testRule(rule, {
  valid: [
    {
      name: 'Tekton: the same pipeline started by a signed listener for pushes only',
      files: {
        'tekton/triggers.yaml': TK_TRIGGERS.replace('value: [pull_request]', 'value: [push]').replace(
          '$(body.pull_request.head.sha)',
          '$(body.after)',
        ),
        'tekton/pipeline.yaml': TK_PIPELINE,
        'tekton/tasks.yaml': TK_TASKS,
      },
    },
    {
      name: 'Tekton: a Pipelines-as-Code push run cloning {{ revision }} and building it',
      files: {
        '.tekton/push.yaml': `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: push
  annotations:
    pipelinesascode.tekton.dev/on-event: "[push]"
spec:
  pipelineSpec:
    tasks:
      - name: fetch
        taskRef:
          name: git-clone
        params:
          - name: revision
            value: "{{ revision }}"
        workspaces:
          - name: output
            workspace: source
      - name: build
        workspaces:
          - name: source
            workspace: source
        taskSpec:
          steps:
            - image: golang:1.22
              script: make build
`,
      },
    },
    {
      name: 'default checkout under pull_request_target is the base branch',
      files: `on: pull_request_target
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm test
`,
    },
    {
      name: 'pull_request runs get no secrets, so checking out the head is the normal case',
      files: `on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: npm ci
`,
    },
    {
      name: 'job only reached by push',
      files: `on: [push, pull_request_target]
jobs:
  test:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha || github.sha }}
      - run: make
`,
    },
    {
      name: 'pull_request fields are empty under issue_comment',
      files: `on: issue_comment
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: make
`,
    },
    {
      name: 'fetching the pull request only to diff it',
      files: `on: pull_request_target
jobs:
  changed:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - run: |
          git fetch origin "pull/\${{ github.event.pull_request.number }}/head:pr"
          git diff --name-only "origin/\${{ github.base_ref }}...pr"
`,
    },
    {
      name: 'a github-script output that carries the base commit',
      files: `on: issue_comment
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - id: pr
        uses: actions/github-script@v7
        with:
          script: |
            const { data } = await github.rest.pulls.get({ ...context.repo, pull_number: context.issue.number });
            core.setOutput('base', data.base.sha);
            core.setOutput('head', data.head.sha);
      - uses: actions/checkout@v4
        with:
          ref: \${{ steps.pr.outputs.base }}
      - run: make
`,
    },
  ],
  invalid: [
    {
      name: 'Tekton: a task shared by a push run and a pull request run is reported only for the pull request clone',
      files: {
        '.tekton/push.yaml': PAC_RUN('push', 'push'),
        '.tekton/pull-request.yaml': PAC_RUN('pull-request', 'pull_request'),
        'tekton/tasks.yaml': TK_TASKS,
      },
      errors: [{ messageId: 'checkoutThenRun', file: '.tekton/pull-request.yaml', line: 15, column: 20, severity: 'high' }],
    },
    {
      name: 'Tekton: a signed listener for pull requests clones the head commit and npm runs it with a secret and a service account',
      files: { 'tekton/triggers.yaml': TK_TRIGGERS, 'tekton/pipeline.yaml': TK_PIPELINE, 'tekton/tasks.yaml': TK_TASKS },
      errors: [
        {
          messageId: 'checkoutThenRun',
          file: 'tekton/pipeline.yaml',
          line: 20,
          column: 18,
          severity: 'critical',
          message: 'with secrets npm-publish-token, service account deployer',
        },
      ],
    },
    {
      name: 'Tekton: the same listener behind a CEL filter that keeps fork pull requests out (two steps lower)',
      files: {
        'tekton/triggers.yaml': TK_TRIGGERS.replace(
          '              value: [pull_request]\n',
          '              value: [pull_request]\n        - ref:\n            name: cel\n          params:\n            - name: filter\n              value: body.pull_request.head.repo.full_name == body.repository.full_name\n',
        ),
        'tekton/pipeline.yaml': TK_PIPELINE,
        'tekton/tasks.yaml': TK_TASKS,
      },
      errors: [{ messageId: 'checkoutThenRun', file: 'tekton/pipeline.yaml', line: 20, column: 18, severity: 'medium' }],
    },
    {
      name: 'Tekton: a Pipelines-as-Code pull request run clones {{ revision }}; the next task runs nothing from it',
      files: {
        '.tekton/pull-request.yaml': `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: linters
  annotations:
    pipelinesascode.tekton.dev/on-event: "[pull_request]"
spec:
  params:
    - name: revision
      value: "{{ revision }}"
  pipelineSpec:
    params:
      - name: revision
    tasks:
      - name: fetchit
        params:
          - name: revision
            value: $(params.revision)
        taskRef:
          name: git-clone
        workspaces:
          - name: output
            workspace: source
      - name: vale
        runAfter: [fetchit]
        workspaces:
          - name: source
            workspace: source
        taskSpec:
          steps:
            - name: vale-lint
              image: jdkato/vale
              script: vale docs/content
`,
      },
      errors: [{ messageId: 'checkout', file: '.tekton/pull-request.yaml', line: 18, column: 20, severity: 'medium' }],
    },
    {
      name: 'Tekton: a task step fetches the pull request head from its param and a later step runs make',
      files: {
        'tekton/triggers.yaml': TK_TRIGGERS,
        'tekton/pipeline.yaml': `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ci
spec:
  params:
    - name: revision
  tasks:
    - name: build
      taskRef:
        name: build
      params:
        - name: sha
          value: $(params.revision)
`,
        'tekton/build.yaml': `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build
spec:
  params:
    - name: sha
  steps:
    - name: fetch
      image: alpine/git:2.45.2
      script: |
        git fetch origin $(params.sha) && git checkout FETCH_HEAD
    - name: build
      image: golang:1.22
      script: make release
`,
      },
      errors: [{ messageId: 'checkoutThenRun', file: 'tekton/build.yaml', line: 12, column: 26, severity: 'critical' }],
    },
    {
      name: 'head commit checked out and installed with npm',
      files: `on: pull_request_target
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: npm ci
      - run: npm test
        env:
          API_KEY: \${{ secrets.API_KEY }}
`,
      errors: [{ messageId: 'checkoutThenRun', line: 8, column: 16, severity: 'critical' }],
    },
    {
      name: 'checked out but nothing runs it',
      files: `on: pull_request_target
permissions:
  pull-requests: write
jobs:
  diff:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - uses: actions/github-script@v7
        with:
          script: console.log('checked out')
`,
      errors: [{ messageId: 'checkout', line: 10, column: 16, severity: 'high' }],
    },
    {
      name: 'workflow_run head commit checked out and built (upstream unknown)',
      files: `on:
  workflow_run:
    workflows: [Build]
    types: [completed]
jobs:
  report:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.workflow_run.head_sha }}
      - run: make report
        env:
          TOKEN: \${{ secrets.REPORT_TOKEN }}
`,
      errors: [{ messageId: 'checkoutThenRun', line: 11, column: 16, severity: 'critical' }],
    },
    {
      name: 'gh pr checkout on a comment, then a repository script',
      files: `on:
  issue_comment:
    types: [created]
jobs:
  rerun:
    if: github.event.issue.pull_request && startsWith(github.event.comment.body, '/rerun')
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - env:
          GH_TOKEN: \${{ secrets.BOT_TOKEN }}
        run: |
          gh pr checkout \${{ github.event.issue.number }}
          ./scripts/ci.sh
`,
      errors: [{ messageId: 'checkoutThenRun', line: 13, column: 11, severity: 'critical' }],
    },
    {
      name: 'same-repository gate lowers the severity',
      files: `on: pull_request_target
jobs:
  test:
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: npm ci
`,
      errors: [{ messageId: 'checkoutThenRun', line: 9, column: 16, severity: 'medium' }],
    },
    {
      name: 'author association gate written as a disjunction',
      files: `on:
  issue_comment:
    types: [created]
jobs:
  test:
    if: github.event.comment.author_association == 'OWNER' || github.event.comment.author_association == 'MEMBER'
    runs-on: ubuntu-latest
    steps:
      - run: gh pr checkout "$NUMBER" && make test
        env:
          NUMBER: \${{ github.event.issue.number }}
          GH_TOKEN: \${{ github.token }}
`,
      errors: [{ messageId: 'checkoutThenRun', line: 9, column: 14, severity: 'medium' }],
    },
    {
      name: 'head commit through env and a step output, then a local action',
      files: `on: pull_request_target
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - id: head
        env:
          SHA: \${{ github.event.pull_request.head.sha }}
        run: echo "sha=$SHA" >> "$GITHUB_OUTPUT"
      - uses: actions/checkout@v4
        with:
          ref: \${{ steps.head.outputs.sha }}
      - uses: ./.github/actions/setup
`,
      errors: [{ messageId: 'checkoutThenRun', line: 12, column: 16, severity: 'critical' }],
    },
    {
      name: 'checkout into a sub-directory counts once a step works in it',
      files: `on: pull_request_target
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
          path: pr
      - run: node scripts/check-links.js pr/docs
      - run: npm ci
        working-directory: pr
`,
      errors: [{ messageId: 'checkoutThenRun', line: 9, column: 16, severity: 'critical' }],
    },
    {
      name: 'fork repository and head branch, then pip install -e',
      files: `on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          repository: \${{ github.event.pull_request.head.repo.full_name }}
          ref: \${{ github.head_ref }}
      - run: pip install -e .
`,
      errors: [{ messageId: 'checkoutThenRun', line: 9, column: 16, severity: 'critical' }],
    },
    {
      name: 'git fetch of refs/pull then git checkout, then cargo',
      files: `on:
  issue_comment:
    types: [created]
jobs:
  bench:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          git fetch origin "pull/\${{ github.event.issue.number }}/head:pr"
          git checkout pr
          cargo bench
`,
      errors: [{ messageId: 'checkoutThenRun', line: 10, column: 11, severity: 'critical' }],
    },
    {
      name: 'label gate lowers the severity by one step',
      files: `on: pull_request_target
jobs:
  test:
    if: contains(github.event.pull_request.labels.*.name, 'safe to test')
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.ref }}
      - run: pytest
`,
      errors: [{ messageId: 'checkoutThenRun', line: 9, column: 16, severity: 'high' }],
    },
    {
      name: 'a later checkout of the base replaces the pull request code',
      files: `on: pull_request_target
jobs:
  docs:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - uses: actions/checkout@v4
      - run: npm ci && npm run build
`,
      errors: [{ messageId: 'checkout', line: 9, column: 16, severity: 'high' }],
    },
    {
      name: 'workflow_run of a pull_request workflow is reachable by anyone',
      files: {
        '.github/workflows/deploy.yml': `on:
  workflow_run:
    workflows: [CI]
    types: [completed]
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.workflow_run.head_sha }}
      - run: yarn install --frozen-lockfile
        env:
          DEPLOY_TOKEN: \${{ secrets.DEPLOY_TOKEN }}
`,
        '.github/workflows/ci.yml': `name: CI
on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo test
`,
      },
      errors: [{ messageId: 'checkoutThenRun', file: '.github/workflows/deploy.yml', line: 11, column: 16, severity: 'critical' }],
    },
    {
      name: 'workflow_run of a push-only workflow is only reachable by writers',
      files: {
        '.github/workflows/deploy.yml': `on:
  workflow_run:
    workflows: [CI]
    types: [completed]
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.workflow_run.head_sha }}
      - run: yarn install --frozen-lockfile
        env:
          DEPLOY_TOKEN: \${{ secrets.DEPLOY_TOKEN }}
`,
        '.github/workflows/ci.yml': `name: CI
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo test
`,
      },
      errors: [{ messageId: 'checkoutThenRun', file: '.github/workflows/deploy.yml', line: 11, column: 16, severity: 'low' }],
    },
  ],
});
