/**
 * What a third-party reference is as a CycloneDX component: type, name, version, digest and a
 * package URL of the type the purl specification gives that kind of thing
 * (https://github.com/package-url/purl-spec/tree/main/types):
 * - actions: `githubactions`, the path of an action in a subfolder URL-encoded into the name
 *   (`pkg:githubactions/owner/repo%2Fpath@ref`), as the type definition says;
 * - reusable workflows: `github` with the workflow file as subpath;
 * - images: `docker` (digest preferred as version, registry as `repository_url`);
 *   Tekton bundles: `oci`;
 * - GitLab components and project includes: `git`, the host in the namespace (the spec has no
 *   GitLab type); templates: the file in GitLab's own repository; remote includes and remote
 *   scripts: `generic` with `download_url` and the integrity checksum.
 * A reference whose target is only known at run time (`dynamic`) gets no purl.
 */
import { PackageURL } from 'packageurl-js';
import type { Reference } from '../../model/types.js';

export type ComponentKind = 'library' | 'container' | 'file';

export interface ComponentIdentity {
  type: ComponentKind;
  group?: string;
  name: string;
  version?: string;
  purl?: string;
  /** Lowercase hex SHA-256 of the content, when the reference fixes it. */
  sha256?: string;
}

export interface IdentityOptions {
  /** Host of the GitLab instance that resolves `include: project:` (the pipeline's own). */
  gitlabServer: string;
}

const SHA256_DIGEST = /^sha256:([0-9a-f]{64})$/i;
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const GITLAB_TEMPLATES = { namespace: 'gitlab.com/gitlab-org', name: 'gitlab', folder: 'lib/gitlab/ci/templates' };

export function identify(reference: Reference, options: IdentityOptions): ComponentIdentity {
  const dynamic = reference.pin === 'dynamic';
  switch (reference.kind) {
    case 'action':
    case 'reusable-workflow':
      return dynamic ? unresolved('library', reference) : githubIdentity(reference);
    case 'image':
      return dynamic ? unresolved('container', reference) : imageIdentity(reference.raw, 'docker');
    case 'bundle':
      return dynamic ? unresolved('container', reference) : imageIdentity(reference.raw, 'oci');
    case 'component':
      return dynamic ? unresolved('library', reference) : gitlabComponentIdentity(reference);
    case 'include':
      return dynamic ? unresolved('file', reference) : gitlabIncludeIdentity(reference, options);
    case 'task':
      return dynamic ? unresolved('library', reference) : genericIdentity('library', reference.name, reference.ref);
    case 'remote-script':
      return dynamic ? unresolved('file', reference) : downloadIdentity(reference.raw, undefined);
  }
}

function unresolved(type: ComponentKind, reference: Reference): ComponentIdentity {
  return { type, name: reference.raw };
}

function githubIdentity(reference: Reference): ComponentIdentity {
  const owner = (reference.owner ?? '').toLowerCase();
  const repo = (reference.repo ?? '').toLowerCase();
  if (!owner || !repo) return { type: 'library', name: reference.name, version: reference.ref };
  const name = reference.path ? `${repo}/${reference.path}` : repo;
  const purl =
    reference.kind === 'reusable-workflow'
      ? new PackageURL('github', owner, repo, reference.ref, undefined, reference.path)
      : new PackageURL('githubactions', owner, name, reference.ref, undefined, undefined);
  return { type: 'library', group: owner, name, version: reference.ref, purl: purl.toString() };
}

interface ImageParts {
  registry?: string;
  /** Repository path below the registry (`library/node`, `owner/app`). */
  repository: string;
  tag?: string;
  digest?: string;
}

