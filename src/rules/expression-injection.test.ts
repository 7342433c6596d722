import { testFixes, testRule } from '../testing/rule-tester.js';
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

/** Result poisoning: a pull request listener, a pipeline whose `test` task runs the clone and writes a result, a reader. */
const RP_TRIGGERS = `apiVersion: triggers.tekton.dev/v1beta1
kind: EventListener
metadata:
  name: pr
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
      template:
        ref: pr
---
apiVersion: triggers.tekton.dev/v1beta1
kind: TriggerTemplate
metadata:
  name: pr
spec:
  params:
    - name: revision
  resourcetemplates:
    - apiVersion: tekton.dev/v1
      kind: PipelineRun
      metadata:
        generateName: pr-
      spec:
        pipelineRef:
          name: pr
        params:
          - name: revision
            value: $(tt.params.revision)
        workspaces:
          - name: source
            emptyDir: {}
`;
const RP_PIPELINE = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: pr
spec:
  params:
    - name: revision
  workspaces:
    - name: source
  tasks:
    - name: fetch
      taskRef:
        name: git-clone
      params:
        - name: revision
          value: $(params.revision)
      workspaces:
        - name: output
          workspace: source
    - name: test
      runAfter: [fetch]
      taskRef:
        name: make-test
      workspaces:
        - name: source
          workspace: source
    - name: report
      runAfter: [test]
      taskRef:
        name: report
      params:
        - name: version
          value: $(tasks.test.results.version)
`;
const RP_TASKS = (withToken: boolean) => {
  const token = withToken
    ? `      env:
        - name: GITHUB_TOKEN
          valueFrom:
            secretKeyRef:
              name: github-status-token
              key: token
`
    : '';
  return `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: make-test
spec:
  workspaces:
    - name: source
  results:
    - name: version
  steps:
    - name: test
      image: golang:1.22
      workingDir: $(workspaces.source.path)
      script: |
        make test
        git describe --tags > $(results.version.path)
---
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: report
spec:
  params:
    - name: version
  steps:
    - name: report
      image: alpine:3.20
${token}      script: |
        echo "tested $(params.version)"${token ? ' && ./post-status "$GITHUB_TOKEN"' : ''}
`;
};

testRule(rule, {
  valid: [
    {
      name: 'Tekton: a result written by pull request code, read by a task holding nothing more than the code already had',
      files: { 'tekton/triggers.yaml': RP_TRIGGERS, 'tekton/pipeline.yaml': RP_PIPELINE, 'tekton/tasks.yaml': RP_TASKS(false) },
    },
    {
      name: 'Tekton: a param restricted by `enum` (Tekton refuses any other value), with and without callers',
      files: {
        'tekton/binding.yaml': TK_BINDING,
        'tekton/listener.yaml': tkListener(),
        'tekton/template.yaml': TK_TEMPLATE,
        'tekton/pipeline.yaml': TK_PIPELINE,
        'tekton/task.yaml': tkTask('echo "$(params.message)"').replace(
          '    - name: message\n',
          '    - name: message\n      enum: [opened, closed]\n',
        ),
        'task/mode/mode.yaml': `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: mode
spec:
  params:
    - name: mode
      enum: [fast, full]
  steps:
    - image: alpine:3.20
      script: ./check.sh --$(params.mode)
`,
      },
    },
    {
      name: 'Tekton: {{ trigger_comment }} in a param (Pipelines-as-Code escapes its line breaks)',
      files: {
        '.tekton/commands.yaml': `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: commands
  annotations:
    pipelinesascode.tekton.dev/on-comment: "^/(lgtm|assign)"
spec:
  params:
    - name: trigger_comment
      value: |
        {{ trigger_comment }}
  pipelineRef:
    name: commands
`,
      },
    },
    {
      name: 'Tekton: a single-line pull request title pasted into a param no script reads',
      files: {
        '.tekton/pr.yaml': `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: pr
  annotations:
    pipelinesascode.tekton.dev/on-event: "[pull_request]"
spec:
  params:
    - name: title
      value: "{{ body.pull_request.title }}"
  pipelineRef:
    name: ci
