/**
 * Fingerprints that survive edits elsewhere in the file: rule, message id, file, the flagged
 * source text and the text of its line (trimmed), plus an ordinal among identical candidates.
 * No line numbers.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding.js';

export function assignFingerprints(findings: Finding[], textOf: (file: string) => string): void {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const text = textOf(finding.location.file);
    const flagged = text.slice(finding.location.startOffset, finding.location.endOffset);
    const lineStart = text.lastIndexOf('\n', finding.location.startOffset - 1) + 1;
    const lineEndRaw = text.indexOf('\n', finding.location.startOffset);
    const lineText = text.slice(lineStart, lineEndRaw === -1 ? text.length : lineEndRaw).trim();
    const base = [finding.ruleId, finding.messageId, finding.location.file, flagged, lineText].join('\u0000');
    const ordinal = counts.get(base) ?? 0;
    counts.set(base, ordinal + 1);
    finding.fingerprint = createHash('sha256').update(`${base}\u0000${ordinal}`).digest('hex').slice(0, 32);
  }
}
