/**
 * Text edits on one file's source: applying a set at once, telling whether two collide, and
 * following an offset through the edits (to find a finding again in the edited text).
 */
import type { TextEdit } from '../model/finding.js';

export type Edit = Pick<TextEdit, 'start' | 'end' | 'text'>;

/**
 * Two edits collide when their ranges overlap, or when both insert at the same point (their order
 * would be a guess). An insertion at the boundary of a replacement does not collide with it.
 */
export function editsCollide(a: Edit, b: Edit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/** Applies edits that do not collide with each other (checked: a collision is a bug of the caller). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) {
      throw new Error(`edit ${edit.start}-${edit.end} overlaps another or lies outside the text`);
    }
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/**
 * Where an offset of the original text lies after the edits: shifted by the edits before it, and
 * at the start of the replacement (or its end, for `side: 'end'`) when an edit replaced it.
 */
export function mapOffset(offset: number, edits: readonly Edit[], side: 'start' | 'end' = 'start'): number {
  let delta = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const isInsertion = edit.start === edit.end;
    // Text inserted exactly at a range's end belongs after the range.
    const isBefore = side === 'end' && isInsertion ? edit.start < offset : edit.end <= offset;
    if (isBefore) delta += edit.text.length - (edit.end - edit.start);
    else if (edit.start < offset) return edit.start + delta + (side === 'end' ? edit.text.length : 0);
    else break;
  }
  return offset + delta;
}
