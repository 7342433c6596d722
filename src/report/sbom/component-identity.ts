/**
 * What a third-party reference is as a CycloneDX component: type, name, version, digest and a
 * package URL (https://github.com/package-url/purl-spec):
 * - actions and reusable workflows: `githubactions`, owner as namespace, repository as name, the
 *   folder of an action or the workflow file as subpath (`pkg:githubactions/github/codeql-action@v3#init`);
 * - images: `docker` (the digest as version when there is one, the registry as `repository_url`);
 *   Tekton bundles: `oci`; Tekton tasks by name: `generic`;
 * - GitLab components and project includes: `gitlab`, the group path as namespace, the project as
 *   name, the component or file as subpath, `repository_url` for a host other than gitlab.com;
 *   templates: the file in GitLab's own repository; remote includes and remote scripts: `generic`
 *   with `download_url` and the integrity checksum.
 * A reference whose target is only known at run time (a variable or expression in its name or
 * version) gets no purl: it names no one package.
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
  /** Web address of the repository the unit comes from (`vcs` external reference). */
  vcs?: string;
  /** Address the file is fetched from as is (`distribution` external reference). */
  download?: string;
}

export interface IdentityOptions {
  /** Host of the GitLab instance the pipelines run on: `include: project:` and `$CI_SERVER_FQDN` components. */
  gitlabServer: string;
}

const SHA256_DIGEST = /^sha256:([0-9a-f]{64})$/i;
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const GITLAB_COM = 'gitlab.com';
/** GitLab's predefined variables that name the instance a pipeline runs on. */
const OWN_SERVER = new Set(['$CI_SERVER_FQDN', '$CI_SERVER_HOST', '${CI_SERVER_FQDN}', '${CI_SERVER_HOST}']);
const GITLAB_TEMPLATES = { namespace: 'gitlab-org', name: 'gitlab', folder: 'lib/gitlab/ci/templates' };
/** A variable (`$X`, `${X}`) or an expression (`${{ }}`, `$[[ ]]`) resolved when the pipeline runs. */
const RUN_TIME_VALUE = /\$/;

export function identify(reference: Reference, options: IdentityOptions): ComponentIdentity {
  switch (reference.kind) {
    case 'action':
    case 'reusable-workflow':
      return githubIdentity(reference);
    case 'image':
      return imageIdentity(reference, 'docker');
    case 'bundle':
      return imageIdentity(reference, 'oci');
    case 'component':
      return gitlabComponentIdentity(reference, options);
    case 'include':
      return gitlabIncludeIdentity(reference, options);
    case 'task':
      return knownAtRunTime(reference)
        ? unresolved('library', reference)
        : {
            type: 'library',
            name: reference.name,
            version: reference.ref,
            purl: purl('generic', undefined, reference.name, reference.ref),
          };
    case 'remote-script':
      return knownAtRunTime(reference) ? unresolved('file', reference) : downloadIdentity(reference.raw, undefined);
  }
}

function knownAtRunTime(reference: Reference): boolean {
  return reference.pin === 'dynamic' || RUN_TIME_VALUE.test(reference.name) || RUN_TIME_VALUE.test(reference.ref ?? '');
}

function unresolved(type: ComponentKind, reference: Reference): ComponentIdentity {
  return { type, name: reference.raw };
}

function purl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string | undefined,
  qualifiers?: Record<string, string>,
  subpath?: string,
): string {
  return new PackageURL(type, namespace, name, version, qualifiers, subpath).toString();
}

/** The purl type's namespace and name are the owner and repository, which GitHub compares without case. */
function githubIdentity(reference: Reference): ComponentIdentity {
  const owner = (reference.owner ?? '').toLowerCase();
  const repo = (reference.repo ?? '').toLowerCase();
  if (!owner || !repo || knownAtRunTime(reference)) return unresolved('library', reference);
  return {
    type: 'library',
    group: owner,
    name: reference.path ? `${repo}/${reference.path}` : repo,
    version: reference.ref,
    purl: purl('githubactions', owner, repo, reference.ref, undefined, reference.path),
    vcs: webAddress(`https://github.com/${owner}/${repo}`),
  };
}

