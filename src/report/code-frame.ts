/**
 * Code frames: the source lines around a location, as data every reporter lays out its own way.
 *
 * Frames never show a secret: every primary span of a finding whose rule is in the `secrets`
 * category (reported or suppressed) is masked in every frame of that file, not only in the frame
 * of its own finding. Frame text is cleaned of control and bidi characters (visible-text.ts).
 */
import type { Location, RuleDescriptor } from '../model/finding.js';
import type { ReportInput } from './report-input.js';
import { clean } from './visible-text.js';

const SECRET_CATEGORY = 'secrets';

export interface FrameLine {
  number: number;
  /** Cleaned and masked; one UTF-16 unit per unit of the source line. */
  text: string;
}

export interface CodeFrame {
  lines: FrameLine[];
  /** The line the location starts on (one of `lines`). */
  markedLine: number;
  /** The marked part of that line, as indexes into its text: at least one character wide. */
  markStart: number;
  markEnd: number;
}

export interface FrameExtent {
  /** Lines shown before the marked line. */
  before: number;
  /** Lines shown after it. */
  after: number;
}

/** Source lines per file, with secret spans masked; built once per file on first use. */
export class FrameSource {
  private readonly lines = new Map<string, string[] | undefined>();
  private readonly secretSpans = new Map<string, Location[]>();

  constructor(
    private readonly sources: ReportInput['sources'],
    result: ReportInput['result'],
    rules: ReadonlyMap<string, RuleDescriptor>,
  ) {
    for (const finding of [...result.findings, ...result.suppressed]) {
      if (rules.get(finding.ruleId)?.category !== SECRET_CATEGORY) continue;
      const spans = this.secretSpans.get(finding.location.file) ?? [];
      spans.push(finding.location);
      this.secretSpans.set(finding.location.file, spans);
    }
  }

  /** The frame of a location, or undefined when its source is unknown or the line out of range. */
  frame(location: Location, extent: FrameExtent): CodeFrame | undefined {
    const lines = this.linesOf(location.file);
    if (!lines || location.line < 1 || location.line > lines.length) return undefined;
    const first = Math.max(1, location.line - extent.before);
    const last = Math.min(lines.length, location.line + extent.after);
    const frameLines: FrameLine[] = [];
    for (let n = first; n <= last; n++) frameLines.push({ number: n, text: clean(lines[n - 1] ?? '') });

    const text = clean(lines[location.line - 1] ?? '');
    const markStart = Math.min(Math.max(0, location.column - 1), text.length);
    const end = location.endLine === location.line ? Math.min(Math.max(location.endColumn - 1, markStart), text.length) : text.length;
    return { lines: frameLines, markedLine: location.line, markStart, markEnd: Math.max(end, markStart + 1) };
  }

  private linesOf(file: string): string[] | undefined {
    if (this.lines.has(file)) return this.lines.get(file);
    const text = this.sources.get(file);
    const lines = text === undefined ? undefined : text.split('\n').map((l) => l.replace(/\r$/, ''));
    if (lines) for (const span of this.secretSpans.get(file) ?? []) maskSpan(lines, span);
    this.lines.set(file, lines);
    return lines;
  }
}

/** Rules by id, the first descriptor winning, as frames and reporters look them up. */
export function rulesById(rules: readonly RuleDescriptor[]): Map<string, RuleDescriptor> {
  const byId = new Map<string, RuleDescriptor>();
  for (const rule of rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return byId;
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
