/**
 * Maps offsets in a scalar's decoded value back to offsets in the file. Block scalars lose their
 * indentation and quoted scalars their quotes; we align each source line's content with the
 * decoded value in order, which is exact for literal blocks, plain and quoted scalars without
 * escapes, and stays close (same line) for folded text and escapes.
 */
import type { ScalarNode } from './nodes.js';

interface Segment {
  valueStart: number;
  sourceStart: number;
  length: number;
}

/** One map per scalar and decoded value: several rules and fixes ask for the same script's. */
const shared = new WeakMap<ScalarNode, { text: string; value: string; map: ScalarOffsetMap }>();

export class ScalarOffsetMap {
  private readonly segments: Segment[];

  /** The map of `node` with `value`, built once and shared by every caller that asks. */
  static of(text: string, node: ScalarNode, value: string): ScalarOffsetMap {
    const known = shared.get(node);
    if (known && known.text === text && known.value === value) return known.map;
    const map = new ScalarOffsetMap(text, node, value);
    shared.set(node, { text, value, map });
    return map;
  }

  constructor(
    text: string,
    private readonly node: ScalarNode,
    value: string,
  ) {
    this.segments = buildSegments(text, node, value);
  }

  /** File offset for a value offset (clamped to the node). */
  toSource(valueOffset: number): number {
    let best: Segment | undefined;
    for (const segment of this.segments) {
      if (segment.valueStart <= valueOffset) best = segment;
      else break;
    }
    if (!best) return this.node.start;
    const delta = Math.min(valueOffset - best.valueStart, best.length);
    return Math.min(best.sourceStart + delta, this.node.end);
  }
}

function buildSegments(text: string, node: ScalarNode, value: string): Segment[] {
  const segments: Segment[] = [];
  const raw = text.slice(node.start, node.end);
  let sourceLines: { offset: number; content: string }[] = [];
  let cursor = 0;
  const lines = raw.split('\n');
  let offset = node.start;
  const isBlock = node.style === 'literal' || node.style === 'folded';
  lines.forEach((line, index) => {
    let content = line.replace(/\r$/, '');
    let contentOffset = offset;
    if (isBlock && index === 0) {
      content = ''; // the `|` / `>` header line
    } else {
      const leading = content.length - content.trimStart().length;
      contentOffset += leading;
      content = content.trim();
      if (index === 0 && (node.style === 'single' || node.style === 'double')) {
        content = content.slice(1);
        contentOffset += 1;
      }
      if (index === lines.length - 1 && (node.style === 'single' || node.style === 'double')) {
        content = content.slice(0, -1);
      }
    }
    if (content) sourceLines.push({ offset: contentOffset, content });
    offset += line.length + 1;
  });
  if (node.style === 'plain' || node.style === 'single' || node.style === 'double') {
    if (lines.length === 1 && !raw.includes('\\') && !raw.includes("''")) {
      const shift = node.style === 'plain' ? 0 : 1;
      return [{ valueStart: 0, sourceStart: node.start + shift, length: value.length }];
    }
  }
  for (const line of sourceLines) {
    const at = value.indexOf(line.content, cursor);
    if (at === -1) {
      // Escapes changed the text: align the line start only.
      const nl = value.indexOf('\n', cursor);
      segments.push({ valueStart: cursor, sourceStart: line.offset, length: 0 });
      cursor = nl === -1 ? cursor : nl + 1;
      continue;
    }
    segments.push({ valueStart: at, sourceStart: line.offset, length: line.content.length });
    cursor = at + line.content.length;
  }
  sourceLines = [];
  return segments;
}
