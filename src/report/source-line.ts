/**
 * 1-based line of an offset into a model file, for outputs that point at model origins. Line
 * starts are computed once per file (a BOM asks for thousands of lines of the same file); the
 * report layer sees only the model, hence this small index of its own rather than yaml's LineIndex.
 */
import type { SourceFile } from '../model/types.js';

const lineStarts = new WeakMap<SourceFile, number[]>();

export function lineOf(file: SourceFile, offset: number): number {
  let starts = lineStarts.get(file);
  if (!starts) {
    starts = [0];
    for (let i = file.text.indexOf('\n'); i !== -1; i = file.text.indexOf('\n', i + 1)) starts.push(i + 1);
    lineStarts.set(file, starts);
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
