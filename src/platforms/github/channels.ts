/**
 * The artifacts and caches a GitHub job moves, from the artifact and cache action tables
 * (data/checkout-actions.ts, with their sources): what a later job or run will read and trust.
 */
import type { ChannelUse, Job, Step } from '../../model/types.js';
import { actionMatches } from './data/action-names.js';
import { ARTIFACT_DOWNLOAD_ACTIONS, ARTIFACT_UPLOAD_ACTIONS, CACHE_ACTIONS, type CacheAction } from './data/checkout-actions.js';

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

function cacheUse(step: Step, action: CacheAction): ChannelUse | undefined {
  const enabled = action.enabledByDefault
    ? !(action.disable && input(step, action.disable.input) === action.disable.value)
    : action.enableInput !== undefined && !['', 'false', undefined].includes(input(step, action.enableInput));
  // build-push-action uses the Actions cache only with the gha backend (cache-to: type=gha).
  if (!enabled || (action.action === 'docker/build-push-action' && !/type=gha\b/.test(input(step, 'cache-to') ?? ''))) return undefined;
  const readOnly = action.readOnly !== undefined && input(step, action.readOnly.input) === action.readOnly.value;
  const access = action.mode === 'restore' || readOnly ? 'read' : action.mode === 'save' ? 'write' : 'read-write';
  // actions/cache keys are written out; the setup actions derive theirs, so the action names the cache.
  const key = action.action.startsWith('actions/cache') ? input(step, 'key') : undefined;
  const origin = step.uses?.origin ?? step.origin;
  return { kind: 'cache', name: key || `${action.action} cache`, access, otherRun: false, via: action.action, origin };
}

export function channelUsesOf(job: Job): ChannelUse[] {
  const uses: ChannelUse[] = [];
  for (const step of job.steps) {
    const raw = step.uses?.raw;
    if (!raw || step.uses?.isLocal) continue;
    const origin = step.uses?.origin ?? step.origin;
    const upload = ARTIFACT_UPLOAD_ACTIONS.find((a) => actionMatches(a.action, raw));
    if (upload) {
      const name = input(step, 'name') || (DEFAULT_ARTIFACT_NAMES[upload.action] ?? 'artifact');
      uses.push({ kind: 'artifact', name, access: 'write', otherRun: false, via: upload.action, origin });
      continue;
    }
    const download = ARTIFACT_DOWNLOAD_ACTIONS.find((a) => actionMatches(a.action, raw));
    if (download) {
      const otherRun = OTHER_RUN_DOWNLOADS.has(download.action) || OTHER_RUN_INPUTS.some((name) => input(step, name));
      uses.push({ kind: 'artifact', name: input(step, 'name') || '*', access: 'read', otherRun, via: download.action, origin });
      continue;
    }
    const cache = CACHE_ACTIONS.find((a) => actionMatches(a.action, raw));
    const use = cache && cacheUse(step, cache);
    if (use) uses.push(use);
  }
  return uses;
}
