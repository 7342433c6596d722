import { testRule } from '../testing/rule-tester.js';
import rule from './tls-verification-disabled.js';

testRule(rule, {
  valid: [
    {
      name: 'verified downloads, a private CA passed explicitly, -k of another command',
      files: {
        '.gitlab-ci.yml': `build:
  variables:
    GIT_SSL_NO_VERIFY: ""
    NODE_TLS_REJECT_UNAUTHORIZED: "1"
  script:
    - curl -fsSL --cacert ci/ca.pem https://artifacts.internal/tool.tgz -o tool.tgz
    - wget https://example.com/file.tar.gz
    - git -c http.sslCAInfo=ci/ca.pem clone https://git.internal/repo.git
    - ssh-keygen -k -f revoked.krl
    - echo "never use curl -k"
`,
      },
    },
    {
      name: 'github: a verified download',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: curl -fsSL https://example.com/install.tgz -o install.tgz
`,
    },
  ],
  invalid: [
    {
      name: 'gitlab: curl -k in combined flags, --insecure, wget, git config and -c, npm and pip, and the variables',
      files: {
        '.gitlab-ci.yml': `variables:
  GIT_SSL_NO_VERIFY: "true"
build:
  variables:
    NODE_TLS_REJECT_UNAUTHORIZED: "0"
  script:
    - curl -sSk https://artifacts.internal/tool.tgz -o tool.tgz
    - curl --insecure -o b.tgz https://artifacts.internal/b.tgz
    - wget --no-check-certificate https://artifacts.internal/c.tgz
    - git config --global http.sslVerify false
    - git -c http.sslVerify=false clone https://git.internal/repo.git
    - npm config set strict-ssl false
    - pip install --trusted-host pypi.internal -r requirements.txt
`,
      },
      errors: [
        { messageId: 'variable', line: 2, column: 3, severity: 'medium', message: 'in every job' },
        { messageId: 'variable', line: 5, column: 5, message: 'in job `build`' },
        { messageId: 'command', line: 7, column: 12, message: '`-sSk`' },
        { messageId: 'command', line: 8, column: 12 },
        { messageId: 'command', line: 9, column: 12 },
        { messageId: 'command', line: 10, column: 27, message: '`http.sslVerify false`' },
        { messageId: 'command', line: 11, column: 14 },
        { messageId: 'command', line: 12, column: 22 },
        { messageId: 'command', line: 13, column: 19 },
      ],
    },
    {
      name: 'github: curl --insecure in a run step and GIT_SSL_NO_VERIFY in step env',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          GIT_SSL_NO_VERIFY: 1
        run: curl --insecure https://example.com/x.sh -o x.sh
`,
      errors: [
        { messageId: 'variable', line: 7, column: 11 },
        { messageId: 'command', line: 8, column: 19 },
      ],
    },
  ],
});
