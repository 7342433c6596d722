/**
 * Attacker-controlled data inside a span of a step's script, for the script rules
 * (env-file-injection, remote-script-execution). Combines three kinds of evidence:
 * - `${{ }}` interpolations in the span, resolved by the TaintAnalysis;
 * - shell variable expansions in the span: a local assignment earlier in the same bash/sh script
 *   is followed into its value (`msg=$(echo "$TITLE" | head -1)`), otherwise the variable is
 *   looked up in `env:` and earlier GITHUB_ENV writes (TaintAnalysis.envPaths). Only data that
 *   reaches the output counts: an argument of a program that does not print it (`gh api
 *   repos/x/pulls/$N`) does not taint what the program prints;
 * - `jq` reading free-text fields of the event payload (`jq -r .issue.title "$GITHUB_EVENT_PATH"`).
 * Paths the TaintAnalysis marks inactive (no trigger of the job fills the source) are dropped.
 * A value checked by `[[ $x =~ ... ]]` or `case $x in` between its assignment and its use counts
 * as validated. The assignment scan is lexical (no parse tree): it recognises assignments at the
 * start of a statement and is conservative elsewhere.
 */
import type { StepScript } from '../../analysis/scripts/step-script.js';
import { maskTemplates } from '../../analysis/shell/shell-facts.js';
import type { TaintAnalysis, TaintHop, TaintPath } from '../../analysis/taint/taint.js';
import type { Job, Origin, Pipeline, Step } from '../../model/types.js';

export interface TaintedSpan {
  /** Offsets in the script value of the expansion or interpolation that carries the data. */
  start: number;
  end: number;
  /** As written in the script (`$TITLE`, `${{ github.event.issue.title }}`). */
  text: string;
  at: Origin;
  path: TaintPath;
  /** Reached through a local assignment or a payload read rather than directly. */
  derived: boolean;
  /** On the way, newlines were removed or only one line kept (`tr -d '\n'`, `head -n1`, `${X//$'\n'/}`). */
  singleLine?: boolean;
}

export interface FileRead {
  start: number;
  end: number;
  command: string;
  at: Origin;
}

interface Assignment {
  name: string;
  start: number;
  valueStart: number;
  valueEnd: number;
}

const MAX_DEPTH = 6;
/** Transformations whose result holds no newline (other than a final one the shell strips). */
const SINGLE_LINE = /\btr\s+-d\s+["']?[^"'\s]*\\n|\btr\s+["']\\n["']|\bhead\s+(-n\s*)?-?1\b|\/\/\$'\\n'/;
/** PowerShell: a variable opening a (sub)expression whose `-replace` removes its line breaks (`$($env:X -replace '\r?\n', ' ')`). */
const REPLACED_AFTER = /^\s*-replace\s*(?:'(?:\\r\?)?\\n'|"(?:`r\?)?`n")/;
const STATEMENT_KEYWORDS = new Set(['then', 'do', 'else', 'elif', 'export', 'local', 'declare', 'typeset', 'readonly', 'time']);
const PAYLOAD_FREE_TEXT = /\.(title|body|message)\b/;
/** Commands that read a named file and print (part of) it. */
const FILE_READERS: Record<string, number> = {
  cat: 1,
  head: 1,
  tail: 1,
  jq: 2,
  yq: 2,
  grep: 2,
  egrep: 2,
  sed: 2,
  awk: 2,
  cut: 1,
  unzip: 1,
  'Get-Content': 1,
  gc: 1,
  type: 1,
};

/**
 * Commands whose output carries the text of their arguments or input. Data that is only an
 * argument of another program (`gh api repos/x/pulls/$N`, `curl "$URL"`) does not reach its
 * output as text.
 */
const PASS_THROUGH = new Set([
  'echo',
  'printf',
  'print',
  'cat',
  'tee',
  'jq',
  'yq',
  'sed',
  'awk',
  'gawk',
  'grep',
  'egrep',
  'cut',
  'tr',
  'head',
  'tail',
  'sort',
  'uniq',
  'xargs',
  'basename',
  'dirname',
  'envsubst',
  'rev',
  'fold',
  'paste',
  'column',
  'Write-Output',
  'Write-Host',
  'Add-Content',
  'Set-Content',
  'Out-File',
  'Write',
  'type',
]);

const assignmentCache = new WeakMap<StepScript, Assignment[]>();

/** `jq -r` / `--raw-output` / `-j`: strings printed as they are, not as escaped JSON. */
function printsRaw(args: string[]): boolean {
  return args.some((a) => /^(-[A-Za-z]*[rj][A-Za-z]*|--raw-output0?|--join-output)$/.test(a));
}

/** Does text at [start, end) reach the output of its statement (not just the argv of some program)? */
export function reachesOutput(script: StepScript, start: number, end: number): boolean {
  let inner: { name: string; args: string[]; start: number; end: number } | undefined;
  for (const command of script.facts.commands) {
    if (command.start > start || command.end < end) continue;
    if (!inner || command.end - command.start < inner.end - inner.start) inner = command;
  }
  if (!inner) return true;
  // jq prints JSON unless told to print raw strings: quotes and newlines come out escaped.
  if (inner.name === 'jq' || inner.name === 'yq') return printsRaw(inner.args);
  return PASS_THROUGH.has(inner.name) || PASS_THROUGH.has(inner.name.toLowerCase());
}

export function isBashLike(script: StepScript): boolean {
  return script.facts.dialect === 'bash' || script.facts.dialect === 'sh';
}

/** Assignments `NAME=value` at the start of a statement (also after export/local/declare). */
export function assignmentsOf(script: StepScript): Assignment[] {
  const cached = assignmentCache.get(script);
  if (cached) return cached;
  const out: Assignment[] = [];
  if (isBashLike(script)) {
    const masked = maskTemplates(script.template.value);
    const re = /[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]\n]*\])?\+?=/g;
    for (let m = re.exec(masked); m; m = re.exec(masked)) {
      const start = m.index;
      const eq = start + m[0].length;
      if (masked[eq] === '=' || masked[eq] === '~') continue;
      if (start > 0 && /[A-Za-z0-9_\-./$"'={}]/.test(masked[start - 1] ?? '')) continue;
      if (!atStatementStart(masked, start)) continue;
      const name = m[0].replace(/(\[[^\]]*\])?\+?=$/, '');
      out.push({ name, start, valueStart: eq, valueEnd: wordEnd(masked, eq) });
    }
  }
  assignmentCache.set(script, out);
  return out;
}

