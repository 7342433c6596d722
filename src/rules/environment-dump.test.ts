import { testRule } from '../testing/rule-tester.js';
import rule from './environment-dump.js';

testRule(rule, {
  valid: [
    {
      name: 'a dump in a job with no credentials, and dumps that never reach the log whole',
      files: {
        '.gitlab-ci.yml': `build:
  script:
    - env
    - make
deploy:
  variables:
    DEPLOY_TOKEN: $PROD_DEPLOY_TOKEN
  script:
    - env | grep ^CI_ | sort
    - env > build-env.txt
    - ENV_COUNT=$(env | wc -l)
    - printenv CI_COMMIT_SHA
    - env FOO=1 ./deploy.sh --token "$DEPLOY_TOKEN"
    - set -eu
    - export PATH="$PWD/bin:$PATH"
`,
      },
    },
    {
      name: 'only predefined CI_ variables, such as the always-masked job token',
      files: {
        '.gitlab-ci.yml': `publish:
  script:
    - printenv
    - docker login -u gitlab-ci-token -p "$CI_JOB_TOKEN" "$CI_REGISTRY"
`,
      },
    },
  ],
  invalid: [
    {
      name: 'env, printenv | sort and /proc/self/environ in jobs with secret-like variables, secrets: and id tokens',
      files: {
        '.gitlab-ci.yml': `.debug:
  before_script:
    - env
deploy:
  extends: .debug
  script:
    - ./deploy.sh --password "$DB_PASSWORD"
vault:
  id_tokens:
    VAULT_ID_TOKEN:
      aud: https://vault.example.com
  secrets:
    DATABASE_URL:
      vault: production/db/url@ops
      file: false
  script:
    - printenv | sort
    - cat /proc/self/environ | tr '\\0' '\\n'
`,
      },
      errors: [
        { messageId: 'dump', line: 3, column: 7, severity: 'medium', message: 'job `deploy`' },
        { messageId: 'dump', line: 17, column: 7, severity: 'medium', message: '`secrets:` DATABASE_URL, id token VAULT_ID_TOKEN' },
        { messageId: 'dump', line: 18, column: 7, severity: 'medium', message: '`cat /proc/self/environ`' },
      ],
    },
    {
      name: 'PowerShell Get-ChildItem env:, bare set and export -p next to a secret-like job variable',
      files: {
        '.gitlab-ci.yml': `release:windows:
  tags: [windows]
  variables:
    SIGNING_PASSWORD: $WINDOWS_SIGNING_PASSWORD
  script:
    - 'Get-ChildItem env: | Sort-Object Name'
    - set
    - export -p
`,
      },
      errors: [
        { messageId: 'dump', line: 6, column: 8, message: 'variable SIGNING_PASSWORD' },
        { messageId: 'dump', line: 7, column: 7 },
        { messageId: 'dump', line: 8, column: 7 },
      ],
    },
  ],
});
