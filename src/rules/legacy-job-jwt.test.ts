import { testRule } from '../testing/rule-tester.js';
import rule from './legacy-job-jwt.js';

testRule(rule, {
  valid: [
    {
      name: 'id_tokens instead of the removed variables',
      files: {
        '.gitlab-ci.yml': `read-secrets:
  id_tokens:
    VAULT_ID_TOKEN:
      aud: https://vault.example.com
  script:
    - vault write auth/jwt/login role=ci jwt="$VAULT_ID_TOKEN"
`,
      },
    },
    {
      name: 'look-alike names, and the name without a $',
      files: {
        '.gitlab-ci.yml': `job:
  variables:
    CI_JOB_JWT_FILE: /tmp/token
  script:
    - echo "$CI_JOB_JWT_FILE"
    - echo "CI_JOB_JWT is gone since 17.0"
`,
      },
    },
  ],
  invalid: [
    {
      name: 'each legacy token in scripts, braced or not, and in a job variable',
      files: {
        '.gitlab-ci.yml': `deploy:
  variables:
    TOKEN: $CI_JOB_JWT_V2
  script:
    - vault write auth/jwt/login role=deploy jwt=$CI_JOB_JWT
    - 'curl -H "Authorization: Bearer \${CI_JOB_JWT_V1}" https://sts.example.com'
`,
      },
      errors: [
        { messageId: 'legacy', line: 3, column: 12, severity: 'medium', message: '`$CI_JOB_JWT_V2`' },
        { messageId: 'legacy', line: 5, column: 50, message: '`$CI_JOB_JWT`' },
        { messageId: 'legacy', line: 6, column: 39, message: '`$CI_JOB_JWT_V1`' },
      ],
    },
    {
      name: 'a pipeline variable read by every job is reported once, in the included file that sets it',
      files: {
        '.gitlab-ci.yml': 'include: ci/vault.yml\na:\n  script: [make]\nb:\n  script: [make]\n',
        'ci/vault.yml': 'variables:\n  VAULT_TOKEN: "$CI_JOB_JWT"\n',
      },
      errors: [{ messageId: 'legacy', line: 2, column: 17, file: 'ci/vault.yml' }],
    },
  ],
});
