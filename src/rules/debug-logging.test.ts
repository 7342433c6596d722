import { testFixes, testRule } from '../testing/rule-tester.js';
import rule from './debug-logging.js';

testRule(rule, {
  valid: [
    {
      name: 'GitLab: trace off, or a GitHub variable name that GitLab ignores',
      files: {
        '.gitlab-ci.yml': `variables:
  CI_DEBUG_TRACE: "false"
  ACTIONS_STEP_DEBUG: "true"
build:
  script: [make]
`,
      },
    },
    {
      name: 'debug variables turned off or taken from configuration',
      files: `on: push
env:
  ACTIONS_STEP_DEBUG: false
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      ACTIONS_RUNNER_DEBUG: \${{ vars.ACTIONS_RUNNER_DEBUG }}
    steps:
      - run: echo hi
        env:
          RUNNER_DEBUG: 0
`,
    },
    {
      name: 'reading runner.debug to decide on verbose output',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: runner.debug == '1'
        run: env | sort
      - run: echo "VERBOSE=true" >> "$GITHUB_ENV"
`,
    },
    {
      name: 'unrelated variables with debug in the name',
      files: `on: push
env:
  DEBUG: true
  NODE_DEBUG: http
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`,
    },
  ],
  invalid: [
    {
      name: 'GitLab: CI_DEBUG_TRACE for the pipeline and CI_DEBUG_SERVICES for one job',
      files: {
        '.gitlab-ci.yml': `variables:
  CI_DEBUG_TRACE: "true"
deploy:
  variables:
    CI_DEBUG_SERVICES: "true"
  script: [./deploy.sh]
`,
      },
      errors: [
        { messageId: 'trace', line: 2, column: 3, file: '.gitlab-ci.yml', message: 'for every job of the pipeline' },
        {
          messageId: 'services',
          line: 5,
          column: 5,
          file: '.gitlab-ci.yml',
          message: 'service containers into the job log for every step of job `deploy`',
        },
      ],
    },
    {
      name: 'workflow, job and step level',
      files: `on: push
env:
  ACTIONS_RUNNER_DEBUG: true
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      ACTIONS_STEP_DEBUG: 'True'
    steps:
      - run: make
        env:
          RUNNER_DEBUG: 1
          TOKEN: \${{ secrets.DEPLOY_TOKEN }}
`,
      errors: [
        { messageId: 'env', line: 3, column: 3, endColumn: 23, severity: 'low', message: 'for every job of the workflow' },
        { messageId: 'env', line: 8, column: 7, severity: 'low', message: 'of job `build`' },
        { messageId: 'env', line: 12, column: 11, severity: 'low', message: 'for this step' },
      ],
    },
    {
      name: 'written to GITHUB_ENV',
      files: `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "ACTIONS_STEP_DEBUG=true" >> "$GITHUB_ENV"
      - run: ./deploy.sh
`,
      errors: [{ messageId: 'env-file', line: 6, column: 14, severity: 'low' }],
    },
    {
      name: 'composite action env',
      files: {
        'action.yml': `name: build
runs:
  using: composite
  steps:
    - shell: bash
      env:
        ACTIONS_STEP_DEBUG: true
      run: make
`,
      },
      errors: [{ messageId: 'env', file: 'action.yml', line: 7, column: 9, severity: 'low' }],
    },
  ],
});

testFixes(rule, [
  {
    name: 'removes the debug variables from workflow, job and step env (safe: only logs change)',
    files: `on: push
env:
  ACTIONS_STEP_DEBUG: true
  TZ: UTC
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      RUNNER_DEBUG: 1
    steps:
      - name: build
        env:
          ACTIONS_RUNNER_DEBUG: "true"
          MODE: ci
        run: make
`,
    output: `on: push
env:
  TZ: UTC
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - name: build
        env:
          MODE: ci
        run: make
`,
  },
  {
    name: 'a script that reads the variable: only --unsafe',
    files: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      RUNNER_DEBUG: 1
    steps:
      - run: if [ "$RUNNER_DEBUG" = 1 ]; then set -x; fi; make
`,
    output: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      RUNNER_DEBUG: 1
    steps:
      - run: if [ "$RUNNER_DEBUG" = 1 ]; then set -x; fi; make
`,
    remaining: ['env'],
  },
  {
    name: 'GitLab variables: the entry goes',
    path: '.gitlab-ci.yml',
    files: `variables:
  CI_DEBUG_TRACE: "true"
  GIT_DEPTH: "1"
build:
  script: make
`,
    output: `variables:
  GIT_DEPTH: "1"
build:
  script: make
`,
  },
  {
    name: 'GitLab job variables: the only entry, so variables: goes; a template job it extends is left alone',
    path: '.gitlab-ci.yml',
    files: `.base:
  variables:
    CI_DEBUG_SERVICES: "true"
build:
  extends: .base
  variables:
    CI_DEBUG_TRACE: "true"
  script: make
`,
    output: `.base:
  variables:
    CI_DEBUG_SERVICES: "true"
build:
  extends: .base
  script: make
`,
    remaining: ['services'],
  },
]);
