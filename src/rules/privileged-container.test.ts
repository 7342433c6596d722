import { testRule } from '../testing/rule-tester.js';
import rule from './privileged-container.js';

const BUILD_TASK = `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: docker-build
spec:
  stepTemplate:
    securityContext:
      runAsUser: 0
  steps:
    - name: build
      image: docker:27.3.1-cli
      securityContext:
        privileged: true
      script: docker build -t app .
    - name: scan
      image: aquasec/trivy:0.56.2
      securityContext:
        runAsUser: 1000
        capabilities:
          add: [SYS_ADMIN, CHOWN]
      script: trivy image app
    - name: plain
      image: alpine:3.20
      script: echo hi
  volumes:
    - name: docker-socket
      hostPath:
        path: /var/run/docker.sock
    - name: cache
      hostPath:
        path: /srv/cache
`;

const PR_RUN = `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: pr-build
  annotations:
    pipelinesascode.tekton.dev/on-event: "[pull_request]"
spec:
  pipelineSpec:
    tasks:
      - name: build
        taskRef:
          name: docker-build
`;

testRule(rule, {
  valid: [
    {
      name: 'a restricted build: non-root user, no escalation, harmless capability, workspaces instead of host paths',
      files: {
        'tekton/task.yaml': `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: kaniko
spec:
  stepTemplate:
    securityContext:
      runAsNonRoot: true
      runAsUser: 1000
      allowPrivilegeEscalation: false
  steps:
    - name: build
      image: gcr.io/kaniko-project/executor:v1.23.2
      securityContext:
        privileged: false
        capabilities:
          add: [CHOWN]
          drop: [ALL]
      args: [--dockerfile=Dockerfile]
  volumes:
    - name: cache
      emptyDir: {}
`,
        'tekton/run.yaml': `apiVersion: tekton.dev/v1
kind: TaskRun
metadata:
  name: build
spec:
  podTemplate:
    hostNetwork: false
    securityContext:
      runAsUser: 65532
  taskRef:
    name: kaniko
`,
      },
    },
    {
      name: "GitHub workflows are not this rule's",
      files: `on: pull_request
jobs:
  build:
    runs-on: ubuntu-latest
    container:
      image: node:20
      options: --privileged
    steps:
      - run: npm test
`,
    },
  ],
  invalid: [
    {
      name: 'a task run for pull requests: privileged step, root stepTemplate once, SYS_ADMIN, docker.sock and another host path (one step lower: outsiders wait for /ok-to-test)',
      files: { 'tekton/task.yaml': BUILD_TASK, '.tekton/pr.yaml': PR_RUN },
      errors: [
        {
          messageId: 'root',
          file: 'tekton/task.yaml',
          line: 8,
          column: 18,
          severity: 'low',
          message: 'The stepTemplate of Task docker-build',
        },
        {
          messageId: 'privileged',
          file: 'tekton/task.yaml',
          line: 13,
          column: 21,
          severity: 'medium',
          message: 'Step `build` of Task docker-build',
        },
        { messageId: 'capabilities', file: 'tekton/task.yaml', line: 20, column: 16, severity: 'medium', message: 'adds SYS_ADMIN,' },
        { messageId: 'hostPath', file: 'tekton/task.yaml', line: 28, column: 15, severity: 'high', message: 'controls the node' },
        { messageId: 'hostPath', file: 'tekton/task.yaml', line: 31, column: 15, severity: 'medium' },
      ],
    },
    {
      name: 'a run created by writers: host network and a root pod template, scaled down',
      files: {
        'tekton/run.yaml': `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: nightly
spec:
  taskRunTemplate:
    podTemplate:
      hostNetwork: true
      securityContext:
        runAsUser: 0
  pipelineRef:
    name: nightly
`,
      },
      errors: [
        { messageId: 'hostNamespace', file: 'tekton/run.yaml', line: 8, column: 20, severity: 'info', message: 'network namespace' },
        {
          messageId: 'root',
          file: 'tekton/run.yaml',
          line: 10,
          column: 20,
          severity: 'info',
          message: 'The pod template of PipelineRun nightly',
        },
      ],
    },
    {
      name: 'a sidecar running Docker-in-Docker privileged, in a catalogue task no run in the tree uses',
      files: {
        'task/dind/dind.yaml': `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: dind-build
spec:
  steps:
    - name: build
      image: docker:27.3.1-cli
      script: docker build .
  sidecars:
    - name: dind
      image: docker:27.3.1-dind
      securityContext:
        allowPrivilegeEscalation: true
        privileged: true
`,
      },
      errors: [
        { messageId: 'privilegeEscalation', file: 'task/dind/dind.yaml', line: 14, column: 35, severity: 'low' },
        { messageId: 'privileged', file: 'task/dind/dind.yaml', line: 15, column: 21, severity: 'medium', message: 'Sidecar `dind`' },
      ],
    },
  ],
});

/** GitLab: Docker-in-Docker and the host's Docker socket in jobs that merge requests or unprotected branches reach. */
testRule(rule, {
  valid: [
    {
      name: 'gitlab: dind only on branches (project members), on GitLab.com hosted runners, rootless, or a remote daemon',
      files: {
        '.gitlab-ci.yml': `release-image:
  rules:
    - if: $CI_COMMIT_BRANCH
  services: [docker:27.1.1-dind]
  script: docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
mr-image:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  tags: [saas-linux-medium-amd64]
  services: [docker:27.1.1-dind]
  script: docker build .
rootless:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  services: [docker:27.1.1-dind-rootless]
  script: docker build .
remote:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  variables:
    DOCKER_HOST: tcp://buildkit.internal:2376
  script: docker build .
`,
      },
    },
  ],
  invalid: [
    {
      name: 'gitlab: dind in default: reached by fork merge requests (high, once), and the host socket behind a manual gate (low)',
      files: {
        '.gitlab-ci.yml': `default:
  services:
    - name: docker:27.1.1-dind
      alias: docker
build:
  tags: [docker-privileged]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH
  script: docker build -t app .
test:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script: docker run app ./test.sh
cache-warm:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      when: manual
  services: []
  variables:
    DOCKER_HOST: unix:///var/run/docker.sock
  script: docker pull "$CI_REGISTRY_IMAGE:cache"
`,
      },
      errors: [
        { messageId: 'dockerInDocker', line: 3, column: 13, severity: 'high', message: 'Job `build`' },
        { messageId: 'dockerInDocker', line: 21, column: 5, severity: 'low', message: "the runner host's Docker socket" },
      ],
    },
  ],
});
