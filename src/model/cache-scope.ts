/**
 * Where a run's cache saves land. GitHub keeps a cache saved by a pull_request (or review) run in
 * that pull request's merge ref, which no other branch restores
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/dependency-caching#restrictions-for-accessing-a-cache),
 * so such runs cannot write a cache other runs read. One place for the inventory and the rules.
 */
import type { TriggerKind } from './types.js';

const OWN_REF_KINDS = new Set<string>(['pr', 'review'] satisfies TriggerKind[]);

/** For a platform and trigger kind (as the model and the public inventory both spell them). */
export function savesCacheToOwnRef(platform: string, kind: string): boolean {
  return platform === 'github' && OWN_REF_KINDS.has(kind);
}
