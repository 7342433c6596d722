import { testRule } from '../testing/rule-tester.js';
import rule from './artifact-poisoning.js';

/** A `workflow_run` workflow (anyone can start the pull request run it follows) with these steps. */
function afterPullRequest(steps: string, permissions = 'pull-requests: write'): string {
  return `on:
  workflow_run:
    workflows: [CI]
    types: [completed]
permissions:
  ${permissions}
jobs:
  report:
    runs-on: ubuntu-latest
    steps:
${steps}`;
}

const DOWNLOAD_TO_PR = `      - uses: actions/download-artifact@v4
        with:
          name: pr
          path: pr
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ secrets.GITHUB_TOKEN }}
`;

testRule(rule, {
  valid: [
    {
      name: 'artifacts passed between jobs of one pull request run',
      files: `on: pull_request
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make dist
      - uses: actions/upload-artifact@v4
        with:
          name: dist
  test:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: dist
      - run: make test
`,
    },
    {
      name: 'a download that nothing later uses',
      files: afterPullRequest(`${DOWNLOAD_TO_PR}      - run: ls pr && rm -rf pr\n`),
    },
    {
      name: 'an unprivileged job (no secrets, read-only token)',
      files: afterPullRequest(`${DOWNLOAD_TO_PR}      - run: bash pr/report.sh\n`, 'contents: read'),
    },
    {
      name: 'upstream workflow in the scan that only maintainers can start',
      files: {
        '.github/workflows/release.yml': `name: Release
on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/upload-artifact@v4
        with:
          name: pr
`,
        '.github/workflows/after.yml': afterPullRequest(`${DOWNLOAD_TO_PR}      - run: bash pr/report.sh\n`).replace('[CI]', '[Release]'),
      },
    },
    {
      name: 'a folder download used only by another folder',
      files: afterPullRequest(`${DOWNLOAD_TO_PR}      - run: ./scripts/comment.sh\n`),
    },
    {
      name: 'the same download in a run only writers can start',
      files: `on: workflow_dispatch
permissions:
  contents: write
jobs:
  report:
    runs-on: ubuntu-latest
    steps:
${DOWNLOAD_TO_PR}      - run: bash pr/report.sh
`,
    },
  ],
  invalid: [
    {
      name: 'runs a script from the download folder: critical at the download',
      files: afterPullRequest(`${DOWNLOAD_TO_PR}      - run: bash pr/report.sh\n`),
      errors: [
        {
          messageId: 'poisoned',
          line: 11,
          column: 15,
          endColumn: 43,
          severity: 'critical',
          message: '`bash` runs a file from the artifact; this job holds pull-requests: write',
        },
      ],
    },
    {
      name: 'sources a file from the folder',
      files: afterPullRequest(`${DOWNLOAD_TO_PR}      - run: |\n          . ./pr/env.sh\n          echo done\n`),
      errors: [{ messageId: 'poisoned', line: 11, column: 15, severity: 'critical', message: '`.` runs a file' }],
    },
    {
      name: 'runs a file by path from the folder',
      files: afterPullRequest(`${DOWNLOAD_TO_PR}      - run: ./pr/post.sh "\${{ secrets.BOT_TOKEN }}"\n`),
      errors: [{ messageId: 'poisoned', line: 11, column: 15, severity: 'critical', message: 'secrets BOT_TOKEN' }],
    },
    {
      name: 'into the workspace, then npm ci reads its package.json',
      files: afterPullRequest(`      - uses: actions/checkout@v4
      - uses: actions/download-artifact@v4
        with:
          name: build
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ secrets.GITHUB_TOKEN }}
      - run: npm ci && npm run report
`),
      errors: [{ messageId: 'poisoned', line: 12, column: 15, severity: 'critical', message: 'into the workspace' }],
    },
    {
      name: 'dawidd6 into the workspace, then a local action',
      files: afterPullRequest(`      - uses: dawidd6/action-download-artifact@v6
        with:
          workflow: ci.yml
          name: site
      - uses: ./.github/actions/publish
`),
      errors: [{ messageId: 'poisoned', line: 11, column: 15, severity: 'critical', message: 'dawidd6/action-download-artifact' }],
    },
    {
      name: 'unpacks an archive from the folder: high',
      files: afterPullRequest(`${DOWNLOAD_TO_PR}      - run: unzip pr/site.zip -d site\n`),
      errors: [{ messageId: 'poisoned', line: 11, column: 15, severity: 'high', message: '`unzip` unpacks an archive' }],
    },
    {
      name: 'tar extraction after a workspace download: high',
      files: afterPullRequest(`      - uses: actions/download-artifact@v4
        with:
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ secrets.GITHUB_TOKEN }}
      - run: tar -xzf site.tgz
`),
      errors: [{ messageId: 'poisoned', line: 11, column: 15, severity: 'high', message: 'artifact `*`' }],
    },
    {
      name: 'reads a file from the folder: medium',
      files: afterPullRequest(
        `${DOWNLOAD_TO_PR}      - run: gh pr comment "$(cat pr/number)" --body-file pr/body.md\n        env:\n          GH_TOKEN: \${{ github.token }}\n`,
      ),
      errors: [{ messageId: 'poisoned', line: 11, column: 15, severity: 'medium', message: 'reads a file from the artifact' }],
    },
  ],
});

