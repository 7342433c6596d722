import { testRule } from '../testing/rule-tester.js';
import rule from './unprotected-deployment.js';

testRule(rule, {
  valid: [
    {
      name: 'kubectl against a cluster a script of the job starts on a GitHub-hosted runner (nothing reaches a remote one)',
      files: `on: pull_request
jobs:
  e2e:
    runs-on: ubuntu-latest
    env:
      KUBECONFIG: /home/runner/.kube/config.local
      WEBHOOK_SECRET: \${{ secrets.WEBHOOK_SECRET }}
    steps:
      - uses: actions/checkout@v4
      - run: ./hack/start-test-env.sh --ci
      - run: kubectl -n app patch configmap app-logging --type merge -p '{"data":{"level":"debug"}}'
      - run: go test ./test/e2e/...
`,
    },
    {
      name: 'the job declares an environment',
      files: `on:
  push:
    tags: ['v*']
jobs:
  pypi:
    runs-on: ubuntu-latest
    environment: pypi
    permissions:
      id-token: write
    steps:
      - uses: actions/checkout@v4
      - run: python -m build
      - uses: pypa/gh-action-pypi-publish@release/v1
`,
    },
    {
      name: 'a build that does not push',
      files: `on: pull_request
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/login-action@v3
        with:
          username: ci
          password: \${{ secrets.DOCKERHUB_TOKEN }}
      - uses: docker/build-push-action@v6
        with:
          push: false
          tags: example/app:pr
`,
    },
    {
      name: 'a release made with GITHUB_TOKEN only',
      files: `on:
  push:
    tags: ['v*']
permissions:
  contents: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: gh release create "$GITHUB_REF_NAME" --generate-notes
        env:
          GH_TOKEN: \${{ secrets.GITHUB_TOKEN }}
`,
    },
    {
      name: 'a dry run',
      files: `on: pull_request
jobs:
  check-package:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm publish --dry-run
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
`,
    },
    {
      name: 'kubectl and helm against a kind cluster in the job',
      files: `on: pull_request
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: helm/kind-action@v1
      - run: kubectl apply -f deploy/ && helm upgrade --install app ./chart
        env:
          LICENSE_KEY: \${{ secrets.TEST_LICENSE_KEY }}
`,
    },
    {
      name: 'a reusable workflow call (the called job may declare the environment)',
      files: `on:
  push:
    tags: ['v*']
jobs:
  release:
    uses: ./.github/workflows/release.yml
    secrets: inherit
`,
    },
  ],
  invalid: [
    {
      name: 'kubectl after the job fetches credentials of a remote cluster',
      files: `on: push
jobs:
  rollout:
    runs-on: ubuntu-latest
    env:
      AWS_ACCESS_KEY_ID: \${{ secrets.AWS_ACCESS_KEY_ID }}
      AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
    steps:
      - run: aws eks update-kubeconfig --name prod --region eu-west-1
      - run: kubectl -n app rollout restart deployment/app
`,
      errors: [{ messageId: 'unprotected', line: 10, column: 14, severity: 'low', message: 'deploys with kubectl rollout' }],
    },
    {
      name: 'PyPI token on a tag push',
      files: `on:
  push:
    tags: ['v*']
jobs:
  pypi:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m build
      - uses: pypa/gh-action-pypi-publish@release/v1
        with:
          password: \${{ secrets.PYPI_TOKEN }}
`,
      errors: [{ messageId: 'unprotected', line: 10, column: 15, severity: 'low', message: 'using secret PYPI_TOKEN' }],
    },
    {
      name: 'OIDC role and an S3 sync',
      files: `on:
  push:
    branches: [main]
permissions:
  contents: read
  id-token: write
jobs:
  site:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/site-deploy
          aws-region: eu-west-1
      - run: aws s3 sync ./public s3://example-site --delete
`,
      errors: [{ messageId: 'unprotected', line: 16, column: 14, severity: 'low', message: 'deploys with aws s3 sync' }],
    },
    {
      name: 'preview deployment from workflow_run, reachable by anyone',
      files: `on:
  workflow_run:
    workflows: [Build preview]
    types: [completed]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ github.token }}
      - uses: cloudflare/wrangler-action@v3
        with:
          apiToken: \${{ secrets.CLOUDFLARE_API_TOKEN }}
          command: pages deploy site
`,
      errors: [{ messageId: 'unprotected', line: 13, column: 15, severity: 'high' }],
    },
    {
      name: 'two npm publishes on release, the second in related',
      files: `on:
  release:
    types: [published]
jobs:
  npm:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          registry-url: https://registry.npmjs.org
      - run: |
          npm ci
          npm publish --workspace packages/core
          npm publish --workspace packages/cli
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
`,
      errors: [{ messageId: 'unprotected', line: 14, column: 11, severity: 'low', message: 'publishes with npm publish' }],
    },
    {
      name: 'workflow-level secret and docker push on a schedule',
      files: `on:
  schedule:
    - cron: '0 3 * * *'
env:
  REGISTRY_PASSWORD: \${{ secrets.REGISTRY_PASSWORD }}
jobs:
  nightly-image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          echo "$REGISTRY_PASSWORD" | docker login registry.example.com -u ci --password-stdin
          docker build -t registry.example.com/app:nightly .
          docker push registry.example.com/app:nightly
`,
      errors: [{ messageId: 'unprotected', line: 14, column: 11, severity: 'low', message: 'secret REGISTRY_PASSWORD' }],
    },
    {
      name: 'build-push-action with push: true',
      files: `on:
  push:
    branches: [main]
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/login-action@v3
        with:
          username: \${{ vars.DOCKERHUB_USER }}
          password: \${{ secrets.DOCKERHUB_TOKEN }}
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: example/app:latest
`,
      errors: [{ messageId: 'unprotected', line: 12, column: 15, severity: 'low' }],
    },
  ],
});

/** GitLab CI: deploys and publishes that unprotected refs reach. */
testRule(rule, {
  valid: [
    {
      name: 'gitlab: deploys kept to the default branch, protected refs and protected-only tags; review apps and builds',
      files: {
        '.gitlab-ci.yml': `production:
  environment: production
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - kubectl apply -f k8s/
publish:
  rules:
    - if: $CI_COMMIT_REF_PROTECTED == "true" && $CI_COMMIT_TAG
  script:
    - npm publish
review:
  environment:
    name: review/$CI_COMMIT_REF_SLUG
  script:
    - ./review-app.sh
build:
  script:
    - npm ci
    - npm run build
`,
      },
    },
  ],
  invalid: [
    {
      name: 'gitlab: a publish on every tag (unprotected tags too), a production environment on any branch, a manual staging deploy from merge requests',
      files: {
        '.gitlab-ci.yml': `publish:
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - npm ci
    - npm publish
production:
  environment:
    name: production
  script:
    - ./deploy.sh
staging:
  environment: staging
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      when: manual
  script:
    - ./deploy.sh staging
`,
      },
      errors: [
        { messageId: 'gitlab', line: 6, column: 7, severity: 'medium', message: 'publishes with npm publish' },
        { messageId: 'gitlab', line: 9, column: 5, severity: 'medium', message: 'unprotected branches, unprotected tags' },
        { messageId: 'gitlab', line: 13, column: 16, severity: 'medium', message: 'merge requests from forks' },
      ],
    },
  ],
});
