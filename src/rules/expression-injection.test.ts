import { testRule } from '../testing/rule-tester.js';
import rule from './expression-injection.js';

const TK_BINDING = `apiVersion: triggers.tekton.dev/v1beta1
kind: TriggerBinding
metadata:
  name: pr-binding
spec:
  params:
    - name: title
      value: $(body.pull_request.title)
    - name: sha
      value: $(body.pull_request.head.sha)
`;

function tkListener(interceptors = ''): string {
  return `apiVersion: triggers.tekton.dev/v1beta1
kind: EventListener
metadata:
  name: listener
spec:
  triggers:
    - name: pr
${interceptors}      bindings:
        - ref: pr-binding
      template:
        ref: pr-template
`;
}

const TK_TEMPLATE = `apiVersion: triggers.tekton.dev/v1beta1
kind: TriggerTemplate
metadata:
  name: pr-template
spec:
  params:
    - name: title
    - name: sha
  resourcetemplates:
    - apiVersion: tekton.dev/v1
      kind: PipelineRun
      metadata:
        generateName: pr-
      spec:
        pipelineRef:
          name: pr-check
        params:
          - name: pr-title
            value: $(tt.params.title)
          - name: sha
            value: $(tt.params.sha)
`;

const TK_PIPELINE = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: pr-check
spec:
  params:
    - name: pr-title
    - name: sha
  tasks:
    - name: announce
      taskRef:
        name: announce
      params:
        - name: message
          value: "PR $(params.pr-title) at $(params.sha)"
`;

function tkTask(script: string, env = ''): string {
  return `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: announce
spec:
  params:
    - name: message
  steps:
    - name: post
      image: alpine:3.20
${env}      script: |
        ${script}
`;
}

testRule(rule, {
  valid: [
    {
      name: 'Tekton: the param reaches the step through env, and the script reads "$MESSAGE"',
      files: {
        'tekton/binding.yaml': TK_BINDING,
        'tekton/listener.yaml': tkListener(),
        'tekton/template.yaml': TK_TEMPLATE,
        'tekton/pipeline.yaml': TK_PIPELINE,
        'tekton/task.yaml': tkTask('echo "$MESSAGE" $(date)', `      env:\n        - name: MESSAGE\n          value: $(params.message)\n`),
      },
    },
    {
      name: 'Tekton: only a fixed field (a commit SHA) and Tekton context reach the script',
      files: {
        'tekton/binding.yaml': TK_BINDING,
        'tekton/listener.yaml': tkListener(),
        'tekton/template.yaml': TK_TEMPLATE.replace('value: $(tt.params.title)', 'value: $(context.pipelineRun.name)'),
        'tekton/pipeline.yaml': TK_PIPELINE,
        'tekton/task.yaml': tkTask('echo "$(params.message)" in $(workspaces.source.path)'),
      },
    },
    {
      name: 'Tekton: Pipelines-as-Code variables the platform fixes ({{ revision }}, {{ repo_url }})',
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
      - name: show
        taskSpec:
          steps:
            - image: alpine:3.20
              script: git clone {{ repo_url }} && git checkout {{ revision }}
`,
      },
    },
    {
      name: 'untrusted value passed through env and quoted in the shell',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: \${{ github.event.issue.title }}
        run: echo "$TITLE"
`,
    },
    {
      name: 'boolean result of a comparison is not attacker text',
      files: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ contains(github.event.comment.body, '/deploy') }}"
`,
    },
    {
      name: 'trusted contexts',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.sha }} \${{ github.event.pull_request.number }} \${{ github.repository }}"
