import { testRule } from '../testing/rule-tester.js';
import rule from './publish-without-provenance.js';

const TEKTON_PUSH = `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: push
spec:
  steps:
    - name: push
      image: quay.io/buildah/stable:v1.37.3
      script: |
        buildah bud -t registry.example.com/app:1.0 .
        buildah push registry.example.com/app:1.0
`;

testRule(rule, {
  valid: [
    {
      name: 'Tekton: the task declares IMAGE_URL and IMAGE_DIGEST, so Chains signs and attests the push',
      files: {
        'tekton/push.yaml': TEKTON_PUSH.replace(
          'spec:\n  steps:',
          'spec:\n  results:\n    - name: IMAGE_URL\n    - name: IMAGE_DIGEST\n  steps:',
        ),
      },
    },
    {
      name: 'publish with --provenance, with the env switch, or as a dry run',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
    steps:
      - run: npm publish --provenance --access public
      - run: npm publish --dry-run
  b:
    runs-on: ubuntu-latest
    env:
      NPM_CONFIG_PROVENANCE: true
    steps:
      - run: pnpm publish --no-git-checks
`,
    },
    {
      name: 'other npm commands and a mention of publish',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          npm ci
          echo "publish later"
`,
    },
    {
      name: 'images pushed and signed or attested in the same workflow, under content trust, or built only',
      files: `on:
  push:
    tags: ['v*']
jobs:
  image:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
      packages: write
    steps:
      - uses: docker/build-push-action@v6
        id: build
        with:
          push: true
          tags: ghcr.io/acme/app:latest
      - uses: sigstore/cosign-installer@v3
      - run: cosign sign --yes ghcr.io/acme/app@\${{ steps.build.outputs.digest }}
  trusted:
    runs-on: ubuntu-latest
    env:
      DOCKER_CONTENT_TRUST: 1
    steps:
      - run: docker push ghcr.io/acme/tool:1.0
  build-only:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          push: false
`,
    },
    {
      name: 'release assets attested in another job, notes-only releases and a release action without files',
      files: `on:
  push:
    tags: ['v*']
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: gh release create "$GITHUB_REF_NAME" --notes "see CHANGELOG"
      - uses: softprops/action-gh-release@v2
        with:
          body: Release notes only
      - uses: actions/create-release@v1
        with:
          tag_name: v1
  assets:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
      attestations: write
      contents: write
    steps:
      - run: gh release upload "$GITHUB_REF_NAME" dist/*.tar.gz
      - uses: actions/attest-build-provenance@v2
        with:
          subject-path: dist/*.tar.gz
`,
    },
    {
      name: 'signing done by a local reusable workflow the release workflow calls',
      files: {
        '.github/workflows/release.yml': `on:
  push:
    tags: ['v*']
jobs:
  upload:
    runs-on: ubuntu-latest
    steps:
      - run: gh release upload v1 dist/app.zip
  sign:
    uses: ./.github/workflows/sign.yml
`,
        '.github/workflows/sign.yml': `on: workflow_call
jobs:
  sign:
    runs-on: ubuntu-latest
    steps:
      - run: gpg --armor --detach-sign dist/app.zip
`,
      },
    },
  ],
  invalid: [
    {
      name: 'Tekton: buildah push in a task with no Chains type-hint result',
      files: { 'tekton/push.yaml': TEKTON_PUSH },
      errors: [{ messageId: 'chainsHints', file: 'tekton/push.yaml', line: 11, column: 9, severity: 'low' }],
    },
    {
      name: 'npm and pnpm publish without provenance',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: npm ci && npm publish --access public
      - run: |
          pnpm build
          pnpm publish
`,
      errors: [
        { messageId: 'npm', line: 6, column: 24 },
        { messageId: 'npm', line: 9, column: 11 },
      ],
    },
    {
      name: 'an image pushed with nothing signing it, by action and by command',
      files: `on:
  push:
    branches: [main]
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: ghcr.io/acme/app:latest
      - run: |
          docker build -t ghcr.io/acme/worker:latest .
          docker push ghcr.io/acme/worker:latest
`,
      errors: [
        { messageId: 'image', line: 8, column: 15, endLine: 8, endColumn: 42 },
        { messageId: 'image', line: 14, column: 11, endLine: 14, endColumn: 49 },
      ],
    },
    {
      name: 'release assets uploaded with only image signing in the workflow',
      files: `on:
  push:
    tags: ['v*']
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: cosign sign --yes ghcr.io/acme/app:v1
      - run: gh release create v1 dist/app.tar.gz --title v1
      - uses: softprops/action-gh-release@v2
        with:
          files: dist/*.zip
      - uses: svenstaro/upload-release-action@v2
`,
      errors: [
        { messageId: 'release', line: 9, column: 14, endLine: 9, endColumn: 61 },
        { messageId: 'release', line: 10, column: 15, endLine: 10, endColumn: 45 },
        { messageId: 'release', line: 13, column: 15, endLine: 13, endColumn: 49 },
      ],
    },
  ],
});
