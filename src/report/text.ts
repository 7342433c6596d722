/**
 * Human-readable output: one block per finding (header, code frame, related locations, flow,
 * trust context, fixes, tip, doc link), then parse issues, tool errors and a summary line.
 *
 * Two safety rules apply to everything printed here. Text that came from scanned files (source
 * lines, and anything a rule quoted into a message) has its control and bidi characters replaced
 * by visible stand-ins, so a hostile file cannot drive the terminal. And frames never show a
 * secret: every primary span of a finding whose rule is in the `secrets` category is masked in
 * every frame of that file, not only in the frame of its own finding.
 */
import pc from 'picocolors';
import type { Finding, Location, NotedLocation, ParseIssue, RuleDescriptor, RunResult, Severity, ToolError } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import { TRUST_NAMES, type Trust } from '../model/types.js';
import type { ReportInput } from './report-input.js';

type Colors = ReturnType<typeof pc.createColors>;

const CONTEXT_LINES = 2;
const SECRET_CATEGORY = 'secrets';

export function renderText(input: ReportInput): string {
  const colors = pc.createColors(input.color);
  const rules = new Map<string, RuleDescriptor>();
  for (const rule of input.rules) if (!rules.has(rule.id)) rules.set(rule.id, rule);
  const frames = new FrameSource(input, rules);

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
    ...frames.frame(finding.location, paint, colors),
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

function trustName(minTrust: number): string {
  const known = Number.isInteger(minTrust) && minTrust >= 0 && minTrust <= 4;
  return known ? TRUST_NAMES[minTrust as Trust] : `trust level ${minTrust}`;
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

/**
 * Replaces C0/C1 controls (except tab) and bidi controls with one visible UTF-16 unit each, so
 * columns still line up: C0 -> U+2400 control pictures, DEL -> U+2421, others -> U+FFFD.
 */
export function clean(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
    /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g,
    (char) => {
      const code = char.charCodeAt(0);
      if (code < 0x20) return String.fromCharCode(0x2400 + code);
      if (code === 0x7f) return '\u2421';
      return '\uFFFD';
    },
  );
}

/** Source lines per file, with secret spans masked; built once per file on first use. */
class FrameSource {
  private readonly lines = new Map<string, string[] | undefined>();
  private readonly secretSpans = new Map<string, Location[]>();

  constructor(
    private readonly input: ReportInput,
    rules: Map<string, RuleDescriptor>,
  ) {
    for (const finding of [...input.result.findings, ...input.result.suppressed]) {
      if (rules.get(finding.ruleId)?.category !== SECRET_CATEGORY) continue;
      const spans = this.secretSpans.get(finding.location.file) ?? [];
      spans.push(finding.location);
      this.secretSpans.set(finding.location.file, spans);
    }
  }

  frame(location: Location, paint: (text: string) => string, colors: Colors): string[] {
    const lines = this.linesOf(location.file);
    if (!lines || location.line < 1 || location.line > lines.length) return [];
    const first = Math.max(1, location.line - CONTEXT_LINES);
    const width = String(location.line).length;
    const out: string[] = [];
    for (let n = first; n <= location.line; n++) {
      const text = clean(lines[n - 1] ?? '');
      const gutter = colors.dim(`  ${String(n).padStart(width)} |`);
      out.push(text === '' ? gutter : `${gutter} ${text}`);
    }

    const text = clean(lines[location.line - 1] ?? '');
    const startIndex = Math.min(Math.max(0, location.column - 1), text.length);
    const endIndex = location.endLine === location.line ? Math.min(Math.max(location.endColumn - 1, startIndex), text.length) : text.length;
    const indent = text.slice(0, startIndex).replace(/[^\t]/g, ' ');
    const carets = '^'.repeat(Math.max(1, endIndex - startIndex));
    out.push(`${colors.dim(`  ${' '.repeat(width)} |`)} ${indent}${paint(carets)}`);
    return out;
  }

  private linesOf(file: string): string[] | undefined {
    if (this.lines.has(file)) return this.lines.get(file);
    const text = this.input.sources.get(file);
    const lines = text === undefined ? undefined : text.split('\n').map((l) => l.replace(/\r$/, ''));
    if (lines) for (const span of this.secretSpans.get(file) ?? []) maskSpan(lines, span);
    this.lines.set(file, lines);
    return lines;
  }
}

/**
 * Masks a span in place: all but its first few characters become `*` (at most 4 kept, and never
 * more than a third of the span, so a short secret is not shown almost whole). Spaces and tabs
 * stay, so indentation inside a multi-line span still lines up.
 */
function maskSpan(lines: string[], span: Location): void {
  let keep = Math.min(4, Math.floor(spanLength(lines, span) / 3));
  for (let n = Math.max(1, span.line); n <= Math.min(span.endLine, lines.length); n++) {
    const line = lines[n - 1] ?? '';
    const from = n === span.line ? Math.max(0, span.column - 1) : 0;
    const to = n === span.endLine ? Math.min(line.length, Math.max(from, span.endColumn - 1)) : line.length;
    let masked = '';
    for (let i = from; i < to; i++) {
      const char = line.charAt(i);
      if (keep > 0) {
        masked += char;
        keep--;
      } else masked += char === ' ' || char === '\t' ? char : '*';
    }
    lines[n - 1] = line.slice(0, from) + masked + line.slice(to);
  }
}

function spanLength(lines: string[], span: Location): number {
  if (span.endLine === span.line) return Math.max(0, span.endColumn - span.column);
  let length = (lines[span.line - 1]?.length ?? 0) - (span.column - 1);
  for (let n = span.line + 1; n < span.endLine; n++) length += lines[n - 1]?.length ?? 0;
  return length + span.endColumn - 1;
}