/** GitLab: artifacts of another pipeline (needs:project, the job artifacts API) on refs developers push to. */
testRule(rule, {
  valid: [
    {
      name: 'gitlab: artifacts of the default branch, a version tag, the same pipeline, and the own protected ref',
      files: {
        '.gitlab-ci.yml': `build:
  stage: build
  script: make dist
  artifacts:
    paths: [dist/]
deploy:
  stage: deploy
  environment: production
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  needs:
    - build
    - project: platform/assets
      job: bundle
      ref: main
      artifacts: true
    - project: platform/schemas
      job: export
      ref: v2.4.1
    - project: $CI_PROJECT_PATH
      job: docs
      ref: $CI_COMMIT_REF_NAME
  script:
    - curl -fsSL -o site.zip "$CI_API_V4_URL/projects/42/jobs/artifacts/main/download?job=site"
    - npm publish dist/
`,
      },
    },
    {
      name: 'gitlab: per-commit tags from merge requests, and shared tags moved only on the default branch',
      files: {
        '.gitlab-ci.yml': `variables:
  IMAGE: $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA
build:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - docker build -t "$IMAGE" .
    - docker push "$IMAGE"
    - docker buildx build --push -t "$CI_REGISTRY_IMAGE:mr-$CI_MERGE_REQUEST_IID" .
promote:
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - docker tag "$IMAGE" "$CI_REGISTRY_IMAGE:latest"
    - docker push "$CI_REGISTRY_IMAGE:latest"
deploy:
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  image: $CI_REGISTRY_IMAGE:latest
  script:
    - ./deploy.sh
`,
      },
    },
    {
      name: 'gitlab: a feature-branch download into a job with no privileges, and one that only reads nothing',
      files: {
        '.gitlab-ci.yml': `compare:
  stage: test
  needs:
    - project: platform/app
      job: bench
      ref: develop
  script:
    - ./compare-bench.sh
notify:
  stage: deploy
  environment: production
  needs:
    - project: platform/app
      job: bench
      ref: develop
  script:
    - echo done
`,
      },
    },
  ],
  invalid: [
    {
      name: 'gitlab: a deploy job taking develop-branch artifacts and running its script, and the artifacts API by a variable ref before npm publish',
      files: {
        '.gitlab-ci.yml': `deploy:
  stage: deploy
  environment: production
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  needs:
    - project: platform/frontend
      job: build
      ref: develop
      artifacts: true
  script:
    - ./scripts/deploy.sh
publish:
  stage: deploy
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - 'curl -fsSL --header "JOB-TOKEN: $CI_JOB_TOKEN" -o pkg.zip "$CI_API_V4_URL/projects/7/jobs/artifacts/$RELEASE_BRANCH/download?job=package"'
    - unzip pkg.zip
    - npm publish
`,
      },
      errors: [
        { messageId: 'otherPipeline', line: 7, column: 7, severity: 'high', message: 'branch `develop`' },
        { messageId: 'otherPipeline', line: 18, column: 92, severity: 'high', message: 'whoever sets `$RELEASE_BRANCH`' },
      ],
    },
    {
      name: 'gitlab: merge requests push :latest that the default-branch deploy runs (high), branches push :stable that a release job pulls (medium)',
      files: {
        '.gitlab-ci.yml': `variables:
  TOOLS_IMAGE: \${CI_REGISTRY_IMAGE}/tools:latest
tools:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - /kaniko/executor --context . --destination "$TOOLS_IMAGE"
app:
  script:
    - docker build -t "$CI_REGISTRY_IMAGE:stable" .
    - docker push "$CI_REGISTRY_IMAGE:stable"
deploy:
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  image: $TOOLS_IMAGE
  script:
    - ./deploy.sh
release:
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - docker pull "\${CI_REGISTRY_IMAGE}:stable"
    - ./release.sh
`,
      },
      errors: [
        { messageId: 'imageTag', line: 8, column: 7, severity: 'high', message: 'job `deploy`' },
        { messageId: 'imageTag', line: 12, column: 7, severity: 'medium', message: 'job `release`' },
      ],
    },
    {
      name: 'gitlab: a release job shipping a feature branch build without running it: medium',
      files: {
        '.gitlab-ci.yml': `pages:
  stage: deploy
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  needs:
    - project: docs/site
      job: render
      ref: next
  script:
    - aws s3 sync public/ s3://docs.example.com --delete
`,
      },
      errors: [{ messageId: 'otherPipeline', line: 6, column: 7, severity: 'medium', message: 'ships what the project directory holds' }],
    },
  ],
});
