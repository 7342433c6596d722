/** Which references the online rules judge: other repositories' actions and reusable workflows. */
import { refKey, repositoryKey } from '../../model/online-facts.js';
import type { Reference } from '../../model/types.js';

export interface RemoteReference {
  reference: Reference;
  owner: string;
  repo: string;
  ref: string;
  /** `owner/repo`, lower case: the key of repository facts. */
  repository: string;
  /** `owner/repo@ref`: the key of ref and commit facts. */
  key: string;
}

export function remoteReference(reference: Reference): RemoteReference | undefined {
  if (reference.kind !== 'action' && reference.kind !== 'reusable-workflow') return undefined;
  if (reference.isLocal || reference.pin === 'dynamic' || !reference.owner || !reference.repo || !reference.ref) return undefined;
  return {
    reference,
    owner: reference.owner,
    repo: reference.repo,
    ref: reference.ref,
    repository: repositoryKey(reference.owner, reference.repo),
    key: refKey(reference.owner, reference.repo, reference.ref),
  };
}
