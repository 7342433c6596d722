/**
 * Applies the fixes rules attach to findings, in passes, on files held in memory. Each pass
 * analyses the current texts, takes the first allowed fix of every finding whose edits collide
 * with none taken before (the rest wait for the next pass, where they are recomputed on the new
 * text), applies them and analyses again. A file keeps its new text only when it still parses as
 * before and every finding fixed in it is gone; otherwise it goes back to its previous text and
 * its fixes are retried one at a time, and a fix that fails alone is not tried again. The loop
 * stops when a pass changes nothing, or at the pass limit.
 */
import { type EngineOptions, analyseSources, type ScanOutput, type SourceInput } from '../engine/engine.js';
import type { Finding, Fix } from '../model/finding.js';
import { applyEdits, type Edit, editsCollide, mapOffset } from './text-edits.js';

export const DEFAULT_PASS_LIMIT = 10;

export interface FixSelection {
  /** Also apply fixes that may change what the pipeline does. */
  unsafe: boolean;
  /** Only fixes of these rules (all rules when empty). */
  rules: readonly string[];
  passLimit?: number;
}

export interface AppliedFix {
  ruleId: string;
  title: string;
  safety: Fix['safety'];
  /** Line of the finding in the text the fix was applied to. */
  line: number;
}

export interface RejectedFix extends AppliedFix {
  reason: string;
}

export interface FileFixResult {
  file: string;
  before: string;
  after: string;
  applied: AppliedFix[];
  rejected: RejectedFix[];
}

export interface FixOutcome {
  files: FileFixResult[];
  passes: number;
  /** The analysis of the final texts (what remains). */
  final: ScanOutput;
}

type AnalyseOptions = Omit<EngineOptions, 'paths' | 'cwd'>;

interface PlannedFix {
  finding: Finding;
  fix: Fix;
  file: string;
  edits: Edit[];
}

/** Identifies a fix across passes without offsets (they move as the text changes). */
function fixKey(finding: Finding, fix: Fix): string {
  return [finding.ruleId, finding.messageId, finding.fingerprint, fix.title].join('\u0000');
}

function allowedFix(finding: Finding, selection: FixSelection): Fix | undefined {
  if (selection.rules.length > 0 && !selection.rules.includes(finding.ruleId)) return undefined;
  return finding.fixes.find((fix) => fix.edits.length > 0 && (fix.safety === 'safe' || selection.unsafe));
}

function errorCount(output: ScanOutput, file: string): number {
  return output.result.parseIssues.filter((issue) => issue.file === file && issue.level === 'error').length;
}

/**
 * The finding (same rule and message) at the place the edits moved it to, if it is still there.
 * By place only: fingerprints hash the line's text with an ordinal among equal lines, so fixing
 * one of two identical lines hands its fingerprint to the other.
 */
function stillReported(finding: Finding, edits: readonly Edit[], after: ScanOutput): boolean {
  const start = mapOffset(finding.location.startOffset, edits, 'start');
  const end = mapOffset(finding.location.endOffset, edits, 'end');
  return after.result.findings.some(
    (other) =>
      other.ruleId === finding.ruleId &&
      other.messageId === finding.messageId &&
      other.location.file === finding.location.file &&
      other.location.startOffset < Math.max(end, start + 1) &&
      start < Math.max(other.location.endOffset, other.location.startOffset + 1),
  );
}

