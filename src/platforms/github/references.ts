/**
 * Parses `uses:` values and container images into references with a pin state.
 * Syntax from GitHub's workflow syntax docs (jobs.<id>.steps[*].uses, jobs.<id>.uses,
 * jobs.<id>.container.image) and the OCI image reference grammar (distribution/reference).
 */
import type { Origin, PinState, Reference } from '../../model/types.js';

const FULL_SHA = /^[0-9a-f]{40}$/i;
const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/i;
const FULL_VERSION = /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;
const PARTIAL_VERSION = /^v?\d+(\.\d+)?$/;

export function pinOfGitRef(ref: string | undefined): PinState {
  if (ref === undefined || ref === '') return 'none';
  if (ref.includes('${{')) return 'dynamic';
  if (FULL_SHA.test(ref)) return 'commit-sha';
  if (FULL_VERSION.test(ref)) return 'immutable-version';
  if (PARTIAL_VERSION.test(ref)) return 'floating-version';
  if (ref === 'latest') return 'latest';
  return 'branch';
}

/** A trailing `# v1.2.3` comment on the same line as the value. */
function versionCommentAfter(origin: Origin): Reference['versionComment'] {
  const text = origin.file.text;
  const lineEnd = text.indexOf('\n', origin.span.end);
  const rest = text.slice(origin.span.end, lineEnd === -1 ? text.length : lineEnd);
  const match = /^\s*#\s*(\S.*?)\s*$/.exec(rest);
  if (!match || match[1] === undefined) return undefined;
  const start = origin.span.end + rest.indexOf(match[1]);
  return { text: match[1], origin: { file: origin.file, span: { start, end: start + match[1].length } } };
}

export function parseUses(raw: string, origin: Origin, context: 'step' | 'job'): Reference {
  const value = raw.trim();
  const versionComment = versionCommentAfter(origin);
  if (value.startsWith('docker://')) {
    return { ...parseImage(value.slice('docker://'.length), origin), raw: value };
  }
  // `./x` is read from the workspace (whatever was checked out); `$/x` is the workflow's own
  // repository at the running commit (GitHub changelog 2026-07-30, "self-repository syntax").
  const selfRepository = value.startsWith('$/');
  if (value.startsWith('./') || value.startsWith('.\\') || value === '.' || selfRepository) {
    const path = (selfRepository ? value.slice(2) : value).replace(/^\.[\\/]/, '').replace(/^\/+/, '');
    const isWorkflow = /\.ya?ml$/.test(value);
    return {
      kind: context === 'job' || isWorkflow ? 'reusable-workflow' : 'action',
      raw: value,
      name: value,
      path,
      pin: 'local',
      isLocal: true,
      localSource: selfRepository ? 'running-commit' : 'workspace',
      origin,
      versionComment,
    };
  }
  const at = value.lastIndexOf('@');
  const target = at === -1 ? value : value.slice(0, at);
  const ref = at === -1 ? undefined : value.slice(at + 1);
  const [owner = '', repo = '', ...rest] = target.split('/');
  const path = rest.length ? rest.join('/') : undefined;
  const isWorkflow = context === 'job' || (path !== undefined && /\.github\/workflows\/[^/]+\.ya?ml$/.test(path));
  return {
    kind: isWorkflow ? 'reusable-workflow' : 'action',
    raw: value,
    name: target,
    owner,
    repo,
    path,
    ref,
    pin: pinOfGitRef(ref),
    isLocal: false,
    origin,
    versionComment,
  };
}

/** `[registry/]name[:tag][@sha256:digest]` */
export function parseImage(raw: string, origin: Origin): Reference {
  const value = raw.trim();
  if (value.includes('${{')) {
    return { kind: 'image', raw: value, name: value, pin: 'dynamic', isLocal: false, origin };
  }
  const atDigest = value.indexOf('@');
  const digest = atDigest === -1 ? undefined : value.slice(atDigest + 1);
  const nameAndTag = atDigest === -1 ? value : value.slice(0, atDigest);
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', lastSlash + 1);
  const name = colon === -1 ? nameAndTag : nameAndTag.slice(0, colon);
  const tag = colon === -1 ? undefined : nameAndTag.slice(colon + 1);
  let pin: PinState;
  if (digest !== undefined) pin = SHA256_DIGEST.test(digest) ? 'digest' : 'none';
  else if (tag === undefined || tag === 'latest') pin = 'latest';
  else pin = 'floating-version';
  return {
    kind: 'image',
    raw: value,
    name,
    ref: digest ?? tag,
    pin,
    isLocal: false,
    origin,
    versionComment: versionCommentAfter(origin),
  };
}