`,
      },
    },
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
      name: 'Tekton: a pull request body pasted unquoted into a run param, where its line breaks become YAML (high: outsiders wait for /ok-to-test)',
      files: {
        '.tekton/pr.yaml': `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: pr
  annotations:
    pipelinesascode.tekton.dev/on-event: "[pull_request]"
spec:
  params:
    - name: description
      value: {{ body.pull_request.body }}
  pipelineRef:
    name: ci
`,
      },
      errors: [{ messageId: 'yamlStructure', file: '.tekton/pr.yaml', line: 10, column: 14, severity: 'high' }],
    },
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
      name: 'Tekton: Pipelines-as-Code {{ body.* }} in an inline step script and in `sh -c` args through a run param, with remember-ok-to-test on (critical: the approval can be passed)',
      files: {
        'config/pac.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: pipelines-as-code
  namespace: pipelines-as-code
data:
  remember-ok-to-test: "true"
`,
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
      name: 'Tekton: a matrix include param carries the pull request branch into the fanned-out task',
      files: {
        '.tekton/pr-matrix.yaml': `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: pr-matrix
  annotations:
    pipelinesascode.tekton.dev/on-event: "[pull_request]"
spec:
  params:
    - name: branch
      value: "{{ source_branch }}"
  pipelineSpec:
    params:
      - name: branch
    tasks:
      - name: test
        matrix:
          params:
            - name: goversion
              value: ["1.21", "1.22"]
          include:
            - name: branch-build
              params:
                - name: ref
                  value: $(params.branch)
        taskSpec:
          params:
            - name: goversion
            - name: ref
              default: main
          steps:
            - name: test
              image: golang:1.22
              script: |
                echo "testing $(params.ref) with go $(params.goversion)"
`,
      },
      errors: [
        {
          messageId: 'indirect',
          file: '.tekton/pr-matrix.yaml',
          line: 34,
          column: 31,
          severity: 'medium',
          message: 'matrix include param ref of pipeline task test',
        },
      ],
    },
    {
      name: 'Tekton: a result written from a param (safely, through env) is expanded by the next task: one finding, at the reader, with the result hops',
      files: {
        '.tekton/pr-notes.yaml': `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: pr-notes
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
      - name: summarise
        params:
          - name: title
            value: $(params.title)
        taskSpec:
          params:
            - name: title
          results:
            - name: summary
          steps:
            - name: write
              image: alpine:3.20
              env:
                - name: TITLE
                  value: $(params.title)
              script: |
                printf 'PR: %s' "$TITLE" > $(results.summary.path)
      - name: post
        params:
          - name: text
            value: $(tasks.summarise.results.summary)
        taskSpec:
          params:
            - name: text
          steps:
            - name: post
              image: alpine:3.20
              script: |
                echo "$(params.text)" | tee /workspace/notes.txt
`,
      },
      errors: [
        {
          messageId: 'indirect',
          file: '.tekton/pr-notes.yaml',
          line: 43,
          column: 23,
          severity: 'high',
          message:
            'env TITLE, shell variable $TITLE, result summary written by step write of Task pr-notes/summarise, result summary of pipeline task summarise',
        },
      ],
    },
    {
      name: 'Tekton: a task that runs pull request code writes a result that a task holding a token expands into its script (result poisoning)',
      files: {
        'tekton/triggers.yaml': RP_TRIGGERS,
        'tekton/pipeline.yaml': RP_PIPELINE,
        'tekton/tasks.yaml': RP_TASKS(true),
      },
      errors: [
        {
          messageId: 'indirect',
          file: 'tekton/tasks.yaml',
          line: 35,
          column: 22,
          severity: 'critical',
          message: 'output of pull request code (body.pull_request.head.sha)',
        },
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
      name: 'a pull request title into a Lodash template of tibdex/backport (JavaScript between <% %>); medium as only merged pull requests reach it',
      files: `on:
  pull_request_target:
    types: [closed, labeled]
jobs:
  backport:
    if: github.event.pull_request.merged
    runs-on: ubuntu-latest
    steps:
      - uses: tibdex/backport@9565281eda0731b1d20c4025c43339fb0a23812e # v2.0.4
        with:
          github_token: \${{ secrets.GITHUB_TOKEN }}
          title_template: "[<%= base %>] \${{ github.event.pull_request.title }}"
          head_template: "backport-<%= number %>-to-<%= base %>"
`,
      errors: [{ messageId: 'direct', line: 12, column: 42, severity: 'medium', message: 'code input of tibdex/backport' }],
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

// Each case: the exact text after `fix` (or `fix --unsafe`), nothing of the rule left unless
// listed, and a second run changes nothing (testFixes checks all three).
testFixes(rule, [
  {
    name: 'bash, inside double quotes: env created before run:, comments and quoting kept',
    files: `on: issues
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - name: Greet # the author
        run: |
          echo "Thanks for '\${{ github.event.issue.title }}'!"  # quoted on purpose
`,
    output: `on: issues
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - name: Greet # the author
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
        run: |
          echo "Thanks for '$ISSUE_TITLE'!"  # quoted on purpose
`,
  },
  {
    name: 'pull request title: PR_TITLE, env after a run: that opens the step, the same expression twice reads one variable',
    files: `on: pull_request_target
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "title: \${{ github.event.pull_request.title }}"
          echo "again: \${{ github.event.pull_request.title }}"

      - run: echo done
`,
    output: `on: pull_request_target
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "title: $PR_TITLE"
          echo "again: $PR_TITLE"
        env:
          PR_TITLE: \${{ github.event.pull_request.title }}

      - run: echo done
`,
  },
  {
    name: 'extends a block env: and a flow env:, at their own indentation',
    files: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
            LANGUAGE: en   # keep
        run: echo "\${{ github.event.comment.body }}"
      - env: { MODE: fast }
        run: echo "\${{ github.event.issue.body }}"
`,
    output: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
            LANGUAGE: en   # keep
            COMMENT_BODY: \${{ github.event.comment.body }}
        run: echo "$COMMENT_BODY"
      - env: { MODE: fast, ISSUE_BODY: '\${{ github.event.issue.body }}' }
        run: echo "$ISSUE_BODY"
`,
  },
  {
    name: 'single quotes: a whole \'...\' string becomes "$VAR", a part closes and reopens the quotes',
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          printf '%s\\n' '\${{ github.event.issue.title }}'
          echo 'body: \${{ github.event.issue.body }} (end)'
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          printf '%s\\n' "$ISSUE_TITLE"
          echo 'body: '"$ISSUE_BODY"' (end)'
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
          ISSUE_BODY: \${{ github.event.issue.body }}
`,
  },
  {
    name: 'expanding heredoc and a following letter: ${VAR}; sh as the job default shell',
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    defaults:
      run:
        shell: sh
    steps:
      - run: |
          cat > note.md <<EOF
          Title: \${{ github.event.issue.title }}s
          EOF
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    defaults:
      run:
        shell: sh
    steps:
      - run: |
          cat > note.md <<EOF
          Title: \${ISSUE_TITLE}s
          EOF
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
`,
  },
  {
    name: 'unquoted: no safe fix (word splitting would change)',
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ github.event.issue.title }}
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ github.event.issue.title }}
`,
    remaining: ['direct'],
  },
  {
    name: 'unquoted with --unsafe: "$VAR"',
    unsafe: true,
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ github.event.issue.title }}
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "$ISSUE_TITLE"
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
`,
  },
  {
    name: 'pwsh, the Windows default: $env:VAR, ${env:VAR} before a colon; a single-quoted part has no fix',
    files: `on: issues
jobs:
  a:
    runs-on: windows-latest
    steps:
      - run: |
          Write-Host "Title: \${{ github.event.issue.title }}"
          Write-Host "\${{ github.event.issue.body }}: body"
      - run: Write-Host 'x \${{ github.event.issue.title }}'
`,
    output: `on: issues
jobs:
  a:
    runs-on: windows-latest
    steps:
      - run: |
          Write-Host "Title: $env:ISSUE_TITLE"
          Write-Host "\${env:ISSUE_BODY}: body"
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
          ISSUE_BODY: \${{ github.event.issue.body }}
      - run: Write-Host 'x \${{ github.event.issue.title }}'
`,
    remaining: ['direct'],
  },
  {
    name: 'workflow default shell pwsh on Linux; a whole single-quoted string becomes $env:VAR',
    files: `on: issues
defaults:
  run:
    shell: pwsh
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: Set-Content title.txt '\${{ github.event.issue.title }}'
`,
    output: `on: issues
defaults:
  run:
    shell: pwsh
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: Set-Content title.txt $env:ISSUE_TITLE
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
`,
  },
  {
    name: 'cmd, one-line scripts become a literal block whose first line turns delayed expansion on (unsafe)',
    unsafe: true,
    files: `on: issues
jobs:
  a:
    runs-on: windows-latest
    steps:
      - shell: cmd
        run: echo "\${{ github.event.issue.title }}"
      - shell: cmd
        run: \${{ github.event.issue.body }}> body.txt
`,
    output: `on: issues
jobs:
  a:
    runs-on: windows-latest
    steps:
      - shell: cmd
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
        run: |
          @setlocal EnableDelayedExpansion
          echo "!ISSUE_TITLE!"
      - shell: cmd
        env:
          ISSUE_BODY: \${{ github.event.issue.body }}
        run: |
          @setlocal EnableDelayedExpansion
          !ISSUE_BODY!> body.txt
`,
  },
  {
    name: 'cmd, a one-line script with a comment after it, or a folded one: no fix, and the finding says why',
    unsafe: true,
    files: `on: issues
jobs:
  a:
    runs-on: windows-latest
    steps:
      - shell: cmd
        run: echo "\${{ github.event.issue.title }}" # greet
      - shell: cmd
        run: >
          echo "\${{ github.event.issue.title }}"
`,
    output: `on: issues
jobs:
  a:
    runs-on: windows-latest
    steps:
      - shell: cmd
        run: echo "\${{ github.event.issue.title }}" # greet
      - shell: cmd
        run: >
          echo "\${{ github.event.issue.title }}"
`,
    remaining: ['direct', 'direct'],
    declined: ['nothing after it on its line', 'nothing after it on its line'],
  },
  {
    name: 'cmd: !VAR! under delayed expansion (unsafe), quoted, unquoted and in a ( ) block',
    unsafe: true,
    files: `on: issues
jobs:
  triage:
    runs-on: windows-latest
    steps:
      - name: Save the issue
        shell: cmd
        run: |
          echo "\${{ github.event.issue.title }}"
          if exist notes (
            echo \${{ github.event.issue.body }}> notes\\body.txt
          )
`,
    output: `on: issues
jobs:
  triage:
    runs-on: windows-latest
    steps:
      - name: Save the issue
        shell: cmd
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
          ISSUE_BODY: \${{ github.event.issue.body }}
        run: |
          @setlocal EnableDelayedExpansion
          echo "!ISSUE_TITLE!"
          if exist notes (
            echo !ISSUE_BODY!> notes\\body.txt
          )
`,
  },
  {
    name: 'cmd: no fix where cmd parses the value again or delayed expansion would change the script; each finding says why',
    unsafe: true,
    files: `on: issues
jobs:
  a:
    runs-on: windows-latest
    defaults:
      run:
        shell: cmd
    steps:
      - run: |
          call npm run triage -- "\${{ github.event.issue.title }}"
      - run: |
          echo "\${{ github.event.issue.title }}" | findstr /i bug
      - run: |
          echo Thanks!
          echo "\${{ github.event.issue.title }}"
      - run: |
          setlocal
          echo "\${{ github.event.issue.title }}"
      - run: |
          for /f %%v in ('echo "\${{ github.event.issue.title }}"') do echo %%v
`,
    output: `on: issues
jobs:
  a:
    runs-on: windows-latest
    defaults:
      run:
        shell: cmd
    steps:
      - run: |
          call npm run triage -- "\${{ github.event.issue.title }}"
      - run: |
          echo "\${{ github.event.issue.title }}" | findstr /i bug
      - run: |
          echo Thanks!
          echo "\${{ github.event.issue.title }}"
      - run: |
          setlocal
          echo "\${{ github.event.issue.title }}"
      - run: |
          for /f %%v in ('echo "\${{ github.event.issue.title }}"') do echo %%v
`,
    remaining: ['direct', 'direct', 'direct', 'direct', 'direct'],
    declined: ['CALLs a batch file', 'a pipe runs its sides', 'already writes `!`', 'setlocal/endlocal', 'parse the expanded value again'],
  },
  {
    name: 'an action input run as code (appleboy/ssh-action script): no fix, and the finding says why',
    unsafe: true,
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: appleboy/ssh-action@v1
        with:
          host: example.com
          script: echo "\${{ github.event.issue.title }}"
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: appleboy/ssh-action@v1
        with:
          host: example.com
          script: echo "\${{ github.event.issue.title }}"
`,
    remaining: ['direct'],
    declined: ['`script` of appleboy/ssh-action'],
  },
  {
    name: 'eval-like sink: no fix, and the finding says why',
    unsafe: true,
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: eval "echo \${{ github.event.issue.title }}"
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: eval "echo \${{ github.event.issue.title }}"
`,
    remaining: ['direct'],
    declined: ['evaluated again as code'],
  },
  {
    name: 'actions/github-script: process.env in a whole string, a string part and a template literal',
    files: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        with:
          script: |
            const body = '\${{ github.event.comment.body }}';
            core.info("title: \${{ github.event.issue.title }}!");
            core.info(\`user: \${{ github.event.issue.body }}\`);
`,
    output: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        env:
          COMMENT_BODY: \${{ github.event.comment.body }}
          ISSUE_TITLE: \${{ github.event.issue.title }}
          ISSUE_BODY: \${{ github.event.issue.body }}
        with:
          script: |
            const body = process.env.COMMENT_BODY;
            core.info("title: " + process.env.ISSUE_TITLE + "!");
            core.info(\`user: \${process.env.ISSUE_BODY}\`);
`,
  },
  {
    name: 'names clash with the job env and with the script: the next free name',
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      ISSUE_TITLE: fixed
    steps:
      - run: |
          ISSUE_TITLE_2=local
          echo "\${{ github.event.issue.title }} $ISSUE_TITLE_2"
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      ISSUE_TITLE: fixed
    steps:
      - run: |
          ISSUE_TITLE_2=local
          echo "$ISSUE_TITLE_3 $ISSUE_TITLE_2"
        env:
          ISSUE_TITLE_3: \${{ github.event.issue.title }}
`,
  },
  {
    name: 'an existing step variable holding the same expression is reused',
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          T: \${{ github.event.issue.title }}
        run: echo "$T / \${{ github.event.issue.title }}"
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          T: \${{ github.event.issue.title }}
        run: echo "$T / $T"
`,
  },
  {
    name: 'inside eval the variable would be evaluated again: no fix',
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: eval "echo \${{ github.event.issue.title }}"
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: eval "echo \${{ github.event.issue.title }}"
`,
    remaining: ['direct'],
  },
  {
    name: 'runner OS unknown and no shell named: only --unsafe (the step may run in pwsh on Windows)',
    files: `on: issues
jobs:
  a:
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest]
    runs-on: \${{ matrix.os }}
    steps:
      - run: echo "\${{ github.event.issue.title }}"
`,
    output: `on: issues
jobs:
  a:
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest]
    runs-on: \${{ matrix.os }}
    steps:
      - run: echo "\${{ github.event.issue.title }}"
`,
    remaining: ['direct'],
  },
  {
    name: 'reusable workflow input, a double-quoted YAML scalar (the new quotes escaped) and a CRLF file',
    files:
      'on:\r\n  workflow_call:\r\n    inputs:\r\n      title: { type: string }\r\njobs:\r\n  a:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n      - name: show\r\n        run: "echo \'${{ inputs.title }}\'"\r\n',
    output:
      'on:\r\n  workflow_call:\r\n    inputs:\r\n      title: { type: string }\r\njobs:\r\n  a:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n      - name: show\r\n        env:\r\n          TITLE: ${{ inputs.title }}\r\n        run: "echo \\"$TITLE\\""\r\n',
  },
  {
    name: 'a double-quoted YAML scalar with escapes: no fix (offsets in it are not exact)',
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: "echo \\"\${{ github.event.issue.title }}\\""
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: "echo \\"\${{ github.event.issue.title }}\\""
`,
    remaining: ['direct'],
  },
  {
    name: 'github-script, expression as JavaScript code: only --unsafe, as process.env (the value becomes a string)',
    unsafe: true,
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        with:
          script: console.log(\${{ github.event.issue.title }})
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
        with:
          script: console.log(process.env.ISSUE_TITLE)
`,
  },
  {
    name: 'the same line where it cannot be fixed (cmd): the other copy is still fixed (equal lines share fingerprints)',
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.issue.title }}"
  b:
    runs-on: windows-latest
    defaults:
      run:
        shell: cmd
    steps:
      - run: echo "\${{ github.event.issue.title }}"
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "$ISSUE_TITLE"
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
  b:
    runs-on: windows-latest
    defaults:
      run:
        shell: cmd
    steps:
      - run: echo "\${{ github.event.issue.title }}"
`,
    remaining: ['direct'],
  },
  {
    name: 'two expressions that name the same variable in one script: the second takes the next name',
    files: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.head_ref }} \${{ github.event.pull_request.head.ref }}"