`,
    },
    {
      name: 'untrusted text in an ordinary action input',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/some-action@v1
        with:
          title: \${{ github.event.issue.title }}
`,
    },
    {
      name: 'composite action input nobody passes untrusted data to',
      files: {
        '.github/workflows/ci.yml': `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/greet
        with:
          name: world
`,
        '.github/actions/greet/action.yml': `name: greet
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "Hello \${{ inputs.name }}"
`,
      },
    },
  ],
  invalid: [
    {
      name: 'Tekton: webhook body field -> TriggerBinding -> TriggerTemplate -> PipelineRun -> Pipeline -> Task script, reported once at the step',
      files: {
        'tekton/binding.yaml': TK_BINDING,
        'tekton/listener.yaml': tkListener(),
        'tekton/template.yaml': TK_TEMPLATE,
        'tekton/pipeline.yaml': TK_PIPELINE,
        'tekton/task.yaml': tkTask('echo "$(params.message)"'),
      },
      errors: [
        {
          messageId: 'indirect',
          file: 'tekton/task.yaml',
          line: 12,
          column: 15,
          endColumn: 32,
          severity: 'critical',
          message:
            'through TriggerBinding pr-binding param title, bound by trigger pr, TriggerTemplate pr-template param title, param pr-title of PipelineRun pr-, Pipeline pr-check param pr-title, param message of pipeline task announce, Task announce param message',
        },
      ],
    },
    {
      name: 'Tekton: a GitHub interceptor that checks the webhook secret still passes pull requests from anyone',
      files: {
        'tekton/binding.yaml': TK_BINDING,
        'tekton/listener.yaml': tkListener(`      interceptors:
        - ref:
            name: github
          params:
            - name: secretRef
              value:
                secretName: github-webhook
                secretKey: token
            - name: eventTypes
              value: [pull_request]
`),
        'tekton/template.yaml': TK_TEMPLATE,
        'tekton/pipeline.yaml': TK_PIPELINE,
        'tekton/task.yaml': tkTask('curl -d "$(params.message)" https://chat.example.com'),
      },
      errors: [{ messageId: 'indirect', file: 'tekton/task.yaml', line: 12, column: 18, severity: 'critical' }],
    },
    {
      name: 'Tekton: a signed listener that only takes pushes is reached by writers',
      files: {
        'tekton/binding.yaml': TK_BINDING,
        'tekton/listener.yaml': tkListener(`      interceptors:
        - github:
            secretRef:
              secretName: github-webhook
              secretKey: token
            eventTypes: [push]
`),
        'tekton/template.yaml': TK_TEMPLATE,
        'tekton/pipeline.yaml': TK_PIPELINE,
        'tekton/task.yaml': tkTask('echo $(params.message)'),
      },
      errors: [{ messageId: 'indirect', file: 'tekton/task.yaml', line: 12, column: 14, severity: 'low' }],
    },
    {
      name: 'Tekton: Pipelines-as-Code {{ body.* }} in an inline step script and in `sh -c` args through a run param',
      files: {
        '.tekton/pull-request.yaml': `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: linters
  annotations:
    pipelinesascode.tekton.dev/on-event: "[pull_request]"
spec:
  params:
    - name: title
      value: "{{ body.pull_request.title }}"
  pipelineSpec:
    params:
      - name: title
    tasks:
      - name: lint
        params:
          - name: title
            value: $(params.title)
        taskSpec:
          params:
            - name: title
          steps:
            - name: comment
              image: alpine:3.20
              script: |
                binary {{body.pull_request.body}}
            - name: check
              image: alpine:3.20
              command: ["/bin/sh", "-c"]
              args: ["test -n '$(params.title)'"]
`,
      },
      errors: [
        { messageId: 'direct', file: '.tekton/pull-request.yaml', line: 26, column: 24, severity: 'critical' },
        { messageId: 'indirect', file: '.tekton/pull-request.yaml', line: 30, column: 32, severity: 'critical' },
      ],
    },
    {
      name: 'Tekton: a catalogue task with no caller in the repository expands its param into the script',
      files: { 'task/echo/echo.yaml': tkTask('echo $(params.message)') },
      errors: [{ messageId: 'unitInput', file: 'task/echo/echo.yaml', line: 12, column: 14, severity: 'low' }],
    },
    {
      name: 'issue title in a run script reached by anyone',
      files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.issue.title }}"
`,
      errors: [{ messageId: 'direct', line: 6, column: 20, endLine: 6, endColumn: 51, severity: 'critical' }],
    },
    {
      name: 'pull_request head ref in a pull_request workflow is unprivileged and restricted',
      files: `on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          git fetch origin \${{ github.head_ref }}
`,
      errors: [{ messageId: 'direct', line: 7, column: 28, severity: 'low' }],
    },
    {
      name: 'comment body into github-script code',
      files: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        with:
          script: |
            console.log("\${{ github.event.comment.body }}")
`,
      errors: [{ messageId: 'direct', line: 9, column: 26, severity: 'critical' }],
    },
    {
      name: 'through workflow-level env',
      files: `on: discussion
env:
  BODY: \${{ github.event.discussion.body }}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ env.BODY }}
`,
      errors: [{ messageId: 'indirect', line: 8, column: 19, severity: 'critical' }],
    },
    {
      name: 'through a step output and a job output',
      files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      title: \${{ steps.t.outputs.title }}
    steps:
      - id: t
        env:
          T: \${{ github.event.pull_request.title }}
        run: echo "title=$T" >> "$GITHUB_OUTPUT"
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ needs.a.outputs.title }}"
`,
      errors: [{ messageId: 'indirect', line: 16, column: 20, severity: 'critical' }],
    },
    {
      name: 'into a local composite action input, reported in the action with the caller in the flow',
      files: {
        '.github/workflows/ci.yml': `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/greet
        with:
          name: \${{ github.event.issue.title }}
`,
        '.github/actions/greet/action.yml': `name: greet
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "Hello \${{ inputs.name }}"
`,
      },
      errors: [{ messageId: 'indirect', file: '.github/actions/greet/action.yml', line: 6, column: 24, severity: 'critical' }],
    },
    {
      name: 'an action input expanded into a script, with no caller in the tree',
      files: {
        'action.yml': `name: greet
inputs:
  name:
    description: who
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "Hello \${{ inputs.name }}"
`,
      },
      errors: [{ messageId: 'unitInput', file: 'action.yml', line: 9, column: 24, severity: 'medium' }],
    },
    {
      name: 'maintainer gate lowers the severity',
      files: `on: issue_comment
jobs:
  a:
    if: github.event.comment.author_association == 'OWNER'
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.comment.body }}"
`,
      errors: [{ messageId: 'direct', line: 7, column: 20, severity: 'medium' }],
    },
    {
      name: 'a context no trigger fills is reported low, as inactive',
      files: `on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.issue.title }}"
`,
      errors: [{ messageId: 'inactive', line: 6, column: 20, severity: 'low' }],
    },
    {
      name: 'writer-only trigger is low',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.head_commit.message }}"
`,
      errors: [{ messageId: 'direct', line: 6, column: 20, severity: 'low' }],
    },
  ],
});
