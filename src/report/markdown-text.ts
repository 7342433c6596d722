/**
 * Text from scanned files (and rule messages that quote it) made inert in Markdown: every
 * character Markdown or the HTML inside it could act on is escaped, and line breaks and control
 * characters become visible, so a hostile workflow cannot add links, images, mentions or table
 * cells to a pull request comment.
 */
import { clean } from './visible-text.js';

export function escapeMarkdown(text: string): string {
  return clean(text)
    .replace(/[\\`*_{}[\]()<>#+!|~@-]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;');
}

/**
 * A name from a scanned file as a code span, safe in a table cell: literal in Markdown, `|`
 * escaped, and a fence longer than any run of backticks inside.
 */
export function markdownCode(value: string): string {
  const text = clean(value).replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padding = longestRun > 0 || text.startsWith(' ') || text.endsWith(' ') ? ' ' : '';
  return `${fence}${padding}${text}${padding}${fence}`;
}
