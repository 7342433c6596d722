/**
 * Fix edits on a step's own mapping, shared by the rules that fix steps: set an action input
 * under `with:` (creating `with:` when missing). Only keys written in the step itself are edited,
 * never ones it takes from a `<<` merge (an edit there would change every step sharing the anchor).
 */
import type { Origin, SourceFile, Step } from '../../model/types.js';
import { indentStepOf, insertPairs, type TextChange } from '../../yaml/edit.js';
import { asMap, type MapNode, type PairNode, type YamlNode } from '../../yaml/nodes.js';

export interface FixEdit {
  at: Origin;
  text: string;
}

export function toFixEdit(file: SourceFile, change: TextChange): FixEdit {
  return { at: { file, span: { start: change.start, end: change.end } }, text: change.text };
}

/** A pair written in the mapping itself (not merged in). */
export function ownPair(map: MapNode, key: string): PairNode | undefined {
  let found: PairNode | undefined;
  for (const pair of map.pairs) if (pair.keyText === key) found = pair;
  return found;
}

/** `with: { <name>: <value> }` on an action step; undefined when `with:` is not a plain mapping of the step. */
export function setActionInput(step: Step, root: YamlNode | undefined, name: string, value: string): FixEdit | undefined {
  const file = step.origin.file;
  const withPair = ownPair(step.node, 'with');
  if (!withPair) {
    if (step.node.pairs.some((p) => p.keyText === '<<')) return undefined;
    const change = insertPairs(file.text, step.node, [['with', [[name, value]]]], { indentStep: indentStepOf(file.text, root) });
    return change && toFixEdit(file, change);
  }
  const withMap = asMap(withPair.value);
  if (!withMap || withPair.value.kind === 'alias') return undefined;
  // Action inputs are case-insensitive: `Persist-Credentials` is the same input.
  const existing = withMap.pairs.findLast((p) => p.keyText.toLowerCase() === name.toLowerCase());
  if (existing) {
    if (existing.value.kind !== 'scalar' || existing.value.start === existing.value.end) return undefined;
    return { at: { file, span: { start: existing.value.start, end: existing.value.end } }, text: value };
  }
  const change = insertPairs(file.text, withMap, [[name, value]]);
  return change && toFixEdit(file, change);
}