`,
    output: `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "$HEAD_REF $HEAD_REF_2"
        env:
          HEAD_REF: \${{ github.head_ref }}
          HEAD_REF_2: \${{ github.event.pull_request.head.ref }}
`,
  },
  {
    name: '${{ env.X }} of a declared variable reads X itself; not when the script assigns X',
    files: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      TITLE: \${{ github.event.issue.title }}
    steps:
      - run: echo "\${{ env.TITLE }}"
      - run: |
          TITLE="\${TITLE:-none}"
          echo "\${{ env.TITLE }}"
`,
    output: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      TITLE: \${{ github.event.issue.title }}
    steps:
      - run: echo "$TITLE"
      - run: |
          TITLE="\${TITLE:-none}"
          echo "$TITLE_2"
        env:
          TITLE_2: \${{ env.TITLE }}
`,
  },
]);

/** GitLab CI: `$[[ inputs ]]` at config time, and predefined variables in eval-like sinks. */
testRule(rule, {
  valid: [
    {
      name: 'gitlab: a merge request title the shell only expands as data',
      files: {
        '.gitlab-ci.yml': `review:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script:
    - echo "Reviewing $CI_MERGE_REQUEST_TITLE"
    - ./notify --title "$CI_MERGE_REQUEST_TITLE"
