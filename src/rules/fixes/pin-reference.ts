/**
 * Pinning fixes from `pipewarden.lock`, which keep what was pinned in a trailing comment:
 * - `unpinned-reference`: the tag or branch of a `uses:` value becomes the commit SHA
 *   (`owner/repo@<sha> # v4.2.2`), the form Dependabot and Renovate keep up to date;
 * - `unpinned-image`: `name:tag` becomes `name@sha256:<digest> # tag`.
 * Safe: the job runs the very commit or image the tag points at today.
 */
import type { LockedImage, LockedPin } from '../../model/pin-lock.js';
import type { Reference } from '../../model/types.js';
import type { FixDescriptor } from '../define-rule.js';
import { valueOrigin } from '../locate/reference-origin.js';
import type { FixEdit } from './step-edits.js';

/** A comment that names a version (`v4`, `v4.2.2`, `1.2`, `latest`), which the fix may rewrite. */
export const VERSION_COMMENT = /^(v?\d+(\.\d+)*([-+][0-9A-Za-z.-]+)?|latest)$/;

export function pinReferenceFix(reference: Reference, pin: LockedPin): FixDescriptor | undefined {
  const ref = reference.ref;
  if (!ref) return undefined;
  const value = valueOrigin(reference);
  const { file } = value;
  const refStart = value.span.end - ref.length;
  // The ref must be the tail of the value as written, right after its `@`.
  if (file.text.slice(refStart, value.span.end) !== ref || file.text[refStart - 1] !== '@') return undefined;
  const edits: FixEdit[] = [{ at: { file, span: { start: refStart, end: value.span.end } }, text: pin.sha }];
  const comment = trailingComment(reference, pin.version);
  if (comment) edits.push(comment);
  return { title: `Pin ${reference.name} to ${pin.sha.slice(0, 12)} (${pin.version}) from pipewarden.lock`, safety: 'safe', edits };
}

/** `name[:tag]` (after an optional `docker://`) replaced by `name@<digest>`, the tag kept in a comment. */
export function pinImageFix(
  reference: Reference,
  repository: string,
  tag: string | undefined,
  image: LockedImage,
): FixDescriptor | undefined {
  const value = valueOrigin(reference);
  const { file } = value;
  const written = file.text.slice(value.span.start, value.span.end);
  const prefix = /^docker:\/\//i.exec(written)?.[0] ?? '';
  const expected = `${repository}${tag === undefined ? '' : `:${tag}`}`;
  if (written.slice(prefix.length) !== expected) return undefined;
  const edits: FixEdit[] = [
    { at: { file, span: { start: value.span.start + prefix.length, end: value.span.end } }, text: `${repository}@${image.digest}` },
  ];
  const comment = trailingComment(reference, tag ?? 'latest');
  if (comment) edits.push(comment);
  return { title: `Pin ${expected} to ${image.digest.slice(0, 19)} from pipewarden.lock`, safety: 'safe', edits };
}

/**
 * The edit that leaves `text` in the value's trailing comment: a version-like comment is
 * rewritten, any other comment is left alone, and a comment is added only after a value that
 * ends its line (inside a flow mapping it would swallow the rest of the line).
 */
function trailingComment(reference: Reference, text: string): FixEdit | undefined {
  const comment = reference.versionComment;
  if (comment) return VERSION_COMMENT.test(comment.text) && comment.text !== text ? { at: comment.origin, text } : undefined;
  const { file } = reference.origin;
  const nodeEnd = reference.origin.span.end;
  const lineEnd = file.text.indexOf('\n', nodeEnd);
  const rest = file.text.slice(nodeEnd, lineEnd === -1 ? file.text.length : lineEnd);
  return rest.trim() === '' ? { at: { file, span: { start: nodeEnd, end: nodeEnd } }, text: ` # ${text}` } : undefined;
}
