/** Where a reference's value sits in the file, for findings that point at the value itself. */
import type { Origin, Reference } from '../../model/types.js';

/**
 * The part of a reference's node that holds the value as written (`raw`), without the quotes of a
 * quoted scalar or the indicator line of a block scalar; the whole node when it cannot be found.
 */
export function valueOrigin(reference: Reference): Origin {
  const { file, span } = reference.origin;
  if (reference.raw === '') return reference.origin;
  const at = file.text.slice(span.start, span.end).indexOf(reference.raw);
  if (at <= 0) return reference.origin;
  return { file, span: { start: span.start + at, end: span.start + at + reference.raw.length } };
}
