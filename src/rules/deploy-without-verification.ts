/**
 * deploy-without-verification: the repository signs or attests its images, but a job deploys
 * images (kubectl, helm, Cloud Run, ECS...) without verifying a signature or attestation first,
 * in that job before the deploy or in a job it needs. Signing only protects a deployment that
 * checks it: without the check, an image pushed with a stolen registry token deploys the same.
 * Ignores: verification by an admission controller in the cluster (Kyverno, Sigstore policy
 * controller, Ratify), which the workflow cannot show; the doc says so, hence medium confidence.
 * Data: the signing table in platforms/github/data/signing.ts; deploy steps from
 * rules/data/publish-targets.ts.
 */
import type { Job, Pipeline } from '../model/types.js';
import { type IntegritySite, integritySitesOfJob } from './data/integrity-steps.js';
import { type PublishSite, publishSites } from './data/publish-targets.js';
import { defineRule } from './define-rule.js';

/** Kubernetes operations that do not roll out an image. */
const NOT_IMAGE_ROLLOUTS = new Set(['helm push', 'helm uninstall', 'kubectl delete']);

/**
 * Cloud deploys that run a container image. Sources: the action READMEs and CLI references
 * cited in platforms/github/data/publish-deploy.ts.
 */
const CONTAINER_DEPLOYS = new Set([
  'aws-actions/amazon-ecs-deploy-task-definition',
  'google-github-actions/deploy-cloudrun',
  'gcloud run deploy',
  'gcloud run services update',
  'az containerapp update',
  'heroku container:release',
]);

function deploysImages(site: PublishSite): boolean {
  if (site.target === 'kubernetes') return !NOT_IMAGE_ROLLOUTS.has(site.what.toLowerCase());
  return site.target === 'cloud' && CONTAINER_DEPLOYS.has(site.what.toLowerCase());
}

const verifiesImages = (site: IntegritySite) => site.effect === 'verify' && site.subjects.includes('image');

/** Jobs that must finish before `job` starts (its `needs`, transitively). */
function upstreamJobs(job: Job, pipeline: Pipeline): Job[] {
  const byId = new Map(pipeline.jobs.map((j) => [j.id, j]));
  const out: Job[] = [];
  const seen = new Set<string>([job.id]);
  const queue = [...job.needs];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const upstream = byId.get(id);
    if (!upstream) continue;
    out.push(upstream);
    queue.push(...upstream.needs);
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'deploy-without-verification',
    summary: 'Signed images deployed without verifying their signature',
    description:
      'The repository signs or attests its images, but a job deploys images without verifying a signature or attestation first, so a tampered image would deploy the same.',
    category: 'supply-chain',
    platforms: ['github'],
    severity: 'low',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      unverified:
        '`{{what}}` deploys images that this repository signs ({{signer}}), but nothing verifies a signature or attestation before it: run `cosign verify` or `gh attestation verify` on the image first',
    },
    owasp: ['CICD-SEC-9'],
    phase: 'integrity',
    related: {},
  },
  create(context) {
    const signers = new Map<string, IntegritySite | undefined>();
    /** The first place the pipeline's repository signs or attests an image, looked up once per repository. */
    const imageSigner = (pipeline: Pipeline): IntegritySite | undefined => {
      const root = context.project.repositoryOf(pipeline);
      if (signers.has(root)) return signers.get(root);
      let signer: IntegritySite | undefined;
      for (const sibling of context.project.pipelinesIn(root)) {
        if (sibling.platform !== 'github') continue;
        for (const job of sibling.jobs) {
          signer ??= integritySitesOfJob(job).find((s) => s.effect === 'sign' && s.subjects.includes('image'));
        }
      }
      signers.set(root, signer);
      return signer;
    };
    return {
      job(job, pipeline) {
        const deploys = job.steps.flatMap((step) => publishSites(step, job)).filter(deploysImages);
        if (deploys.length === 0) return;
        const signedAt = imageSigner(pipeline);
        if (!signedAt) return;
        const verifiedUpstream = upstreamJobs(job, pipeline).some((upstream) => integritySitesOfJob(upstream).some(verifiesImages));
        if (verifiedUpstream) return;
        const verifications = integritySitesOfJob(job).filter(verifiesImages);
        for (const deploy of deploys) {
          const verifiedBefore = verifications.some((v) => (v.step?.index ?? -1) < deploy.step.index);
          if (verifiedBefore) continue;
          context.report({
            messageId: 'unverified',
            data: { what: deploy.what, signer: signedAt.what },
            at: deploy.at,
            related: [{ at: signedAt.at, note: `images are signed here (${signedAt.what})` }],
            tip: 'Verify the exact digest you deploy, with the identity that signs it: `cosign verify --certificate-identity-regexp ... --certificate-oidc-issuer https://token.actions.githubusercontent.com image@digest`, or enforce it in the cluster with an admission policy.',
          });
        }
      },
    };
  },
});