`,
      },
    },
    {
      name: 'gitlab: percent signs that are not cmd expansions of attacker text, and PowerShell reading the variable as data',
      files: {
        '.gitlab-ci.yml': `build:windows:
  tags: [saas-windows-medium-amd64]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script:
    - echo %%CI_MERGE_REQUEST_TITLE%% is the variable's name
    - echo building %CI_PROJECT_NAME% on %COMPUTERNAME%
    - Write-Output "Title: $env:CI_MERGE_REQUEST_TITLE"
stamp:
  script:
    - date +%Y%m%d%H%M > stamp.txt
`,
      },
    },
    {
      name: 'gitlab: inputs restricted by options, a number type, an anchored regex, or passed as a literal',
      files: {
        '.gitlab-ci.yml': `spec:
  inputs:
    tier:
      options: [staging, production]
      default: staging
    replicas:
      type: number
      default: 1
    version:
      regex: ^v\\d+\\.\\d+\\.\\d+$
      default: v1.0.0
---
include:
  - local: ci/deploy.yml
    inputs:
      target: eu-west-1
deploy:
  script:
    - ./deploy --tier $[[ inputs.tier ]] --replicas $[[ inputs.replicas ]] --version $[[ inputs.version ]]
`,
        'ci/deploy.yml': `spec:
  inputs:
    target:
