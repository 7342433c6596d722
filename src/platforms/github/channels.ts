/**
 * The artifacts and caches a GitHub job moves, from the artifact and cache action tables
 * (data/checkout-actions.ts, with their sources): what a later job or run will read and trust.
 */
import type { ChannelUse, Job, Step } from '../../model/types.js';
import { artifactDownloadActionFor, artifactUploadActionFor, type CacheAction, cacheActionFor } from './data/checkout-actions.js';

/** Artifact names the actions use when `name:` is not given (their action.yml defaults). */
const DEFAULT_ARTIFACT_NAMES: Record<string, string> = {
  'actions/upload-artifact': 'artifact',
  'actions/upload-artifact/merge': 'merged-artifacts',
  'actions/upload-pages-artifact': 'github-pages',
};
/** Downloads that always read from another run or workflow. */
const OTHER_RUN_DOWNLOADS = new Set(['dawidd6/action-download-artifact']);
/** Inputs that make actions/download-artifact read another run's artifacts. */
const OTHER_RUN_INPUTS = ['run-id'];

function input(step: Step, name: string): string | undefined {
  return step.inputs.find((i) => i.name === name)?.value.value.trim();
}

/** True, or an expression that may be true: `${{ startsWith(github.ref, 'refs/tags/') }}`. */
function mayBeTrue(value: string | undefined): boolean {
  if (value === undefined || value === '' || value.toLowerCase() === 'false') return false;
  return true;
}

/** A literal value that says exactly `value` (an expression may say anything). */
function says(value: string | undefined, expected: string): boolean {
  return value !== undefined && !value.includes('${{') && value.toLowerCase() === expected;
}

/** The action's major version from its ref (`v5`, `v5.1.0`) or the version comment of a SHA pin. */
function majorVersion(step: Step): number | undefined {
  const ref = step.uses?.ref ?? '';
  const versioned = /^[0-9a-f]{40}$/i.test(ref) ? (step.uses?.versionComment?.text ?? '') : ref;
  const major = /^\s*v?(\d+)/.exec(versioned)?.[1];
  return major === undefined ? undefined : Number(major);
}

function envSays(job: Job, step: Step, name: string): boolean {
  return [...job.env, ...step.env].some((v) => v.name === name && mayBeTrue(v.value?.value.trim()));
}

/** The expression of a value that is exactly one `${{ ... }}`. */
function soleExpression(value: string | undefined): string | undefined {
  return /^\$\{\{([\s\S]*)\}\}$/.exec(value?.trim() ?? '')?.[1]?.trim();
}

/** Whether caching is on, and the expression it depends on when an input toggles it by one. */
function cacheEnabled(step: Step, job: Job, action: CacheAction): { on: boolean; when?: string } {
  const disableValue = action.disable && input(step, action.disable.input);
  if (action.disable && says(disableValue, action.disable.value)) return { on: false };
  if (action.lookupOnly && says(input(step, action.lookupOnly), 'true')) return { on: false };
  const disabling = action.disable && soleExpression(disableValue);
  if (action.disable && disabling) {
    // `cache-disabled: ${{ x }}` turns it off when x is true; `package-manager-cache: ${{ x }}` on.
    return { on: true, when: action.disable.value === 'true' ? `!(${disabling})` : disabling };
  }
  if (action.enabledByDefault) return { on: true };
  const enabling = action.enableInput === undefined ? undefined : input(step, action.enableInput);
  if (mayBeTrue(enabling)) return { on: true, when: soleExpression(enabling) };
  if (action.disable && mayBeTrue(disableValue)) return { on: true };
  if (action.enableEnv && envSays(job, step, action.enableEnv)) return { on: true };
  const major = majorVersion(step);
  return { on: action.onByDefaultSince !== undefined && major !== undefined && major >= action.onByDefaultSince };
}

function cacheUse(step: Step, job: Job, action: CacheAction): ChannelUse | undefined {
  // build-push-action uses the Actions cache only with the gha backend (cache-to: type=gha).
  if (action.action === 'docker/build-push-action' && !/type=gha\b/.test(input(step, 'cache-to') ?? '')) return undefined;
  const enabled = cacheEnabled(step, job, action);
  if (!enabled.on) return undefined;
  const readOnly = action.readOnly !== undefined && says(input(step, action.readOnly.input), action.readOnly.value);
  const access = action.mode === 'restore' || readOnly ? 'read' : action.mode === 'save' ? 'write' : 'read-write';
  // actions/cache keys are written out; the setup actions derive theirs, so the action names the cache.
  const key = action.action.startsWith('actions/cache') ? input(step, 'key') : undefined;
  const origin = step.uses?.origin ?? step.origin;
  const use: ChannelUse = { kind: 'cache', name: key || `${action.action} cache`, access, otherRun: false, via: action.action, origin };
  if (enabled.when) use.enabledIf = enabled.when;
  return use;
}

export function channelUsesOf(job: Job): ChannelUse[] {
  const uses: ChannelUse[] = [];
  for (const step of job.steps) {
    const raw = step.uses?.raw;
    if (!raw || step.uses?.isLocal) continue;
    const origin = step.uses?.origin ?? step.origin;
    const upload = artifactUploadActionFor(raw);
    if (upload) {
      const name = input(step, 'name') || (DEFAULT_ARTIFACT_NAMES[upload.action] ?? 'artifact');
      uses.push({ kind: 'artifact', name, access: 'write', otherRun: false, via: upload.action, origin });
      continue;
    }
    const download = artifactDownloadActionFor(raw);
    if (download) {
      const otherRun = OTHER_RUN_DOWNLOADS.has(download.action) || OTHER_RUN_INPUTS.some((name) => input(step, name));
      uses.push({ kind: 'artifact', name: input(step, 'name') || '*', access: 'read', otherRun, via: download.action, origin });
      continue;
    }
    const cache = cacheActionFor(raw);
    const use = cache && cacheUse(step, job, cache);
    if (use) uses.push(use);
  }
  return uses;
}
