/**
 * Text made inert in HTML. Everything from scanned files (messages, code, paths, notes) goes
 * through `escapeHtml` before it reaches the page: the five characters HTML acts on become
 * entities, in text and in quoted attributes alike, and control and bidi characters become
 * visible stand-ins. JSON for a data script tag escapes every `<`, so neither `</script>` nor
 * `<!--` can end or change the tag, and the two line separators JavaScript once rejected.
 */
import { clean } from '../visible-text.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return clean(text).replace(/[&<>"']/g, (char) => ENTITIES[char] as string);
}

/** `text` with its `code spans` (backticks, as rule messages write them) as <code>, all escaped. */
export function escapeWithCode(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** An href for a link only when it is plain http(s); anything else gets no link at all. */
export function safeHref(uri: string): string | undefined {
  return /^https?:\/\/[^\s]+$/i.test(uri) ? escapeHtml(uri) : undefined;
}

export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