function atStatementStart(s: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (s[i] === ' ' || s[i] === '\t')) i--;
  if (i < 0) return true;
  const c = s[i] as string;
  if ('\n;&|({!'.includes(c)) return true;
  // `A=1 B=2`, `export A=1`, `then A=1`, `declare -r A=1`
  let j = i;
  while (j >= 0 && !/\s/.test(s[j] ?? ' ')) j--;
  const word = s.slice(j + 1, i + 1);
  if (STATEMENT_KEYWORDS.has(word)) return atStatementStart(s, j + 1);
  if (/^-[A-Za-z]+$/.test(word)) return atStatementStart(s, j + 1);
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) && !/["'`$]/.test(word)) return atStatementStart(s, j + 1);
  return false;
}

function balanced(s: string, open: number): number {
  const o = s[open];
  const c = o === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === "'" && o === '(') {
      const j = s.indexOf("'", i + 1);
      if (j < 0) return s.length;
      i = j;
      continue;
    }
    if (ch === o) depth++;
    else if (ch === c) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return s.length;
}

function doubleQuoteEnd(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\') i++;
    else if (ch === '"') return i + 1;
    else if (ch === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) i = balanced(s, i + 1) - 1;
  }
  return s.length;
}

/** End of the shell word starting at `from` (quotes, `$(...)`, `${...}` and arrays kept whole). */
function wordEnd(s: string, from: number): number {
  let i = from;
  if (s[i] === '(') return balanced(s, i);
  while (i < s.length) {
    const ch = s[i] as string;
    if (ch === '\\') i += 2;
    else if (ch === "'") {
      const j = s.indexOf("'", i + 1);
      i = j < 0 ? s.length : j + 1;
    } else if (ch === '"') i = doubleQuoteEnd(s, i + 1);
    else if (ch === '`') {
      const j = s.indexOf('`', i + 1);
      i = j < 0 ? s.length : j + 1;
    } else if (ch === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) i = balanced(s, i + 1);
    else if (/[\s;&|<>)]/.test(ch)) break;
    else i++;
  }
  return Math.min(i, s.length);
}

function validatedBetween(text: string, name: string): boolean {
  const v = `\\$\\{?${name}\\}?`;
  return new RegExp(`${v}"?\\s*=~`).test(text) || new RegExp(`\\bcase\\s+"?${v}"?\\s+in\\b`).test(text);
}

