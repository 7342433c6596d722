/**
 * Semantic YAML edits compiled to text changes on the source (DESIGN.md section 2, fix/): insert a
 * key into a mapping, remove a pair. They work on the offsets of the positioned tree and never
 * re-serialise, so everything outside the change (comments, quoting, indentation, blank lines, key
 * order) stays byte-identical. Rules build their fixes with these; `fix/` applies and checks them.
 * An edit that cannot be made without guessing the layout returns undefined, and the rule then
 * offers no fix.
 */
import type { MapNode, PairNode, YamlNode } from './nodes.js';
import { deref } from './nodes.js';

export interface TextChange {
  start: number;
  end: number;
  text: string;
}

/** A key with a scalar value written as YAML text, or with nested entries (a block mapping). */
export type YamlEntry = [key: string, value: string | YamlEntry[]];

const DEFAULT_INDENT_STEP = 2;

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just after the line break ending the line that holds `offset` (text length on the last line). */
function nextLineStart(text: string, offset: number): number {
  const lineBreak = text.indexOf('\n', offset);
  return lineBreak === -1 ? text.length : lineBreak + 1;
}

/** 0-based column of an offset in its line. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** Whether only spaces stand between the start of the line and `offset`. */
function startsLine(text: string, offset: number): boolean {
  return /^ *$/.test(text.slice(lineStartOf(text, offset), offset));
}

/** The line break the file uses (CRLF files keep CRLF). */
function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * How far this file indents a nested block mapping relative to its parent key, from the first
 * nested block mapping found under `node` (2 when there is none).
 */
export function indentStepOf(text: string, node: YamlNode | undefined, depth = 0): number {
  const n = deref(node);
  if (!n || depth > 16) return DEFAULT_INDENT_STEP;
  if (n.kind === 'map' && !n.flow) {
    for (const pair of n.pairs) {
      const child = deref(pair.value);
      if (child?.kind === 'map' && !child.flow && child.pairs[0] && startsLine(text, child.pairs[0].key.start)) {
        const step = columnOf(text, child.pairs[0].key.start) - columnOf(text, pair.key.start);
        if (step > 0) return step;
      }
    }
  }
  const children = n.kind === 'map' ? n.pairs.map((p) => p.value) : n.kind === 'seq' ? n.items : [];
  for (const child of children) {
    const found = indentStepOf(text, child, depth + 1);
    if (found !== DEFAULT_INDENT_STEP) return found;
  }
  return DEFAULT_INDENT_STEP;
}

function renderBlock(entries: YamlEntry[], indent: number, step: number, lineBreak: string): string {
  const pad = ' '.repeat(indent);
  return entries
    .map(([key, value]) =>
      typeof value === 'string'
        ? `${pad}${key}: ${value}${lineBreak}`
        : `${pad}${key}:${lineBreak}${renderBlock(value, indent + step, step, lineBreak)}`,
    )
    .join('');
}

function renderFlow(entries: YamlEntry[]): string {
  return entries.map(([key, value]) => `${key}: ${typeof value === 'string' ? value : `{ ${renderFlow(value)} }`}`).join(', ');
}

/**
 * Adds entries to a mapping, after `after` (default: its last pair), at the indentation of its
 * keys. Block mappings get new lines (nested levels indented by `indentStep`: pass
 * `indentStepOf(text, root)` to follow the file); flow mappings `, key: value` before the brace.
 */
export function insertPairs(
  text: string,
  map: MapNode,
  entries: YamlEntry[],
  options: { after?: PairNode; indentStep?: number } = {},
): TextChange | undefined {
  if (map.flow) {
    const close = text.lastIndexOf('}', map.end);
    if (close < map.start) return undefined;
    const inner = text.slice(map.start + 1, close);
    const separator = inner.trim() === '' ? ' ' : inner.trimEnd().endsWith(',') ? ' ' : ', ';
    const at = map.start + 1 + inner.trimEnd().length;
    return { start: at, end: at, text: `${separator}${renderFlow(entries)}${inner.trim() === '' ? ' ' : ''}` };
  }
  const first = map.pairs[0];
  const anchor = options.after ?? map.pairs[map.pairs.length - 1];
  if (!first || !anchor) return undefined;
  const lineBreak = lineBreakOf(text);
  const step = options.indentStep ?? indentStepOf(text, map);
  const at = nextLineStart(text, anchor.value.end);
  const block = renderBlock(entries, columnOf(text, first.key.start), step, lineBreak);
  const needsBreak = at === text.length && !text.endsWith('\n');
  return { start: at, end: at, text: needsBreak ? `${lineBreak}${block.slice(0, -lineBreak.length)}` : block };
}

/**
 * Removes one pair of a mapping with its whole lines (trailing comment included). Refused when the
 * key shares its line with other content (`- key: v` opening a sequence item, or `a: {key: v}` on
 * a flow line other than the pair itself), where removing lines would take that content too.
 */
export function removePair(text: string, map: MapNode, pair: PairNode): TextChange | undefined {
  if (map.flow) {
    const index = map.pairs.indexOf(pair);
    if (index === -1) return undefined;
    const next = map.pairs[index + 1];
    const previous = map.pairs[index - 1];
    if (next) return { start: pair.key.start, end: next.key.start, text: '' };
    if (previous) return { start: previous.value.end, end: pair.value.end, text: '' };
    return { start: pair.key.start, end: pair.value.end, text: '' };
  }
  if (!startsLine(text, pair.key.start)) return undefined;
  const start = lineStartOf(text, pair.key.start);
  return { start, end: nextLineStart(text, Math.max(pair.value.end, pair.key.end)), text: '' };
}
