import { testRule } from '../testing/rule-tester.js';
import rule from './unprotected-identity.js';

/** A signed GitHub listener for pull requests, running the `ci` pipeline with what the template binds. */
const TK_LISTENER = (events: string, bindings: string) => `apiVersion: triggers.tekton.dev/v1beta1
kind: EventListener
metadata:
  name: github-ci
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
              value: [${events}]
      bindings:
        - name: revision
          value: $(body.pull_request.head.sha)
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
  resourcetemplates:
    - apiVersion: tekton.dev/v1
      kind: PipelineRun
      metadata:
        generateName: ci-
      spec:
        pipelineRef:
          name: ci
        params:
          - name: revision
            value: $(tt.params.revision)
${bindings}`;

const TK_BINDINGS = `        taskRunTemplate:
          serviceAccountName: release-bot
        workspaces:
          - name: source
            volumeClaimTemplate:
              spec:
                accessModes: [ReadWriteOnce]
                resources:
                  requests:
                    storage: 1Gi
          - name: npm-token
            secret:
              secretName: npm-publish-token
`;

const TK_PIPELINE = (tokenTask: string) => `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ci
spec:
  params:
    - name: revision
  workspaces:
    - name: source
    - name: npm-token
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
        name: npm-test
      workspaces:
        - name: source
          workspace: source
${tokenTask === 'test' ? '        - name: token\n          workspace: npm-token\n' : ''}    - name: publish
      runAfter: [test]
      taskRef:
        name: npm-publish
      workspaces:
        - name: token
          workspace: npm-token
`;

const TK_TASKS = `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: npm-test
spec:
  workspaces:
    - name: source
    - name: token
      optional: true
  steps:
    - name: report
      image: alpine:3.20
      env:
        - name: SLACK_TOKEN
          valueFrom:
            secretKeyRef:
              name: slack-webhook
              key: token
      script: echo starting
    - name: test
      image: node:20
      workingDir: $(workspaces.source.path)
      env:
        - name: CODECOV_TOKEN
          valueFrom:
            secretKeyRef:
              name: codecov
              key: token
      script: |
        npm ci
        npm test
---
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: npm-publish
spec:
  workspaces:
    - name: token
  steps:
    - name: publish
      image: node:20
      script: npm publish --userconfig $(workspaces.token.path)/.npmrc
`;

const PAC_RUN = (podTemplate: string, cacheClaim: string) => `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: pr-build
  annotations:
    pipelinesascode.tekton.dev/on-event: "[pull_request]"
    pipelinesascode.tekton.dev/on-target-branch: "[main]"
spec:
  pipelineSpec:
    workspaces:
      - name: source
      - name: registry
    tasks:
      - name: fetch
        taskRef:
          name: git-clone
        params:
          - name: url
            value: "{{ repo_url }}"
          - name: revision
            value: "{{ revision }}"
        workspaces:
          - name: output
            workspace: source
      - name: build
        runAfter: [fetch]
        workspaces:
          - name: source
            workspace: source
          - name: dockerconfig
            workspace: registry
        taskSpec:
          workspaces:
            - name: source
            - name: dockerconfig
          steps:
            - name: build
              image: golang:1.22
              workingDir: $(workspaces.source.path)
              script: make build
${podTemplate}  workspaces:
    - name: source
      volumeClaimTemplate:
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 1Gi
    - name: registry
      persistentVolumeClaim:
        claimName: ${cacheClaim}
`;

/** A Pipelines-as-Code pull request run that clones nothing itself: its definition is the pull request's. */
const PAC_LINT = `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: lint
  annotations:
    pipelinesascode.tekton.dev/on-event: "[pull_request]"
    pipelinesascode.tekton.dev/on-target-branch: "[main]"
spec:
  pipelineRef:
    name: lint
  taskRunTemplate:
    serviceAccountName: build-pipeline-app
  workspaces:
    - name: git-auth
      secret:
        secretName: "{{ git_auth_secret }}"
    - name: git-auth-resolved
      secret:
        secretName: pac-gitauth-x7k2p
    - name: sonar
      secret:
        secretName: sonar-token
`;

