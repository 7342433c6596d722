/** The order reports that rank findings show them in: most severe first, then by place and rule. */
import { type Finding, severityRank } from '../model/finding.js';

export function bySeverityThenPlace(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    a.location.file.localeCompare(b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