interface ImageParts {
  registry?: string;
  /** Repository path below the registry (`library/node`, `owner/app`). */
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * `[docker://][registry/]path[:tag][@digest]`; the first segment is a registry when it has `.` or
 * `:` or is localhost. Parsed from the text as written because the model keeps one version part
 * per reference and the BOM wants both the tag and the digest.
 */
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

function imageIdentity(reference: Reference, purlType: 'docker' | 'oci'): ComponentIdentity {
  if (knownAtRunTime(reference)) return unresolved('container', reference);
  const parts = parseImageReference(reference.raw);
  const sha256 = parts.digest ? SHA256_DIGEST.exec(parts.digest)?.[1]?.toLowerCase() : undefined;
  const display = parts.registry ? `${parts.registry}/${parts.repository}` : parts.repository;
  const identity: ComponentIdentity = { type: 'container', name: display, version: parts.tag ?? parts.digest, sha256 };
  if (purlType === 'docker') {
    const onHub = parts.registry === undefined || DOCKER_HUB.has(parts.registry);
    // Docker Hub's official images are written with or without `library/`; the type's examples omit it.
    const repository = onHub ? parts.repository.replace(/^library\//, '') : parts.repository;
    const segments = repository.split('/');
    const name = segments.pop() ?? repository;
    const qualifiers = onHub ? undefined : { repository_url: parts.registry as string };
    identity.purl = purl('docker', segments.join('/') || undefined, name, parts.digest ?? parts.tag, qualifiers);
  } else {
    // The oci type names the artifact by its last segment and its digest; the rest is the repository URL.
    const name = (parts.repository.split('/').pop() ?? parts.repository).toLowerCase();
    const qualifiers: Record<string, string> = { repository_url: display };
    if (parts.tag) qualifiers.tag = parts.tag;
    identity.purl = purl('oci', undefined, name, parts.digest, qualifiers);
  }
  return identity;
}

/** A GitLab project `group/sub/project` on `host` as a `gitlab` purl's namespace, name and qualifiers, and its web address. */
function gitlabProject(
  host: string,
  projectPath: string,
): { namespace: string; name: string; qualifiers?: Record<string, string>; vcs?: string } | undefined {
  const segments = projectPath.split('/').filter(Boolean);
  const name = segments.pop();
  if (!name || segments.length === 0) return undefined;
  const qualifiers = host.toLowerCase() === GITLAB_COM ? undefined : { repository_url: `https://${host}` };
  return { namespace: segments.join('/'), name, qualifiers, vcs: webAddress(`https://${host}/${projectPath}`) };
}

/** An http(s) address in the normal form URL gives it (so the BOM holds a valid IRI), or nothing. */
function webAddress(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** `host/group/project/name@version`: the project at that version, the component as subpath. */
function gitlabComponentIdentity(reference: Reference, options: IdentityOptions): ComponentIdentity {
  const [written = ''] = reference.name.split('/');
  const host = OWN_SERVER.has(written) ? options.gitlabServer : written;
  const { repo: projectPath, path: component, ref: version } = reference;
  const resolved = projectPath && component && !RUN_TIME_VALUE.test(`${host}/${projectPath}/${component}@${version ?? ''}`);
  const parts = resolved ? gitlabProject(host, projectPath) : undefined;
  if (!parts || !component) return unresolved('library', reference);
  return {
    type: 'library',
    group: `${host}/${projectPath}`,
    name: component,
    version,
    purl: purl('gitlab', parts.namespace, parts.name, version, parts.qualifiers, component),
    vcs: parts.vcs,
  };
}

function gitlabIncludeIdentity(reference: Reference, options: IdentityOptions): ComponentIdentity {
  if (/^https?:\/\//i.test(reference.name)) {
    return knownAtRunTime(reference) ? unresolved('file', reference) : downloadIdentity(reference.name, reference.ref);
  }
  if (reference.repo !== undefined) {
    const file = reference.path?.replace(/^\/+/, '');
    const parts = knownAtRunTime(reference) || !file ? undefined : gitlabProject(options.gitlabServer, reference.name);
    if (!parts || !file) return unresolved('file', reference);
    return {
      type: 'file',
      group: reference.name,
      name: file,
      version: reference.ref,
      purl: purl('gitlab', parts.namespace, parts.name, reference.ref, parts.qualifiers, file),
      vcs: parts.vcs,
    };
  }
  // `include: template:` is a file of the GitLab instance, versioned with it.
  if (knownAtRunTime(reference)) return unresolved('file', reference);
  const file = `${GITLAB_TEMPLATES.folder}/${reference.name}`;
  return {
    type: 'file',
    group: 'gitlab-ci-templates',
    name: reference.name,
    purl: purl('gitlab', GITLAB_TEMPLATES.namespace, GITLAB_TEMPLATES.name, undefined, undefined, file),
    vcs: `https://${GITLAB_COM}/${GITLAB_TEMPLATES.namespace}/${GITLAB_TEMPLATES.name}`,
  };
}

/** A URL fetched as is; an SRI `sha256-<base64>` integrity fixes its content. */
function downloadIdentity(url: string, integrity: string | undefined): ComponentIdentity {
  const sri = integrity ? /^sha256-([A-Za-z0-9+/]{43}=)$/.exec(integrity)?.[1] : undefined;
  const sha256 = sri ? Buffer.from(sri, 'base64').toString('hex') : undefined;
  const fileName =
    url
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop() || url;
  const qualifiers: Record<string, string> = { download_url: url };
  if (sha256) qualifiers.checksum = `sha256:${sha256}`;
  return { type: 'file', name: url, sha256, purl: purl('generic', undefined, fileName, undefined, qualifiers), download: webAddress(url) };
}
