import { testRule } from '../testing/rule-tester.js';
import rule from './static-cloud-credentials.js';

testRule(rule, {
  valid: [
    {
      name: 'AWS through OIDC: a role and id-token: write, no stored keys',
      files: `on: push
permissions:
  id-token: write
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy
          aws-region: eu-west-1
      - run: aws s3 sync dist s3://example-bucket
`,
    },
    {
      name: 'Google workload identity federation and a credentials file path from its output',
      files: `on: push
permissions:
  id-token: write
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - id: auth
        uses: google-github-actions/auth@v2
        with:
          workload_identity_provider: projects/1/locations/global/workloadIdentityPools/ci/providers/github
          service_account: deployer@example.iam.gserviceaccount.com
      - env:
          GOOGLE_APPLICATION_CREDENTIALS: \${{ steps.auth.outputs.credentials_file_path }}
        run: gcloud storage ls
`,
    },
    {
      name: 'registry tokens and unrelated secrets are not cloud keys',
      files: `on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
          SLACK_WEBHOOK: \${{ secrets.SLACK_WEBHOOK }}
        run: npm publish
`,
    },
    {
      name: 'AWS-style keys for an S3-compatible service that has no GitHub OIDC (Cloudflare R2)',
      files: `on: release
jobs:
  mirror:
    runs-on: ubuntu-latest
    steps:
      - env:
          AWS_ACCESS_KEY_ID: \${{ secrets.MIRROR_KEY_ID }}
          AWS_SECRET_ACCESS_KEY: \${{ secrets.MIRROR_SECRET }}
          AWS_ENDPOINT_URL: https://example.r2.cloudflarestorage.com
        run: aws s3 cp dist s3://mirror --recursive
      - env:
          AWS_SECRET_ACCESS_KEY: \${{ secrets.R2_SECRET_ACCESS_KEY }}
        run: ./upload.sh
`,
    },
  ],
  invalid: [
    {
      name: 'AWS key pair in step env: one finding, at the secret key',
      files: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - env:
          AWS_ACCESS_KEY_ID: \${{ secrets.AWS_ACCESS_KEY_ID }}
          AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
        run: aws s3 sync dist s3://example-bucket
`,
      errors: [{ messageId: 'static', line: 8, column: 38, endColumn: 67, severity: 'medium', message: 'as env AWS_SECRET_ACCESS_KEY' }],
    },
    {
      name: 'keys given to configure-aws-credentials in a pull_request_target job',
      files: `on: pull_request_target
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.PREVIEW_KEY_ID }}
          aws-secret-access-key: \${{ secrets.PREVIEW_SECRET }}
          aws-region: us-east-1
`,
      errors: [{ messageId: 'static', line: 9, column: 38, severity: 'high', message: 'outsiders through pull_request_target' }],
    },
    {
      name: 'a protected environment gate keeps it medium',
      files: `on: pull_request_target
jobs:
  preview:
    runs-on: ubuntu-latest
    environment: preview
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: us-east-1
`,
      errors: [{ messageId: 'static', line: 10, column: 38, severity: 'medium' }],
    },
    {
      name: 'Google service account key JSON',
      files: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: google-github-actions/auth@v2
        with:
          credentials_json: \${{ secrets.GCP_DEPLOY_KEY }}
`,
      errors: [{ messageId: 'static', line: 8, column: 33, severity: 'medium', message: 'Google Cloud long-lived credential' }],
    },
    {
      name: 'Azure service principal JSON for azure/login and a Terraform client secret in job env',
      files: `on: workflow_dispatch
jobs:
  infra:
    runs-on: ubuntu-latest
    env:
      ARM_CLIENT_ID: \${{ vars.ARM_CLIENT_ID }}
      ARM_CLIENT_SECRET: \${{ secrets.ARM_CLIENT_SECRET }}
    steps:
      - uses: azure/login@v2
        with:
          creds: \${{ secrets.AZURE_CREDENTIALS }}
      - run: terraform apply -auto-approve
`,
      errors: [
        { messageId: 'static', line: 7, column: 30, severity: 'medium' },
        { messageId: 'static', line: 11, column: 22, severity: 'medium' },
      ],
    },
    {
      name: 'workflow env reaches every job: reported once',
      files: `on: push
env:
  AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make build
  upload:
    runs-on: ubuntu-latest
    steps:
      - run: aws s3 cp out s3://bucket
`,
      errors: [{ messageId: 'static', line: 3, column: 30, severity: 'medium', message: 'jobs build, upload (workflow env)' }],
    },
    {
      name: 'a credential-named secret read straight into a script',
      files: `on: push
jobs:
  upload:
    runs-on: ubuntu-latest
    steps:
      - run: aws configure set aws_secret_access_key \${{ secrets.AWS_SECRET_ACCESS_KEY }}
`,
      errors: [{ messageId: 'static', line: 6, column: 58, severity: 'medium' }],
    },
  ],
});

/** GitLab CI: keys in scripts and variables of jobs without id_tokens. */
testRule(rule, {
  valid: [
    {
      name: 'gitlab: a job that requests an id_tokens token',
      files: {
        '.gitlab-ci.yml': `deploy:
  id_tokens:
    AWS_ID_TOKEN:
      aud: https://sts.amazonaws.com
  script:
    - aws sts assume-role-with-web-identity --role-arn "$ROLE_ARN" --web-identity-token "$AWS_ID_TOKEN" > creds.json
    - aws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY"
`,
      },
    },
    {
      name: 'gitlab: AWS-style keys for an S3-compatible service named by --endpoint-url elsewhere in the job',
      files: {
        '.gitlab-ci.yml': `upload-symbols:
  script:
    - aws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY"
    - aws --endpoint-url https://objects.example.org s3 cp --recursive symbols/ s3://symbols
`,
      },
    },
    {
      name: 'gitlab: a job extending a template from a project include (it may bring id_tokens)',
      files: {
        '.gitlab-ci.yml': `include:
  - project: security/oidc-modules
    ref: 0123456789abcdef0123456789abcdef01234567
    file: /templates/gcp.yml
release:
  extends: .google-oidc:auth
  script:
    - gcloud storage cp dist/* gs://releases --credential-file "$GOOGLE_APPLICATION_CREDENTIALS"
`,
      },
    },
    {
      name: 'gitlab: registry tokens and names the table does not know',
      files: {
        '.gitlab-ci.yml': `publish:
  script:
    - npm publish --token "$NPM_TOKEN"
    - echo "$MY_AWS_REGION"
`,
      },
    },
  ],
  invalid: [
    {
      name: 'gitlab: AWS keys in a script, the secret half first, the id as related',
      files: {
        '.gitlab-ci.yml': `deploy:
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - aws configure set aws_access_key_id "$AWS_ACCESS_KEY_ID"
    - aws configure set aws_secret_access_key "\${AWS_SECRET_ACCESS_KEY}"
    - aws s3 sync dist/ s3://site
`,
      },
      errors: [{ messageId: 'static', line: 6, column: 48, severity: 'medium', message: '`$AWS_SECRET_ACCESS_KEY` reaches job deploy' }],
    },
    {
      name: 'gitlab: a Google key set in pipeline variables reaches every job, reported once; a fork merge request job makes it high',
      files: {
        '.gitlab-ci.yml': `variables:
  GOOGLE_APPLICATION_CREDENTIALS: $GCP_KEY_FILE
build:
  script: [gcloud builds submit]
review:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script: [gcloud run deploy review]
`,
      },
      errors: [{ messageId: 'static', line: 2, column: 3, severity: 'high', message: 'jobs build, review (pipeline variables)' }],
    },
  ],
});