/** `[registry/]path[:tag][@digest]`; the first segment is a registry when it has `.` or `:` or is localhost. */
export function parseImageReference(raw: string): ImageParts {
  const value = raw.trim().replace(/^docker:\/\//, '');
  const at = value.indexOf('@');
  const digest = at === -1 ? undefined : value.slice(at + 1);
  const nameAndTag = at === -1 ? value : value.slice(0, at);
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', lastSlash + 1);
  const name = colon === -1 ? nameAndTag : nameAndTag.slice(0, colon);
  const tag = colon === -1 ? undefined : nameAndTag.slice(colon + 1);
  const [first = '', ...rest] = name.split('/');
  const hasRegistry = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  return { registry: hasRegistry ? first : undefined, repository: hasRegistry ? rest.join('/') : name, tag, digest };
}

function imageIdentity(raw: string, purlType: 'docker' | 'oci'): ComponentIdentity {
  const parts = parseImageReference(raw);
  const sha256 = parts.digest ? SHA256_DIGEST.exec(parts.digest)?.[1]?.toLowerCase() : undefined;
  const display = parts.registry ? `${parts.registry}/${parts.repository}` : parts.repository;
  const identity: ComponentIdentity = { type: 'container', name: display, version: parts.tag ?? parts.digest, sha256 };
  if (purlType === 'docker') {
    const onHub = parts.registry === undefined || DOCKER_HUB.has(parts.registry);
    // Docker Hub's official images are written with or without `library/`; the spec's examples omit it.
    const repository = onHub ? parts.repository.replace(/^library\//, '') : parts.repository;
    const segments = repository.split('/');
    const name = segments.pop() ?? repository;
    const qualifiers = onHub ? undefined : { repository_url: parts.registry as string };
    const version = parts.digest ?? parts.tag;
    identity.purl = new PackageURL('docker', segments.join('/') || undefined, name, version, qualifiers, undefined).toString();
  } else {
    // The oci type names the artifact by its last segment and its digest; the rest is the repository URL.
    const name = (parts.repository.split('/').pop() ?? parts.repository).toLowerCase();
    const qualifiers: Record<string, string> = { repository_url: display };
    if (parts.tag) qualifiers.tag = parts.tag;
    identity.purl = new PackageURL('oci', undefined, name, parts.digest, qualifiers, undefined).toString();
  }
  return identity;
}

/** `host/group/project/name@version`: the project repository at that version, the component by name. */
function gitlabComponentIdentity(reference: Reference): ComponentIdentity {
  const segments = reference.name.split('/');
  const component = segments.pop() ?? reference.name;
  const project = segments.pop();
  if (!project || segments.length === 0) return genericIdentity('library', reference.name, reference.ref);
  const purl = new PackageURL('git', segments.join('/'), project, reference.ref, undefined, undefined);
  return { type: 'library', group: [...segments, project].join('/'), name: component, version: reference.ref, purl: purl.toString() };
}

function gitlabIncludeIdentity(reference: Reference, options: IdentityOptions): ComponentIdentity {
  if (/^https?:\/\//i.test(reference.name)) return downloadIdentity(reference.name, reference.ref);
  if (reference.repo !== undefined) {
    const segments = [options.gitlabServer, ...reference.name.split('/')];
    const project = segments.pop() as string;
    const file = reference.path?.replace(/^\/+/, '');
    const purl = new PackageURL('git', segments.join('/'), project, reference.ref, undefined, file);
    return { type: 'file', group: reference.name, name: file ?? project, version: reference.ref, purl: purl.toString() };
  }
  // `include: template:` is a file of the GitLab instance, versioned with it.
  const file = `${GITLAB_TEMPLATES.folder}/${reference.name}`;
  const purl = new PackageURL('git', GITLAB_TEMPLATES.namespace, GITLAB_TEMPLATES.name, undefined, undefined, file);
  return { type: 'file', group: 'gitlab-ci-templates', name: reference.name, purl: purl.toString() };
}

/** A URL fetched as is; an SRI `sha256-<base64>` integrity fixes its content. */
function downloadIdentity(url: string, integrity: string | undefined): ComponentIdentity {
  const sri = integrity ? /^sha256-([A-Za-z0-9+/]+={0,2})$/.exec(integrity)?.[1] : undefined;
  const sha256 = sri ? Buffer.from(sri, 'base64').toString('hex') : undefined;
  const fileName =
    url
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop() || url;
  const qualifiers: Record<string, string> = { download_url: url };
  if (sha256 && sha256.length === 64) qualifiers.checksum = `sha256:${sha256}`;
  const purl = new PackageURL('generic', undefined, fileName, undefined, qualifiers, undefined);
  return { type: 'file', name: url, sha256: sha256?.length === 64 ? sha256 : undefined, purl: purl.toString() };
}

function genericIdentity(type: ComponentKind, name: string, version: string | undefined): ComponentIdentity {
  return { type, name, version, purl: new PackageURL('generic', undefined, name, version, undefined, undefined).toString() };
}
