/**
 * Pin state of what a GitLab pipeline pulls in: `include:` entries (project, remote, template,
 * component) and images. Nothing is fetched; the state is read from the text as written.
 * Semantics: https://docs.gitlab.com/ci/yaml/#include and https://docs.gitlab.com/ci/components/
 */
import type { Origin, PinState, Reference } from '../../model/types.js';

const FULL_SHA = /^[0-9a-f]{40}$/i;
const EXACT_VERSION = /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;
const PARTIAL_VERSION = /^v?\d+(\.\d+)?$/;

/** A git ref as written after `ref:` or `@`: full SHA, exact version tag, partial version, `~latest` or a branch-like name. */
export function refPin(ref: string | undefined): PinState {
  if (ref === undefined || ref === '') return 'none';
  if (ref.includes('$')) return 'dynamic';
  if (FULL_SHA.test(ref)) return 'commit-sha';
  if (ref === '~latest') return 'latest';
  if (EXACT_VERSION.test(ref)) return 'immutable-version';
  if (PARTIAL_VERSION.test(ref)) return 'floating-version';
  return 'branch';
}

export function projectInclude(project: string, ref: string | undefined, file: string, origin: Origin): Reference {
  const [owner, ...rest] = project.split('/');
  return {
    kind: 'include',
    raw: ref ? `${project}@${ref}` : project,
    name: project,
    owner,
    repo: rest.join('/') || undefined,
    path: file,
    ref,
    pin: refPin(ref),
    isLocal: false,
    origin,
  };
}

/** `include: remote:` is fetched at pipeline creation; only an `integrity:` hash fixes its content. */
export function remoteInclude(url: string, integrity: string | undefined, origin: Origin): Reference {
  return {
    kind: 'include',
    raw: url,
    name: url,
    ref: integrity,
    pin: url.includes('$') ? 'dynamic' : integrity ? 'integrity-hash' : 'none',
    isLocal: false,
    origin,
  };
}

/** `include: template:` ships with the GitLab instance and changes with its upgrades. */
export function templateInclude(name: string, origin: Origin): Reference {
  return { kind: 'include', raw: name, name, pin: 'floating-version', isLocal: false, origin };
}

/** `component: host/group/project/name@version`. */
export function componentInclude(raw: string, origin: Origin): Reference {
  const at = raw.lastIndexOf('@');
  const name = at >= 0 ? raw.slice(0, at) : raw;
  const ref = at >= 0 ? raw.slice(at + 1) : undefined;
  const parts = name.split('/');
  return {
    kind: 'component',
    raw,
    name,
    owner: parts[1],
    repo: parts.slice(1, -1).join('/') || undefined,
    path: parts[parts.length - 1],
    ref,
    pin: refPin(ref),
    isLocal: raw.startsWith('$CI_SERVER_FQDN/$CI_PROJECT_PATH/'),
    origin,
  };
}

export function imageReference(raw: string, origin: Origin): Reference {
  const digest = raw.indexOf('@sha256:');
  const slash = raw.lastIndexOf('/');
  const colon = raw.lastIndexOf(':');
  const name = digest >= 0 ? raw.slice(0, digest) : colon > slash ? raw.slice(0, colon) : raw;
  const ref = digest >= 0 ? raw.slice(digest + 1) : colon > slash ? raw.slice(colon + 1) : undefined;
  let pin: PinState;
  if (raw.includes('$')) pin = 'dynamic';
  else if (digest >= 0) pin = 'digest';
  else if (!ref) pin = 'none';
  else if (ref === 'latest') pin = 'latest';
  else pin = refPin(ref) === 'immutable-version' ? 'immutable-version' : 'floating-version';
  return { kind: 'image', raw, name, ref, pin, isLocal: false, origin };
}
