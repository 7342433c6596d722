/**
 * Replaces the scalar value of a block-mapping pair (`permissions: write-all`,
 * `secrets: inherit`) with a nested block mapping, or `{}` when there are no entries. A trailing
 * comment stays on the key's line.
 */
import type { SourceFile } from '../../model/types.js';
import { columnOf } from '../../yaml/edit.js';
import type { PairNode } from '../../yaml/nodes.js';
import type { FixEdit } from './step-edits.js';

export function replaceWithBlock(file: SourceFile, pair: PairNode, entries: [string, string][], indentStep: number): FixEdit {
  const text = file.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const valueEnd = pair.value.end;
  const lineEnd = text.indexOf('\n', valueEnd);
  const stop = lineEnd === -1 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  const rest = text.slice(valueEnd, stop);
  const comment = /^\s+#/.test(rest) ? rest : '';
  const span = { start: pair.key.end, end: comment ? stop : valueEnd };
  if (entries.length === 0) return { at: { file, span }, text: `: {}${comment}` };
  const pad = ' '.repeat(columnOf(text, pair.key.start) + indentStep);
  return { at: { file, span }, text: `:${comment}${entries.map(([key, value]) => `${eol}${pad}${key}: ${value}`).join('')}` };
}
