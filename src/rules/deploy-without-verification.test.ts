import { testRule } from '../testing/rule-tester.js';
import rule from './deploy-without-verification.js';

const SIGNING_WORKFLOW = `on:
  push:
    branches: [main]
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
      - run: cosign sign --yes ghcr.io/acme/app@\${{ steps.build.outputs.digest }}
`;

testRule(rule, {
  valid: [
    {
      name: 'deploys verified in the same job before the deploy, or in a job it needs',
      files: {
        '.github/workflows/image.yml': SIGNING_WORKFLOW,
        '.github/workflows/deploy.yml': `on: workflow_dispatch
jobs:
  verify:
    runs-on: ubuntu-latest
    steps:
      - run: gh attestation verify oci://ghcr.io/acme/app:latest -R acme/app
  deploy:
    needs: verify
    runs-on: ubuntu-latest
    steps:
      - run: kubectl set image deployment/app app=ghcr.io/acme/app:latest
  cloudrun:
    runs-on: ubuntu-latest
    steps:
      - run: cosign verify --certificate-identity-regexp 'https://github.com/acme/' ghcr.io/acme/app:latest
      - uses: google-github-actions/deploy-cloudrun@v2
        with:
          image: ghcr.io/acme/app:latest
`,
      },
    },
    {
      name: 'a signing workflow in another repository of the same scan does not make this one a signer',
      files: {
        'signer/.github/workflows/image.yml': SIGNING_WORKFLOW,
        'deployer/.github/workflows/deploy.yml': `on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: kubectl set image deployment/app app=ghcr.io/acme/app:latest
`,
      },
    },
    {
      name: 'a repository that signs nothing, and deploys that roll out no image',
      files: `on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: kubectl apply -f k8s/
  pages:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/deploy-pages@v4
`,
    },
    {
      name: 'kubectl against a cluster the job starts itself, by command or by action',
      files: {
        '.github/workflows/image.yml': SIGNING_WORKFLOW,
        '.github/workflows/e2e.yml': `on: pull_request
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps:
      - run: kind create cluster
      - run: kubectl apply -f deploy/
  policy-e2e:
    runs-on: ubuntu-latest
    steps:
      - uses: sigstore/scaffolding/actions/setup@main
      - run: kubectl rollout status deployment/webhook
`,
      },
    },
  ],
  invalid: [
    {
      name: 'deploys with no verification, or with the verification after the deploy',
      files: {
        '.github/workflows/image.yml': SIGNING_WORKFLOW,
        '.github/workflows/deploy.yml': `on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: azure/k8s-set-context@v4
        with:
          kubeconfig: \${{ secrets.KUBECONFIG }}
      - run: helm upgrade --install app ./chart --set image.tag=latest
      - run: cosign verify ghcr.io/acme/app:latest
  ecs:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/amazon-ecs-deploy-task-definition@v2
        with:
          task-definition: task.json
`,
      },
      errors: [
        { messageId: 'unverified', file: '.github/workflows/deploy.yml', line: 9, column: 14, endLine: 9, endColumn: 71 },
        { messageId: 'unverified', file: '.github/workflows/deploy.yml', line: 14, column: 15, endLine: 14, endColumn: 63 },
      ],
    },
    {
      name: 'a deploy job in the signing workflow itself',
      files: `on:
  push:
    tags: ['v*']
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/attest-build-provenance@v2
        with:
          subject-name: ghcr.io/acme/app
          subject-digest: sha256:0000000000000000000000000000000000000000000000000000000000000000
  rollout:
    needs: image
    runs-on: ubuntu-latest
    steps:
      - run: gcloud run deploy app --image ghcr.io/acme/app:latest --region europe-west1
`,
      errors: [{ messageId: 'unverified', line: 16, column: 14, endLine: 16, endColumn: 89 }],
    },
  ],
});