---
ship:
  script:
    - ./ship $[[ inputs.target ]]
`,
      },
    },
    {
      name: 'gitlab: a pipeline input used only in merge request pipelines, which take the defaults',
      files: {
        '.gitlab-ci.yml': `spec:
  inputs:
    note:
      default: hello
---
mr:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script:
    - echo "$[[ inputs.note ]]"
`,
      },
    },
    {
      name: 'gitlab: a merge request variable in eval in a job that never runs for merge requests',
      files: {
        '.gitlab-ci.yml': `release:
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - eval "notes=$CI_MERGE_REQUEST_DESCRIPTION"
`,
      },
    },
  ],
  invalid: [
    {
      name: 'gitlab: a pipeline input inserted into a script (set by whoever runs the pipeline)',
      files: {
        '.gitlab-ci.yml': `spec:
  inputs:
    message:
      default: deploy
---
announce:
  script:
    - echo "$[[ inputs.message ]]"
`,
      },
      errors: [{ messageId: 'gitlabInput', line: 8, column: 13, severity: 'low' }],
    },
    {
      name: 'gitlab: merge request text in eval, sh -c through a variable, and a branch name in bash -c',
      files: {
        '.gitlab-ci.yml': `variables:
  TITLE: $CI_MERGE_REQUEST_TITLE
review:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script:
    - eval "echo $CI_MERGE_REQUEST_TITLE"
    - sh -c "echo $TITLE"
    - bash -c "git checkout \${CI_MERGE_REQUEST_SOURCE_BRANCH_NAME}"
`,
      },
      errors: [
        { messageId: 'gitlabEval', line: 7, column: 18, severity: 'critical', message: 'into `eval`' },
        { messageId: 'gitlabEval', line: 8, column: 19, severity: 'critical', message: 'CI_MERGE_REQUEST_TITLE' },
        { messageId: 'gitlabEval', line: 9, column: 29, severity: 'high', message: 'restricted characters' },
      ],
    },
    {
      name: 'gitlab: a commit message passed to a later job as a dotenv variable and evaluated there',
      files: {
        '.gitlab-ci.yml': `notes:
  stage: build
  script:
    - printf 'RELEASE_NOTES=%s\\n' "$CI_COMMIT_MESSAGE" > notes.env
  artifacts:
    reports:
      dotenv: notes.env
announce:
  stage: deploy
  variables:
    RELEASE_NOTES: none
  script:
    - eval "./announce.sh $RELEASE_NOTES"
`,
      },
      errors: [{ messageId: 'gitlabEval', line: 13, column: 27, severity: 'low', message: 'CI_COMMIT_MESSAGE' }],
    },
    {
      name: 'gitlab: %VAR% of merge request text and of a branch name in Windows cmd scripts, directly and through variables:',
      files: {
        '.gitlab-ci.yml': `variables:
  NOTES: $CI_COMMIT_MESSAGE
