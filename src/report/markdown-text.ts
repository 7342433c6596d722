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
