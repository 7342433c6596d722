/**
 * publish-without-provenance: what a workflow publishes carries nothing a consumer can verify.
 * - `npm publish` / `pnpm publish` without npm provenance (`--provenance`, or
 *   `NPM_CONFIG_PROVENANCE: true` in the step, job or workflow env);
 * - an image pushed to a registry when nothing in the workflow (or the local reusable workflows
 *   it calls) signs or attests an image: cosign, notation, Docker Content Trust, GitHub artifact
 *   attestations, the SLSA container generator;
 * - release assets uploaded when nothing signs or attests files (attestations, cosign sign-blob,
 *   gpg, minisign, the SLSA generic generator).
 * On Tekton: an image pushed by a task step (docker, buildah, podman, skopeo, crane...) when the
 * task declares no Chains type-hint result, so Tekton Chains cannot sign or attest it.
 * Without these, a release from CI looks the same as one pushed with a stolen token.
 * Ignores: `--dry-run`, `publishConfig.provenance` in package.json, signing configured in tool
 * files (.goreleaser.yml `signs:`), admission policies that sign later; the doc says so.
 * Data: npm Docs "Generating provenance statements"; the signing table in
 * platforms/github/data/signing.ts (sources per entry).
 */
import { scriptMentions, stepScript } from '../analysis/scripts/step-script.js';
import type { EnvVar, Job, Pipeline, Step } from '../model/types.js';
import { imagePushes, releaseUploads, subjectsSignedBy } from './data/integrity-steps.js';
import { defineRule } from './define-rule.js';

const PUBLISHERS = new Set(['npm', 'pnpm']);

/**
 * Tekton Chains type hints (https://tekton.dev/docs/chains/slsa-provenance/): IMAGE_URL and
 * IMAGE_DIGEST, `<name>_IMAGE_URL`/`_IMAGE_DIGEST`, IMAGES, and `*_ARTIFACT_OUTPUTS` /
 * `*_ARTIFACT_URI` + `*_ARTIFACT_DIGEST`.
 */
const CHAINS_HINT = /(?:^|_)IMAGE_DIGEST$|^IMAGES$|ARTIFACT_OUTPUTS$|ARTIFACT_DIGEST$/;

const provenanceOn = (env: EnvVar[]) =>
  env.some((v) => v.name.toUpperCase() === 'NPM_CONFIG_PROVENANCE' && v.value?.value.trim().toLowerCase() === 'true');

export default defineRule({
  meta: {
    id: 'publish-without-provenance',
    summary: 'Package, image or release published without provenance or signature',
    description:
      'npm publish without --provenance, images pushed and release assets uploaded with nothing in the workflow signing or attesting them leave consumers no signed statement of the commit and workflow that built them.',
    category: 'supply-chain',
    platforms: ['github', 'tekton'],
    severity: 'low',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      npm: '`{{command}}` publishes without provenance: add `--provenance` (and `permissions: id-token: write`) so the registry records a signed link to this commit and workflow',
      image:
        '`{{what}}` pushes an image that nothing in this workflow signs or attests: sign it (cosign) or attest its provenance so deployments can verify where it came from',
      chainsHints:
        '`{{what}}` pushes an image, but {{task}} declares no IMAGE_URL/IMAGE_DIGEST (or *_ARTIFACT_OUTPUTS) result: Tekton Chains cannot tell what was built, so nothing signs or attests it',
      release:
        '`{{what}}` uploads release assets that nothing in this workflow signs or attests: attest their provenance (actions/attest-build-provenance) or sign them so users can verify them',
    },
    owasp: ['CICD-SEC-9'],
    phase: 'integrity',
    related: {},
  },
  create(context) {
    const reportImagesAndReleases = (step: Step, job: Job, pipeline: Pipeline) => {
      const pushes = imagePushes(step, job, pipeline);
      const uploads = releaseUploads(step, job);
      if (pushes.length === 0 && uploads.length === 0) return;
      const signed = subjectsSignedBy(pipeline, context.project);
      if (!signed.has('image')) {
        for (const site of pushes) {
          context.report({
            messageId: 'image',
            data: { what: site.what },
            at: site.at,
            tip: 'After the push, run `cosign sign --yes <image>@<digest>` (keyless, with `id-token: write`) or use actions/attest-build-provenance with `push-to-registry: true`.',
          });
        }
      }
      if (!signed.has('file')) {
        for (const site of uploads) {
          context.report({
            messageId: 'release',
            data: { what: site.what },
            at: site.at,
            tip: 'Add actions/attest-build-provenance with `subject-path:` naming the assets (with `id-token: write` and `attestations: write`).',
          });
        }
      }
    };
    // Tekton Chains signs and attests what a task pushes when the task names it in results.
    const reportTektonPushes = (step: Step, job: Job, pipeline: Pipeline) => {
      const pushes = imagePushes(step, job, pipeline);
      if (pushes.length === 0 || (job.tekton?.results ?? []).some((r) => CHAINS_HINT.test(r.name))) return;
      if (subjectsSignedBy(pipeline, context.project).has('image')) return;
      for (const site of pushes) {
        context.report({
          messageId: 'chainsHints',
          data: { what: site.what, task: `${pipeline.tekton?.resourceKind ?? 'Task'} ${pipeline.tekton?.name ?? ''}` },
          at: site.at,
          tip: 'Declare the results IMAGE_URL and IMAGE_DIGEST (or <name>_IMAGE_URL / <name>_IMAGE_DIGEST, or IMAGES) and write the pushed image into them, so Tekton Chains signs the image and records its SLSA provenance.',
        });
      }
    };
    return {
      step(step, job, pipeline) {
        if (pipeline.platform === 'tekton') {
          reportTektonPushes(step, job, pipeline);
          return;
        }
        reportImagesAndReleases(step, job, pipeline);
        if (!scriptMentions(step, /publish/)) return;
        if (provenanceOn(pipeline.env) || provenanceOn(job.env) || provenanceOn(step.env)) return;
        const script = stepScript(step, job);
        if (!script) return;
        for (const command of script.facts.commands) {
          if (!PUBLISHERS.has(command.name) || command.args[0] !== 'publish') continue;
          if (command.args.some((a) => a === '--provenance' || a === '--provenance=true' || a === '--dry-run')) continue;
          context.report({
            messageId: 'npm',
            data: { command: `${command.name} publish` },
            at: script.origin(command.start, command.end),
            tip: 'Run `npm publish --provenance` from GitHub Actions with `permissions: id-token: write`, or set NPM_CONFIG_PROVENANCE: true.',
          });
        }
      },
    };
  },
});
