/**
 * Human-readable output: one block per finding (header, code frame, related locations, flow,
 * trust context, fixes, tip, doc link), then parse issues, tool errors and a summary line.
 *
 * Two safety rules apply to everything printed here. Text that came from scanned files (source
 * lines, and anything a rule quoted into a message) has its control and bidi characters replaced
 * by visible stand-ins (visible-text.ts), so a hostile file cannot drive the terminal. And frames
 * never show a secret (code-frame.ts masks them).
 */
import pc from 'picocolors';
import type { Finding, Location, NotedLocation, ParseIssue, RuleDescriptor, RunResult, Severity, ToolError } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import { FrameSource, rulesById } from './code-frame.js';
import type { ReportInput } from './report-input.js';
import { trustName } from './trust-name.js';
import { clean } from './visible-text.js';

type Colors = ReturnType<typeof pc.createColors>;

/** Two lines above the finding, none below: the caret line closes the frame. */
const FRAME_EXTENT = { before: 2, after: 0 };

export function renderText(input: ReportInput): string {
  const colors = pc.createColors(input.color);
  const rules = rulesById(input.rules);
  const frames = new FrameSource(input.sources, input.result, rules);

  const blocks: string[] = input.result.findings.map((finding) =>
    findingBlock(finding, rules.get(finding.ruleId), frames, colors).join('\n'),
  );
  const problems = problemLines(input.result, colors);
  if (problems.length > 0) blocks.push(problems.join('\n'));
  blocks.push(summaryLine(input));
  return `${blocks.join('\n\n')}\n`;
}

function problemLines(result: Pick<RunResult, 'parseIssues' | 'toolErrors'>, colors: Colors): string[] {
  return [
    ...result.parseIssues.map((issue) => parseIssueLine(issue, colors)),
    ...result.toolErrors.map((error) => toolErrorLine(error, colors)),
  ];
}

/** The parse issues and tool errors alone, one per line, for commands whose output is a document (sbom). */
export function renderProblems(result: Pick<RunResult, 'parseIssues' | 'toolErrors'>, color: boolean): string {
  const lines = problemLines(result, pc.createColors(color));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function severityColor(severity: Severity, colors: Colors): (text: string) => string {
  switch (severity) {
    case 'critical':
    case 'high':
      return (text) => colors.bold(colors.red(text));
    case 'medium':
      return colors.yellow;
    case 'low':
    case 'info':
      return colors.cyan;
  }
}

function findingBlock(finding: Finding, rule: RuleDescriptor | undefined, frames: FrameSource, colors: Colors): string[] {
  const paint = severityColor(finding.severity, colors);
  const lines = [
    `${position(finding.location)} ${paint(finding.severity)} ${finding.ruleId} ${clean(finding.message)}`,
    ...frameLines(frames, finding.location, paint, colors),
  ];
  for (const related of finding.related) {
    lines.push(`  = related: ${noted(related)}`);
  }
  finding.flow.forEach((step, index) => {
    const label = index === 0 ? '  flow: ' : '        ';
    lines.push(`${label}${index + 1}. ${noted(step)}`);
  });
  if (finding.trust) {
    const { triggers, minTrust, privileges } = finding.trust;
    const who = trustName(minTrust);
    const reached = triggers.length > 0 ? `${triggers.map(clean).join(', ')} (${who})` : who;
    const holds = privileges.length > 0 ? `; holds: ${privileges.map(clean).join(', ')}` : '';
    lines.push(`  reached by: ${reached}${holds}`);
  }
  for (const fix of finding.fixes) {
    lines.push(`  fix: ${clean(fix.title)} (${fix.safety})`);
  }
  if (finding.tip !== undefined) {
    const [first = '', ...rest] = finding.tip.split(/\r?\n/);
    lines.push(`  tip: ${clean(first)}`, ...rest.map((line) => `       ${clean(line)}`));
  }
  if (rule?.helpUri) lines.push(`  docs: ${colors.underline(clean(rule.helpUri))}`);
  return lines;
}

function position(location: { file: string; line: number; column: number }): string {
  return `${clean(location.file)}:${location.line}:${location.column}`;
}

function noted(location: NotedLocation): string {
  return location.note ? `${position(location)} ${clean(location.note)}` : position(location);
}

function parseIssueLine(issue: ParseIssue, colors: Colors): string {
  const label = issue.level === 'error' ? colors.red('parse-error') : colors.yellow('parse-warning');
  return `${position(issue)} ${label} ${issue.code} ${clean(issue.message)}`;
}

function toolErrorLine(error: ToolError, colors: Colors): string {
  const where = error.file !== undefined ? `${clean(error.file)}: ` : '';
  const rule = error.ruleId !== undefined ? `(rule ${clean(error.ruleId)}) ` : '';
  return `${where}${colors.bold(colors.red('tool-error'))} ${error.code} ${rule}${clean(error.message)}`;
}

function summaryLine(input: ReportInput): string {
  const { findings, suppressed, stats } = input.result;
  const scanned = `${plural(stats.filesScanned, 'file')} scanned in ${Math.round(stats.durationMs)} ms`;
  if (findings.length === 0) {
    return suppressed.length > 0 ? `No findings (${suppressed.length} suppressed). ${scanned}` : `No findings. ${scanned}`;
  }
  const counts = [...SEVERITIES].reverse().map((severity) => `${findings.filter((f) => f.severity === severity).length} ${severity}`);
  return `${plural(findings.length, 'finding')} (${counts.join(', ')}), ${suppressed.length} suppressed, ${scanned}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function frameLines(frames: FrameSource, location: Location, paint: (text: string) => string, colors: Colors): string[] {
  const frame = frames.frame(location, FRAME_EXTENT);
  if (!frame) return [];
  const width = String(frame.markedLine).length;
  const out = frame.lines.map(({ number, text }) => {
    const gutter = colors.dim(`  ${String(number).padStart(width)} |`);
    return text === '' ? gutter : `${gutter} ${text}`;
  });
  const marked = frame.lines.find((line) => line.number === frame.markedLine)?.text ?? '';
  const indent = marked.slice(0, frame.markStart).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(frame.markEnd - frame.markStart);
  out.push(`${colors.dim(`  ${' '.repeat(width)} |`)} ${indent}${paint(carets)}`);
  return out;
}
