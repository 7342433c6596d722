import { testRule } from '../testing/rule-tester.js';
import rule from './secret-in-artifact.js';

testRule(rule, {
  valid: [
    {
      name: 'build outputs only, secrets written outside the project directory, restricted-to-none artifacts, reports, and public values',
      files: {
        '.gitlab-ci.yml': `build:
  script:
    - echo "$DEPLOY_TOKEN" > /tmp/token
    - echo "$KUBE_CONFIG" | base64 -d > ~/.kube/config
    - echo "VERSION=$CI_COMMIT_TAG" > build.env
    - make
  artifacts:
    paths: [dist/, build.env]
    reports:
      dotenv: build.env
deploy:
  script:
    - echo "$KUBE_CONFIG" > kubeconfig
    - kubectl --kubeconfig kubeconfig apply -f k8s/
  artifacts:
    access: none
    paths: [kubeconfig, .]
notes:
  script:
    - echo 'token: $API_TOKEN' > notes.txt
  artifacts:
    untracked: true
`,
      },
    },
  ],
  invalid: [
    {
      name: 'credential files by name (medium, low for .env and PEM, lower when only developers may download)',
      files: {
        '.gitlab-ci.yml': `infra:
  script:
    - terraform apply -auto-approve
  artifacts:
    paths:
      - terraform.tfstate
      - deploy/kubeconfig
      - .env
      - certs/*.pem
package:
  script:
    - npm pack
  artifacts:
    access: developer
    paths: [.npmrc, dist/]
`,
      },
      errors: [
        {
          messageId: 'credentialFile',
          line: 6,
          column: 9,
          severity: 'medium',
          message:
            "Job `infra` keeps `terraform.tfstate` (Terraform state (resource secrets in plain text)) in its artifacts, which everyone who can read this project's pipelines can download after the job ends",
        },
        { messageId: 'credentialFile', line: 7, column: 9, severity: 'medium', message: '`deploy/kubeconfig` (a kubeconfig)' },
        { messageId: 'credentialFile', line: 8, column: 9, severity: 'low', message: '`.env` (a dotenv file)' },
        { messageId: 'credentialFile', line: 9, column: 9, severity: 'low', message: '`certs/*.pem`' },
        { messageId: 'credentialFile', line: 15, column: 13, severity: 'low', message: 'project members with the developer role' },
      ],
    },
    {
      name: 'a secret written to a file the artifacts cover: the same path, the whole directory, untracked files',
      files: {
        '.gitlab-ci.yml': `deploy:
  script:
    - echo "$GCP_SERVICE_KEY" | base64 -d > gcp-key.json
    - ./deploy.sh
  artifacts:
    paths: [gcp-key.json]
release:
  script:
    - printf '%s' "$NPM_TOKEN" > token.txt
    - make release
  artifacts:
    paths: ["."]
e2e:
  script:
    - |
      cat > config/secrets.yml <<EOF
      password: $DB_PASSWORD
      EOF
    - make e2e
  artifacts:
    untracked: true
`,
      },
      errors: [
        {
          messageId: 'writtenSecret',
          line: 6,
          column: 13,
          severity: 'medium',
          message: 'Job `deploy` writes GCP_SERVICE_KEY to `gcp-key.json`, and its artifacts (`gcp-key.json`) keep that file',
        },
        { messageId: 'writtenSecret', line: 12, column: 13, severity: 'medium', message: '(`.`, the whole project directory)' },
        { messageId: 'writtenSecret', line: 21, column: 5, severity: 'medium', message: 'writes DB_PASSWORD to `config/secrets.yml`' },
      ],
    },
  ],
});
