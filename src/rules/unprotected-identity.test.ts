import { testRule } from '../testing/rule-tester.js';
import rule from './unprotected-identity.js';

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
  ],
  invalid: [
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
  ],
});
