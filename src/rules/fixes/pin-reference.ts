/**
 * The `unpinned-reference` fix: replace the tag or branch of a `uses:` value with the commit SHA
 * `pipewarden.lock` records for it, and keep the version in a trailing comment
 * (`owner/repo@<sha> # v4.2.2`), the form Dependabot and Renovate keep up to date. Safe: the job
 * runs the very commit the ref points at today.
 */
import type { LockedPin } from '../../model/pin-lock.js';
import type { Reference } from '../../model/types.js';
import type { FixDescriptor } from '../define-rule.js';
import { valueOrigin } from '../locate/reference-origin.js';
import type { FixEdit } from './step-edits.js';

/** A comment that names a version (`v4`, `v4.2.2`, `1.2`), which the fix may rewrite. */
const VERSION_COMMENT = /^v?\d+(\.\d+)*([-+][0-9A-Za-z.-]+)?$/;

export function pinReferenceFix(reference: Reference, pin: LockedPin): FixDescriptor | undefined {
  const ref = reference.ref;
  if (!ref) return undefined;
  const value = valueOrigin(reference);
  const { file } = value;
  const refStart = value.span.end - ref.length;
  // The ref must be the tail of the value as written, right after its `@`.
  if (file.text.slice(refStart, value.span.end) !== ref || file.text[refStart - 1] !== '@') return undefined;
  const edits: FixEdit[] = [{ at: { file, span: { start: refStart, end: value.span.end } }, text: pin.sha }];
  const comment = reference.versionComment;
  if (comment) {
    if (VERSION_COMMENT.test(comment.text) && comment.text !== pin.version) edits.push({ at: comment.origin, text: pin.version });
  } else {
    const nodeEnd = reference.origin.span.end;
    const lineEnd = file.text.indexOf('\n', nodeEnd);
    const rest = file.text.slice(nodeEnd, lineEnd === -1 ? file.text.length : lineEnd);
    // Only after a value that ends its line: inside a flow mapping a comment would swallow the rest.
    if (rest.trim() === '') edits.push({ at: { file, span: { start: nodeEnd, end: nodeEnd } }, text: ` # ${pin.version}` });
  }
  return { title: `Pin ${reference.name} to ${pin.sha.slice(0, 12)} (${pin.version}) from pipewarden.lock`, safety: 'safe', edits };
}