testRule(rule, {
  valid: [
    {
      name: 'tokens and secrets only on protected refs: the default branch, protected refs, tags that must be protected',
      files: {
        '.gitlab-ci.yml': `deploy:
  id_tokens:
    AWS_ID_TOKEN:
      aud: https://sts.amazonaws.com
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script: [./deploy.sh]
release:
  secrets:
    SIGNING_KEY:
      vault: release/signing@ci
  rules:
    - if: $CI_COMMIT_REF_PROTECTED == "true"
  script: [./release.sh]
`,
      },
    },
    {
      name: 'a job whose rules may come from a template of a project include',
      files: {
        '.gitlab-ci.yml': `include:
  - project: platform/ci-templates
    ref: 0123456789abcdef0123456789abcdef01234567
    file: /rules.yml
deploy:
  extends: .protected-only
  id_tokens:
    AWS_ID_TOKEN:
      aud: https://sts.amazonaws.com
  script: [./deploy.sh]
`,
      },
    },
    {
      name: 'a job without identity on every ref, and a job that never runs',
      files: {
        '.gitlab-ci.yml': `test:
  script: [make test]
old:
  id_tokens:
    TOKEN:
      aud: https://example.com
  when: never
  script: [make]
`,
      },
    },
    {
      name: 'Tekton: the same pipeline started by a signed listener for pushes only',
      files: {
        'tekton/triggers.yaml': TK_LISTENER('push', TK_BINDINGS),
        'tekton/pipeline.yaml': TK_PIPELINE('test'),
        'tekton/tasks.yaml': TK_TASKS,
      },
    },
    {
      name: 'Tekton: the Secret only in the task that publishes (no pull request code), the default service account, env in another step',
      files: {
        'tekton/triggers.yaml': TK_LISTENER('pull_request', TK_BINDINGS.replace('release-bot', 'default')),
        'tekton/pipeline.yaml': TK_PIPELINE('publish'),
        'tekton/tasks.yaml': TK_TASKS.replace(/ {6}env:\n {8}- name: CODECOV_TOKEN\n(.*\n){4}/, ''),
      },
    },
    {
      name: 'Tekton: a Pipelines-as-Code pull request build with a cache claim and no token mounted',
      files: {
        '.tekton/pr.yaml': PAC_RUN('  taskRunTemplate:\n    podTemplate:\n      automountServiceAccountToken: false\n', 'go-build-cache'),
      },
    },
    {
      name: "Tekton: with pipelinerun_provenance: default_branch the run definition is not the pull request author's",
      files: {
        '.tekton/lint.yaml': PAC_LINT,
        'config/repository.yaml': `apiVersion: pipelinesascode.tekton.dev/v1alpha1
kind: Repository
metadata:
  name: app
spec:
  url: https://github.com/example/app
  settings:
    pipelinerun_provenance: default_branch
`,
      },
    },
  ],
  invalid: [
    {
      name: 'Tekton: a Pipelines-as-Code pull request run runs its pull request copy with the service account and a Secret (low: medium behind /ok-to-test); its own git token is left out',
      files: { '.tekton/lint.yaml': PAC_LINT },
      errors: [
        {
          messageId: 'pacDefinition',
          line: 12,
          column: 25,
          severity: 'low',
          message: 'Service account `build-pipeline-app` is given to every task of run `lint`',
        },
        { messageId: 'pacDefinition', line: 22, column: 21, severity: 'low', message: 'Secret workspace `sonar` (Secret `sonar-token`)' },
      ],
    },
    {
      name: 'an OIDC token in a job that runs on every branch and tag (medium), a secret in a merge request job (high: forks run in the parent)',
      files: {
        '.gitlab-ci.yml': `plan:
  id_tokens:
    GCP_ID_TOKEN:
      aud: https://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/providers/gitlab
  script: [terraform plan]
review:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  secrets:
    REVIEW_DB_PASSWORD:
      vault: review/db/password@ci
  script: [./review.sh]
`,
      },
      errors: [
        { messageId: 'identity', line: 3, column: 5, severity: 'medium', message: 'unprotected branches, unprotected tags' },
        { messageId: 'identity', line: 10, column: 5, severity: 'high', message: 'merge requests from forks' },
      ],
    },
    {
      name: 'id_tokens in default: reach every job and are reported once; a manual gate lowers it',
      files: {
        '.gitlab-ci.yml': `default:
  id_tokens:
    VAULT_ID_TOKEN:
      aud: https://vault.example.com
build:
  script: [make]
lint:
  script: [make lint]
manual-sync:
  id_tokens:
    SYNC_TOKEN:
      aud: https://sync.example.com
  when: manual
  script: [./sync.sh]
`,
      },
      errors: [
        { messageId: 'identity', line: 3, column: 5, severity: 'medium', message: '2 jobs (build, lint) hold' },
        { messageId: 'identity', line: 11, column: 5, severity: 'low' },
      ],
    },
    {
      name: 'Tekton: a signed pull request listener; the task running the clone holds the service account, the Secret workspace and its own secret env',
      files: {
        'tekton/triggers.yaml': TK_LISTENER('pull_request', TK_BINDINGS),
        'tekton/pipeline.yaml': TK_PIPELINE('test'),
        'tekton/tasks.yaml': TK_TASKS,
      },
      errors: [
        {
          messageId: 'tektonCredential',
          file: 'tekton/tasks.yaml',
          line: 24,
          column: 17,
          severity: 'high',
          message: 'Secret `codecov` in the step',
        },
        {
          messageId: 'tektonCredential',
          file: 'tekton/triggers.yaml',
          line: 43,
          column: 31,
          severity: 'high',
          message: 'Service account `release-bot` is given to task `test`',
        },
        {
          messageId: 'tektonCredential',
          file: 'tekton/triggers.yaml',
          line: 54,
          column: 27,
          severity: 'high',
          message: 'Secret workspace `token` (Secret `npm-publish-token`)',
        },
      ],
    },
    {
      name: 'Tekton: the GitHub owners check gates outsiders (one step lower)',
      files: {
        'tekton/triggers.yaml': TK_LISTENER('pull_request', TK_BINDINGS).replace(
          '              value: [pull_request]\n',
          '              value: [pull_request]\n            - name: githubOwners\n              value:\n                enabled: "true"\n',
        ),
        'tekton/pipeline.yaml': TK_PIPELINE('publish'),
        'tekton/tasks.yaml': TK_TASKS,
      },
      errors: [
        { messageId: 'tektonCredential', file: 'tekton/tasks.yaml', line: 24, column: 17, severity: 'low' },
        { messageId: 'tektonCredential', file: 'tekton/triggers.yaml', line: 46, column: 31, severity: 'low' },
      ],
    },
    {
      name: 'Tekton: Pipelines-as-Code pull request build with a credential-named claim and the default token mounted on purpose (one step lower: outsiders wait for /ok-to-test)',
      files: {
        '.tekton/pr.yaml': PAC_RUN(
          '  taskRunTemplate:\n    podTemplate:\n      automountServiceAccountToken: true\n',
          'registry-credentials',
        ),
      },
      errors: [
        { messageId: 'tektonCredential', line: 43, column: 37, severity: 'low', message: 'default service account token' },
        {
          messageId: 'tektonCredential',
          line: 54,
          column: 20,
          severity: 'medium',
          message: 'PersistentVolumeClaim `registry-credentials`',
        },
      ],
    },
    {
      name: 'Tekton: a named service account whose token is not mounted still carries its attached credentials (one step lower)',
      files: {
        '.tekton/pr.yaml': PAC_RUN(
          '  taskRunTemplate:\n    serviceAccountName: build-bot\n    podTemplate:\n      automountServiceAccountToken: false\n',
          'go-build-cache',
        ),
      },
      errors: [{ messageId: 'tektonCredential', line: 42, column: 25, severity: 'low', message: 'its token is not mounted' }],
    },
    {
      name: 'Tekton: the repository settings decide what /ok-to-test is worth: approvals tied to a commit lower two steps, remembered approvals none',
      files: {
        '.tekton/pr.yaml': PAC_RUN('', 'registry-credentials'),
        'config/repository.yaml': `apiVersion: pipelinesascode.tekton.dev/v1alpha1
kind: Repository
metadata:
  name: builder
spec:
  url: https://github.com/example/builder
  settings:
    policy:
      ok_to_test: [maintainers]
`,
        'config/pac.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: pipelines-as-code
  namespace: pipelines-as-code
data:
  require-ok-to-test-sha: "true"
`,
      },
      errors: [{ messageId: 'tektonCredential', file: '.tekton/pr.yaml', line: 51, column: 20, severity: 'low' }],
    },
    {
      name: 'Tekton: remember-ok-to-test lets later commits run unapproved, so the gate does not count',
      files: {
        '.tekton/pr.yaml': PAC_RUN('', 'registry-credentials'),
        'config/pac.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: pipelines-as-code
data:
  remember-ok-to-test: "true"
  require-ok-to-test-sha: "true"
`,
      },
      errors: [{ messageId: 'tektonCredential', file: '.tekton/pr.yaml', line: 51, column: 20, severity: 'high' }],
    },
  ],
});
