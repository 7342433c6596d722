/** Deterministic finding order: file, position, rule, message. */
import type { Finding } from '../model/finding.js';

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.location.file.localeCompare(b.location.file) ||
    a.location.startOffset - b.location.startOffset ||
    a.location.endOffset - b.location.endOffset ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message)
  );
}
