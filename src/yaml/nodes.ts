/**
 * The positioned YAML tree every platform adapter reads. Offsets are UTF-16 code unit indexes
 * into the file's text (what JavaScript strings use), `end` exclusive.
 */

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';
export type ScalarValue = string | number | boolean | null;

interface NodeBase {
  start: number;
  end: number;
  anchor?: string;
  tag?: string;
}

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: ScalarValue;
  style: ScalarStyle;
}

export interface PairNode {
  key: YamlNode;
  /** The key as text (scalar keys), used for lookups. */
  keyText: string;
  value: YamlNode;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  pairs: PairNode[];
  flow: boolean;
}

export interface SeqNode extends NodeBase {
  kind: 'seq';
  items: YamlNode[];
  flow: boolean;
}

export interface AliasNode extends NodeBase {
  kind: 'alias';
  name: string;
  /** The anchored node, or undefined for a dangling alias. */
  target: YamlNode | undefined;
}

export type YamlNode = ScalarNode | MapNode | SeqNode | AliasNode;

/** Follows aliases (bounded: an alias never points at another alias in a valid tree). */
export function deref(node: YamlNode | undefined): Exclude<YamlNode, AliasNode> | undefined {
  let current = node;
  for (let hops = 0; current && current.kind === 'alias' && hops < 8; hops++) current = current.target;
  return current && current.kind !== 'alias' ? current : undefined;
}

export function asMap(node: YamlNode | undefined): MapNode | undefined {
  const n = deref(node);
  return n?.kind === 'map' ? n : undefined;
}

export function asSeq(node: YamlNode | undefined): SeqNode | undefined {
  const n = deref(node);
  return n?.kind === 'seq' ? n : undefined;
}

export function asScalar(node: YamlNode | undefined): ScalarNode | undefined {
  const n = deref(node);
  return n?.kind === 'scalar' ? n : undefined;
}

/** A scalar's value as a string (numbers and booleans as YAML wrote them); undefined otherwise. */
export function scalarText(node: YamlNode | undefined): string | undefined {
  const n = asScalar(node);
  if (!n || n.value === null) return undefined;
  return String(n.value);
}

/**
 * Looks a key up in a mapping, honouring `<<` merge keys (GitLab uses them; explicit keys win over
 * merged ones, earlier merge sources over later ones). The last duplicate key wins, as in GitHub.
 */
export function getPair(map: MapNode | undefined, key: string, depth = 0): PairNode | undefined {
  if (!map) return undefined;
  let found: PairNode | undefined;
  for (const pair of map.pairs) if (pair.keyText === key) found = pair;
  if (found || depth > 8) return found;
  for (const pair of map.pairs) {
    if (pair.keyText !== '<<') continue;
    const value = deref(pair.value);
    const sources = value?.kind === 'seq' ? value.items : value ? [value] : [];
    for (const source of sources) {
      const hit = getPair(asMap(source), key, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

export function get(map: MapNode | undefined, key: string): YamlNode | undefined {
  return getPair(map, key)?.value;
}

/** The pairs of a mapping with merge keys expanded (explicit keys first, in source order). */
export function entries(map: MapNode | undefined, depth = 0): PairNode[] {
  if (!map) return [];
  const explicit = map.pairs.filter((p) => p.keyText !== '<<');
  if (explicit.length === map.pairs.length || depth > 8) return explicit;
  const seen = new Set(explicit.map((p) => p.keyText));
  const merged: PairNode[] = [];
  for (const pair of map.pairs) {
    if (pair.keyText !== '<<') continue;
    const value = deref(pair.value);
    const sources = value?.kind === 'seq' ? value.items : value ? [value] : [];
    for (const source of sources) {
      for (const inner of entries(asMap(source), depth + 1)) {
        if (seen.has(inner.keyText)) continue;
        seen.add(inner.keyText);
        merged.push(inner);
      }
    }
  }
  return [...explicit, ...merged];
}