export function fixSources(inputs: readonly SourceInput[], options: AnalyseOptions, selection: FixSelection): FixOutcome {
  const passLimit = selection.passLimit ?? DEFAULT_PASS_LIMIT;
  const originals = new Map(inputs.map((input) => [input.file.path, input.file.text]));
  const texts = new Map(originals);
  const explicit = new Map(inputs.map((input) => [input.file.path, input.explicit]));
  const results = new Map<string, FileFixResult>();
  const refused = new Set<string>();
  const oneAtATime = new Set<string>();
  const analyse = () =>
    analyseSources(
      [...texts].map(([path, text]) => ({ file: { path, text }, explicit: explicit.get(path) ?? false })),
      options,
    );
  const resultFor = (file: string): FileFixResult => {
    let result = results.get(file);
    if (!result) {
      const text = originals.get(file) ?? '';
      result = { file, before: text, after: text, applied: [], rejected: [] };
      results.set(file, result);
    }
    return result;
  };

  let current = analyse();
  let passes = 0;
  while (passes < passLimit) {
    const plan = planPass(current, selection, refused, oneAtATime, texts, resultFor);
    if (plan.length === 0) break;
    passes++;
    const byFile = new Map<string, PlannedFix[]>();
    for (const planned of plan) byFile.set(planned.file, [...(byFile.get(planned.file) ?? []), planned]);
    const previous = new Map<string, string>();
    for (const [file, fixes] of byFile) {
      previous.set(file, texts.get(file) as string);
      texts.set(
        file,
        applyEdits(
          texts.get(file) as string,
          fixes.flatMap((p) => p.edits),
        ),
      );
    }
    const next = analyse();
    let reverted = false;
    for (const [file, fixes] of byFile) {
      const edits = fixes.flatMap((p) => p.edits);
      const failure =
        !next.sources.has(file) || errorCount(next, file) > errorCount(current, file)
          ? 'the fixed file no longer parses'
          : fixes.some((p) => stillReported(p.finding, edits, next))
            ? 'the finding is still reported after the fix'
            : undefined;
      const result = resultFor(file);
      if (!failure) {
        for (const p of fixes) result.applied.push(describe(p));
        continue;
      }
      reverted = true;
      texts.set(file, previous.get(file) as string);
      if (fixes.length > 1) oneAtATime.add(file);
      else {
        const only = fixes[0] as PlannedFix;
        refused.add(fixKey(only.finding, only.fix));
        result.rejected.push({ ...describe(only), reason: failure });
      }
    }
    current = reverted ? analyse() : next;
  }
  for (const [file, text] of texts) if (results.has(file)) resultFor(file).after = text;
  return {
    files: [...results.values()].filter((r) => r.applied.length > 0 || r.rejected.length > 0).sort((a, b) => a.file.localeCompare(b.file)),
    passes,
    final: current,
  };
}

function describe(planned: PlannedFix): AppliedFix {
  return { ruleId: planned.finding.ruleId, title: planned.fix.title, safety: planned.fix.safety, line: planned.finding.location.line };
}

function planPass(
  output: ScanOutput,
  selection: FixSelection,
  refused: Set<string>,
  oneAtATime: ReadonlySet<string>,
  texts: ReadonlyMap<string, string>,
  resultFor: (file: string) => FileFixResult,
): PlannedFix[] {
  const plan: PlannedFix[] = [];
  for (const finding of output.result.findings) {
    const fix = allowedFix(finding, selection);
    if (!fix || refused.has(fixKey(finding, fix))) continue;
    const files = new Set(fix.edits.map((e) => e.file));
    const file = fix.edits[0]?.file as string;
    if (files.size > 1 || !texts.has(file)) {
      // Fixes are checked file by file; one that spans files (or leaves the scan) is not applied.
      refused.add(fixKey(finding, fix));
      resultFor(finding.location.file).rejected.push({
        ruleId: finding.ruleId,
        title: fix.title,
        safety: fix.safety,
        line: finding.location.line,
        reason: 'the fix edits more than one file, or a file outside the scan',
      });
      continue;
    }
    if (oneAtATime.has(file) && plan.some((p) => p.file === file)) continue;
    const edits = fix.edits.map(({ start, end, text }) => ({ start, end, text }));
    const collides = plan.some((p) => p.file === file && p.edits.some((a) => edits.some((b) => editsCollide(a, b))));
    const selfCollides = edits.some((a, i) => edits.some((b, j) => i < j && editsCollide(a, b)));
    if (collides || selfCollides) continue;
    plan.push({ finding, fix, file, edits });
  }
  return plan;
}
