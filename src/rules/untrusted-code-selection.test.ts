import { testRule } from '../testing/rule-tester.js';
import rule from './untrusted-code-selection.js';

const MR_RULES = `  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
`;

testRule(rule, {
  valid: [
    {
      name: 'images from the project registry by slug or SHA, YAML variables, and variables set in settings',
      files: {
        '.gitlab-ci.yml': `variables:
  DEBIAN_IMAGE: registry.example.com/ci/debian:12
build:
${MR_RULES}  image: $CI_REGISTRY_IMAGE/builder:$CI_COMMIT_REF_SLUG
  services:
    - name: $CI_REGISTRY_IMAGE/db:$CI_COMMIT_SHA
  tags:
    - $RUNNER_TAG
  script:
    - make
test:
${MR_RULES}  image: "\${DEBIAN_IMAGE}"
  script:
    - make test
`,
      },
    },
    {
      name: 'a branch name choosing the image only on the default branch, where maintainers name branches',
      files: {
        '.gitlab-ci.yml': `release:
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  image: registry.example.com/release-tools:$CI_COMMIT_BRANCH
  script:
    - ./release.sh
`,
      },
    },
    {
      name: 'includes read only variables GitLab expands there: merge request variables and YAML variables are not',
      files: {
        '.gitlab-ci.yml': `variables:
  TEMPLATE_REF: $CI_MERGE_REQUEST_SOURCE_BRANCH_NAME
include:
  - project: group/ci-templates
    ref: $TEMPLATE_REF
    file: /build.yml
  - project: $CI_PROJECT_NAMESPACE/ci-templates
    ref: $CI_MERGE_REQUEST_SOURCE_BRANCH_NAME
    file: /lint.yml
`,
      },
    },
    {
      name: 'inputs limited by options, or of a non-string type, choosing the image',
      files: {
        '.gitlab-ci.yml': `spec:
  inputs:
    flavour:
      options: [alpine, debian]
      default: alpine
    major:
      type: number
      default: 20
---
build:
  image: registry.example.com/node-$[[ inputs.flavour ]]:$[[ inputs.major ]]
  script:
    - make
`,
      },
    },
    {
      name: 'a form variable limited by options, and a trigger job whose project is written out',
      files: {
        '.gitlab-ci.yml': `variables:
  DEPLOY_TARGET:
    value: staging
    options: [staging, production]
    description: Where to deploy
deploy:
  trigger:
    project: ops/deployer
    branch: $DEPLOY_TARGET
`,
      },
    },
  ],
  invalid: [
    {
      name: 'merge request source branch choosing the image directly and through rules:variables',
      files: {
        '.gitlab-ci.yml': `build:
${MR_RULES}  image: registry.example.com/builder:$CI_MERGE_REQUEST_SOURCE_BRANCH_NAME
  script:
    - make
review:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      variables:
        PREVIEW_IMAGE: registry.example.com/preview:$CI_MERGE_REQUEST_SOURCE_BRANCH_NAME
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      variables:
        PREVIEW_IMAGE: registry.example.com/preview:stable
  services:
    - name: $PREVIEW_IMAGE
      alias: app
  script:
    - ./smoke-test.sh http://app
`,
      },
      errors: [
        { messageId: 'selected', line: 5, column: 39, severity: 'medium', message: 'The image of job `build`' },
        { messageId: 'selected', line: 17, column: 13, severity: 'medium', message: 'through env PREVIEW_IMAGE' },
      ],
    },
    {
      name: 'form variables choosing the downstream project and a runner tag, from unprotected branches',
      files: {
        '.gitlab-ci.yml': `variables:
  DEPLOY_PROJECT:
    value: ops/deploy-staging
    description: Project whose pipeline deploys this build
  DEPLOY_RUNNER:
    value: deploy
    description: Runner tag for the deploy job
deploy:
  stage: deploy
  tags:
    - $DEPLOY_RUNNER
  trigger:
    project: $DEPLOY_PROJECT
    branch: main
`,
      },
      errors: [
        { messageId: 'selected', line: 11, column: 7, severity: 'low', message: 'pipeline variable DEPLOY_RUNNER' },
        { messageId: 'selected', line: 13, column: 14, severity: 'low', message: 'The downstream project' },
      ],
    },
    {
      name: 'a dotenv variable a merge request job writes from its source branch, choosing the image of a later job',
      files: {
        '.gitlab-ci.yml': `stages: [prepare, test]
prepare:
  stage: prepare
${MR_RULES}  script:
    - echo "PREVIEW_TAG=$CI_MERGE_REQUEST_SOURCE_BRANCH_NAME" >> preview.env
    - echo "BUILT_AT=$(date +%s)" >> preview.env
  artifacts:
    reports:
      dotenv: preview.env
e2e:
  stage: test
${MR_RULES}  image: registry.example.com/previews/app:$PREVIEW_TAG
  script:
    - ./e2e.sh
unrelated:
  stage: test
  needs: []
${MR_RULES}  image: registry.example.com/previews/app:$PREVIEW_TAG
  script:
    - ./e2e.sh
`,
      },
      errors: [
        { messageId: 'selected', line: 18, column: 44, severity: 'medium', message: 'through dotenv PREVIEW_TAG written by job prepare' },
      ],
    },
    {
      name: 'an include whose ref is the branch of the pipeline, merge requests included',
      files: {
        '.gitlab-ci.yml': `workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH
include:
  - project: group/ci-templates
    ref: $CI_COMMIT_REF_NAME
    file: /build.yml
build:
  script:
    - make
`,
      },
      errors: [{ messageId: 'selected', line: 7, column: 10, severity: 'medium', message: 'An include expands `$CI_COMMIT_REF_NAME`' }],
    },
    {
      name: 'pipeline inputs choosing an include, a downstream project (behind a rule on another input) and, through an included file, an image',
      files: {
        '.gitlab-ci.yml': `spec:
  inputs:
    templates_ref:
      default: main
    target:
      default: ops/deployer
    run_deploy:
      default: "yes"
    tools_image:
      default: registry.example.com/tools:1.4.2
---
include:
  - project: group/ci-templates
    ref: $[[ inputs.templates_ref ]]
    file: /build.yml
  - local: ci/lint.yml
    inputs:
      image: $[[ inputs.tools_image ]]
deploy:
  rules:
    - if: '"$[[ inputs.run_deploy ]]" == "yes"'
  trigger:
    project: $[[ inputs.target ]]
`,
        'ci/lint.yml': `spec:
  inputs:
    image:
---
lint:
  image: $[[ inputs.image ]]
  script:
    - make lint
`,
      },
      errors: [
        { messageId: 'selected', line: 14, column: 10, severity: 'low', message: 'An include expands `$[[ inputs.templates_ref ]]`' },
        { messageId: 'selected', line: 23, column: 14, severity: 'low', message: 'inputs.target (arbitrary text)' },
        { messageId: 'selected', line: 6, column: 10, file: 'ci/lint.yml', severity: 'low', message: 'inputs.tools_image' },
      ],
    },
  ],
});
