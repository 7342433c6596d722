/**
 * Removing one variable from an `env:` (or GitLab `variables:`) mapping written in a workflow,
 * job or step: its whole line, or the whole `env:` when it was the only entry (an empty `env:`
 * would be null, which the platform rejects). Only entries written in that mapping itself are
 * removed, never ones merged in with `<<` (that would change every user of the anchor).
 */
import type { EnvVar, SourceFile } from '../../model/types.js';
import { removePair } from '../../yaml/edit.js';
import { asMap, type MapNode } from '../../yaml/nodes.js';
import { type FixEdit, ownPair, toFixEdit } from './step-edits.js';

export function removeVariable(file: SourceFile, owner: MapNode, key: 'env' | 'variables', variable: EnvVar): FixEdit | undefined {
  if (variable.origin.file !== file) return undefined;
  const envPair = ownPair(owner, key);
  const map = envPair?.value.kind === 'map' ? asMap(envPair.value) : undefined;
  if (!envPair || !map) return undefined;
  const pair = map.pairs.find((p) => p.key.start === variable.origin.span.start);
  if (!pair) return undefined;
  const others = map.pairs.filter((p) => p !== pair);
  if (others.length === 0) {
    const whole = removePair(file.text, owner, envPair);
    if (whole) return toFixEdit(file, whole);
    // `- env: {...}` opening a sequence item: keep the key, empty the mapping.
    return { at: { file, span: { start: envPair.key.end, end: map.end } }, text: ': {}' };
  }
  const change = removePair(file.text, map, pair);
  return change && toFixEdit(file, change);
}
