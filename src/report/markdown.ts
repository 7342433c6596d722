/**
 * Markdown for pull request comments and `$GITHUB_STEP_SUMMARY`: a summary line, the findings
 * most severe first in one table, the posture of each repository, then parse issues and tool
 * errors folded away. Bounded in size (a GitHub comment holds 65,536 characters): posture and
 * the summary are kept, and findings that do not fit are counted instead of shown.
 */
import { type Finding, type RuleDescriptor, SEVERITIES } from '../model/finding.js';
import { bySeverityThenPlace } from './finding-order.js';
import { escapeMarkdown } from './markdown-text.js';
import { buildPosture } from './posture/build-posture.js';
import { renderPostureMarkdown } from './posture/render-posture.js';
import type { ReportInput } from './report-input.js';

/** Default bound, under GitHub's comment limit with room for a bot's own header. */
export const MARKDOWN_MAX_CHARS = 60_000;

function findingRow(finding: Finding, rule: RuleDescriptor | undefined): string {
  const ruleCell = rule ? `[${finding.ruleId}](${rule.helpUri})` : finding.ruleId;
  const where = escapeMarkdown(`${finding.location.file}:${finding.location.line}:${finding.location.column}`);
  return `| ${finding.severity} | ${ruleCell} | ${where} | ${escapeMarkdown(finding.message)} |`;
}

function summary(input: ReportInput): string {
  const { findings, suppressed, stats } = input.result;
  const counts = [...SEVERITIES]
    .reverse()
    .map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`);
  const found =
    findings.length === 0 ? 'no findings' : `${findings.length} finding${findings.length === 1 ? '' : 's'} (${counts.join(', ')})`;
  return `**${found}** in ${stats.filesScanned} file${stats.filesScanned === 1 ? '' : 's'}, ${suppressed.length} suppressed.`;
}

function problems(input: ReportInput): string {
  const lines = [
    ...input.result.parseIssues.map((i) => `- ${escapeMarkdown(`${i.file}:${i.line}:${i.column} ${i.code}: ${i.message}`)}`),
    ...input.result.toolErrors.map(
      (e) =>
        `- ${escapeMarkdown(`${e.code}${e.ruleId ? ` (${e.ruleId})` : ''}${e.file ? ` ${e.file}` : ''}: ${e.message.split('\n')[0]}`)}`,
    ),
  ];
  if (lines.length === 0) return '';
  return `<details><summary>Files that could not be analysed fully (${lines.length})</summary>\n\n${lines.join('\n')}\n\n</details>\n`;
}

export function renderMarkdown(input: ReportInput, maxChars = MARKDOWN_MAX_CHARS): string {
  const rules = new Map(input.rules.map((r) => [r.id, r]));
  const head = `## ${escapeMarkdown(input.tool.name)} ${escapeMarkdown(input.tool.version)}\n\n${summary(input)}\n\n`;
  // Posture takes at most half the room; findings get the rest.
  const posture = `### Posture\n\n${renderPostureMarkdown(buildPosture(input.result, input.rules), 4, maxChars / 2 - head.length)}\n`;
  let tail = problems(input);
  // Problems are the first thing to drop when even posture does not fit.
  if (head.length + posture.length + tail.length > maxChars) tail = '';
  const sorted = [...input.result.findings].sort(bySeverityThenPlace);
  const tableHead = '### Findings\n\n| Severity | Rule | Location | Finding |\n|---|---|---|---|\n';
  let budget = maxChars - head.length - posture.length - tail.length - tableHead.length - 200;
  const rows: string[] = [];
  for (const finding of sorted) {
    const row = `${findingRow(finding, rules.get(finding.ruleId))}\n`;
    if (row.length > budget) break;
    rows.push(row);
    budget -= row.length;
  }
  const hidden = sorted.length - rows.length;
  const more =
    hidden > 0
      ? `\n_${hidden} more finding${hidden === 1 ? '' : 's'} not shown to keep this under ${maxChars} characters; run \`pipewarden scan\` for all of them._\n`
      : '';
  const findings = sorted.length === 0 ? '' : `${tableHead}${rows.join('')}${more}\n`;
  return `${head}${findings}${posture}${tail}`;
}