export interface SpanScope {
  pipeline: Pipeline;
  job: Job;
  step: Step;
  script: StepScript;
}

export class ShellTaint {
  constructor(private readonly taint: TaintAnalysis) {}

  /**
   * Whether any attacker-controlled data can appear in the step's script at all, decided on the
   * raw text before any shell parse: every tainted span `within` finds starts at an interpolation
   * with an active path, a variable with one (`$X`, `${X}`, `$env:X`, `%X%`) or a payload read;
   * local assignments only relay those. A script with none of them is skipped unparsed.
   */
  mayCarryTaint(scope: { pipeline: SpanScope['pipeline']; job: SpanScope['job']; step: SpanScope['step'] }): boolean {
    const template = scope.step.script;
    if (!template) return false;
    if (template.interpolations.some((i) => this.taint.pathsOf(i, scope).some((p) => !p.inactive))) return true;
    const value = template.value;
    if (value.includes('GITHUB_EVENT_PATH')) return true;
    const names = new Set<string>();
    for (const match of value.matchAll(/\$(?:env:)?\{?([A-Za-z_][A-Za-z0-9_]*)|%([A-Za-z_][A-Za-z0-9_]*)%/g)) {
      const name = (match[1] ?? match[2]) as string;
      if (!name.startsWith('GITHUB_') && !name.startsWith('RUNNER_')) names.add(name);
    }
    for (const name of names) if (this.taint.envPaths(name, scope, 0, new Set()).some((p) => !p.inactive)) return true;
    return false;
  }

  /**
   * Attacker-controlled data inside [start, end) of the script value. By default only data that
   * reaches the output of the span counts (what a write puts in a file); `anyUse` counts every
   * use directly in the span (an argument such as a URL).
   */
  within(scope: SpanScope, start: number, end: number, anyUse = false): TaintedSpan[] {
    return this.collect(scope, start, end, 0, new Set(), anyUse);
  }

  private collect(scope: SpanScope, start: number, end: number, depth: number, seen: Set<number>, anyUse = false): TaintedSpan[] {
    const { script } = scope;
    const out: TaintedSpan[] = [];
    const taintScope = { pipeline: scope.pipeline, job: scope.job, step: scope.step };
    const value = script.template.value;
    for (const interpolation of script.interpolationsWithin(start, end)) {
      const paths = this.taint.pathsOf(interpolation, taintScope).filter((p) => !p.inactive);
      if (paths.length === 0) continue;
      const at = interpolation.origin;
      const located = locateInValue(value, start, end, interpolation.text);
      if (!anyUse && located && !reachesOutput(script, located.start, located.end)) continue;
      for (const path of paths) {
        out.push({
          start: located?.start ?? start,
          end: located?.end ?? end,
          text: `\${{ ${interpolation.text.trim()} }}`,
          at,
          path,
          derived: depth > 0,
        });
      }
    }
    for (const expansion of script.facts.expansions) {
      if (expansion.start < start || expansion.end > end) continue;
      const name = expansion.name;
      if (name.startsWith('GITHUB_') || name.startsWith('RUNNER_')) continue;
      if (!anyUse && !reachesOutput(script, expansion.start, expansion.end)) continue;
      const at = script.origin(expansion.start, expansion.end);
      const text = value.slice(expansion.start, expansion.end);
      const assignment = latestAssignment(script, name, expansion.start);
      if (assignment) {
        if (seen.has(assignment.start) || depth >= MAX_DEPTH) continue;
        if (validatedBetween(value.slice(assignment.valueEnd, expansion.start), name)) continue;
        seen.add(assignment.start);
        const inner = this.collect(scope, assignment.valueStart, assignment.valueEnd, depth + 1, seen);
        seen.delete(assignment.start);
        const flattened = SINGLE_LINE.test(value.slice(assignment.valueStart, assignment.valueEnd)) || SINGLE_LINE.test(text);
        const hop: TaintHop = { origin: script.origin(assignment.start, assignment.valueEnd), note: `assigned to shell variable ${name}` };
        for (const t of inner) {
          out.push({
            start: expansion.start,
            end: expansion.end,
            text,
            at,
            path: { ...t.path, hops: [...t.path.hops, hop] },
            derived: true,
            singleLine: t.singleLine || flattened,
          });
        }
        continue;
      }
      const paths = this.taint.envPaths(name, taintScope, 0, new Set()).filter((p) => !p.inactive);
      const singleLine =
        SINGLE_LINE.test(text) ||
        (/\(\s*$/.test(value.slice(Math.max(0, expansion.start - 8), expansion.start)) &&
          REPLACED_AFTER.test(value.slice(expansion.end, expansion.end + 40)));
      for (const path of paths) out.push({ start: expansion.start, end: expansion.end, text, at, path, derived: depth > 0, singleLine });
    }
    out.push(...this.payloadReads(scope, start, end));
    return out;
  }

  /** `jq '.pull_request.title' "$GITHUB_EVENT_PATH"`: free text straight from the event payload. */
  private payloadReads(scope: SpanScope, start: number, end: number): TaintedSpan[] {
    const { script, job, pipeline } = scope;
    const value = script.template.value;
    const readsPayload =
      script.facts.expansions.some((x) => x.name === 'GITHUB_EVENT_PATH' && x.start >= start && x.end <= end) ||
      value.slice(start, end).includes('GITHUB_EVENT_PATH');
    if (!readsPayload) return [];
    const out: TaintedSpan[] = [];
    for (const command of script.facts.commands) {
      if (command.name !== 'jq' || command.start < start || command.end > end || !printsRaw(command.args)) continue;
      const filter = command.args.find((a) => !a.startsWith('-') && PAYLOAD_FREE_TEXT.test(a));
      if (!filter) continue;
      const at = script.origin(command.start, command.end);
      const low = job.triggers.filter((t) => t.minTrust <= 1);
      out.push({
        start: command.start,
        end: command.end,
        text: value.slice(command.start, command.end),
        at,
        derived: true,
        path: {
          source: { name: `event payload ${filter.replace(/^['"]|['"]$/g, '')}`, capability: 'free-text', triggers: [], origin: at },
          hops: [],
          triggers: low.length ? low : job.triggers,
          entryJob: job,
          entryPipeline: pipeline,
          inactive: false,
        },
      });
    }
    return out;
  }

  /** Commands in the span (or in local variables it expands) that print a file's content. */
  fileReads(scope: SpanScope, start: number, end: number, depth = 0): FileRead[] {
    const { script } = scope;
    const out: FileRead[] = [];
    const value = script.template.value;
    for (const command of script.facts.commands) {
      if (command.start < start || command.end > end) continue;
      const needed = FILE_READERS[command.name];
      if (needed === undefined) continue;
      const operands = command.args.filter((a) => !a.startsWith('-') && !a.includes('GITHUB_EVENT_PATH'));
      if (operands.length < needed) continue;
      out.push({
        start: command.start,
        end: command.end,
        command: value.slice(command.start, command.end),
        at: script.origin(command.start, command.end),
      });
    }
    // `$(< file)`
    const slice = value.slice(start, end);
    for (const m of slice.matchAll(/\$\(\s*<\s*[^)]+\)/g)) {
      const s = start + (m.index ?? 0);
      out.push({ start: s, end: s + m[0].length, command: m[0], at: script.origin(s, s + m[0].length) });
    }
    if (depth < 3) {
      for (const expansion of script.facts.expansions) {
        if (expansion.start < start || expansion.end > end) continue;
        const assignment = latestAssignment(script, expansion.name, expansion.start);
        if (!assignment || assignment.valueEnd > expansion.start) continue;
        out.push(...this.fileReads(scope, assignment.valueStart, assignment.valueEnd, depth + 1));
      }
    }
    return out;
  }
}

function latestAssignment(script: StepScript, name: string, before: number): Assignment | undefined {
  let best: Assignment | undefined;
  for (const a of assignmentsOf(script)) {
    if (a.name !== name || a.valueEnd > before) continue;
    if (!best || a.start > best.start) best = a;
  }
  return best;
}

/** Offsets of `${{ text }}` inside [start, end) of the value. */
function locateInValue(value: string, start: number, end: number, text: string): { start: number; end: number } | undefined {
  const slice = value.slice(start, end);
  let from = 0;
  for (;;) {
    const at = slice.indexOf('${{', from);
    if (at < 0) return undefined;
    const close = slice.indexOf('}}', at + 3);
    if (close < 0) return undefined;
    if (slice.slice(at + 3, close).trim() === text.trim()) return { start: start + at, end: start + close + 2 };
    from = at + 3;
  }
}
