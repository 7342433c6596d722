/**
 * Integrity controls read against the model: which steps sign or attest (images or files), which
 * verify, which push images and which upload release assets. The tools and actions are the
 * platform table in platforms/github/data/signing.ts; the publishing steps come from
 * publish-targets.ts, narrowed here to what carries an artifact a consumer could verify.
 */
import type { Project } from '../../analysis/project.js';
import { scriptMentions, stepScript } from '../../analysis/scripts/step-script.js';
import type { EnvVar, Job, Origin, Pipeline, Step } from '../../model/types.js';
import { operandsOf } from '../../platforms/github/data/command-line.js';
import {
  CONTENT_TRUST_VARIABLE,
  type IntegrityEffect,
  integrityActionFor,
  integrityCommandFor,
  type SignedSubject,
} from '../../platforms/github/data/signing.js';
import { type PublishSite, publishSites } from './publish-targets.js';

export interface IntegritySite {
  job: Job;
  /** Unset for a job-level reusable workflow call. */
  step?: Step;
  at: Origin;
  /** `cosign sign`, `actions/attest-build-provenance`... */
  what: string;
  effect: IntegrityEffect;
  subjects: readonly SignedSubject[];
}

/** Scripts that may run one of the tools of the table; the rest are skipped without a shell parse. */
const MENTIONS_INTEGRITY_TOOL = /cosign|notation|gpg|minisign|sigstore|slsa-verifier|attestation|pipewarden|trust\s+sign/i;

/** Signing and verifying sites of one step, in script order. */
export function integritySitesOfStep(step: Step, job: Job): IntegritySite[] {
  if (step.uses) {
    const entry = integrityActionFor(step.uses.raw);
    return entry ? [{ job, step, at: step.uses.origin, what: step.uses.name, effect: entry.effect, subjects: entry.subjects }] : [];
  }
  if (!scriptMentions(step, MENTIONS_INTEGRITY_TOOL)) return [];
  const script = stepScript(step, job);
  if (!script) return [];
  const out: IntegritySite[] = [];
  for (const command of script.facts.commands) {
    const entry = integrityCommandFor(command.name, command.args);
    if (!entry) continue;
    const what = [entry.command, ...(entry.subcommands ? operandsOf(command.args, entry.optionsWithValue).slice(0, 1) : [])].join(' ');
    out.push({ job, step, at: script.origin(command.start, command.end), what, effect: entry.effect, subjects: entry.subjects });
  }
  return out;
}

/** Sites of a job: its steps, and the reusable workflow it calls when that one signs or verifies. */
export function integritySitesOfJob(job: Job): IntegritySite[] {
  const out: IntegritySite[] = [];
  if (job.uses) {
    const entry = integrityActionFor(job.uses.raw);
    if (entry) out.push({ job, at: job.uses.origin, what: job.uses.name, effect: entry.effect, subjects: entry.subjects });
  }
  for (const step of job.steps) out.push(...integritySitesOfStep(step, job));
  return out;
}

const signedSubjects = new WeakMap<Pipeline, Set<SignedSubject>>();

/**
 * What a pipeline signs or attests anywhere: in its own jobs or in the local reusable workflows
 * they call (one level, which is how release workflows are usually split).
 */
export function subjectsSignedBy(pipeline: Pipeline, project: Project): ReadonlySet<SignedSubject> {
  const known = signedSubjects.get(pipeline);
  if (known) return known;
  const out = new Set<SignedSubject>();
  const pipelines = [pipeline];
  for (const job of pipeline.jobs) {
    const callee = job.uses ? project.resolve(job.uses, pipeline) : undefined;
    if (callee) pipelines.push(callee);
  }
  for (const each of pipelines) {
    for (const job of each.jobs) {
      for (const site of integritySitesOfJob(job)) if (site.effect === 'sign') for (const subject of site.subjects) out.add(subject);
    }
  }
  signedSubjects.set(pipeline, out);
  return out;
}

function contentTrustOn(env: readonly EnvVar[]): boolean {
  return env.some((v) => v.name.toUpperCase() === CONTENT_TRUST_VARIABLE && /^(1|true)$/i.test(v.value?.value.trim() ?? ''));
}

/**
 * Image pushes of a step. `docker push` under Docker Content Trust signs what it pushes and is
 * left out.
 */
export function imagePushes(step: Step, job: Job, pipeline: Pipeline): PublishSite[] {
  const pushes = publishSites(step, job).filter((site) => site.target === 'container registry');
  if (pushes.length === 0) return pushes;
  const trusted = contentTrustOn(pipeline.env) || contentTrustOn(job.env) || contentTrustOn(step.env);
  return trusted ? pushes.filter((site) => !site.what.startsWith('docker ')) : pushes;
}

/** Actions that publish a release and upload assets only when this input is set. */
const ASSET_INPUTS: Record<string, string> = {
  'softprops/action-gh-release': 'files',
  'ncipollo/release-action': 'artifacts',
};

/** Release actions that never upload assets (actions/create-release only creates the release). */
const NO_ASSETS = new Set(['actions/create-release']);

/** Options of `gh release create` that take a value, so the tag and the files can be told apart. */
const GH_RELEASE_OPTIONS = [
  '-R',
  '--repo',
  '-n',
  '--notes',
  '-F',
  '--notes-file',
  '-t',
  '--title',
  '--target',
  '--discussion-category',
  '--notes-start-tag',
];

/**
 * Release asset uploads of a step: `gh release upload`, `gh release create <tag> <files...>`,
 * release actions given files, and release tools that always upload (goreleaser, the upload
 * actions). A release with notes only has nothing to verify and is left out.
 */
export function releaseUploads(step: Step, job: Job): PublishSite[] {
  return publishSites(step, job).filter((site) => {
    if (site.target !== 'release') return false;
    if (site.command) {
      if (site.what === 'gh release edit') return false;
      if (site.what === 'gh release create') return operandsOf(site.command.args, GH_RELEASE_OPTIONS).length > 3;
      return true;
    }
    if (NO_ASSETS.has(site.what.toLowerCase())) return false;
    const input = ASSET_INPUTS[site.what.toLowerCase()];
    if (input === undefined) return true;
    const value = step.inputs.find((i) => i.name.toLowerCase() === input)?.value.value.trim();
    return value !== undefined && value !== '';
  });
}
