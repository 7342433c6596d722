import { testRule } from '../testing/rule-tester.js';
import rule from './unprotected-downstream-trigger.js';

testRule(rule, {
  valid: [
    {
      name: 'child pipelines, triggers of protected refs only, a production deploy trigger (unprotected-deployment) and a job that never runs',
      files: {
        '.gitlab-ci.yml': `child:
  trigger:
    include: ci/child.yml
release:
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
    - if: $CI_COMMIT_TAG && $CI_COMMIT_REF_PROTECTED == "true"
  trigger:
    project: ops/release
deploy:
  environment: production
  trigger:
    project: ops/deployer
old:
  when: never
  trigger: ops/legacy
`,
      },
    },
  ],
  invalid: [
    {
      name: 'merge request pipelines, forks included (medium), passing variables; any branch (low); behind when: manual (low)',
      files: {
        '.gitlab-ci.yml': `qa:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  variables:
    UPSTREAM_SHA: $CI_COMMIT_SHA
    QA_SUITE: full
  trigger:
    project: group/qa-pipelines
    branch: main
    strategy: depend
mirror:
  trigger: group/mirror
review:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      when: manual
  trigger:
    project: ops/review-apps
    forward:
      pipeline_variables: true
same-project:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event" && $CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID
  trigger:
    project: group/docs-site
`,
      },
      errors: [
        {
          messageId: 'downstream',
          line: 8,
          column: 14,
          severity: 'medium',
          message:
            'Job `qa` starts a pipeline of project group/qa-pipelines (branch main) and can run for merge request pipelines, merge requests from forks run in the parent project',
        },
        {
          messageId: 'downstream',
          line: 12,
          column: 12,
          severity: 'low',
          message: '(its default branch) and can run for unprotected branches, unprotected tags',
        },
        { messageId: 'downstream', line: 18, column: 14, severity: 'low', message: "this pipeline's pipeline variables" },
        {
          messageId: 'downstream',
          line: 25,
          column: 14,
          severity: 'low',
          message: 'can run for merge request pipelines: it runs there as whoever starts this pipeline',
        },
      ],
    },
  ],
});