package:windows:
  tags: [windows, shell]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script:
    - echo Packaging %CI_MERGE_REQUEST_TITLE% > title.txt
    - build.cmd --notes "%NOTES%"
nightly:
  script:
    - call scripts\\publish.bat %CI_COMMIT_BRANCH%
`,
      },
      errors: [
        { messageId: 'gitlabCmd', line: 8, column: 22, severity: 'critical', message: 'CI_MERGE_REQUEST_TITLE (arbitrary text)' },
        { messageId: 'gitlabCmd', line: 9, column: 26, severity: 'critical', message: 'CI_COMMIT_MESSAGE' },
        { messageId: 'gitlabCmd', line: 12, column: 32, severity: 'info', message: 'restricted characters' },
      ],
    },
    {
      name: 'gitlab: an included file inserts an input the including pipeline passes from its own input, reported in the included file',
      files: {
        '.gitlab-ci.yml': `spec:
  inputs:
    version:
---
include:
  - local: templates/release.yml
    inputs:
      tag: $[[ inputs.version ]]
`,
        'templates/release.yml': `spec:
  inputs:
    tag:
---
release:
  script:
    - git tag "$[[ inputs.tag ]]"
`,
      },
      errors: [{ messageId: 'gitlabInput', line: 7, column: 16, file: 'templates/release.yml', severity: 'low' }],
    },
    {
      name: 'gitlab: expand_vars puts the ref name into the script text at creation',
      files: {
        '.gitlab-ci.yml': `include:
  - local: ci/build.yml
    inputs:
      ref: $CI_COMMIT_REF_NAME
`,
        'ci/build.yml': `spec:
  inputs:
    ref:
---
build:
  script:
    - make REF=$[[ inputs.ref | expand_vars ]]
`,
      },
      errors: [
        { messageId: 'gitlabInput', line: 7, column: 16, file: 'ci/build.yml', message: 'CI_COMMIT_REF_NAME (restricted characters)' },
      ],
    },
  ],
});
