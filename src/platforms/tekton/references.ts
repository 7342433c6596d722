/**
 * Pin state of what a Tekton resource pulls in: `taskRef` / `pipelineRef` (by name, legacy
 * `bundle:`, or a remote resolver: bundles, git, hub, http, cluster), Pipelines-as-Code remote task
 * and pipeline annotations, and images. Nothing is fetched; the state is read from the text.
 * Resolver parameters: https://tekton.dev/docs/pipelines/git-resolver/, bundle-resolver/,
 * hub-resolver/, http-resolver/, cluster-resolver/; annotations:
 * https://pipelinesascode.com/docs/guide/resolver/
 */
import type { Origin, PinState, Reference } from '../../model/types.js';
import { asMap, asSeq, get, type MapNode, scalarText, type YamlNode } from '../../yaml/nodes.js';
// The OCI reference grammar and the git-ref scale are the same as GitLab's; one implementation.
import { imageReference, refPin } from '../gitlab/references.js';

export { imageReference };

const HUB_VERSION = /^v?\d+\.\d+(\.\d+)?$/;

function tektonRefPin(ref: string | undefined): PinState {
  if (ref?.includes('$(') || ref?.includes('{{')) return 'dynamic';
  if (ref?.startsWith('refs/heads/')) return 'branch';
  return refPin(ref?.replace(/^refs\/tags\//, ''));
}

function imagePinOf(raw: string): PinState {
  if (raw.includes('$(') || raw.includes('{{')) return 'dynamic';
  return imageReference(raw, { file: { path: '', text: '' }, span: { start: 0, end: 0 } }).pin;
}

/** `params: [{name, value}]` of a resolver, as value nodes by name. */
function resolverParams(ref: MapNode): Map<string, YamlNode> {
  const out = new Map<string, YamlNode>();
  for (const item of asSeq(get(ref, 'params'))?.items ?? []) {
    const map = asMap(item);
    const name = scalarText(get(map, 'name'));
    const value = get(map, 'value');
    if (name && value) out.set(name, value);
  }
  return out;
}

export interface ResourceRef {
  reference: Reference;
  /** The resource named, for linking to a definition in the repository (`Task`, `Pipeline`, `StepAction`). */
  targetKind: string;
}

/**
 * A `taskRef` / `pipelineRef` / step `ref` mapping. `defaultKind` is what the field names when it
 * does not say (`Task` for taskRef, `Pipeline` for pipelineRef, `StepAction` for a step's ref).
 */
export function resourceRef(ref: MapNode, defaultKind: string, origin: (node: YamlNode) => Origin): ResourceRef | undefined {
  const targetKind = scalarText(get(ref, 'kind')) ?? defaultKind;
  const resolver = scalarText(get(ref, 'resolver'));
  const name = scalarText(get(ref, 'name'));
  const bundle = get(ref, 'bundle');
  const kindOf = targetKind === 'ClusterTask' ? 'Task' : targetKind;
  if (!resolver && bundle && scalarText(bundle)) {
    const raw = scalarText(bundle) as string;
    return {
      targetKind: kindOf,
      reference: {
        kind: 'bundle',
        raw,
        name: name ?? raw,
        pin: imagePinOf(raw),
        isLocal: false,
        origin: origin(bundle),
        resolver: 'bundles',
      },
    };
  }
  if (!resolver || resolver === 'cluster') {
    const params = resolver ? resolverParams(ref) : new Map<string, YamlNode>();
    const nameNode = resolver ? params.get('name') : get(ref, 'name');
    const text = scalarText(nameNode);
    if (!text || !nameNode) return undefined;
    return {
      targetKind: kindOf,
      reference: {
        kind: 'task',
        raw: text,
        name: text,
        pin: 'local',
        isLocal: true,
        origin: origin(nameNode),
        resolver: resolver ?? undefined,
      },
    };
  }
  const params = resolverParams(ref);
  const text = (key: string) => scalarText(params.get(key));
  const at = (key: string) => origin(params.get(key) ?? ref);
  switch (resolver) {
    case 'bundles': {
      const raw = text('bundle') ?? '';
      return {
        targetKind: kindOf,
        reference: {
          kind: 'bundle',
          raw,
          name: text('name') ?? raw,
          pin: raw ? imagePinOf(raw) : 'none',
          isLocal: false,
          origin: at('bundle'),
          resolver,
        },
      };
    }
    case 'git': {
      const url = text('url') ?? [text('org'), text('repo')].filter(Boolean).join('/');
      const revision = text('revision');
      const path = text('pathInRepo');
      return {
        targetKind: kindOf,
        reference: {
          kind: 'task',
          raw: `${url}${revision ? `@${revision}` : ''}${path ? ` ${path}` : ''}`,
          name: url,
          path,
          ref: revision,
          pin: tektonRefPin(revision),
          isLocal: false,
          origin: at(params.has('revision') ? 'revision' : params.has('url') ? 'url' : 'pathInRepo'),
          resolver,
        },
      };
    }
    case 'hub': {
      const version = text('version');
      const hubName = text('name') ?? '';
      let pin: PinState = 'none';
      if (version?.includes('$(')) pin = 'dynamic';
      else if (version && HUB_VERSION.test(version)) pin = 'immutable-version';
      else if (version) pin = 'floating-version';
      return {
        targetKind: kindOf,
        reference: {
          kind: 'task',
          raw: `${text('catalog') ?? 'tekton'}/${hubName}${version ? `@${version}` : ''}`,
          name: hubName,
          ref: version,
          pin,
          isLocal: false,
          origin: at(params.has('version') ? 'version' : 'name'),
          resolver,
        },
      };
    }
    case 'http': {
      const url = text('url') ?? '';
      const digest = text('digest');
      return {
        targetKind: kindOf,
        reference: {
          kind: 'task',
          raw: url,
          name: url,
          ref: digest ?? remoteUrlRef(url),
          pin: url.includes('$(') ? 'dynamic' : digest ? 'integrity-hash' : remoteUrlPin(url),
          isLocal: false,
          origin: at('url'),
          resolver,
        },
      };
    }
    default:
      return {
        targetKind: kindOf,
        reference: { kind: 'task', raw: resolver, name: name ?? resolver, pin: 'none', isLocal: false, origin: origin(ref), resolver },
      };
  }
}

/**
 * The git ref segment of a raw GitHub/GitLab file URL (`/blob/<ref>/`, `raw.githubusercontent.com/o/r/<ref>/`),
 * including the full-ref form `raw.githubusercontent.com/o/r/refs/heads/<branch>/` (and `refs/tags/`).
 */
function remoteUrlRef(url: string): string | undefined {
  const github =
    /^https?:\/\/(?:raw\.githubusercontent\.com\/[^/]+\/[^/]+\/|github\.com\/[^/]+\/[^/]+\/(?:blob|raw)\/)((?:refs\/(?:heads|tags)\/)?[^/]+)\//.exec(
      url,
    );
  const gitlab = /\/-\/(?:raw|blob)\/([^/]+)\//.exec(url);
  return github?.[1] ?? gitlab?.[1];
}

function remoteUrlPin(url: string): PinState {
  const ref = remoteUrlRef(url);
  return ref ? tektonRefPin(ref) : 'none';
}

/**
 * One entry of a Pipelines-as-Code `task` / `pipeline` annotation: a URL, a path in the
 * repository, or a hub name with an optional `:version`.
 */
export function pacRemoteReference(entry: string, origin: Origin): Reference {
  if (/^https?:\/\//.test(entry))
    return {
      kind: 'task',
      raw: entry,
      name: entry,
      ref: remoteUrlRef(entry),
      pin: remoteUrlPin(entry),
      isLocal: false,
      origin,
      resolver: 'http',
    };
  if (entry.includes('/') || /\.ya?ml$/.test(entry)) {
    return { kind: 'task', raw: entry, name: entry, path: entry, pin: 'local', isLocal: true, localSource: 'workspace', origin };
  }
  const colon = entry.lastIndexOf(':');
  const name = colon > 0 ? entry.slice(0, colon) : entry;
  const version = colon > 0 ? entry.slice(colon + 1) : undefined;
  return {
    kind: 'task',
    raw: entry,
    name,
    ref: version,
    pin: version === undefined || version === 'latest' ? 'latest' : HUB_VERSION.test(version) ? 'immutable-version' : 'floating-version',
    isLocal: false,
    origin,
    resolver: 'hub',
  };
}
