/**
 * Applies inline `# pipewarden-ignore[rule]: reason` comments (on any line the finding covers,
 * or the line just above it) and config ignores by path glob and rule.
 */
import type { Config } from '../config/config.js';
import { matchesGlob } from '../config/glob.js';
import type { Finding } from '../model/finding.js';
import { findSuppressions, type InlineSuppression } from '../yaml/suppressions.js';

export function applySuppressions(
  findings: Finding[],
  sources: Map<string, string>,
  config: Config,
): { kept: Finding[]; suppressed: Finding[] } {
  const inline = new Map<string, InlineSuppression[]>();
  const suppressionsOf = (file: string) => {
    let list = inline.get(file);
    if (!list) {
      const text = sources.get(file);
      list = text?.includes('pipewarden-ignore') ? findSuppressions(text) : [];
      inline.set(file, list);
    }
    return list;
  };
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of findings) {
    const { file, line, endLine } = finding.location;
    const comment = suppressionsOf(file).find((s) => s.ruleIds.includes(finding.ruleId) && s.line >= line - 1 && s.line <= endLine);
    if (comment) {
      suppressed.push({ ...finding, suppression: { kind: 'inline', reason: comment.reason } });
      continue;
    }
    const ignore = config.ignore.find(
      (entry) => (entry.rules.length === 0 || entry.rules.includes(finding.ruleId)) && matchesGlob(file, entry.path),
    );
    if (ignore) {
      suppressed.push({ ...finding, suppression: { kind: 'config', reason: ignore.reason } });
      continue;
    }
    kept.push(finding);
  }
  return { kept, suppressed };
}
