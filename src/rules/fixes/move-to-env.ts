/**
 * The injection fix: an untrusted `${{ }}` in a step's script moves into the step's `env:` and
 * the script reads the variable instead, in the form its interpreter expands as data:
 * `"$VAR"` (bash, sh), `$env:VAR` (pwsh, powershell), `process.env.VAR` (actions/github-script).
 * Safe when the reference means what the text meant for any value that was not itself an attack:
 * inside a double-quoted string or an expanding heredoc, a whole single-quoted string, a comment,
 * a JavaScript string or template literal. Unsafe where the value was unquoted (word splitting,
 * globbing, JavaScript code: the value becomes one plain string). No fix inside an eval-like
 * sink (the variable would be evaluated again), in constructs the scanner does not follow, or when
 * the runner OS is unknown and the step names no shell. cmd expands `%VAR%` before it parses the
 * line, so `%VAR%` would still be code: there the fix reads `!VAR!` under delayed expansion (a
 * first line `@setlocal EnableDelayedExpansion`; a one-line plain script becomes a literal block
 * to hold it), unsafe, and only where nothing parses the value again (cmdDelayedBlocker).
 */
import { maskTemplates } from '../../analysis/shell/shell-facts.js';
import { findTemplateSpans } from '../../analysis/shell/template-mask.js';
import type { ShellDialect } from '../../analysis/shell/types.js';
import type { EnvVar, Interpolation, Job, Pipeline, SourceFile, Step, Template } from '../../model/types.js';
import { columnOf, indentStepOf } from '../../yaml/edit.js';
import { asMap, asScalar, type PairNode, type ScalarNode, type YamlNode } from '../../yaml/nodes.js';
import { ScalarOffsetMap } from '../../yaml/scalar-map.js';
import type { FixDescriptor } from '../define-rule.js';
import { type ScriptContext, type ScriptLanguage, templateContexts } from './script-context.js';
import { type FixEdit, ownPair } from './step-edits.js';

/** Variables the runner, the shell or the loader give a meaning: a new variable never takes these names. */
const RESERVED = new Set(
  'PATH HOME SHELL USER PWD OLDPWD IFS LANG TERM TMPDIR TEMP TMP CI ENV BASH_ENV LD_PRELOAD LD_LIBRARY_PATH NODE_OPTIONS NODE_PATH PYTHONPATH PS1 PS2 PS4 SHELLOPTS BASHOPTS CDPATH HOSTNAME RANDOM LINENO SECONDS UID EUID PPID OPTARG OPTIND REPLY COMSPEC PATHEXT SYSTEMROOT WINDIR USERPROFILE APPDATA PROGRAMFILES PSMODULEPATH'.split(
    ' ',
  ),
);
const RESERVED_PREFIX = /^(GITHUB|RUNNER|ACTIONS|INPUT|STATE)_/;

export interface ScriptTarget {
  kind: 'shell' | 'github-script';
  step: Step;
  job: Job;
  pipeline: Pipeline;
  template: Template;
  /** Interpreter of a shell step (from the step, job or workflow `shell:`, or the runner OS). */
  dialect?: ShellDialect;
  /** Whether the runner OS is known (decides the default shell when the step names none). */
  osKnown?: boolean;
  /** Spans (offsets into the script value) evaluated again as code (`eval`, `bash -c`...). */
  evalSpans?: { start: number; end: number }[];
  /**
   * Read the variable with its line breaks turned into spaces (`${VAR//$'\n'/ }`, bash only), for
   * values written to GITHUB_ENV or GITHUB_OUTPUT, where a line break starts another entry.
   */
  singleLine?: boolean;
}

/** Bash: the variable with each line break replaced by a space (one line of an env file). */
export function flattenedExpansion(name: string): string {
  return `\${${name}//$'\\n'/ }`;
}

/** PowerShell: the same, as a subexpression (valid inside "..." and @"..."@). */
export function flattenedPwsh(name: string): string {
  return `$($env:${name} -replace '\\r?\\n', ' ')`;
}

function flattenedReference(context: ScriptContext, name: string, dialect: ShellDialect | undefined): Reference | undefined {
  if (dialect === 'pwsh' || dialect === 'powershell') {
    // Only inside an expanding string: elsewhere the subexpression would be a separate argument or code.
    return context.kind === 'double' ? { text: flattenedPwsh(name), before: 0, after: 0, safe: false } : undefined;
  }
  const flat = flattenedExpansion(name);
  switch (context.kind) {
    case 'double':
    case 'heredoc':
      return { text: flat, before: 0, after: 0, safe: false };
    case 'single':
      return context.whole
        ? { text: `"${flat}"`, before: 1, after: 1, safe: false }
        : { text: `'"${flat}"'`, before: 0, after: 0, safe: false };
    case 'unquoted':
      return { text: `"${flat}"`, before: 0, after: 0, safe: false };
    default:
      return undefined;
  }
}

/** A variable name that says what the expression holds: github.event.pull_request.title -> PR_TITLE. */
export function variableNameFor(interpolation: Interpolation): string {
  const expression = interpolation.text.trim();
  const isPath = /^[A-Za-z_][\w-]*(\.[\w-]+|\[\d+\]|\['[\w-]+'\])*$/.test(expression);
  const path = isPath ? expression : (interpolation.sources[0]?.name ?? linkName(interpolation) ?? 'value');
  let parts = path
    .split(/[.[\]']+/)
    .filter(Boolean)
    .filter((p) => !/^\d+$/.test(p) && p !== '*');
  if (parts[0] === 'github') parts = parts.slice(1);
  if (parts[0] === 'event') parts = parts.slice(1);
  if (parts[0] === 'steps' || parts[0] === 'needs' || parts[0] === 'inputs' || parts[0] === 'env') parts = parts.slice(1);
  parts = parts.filter((p) => p !== 'outputs').map((p) => (p === 'pull_request' ? 'pr' : p));
  const name = parts
    .slice(-2)
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  const base = name === '' ? 'VALUE' : /^\d/.test(name) ? `V_${name}` : name;
  return RESERVED.has(base) || RESERVED_PREFIX.test(base) ? `${base}_VALUE` : base;
}

function linkName(interpolation: Interpolation): string | undefined {
  const link = interpolation.links[0];
  if (!link) return undefined;
  if (link.kind === 'step-output') return `steps.${link.stepId}.outputs.${link.output}`;
  if (link.kind === 'job-output') return `needs.${link.jobId}.outputs.${link.output}`;
  return `${link.kind}.${link.name}`;
}

function normalise(expression: string): string {
  return expression.replace(/\s+/g, ' ').trim();
}

/** `${{ expr }}` of an env value that is exactly one expression, normalised; undefined otherwise. */
function soleExpression(value: Template | undefined): string | undefined {
  const only = value?.interpolations.length === 1 ? value.interpolations[0] : undefined;
  if (!only || value?.value.trim() !== `\${{${only.text}}}`.trim()) return undefined;
  return normalise(only.text);
}

interface Variable {
  name: string;
  /** Already declared in the step's `env:` with this very expression. */
  exists: boolean;
}

/**
 * The name to use: an existing step variable that holds this expression, or a fresh name that no
 * env level declares and the script does not mention (a clash would change what the script reads).
 */
function chooseVariable(interpolation: Interpolation, target: ScriptTarget, planned: ReadonlySet<string>): Variable | undefined {
  const expression = normalise(interpolation.text);
  const existing = target.step.env.find((v) => soleExpression(v.value) === expression);
  if (existing && /^[A-Za-z_][A-Za-z0-9_]*$/.test(existing.name)) return { name: existing.name, exists: true };
  const declared = declaredEnvRead(expression, target);
  if (declared) return { name: declared, exists: true };
  const taken = new Set<string>([
    ...[...target.step.env, ...target.job.env, ...target.pipeline.env].map((v: EnvVar) => v.name.toUpperCase()),
    ...planned,
  ]);
  // Names the script itself uses (expressions left out); Windows shells ignore case.
  const script = maskTemplates(target.template.value);
  const flags = target.dialect === 'bash' || target.dialect === 'sh' || target.kind === 'github-script' ? '' : 'i';
  const base = variableNameFor(interpolation);
  for (let n = 1; n <= 9; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    if (taken.has(name) || new RegExp(`(^|[^A-Za-z0-9_])${name}($|[^A-Za-z0-9_])`, flags).test(script)) continue;
    return { name, exists: false };
  }
  return undefined;
}

/**
 * `${{ env.NAME }}` of a variable declared in the step's, job's or workflow's `env:`: the script can
 * read NAME itself, with no new variable, unless something changes it on the way (the script
 * assigns it, or a step of the job writes it to GITHUB_ENV).
 */
function declaredEnvRead(expression: string, target: ScriptTarget): string | undefined {
  const name = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression)?.[1];
  if (!name) return undefined;
  const levels = [target.step.env, target.job.env, target.pipeline.env];
  if (!levels.some((level) => level.some((v) => v.name === name))) return undefined;
  const script = maskTemplates(target.template.value);
  const assigns = new RegExp(
    `(^|[\\s;&|(])((export|local|declare|readonly|typeset)\\s+)?${name}\\+?=|\\$env:${name}\\s*=|\\bprocess\\.env\\.${name}\\s*=[^=]`,
    'i',
  );
  if (assigns.test(script)) return undefined;
  if (
    target.job.steps.some(
      (step) => step.script && new RegExp(`\\b${name}\\b`).test(step.script.value) && /GITHUB_ENV/.test(step.script.value),
    )
  ) {
    return undefined;
  }
  return name;
}

interface Reference {
  text: string;
  /** Extra characters of the script replaced before and after the expression (the quotes of a whole string). */
  before: number;
  after: number;
  safe: boolean;
}

function isIdentifierChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_]/.test(ch);
}

function shellReference(context: ScriptContext, name: string, next: string | undefined, dialect: ShellDialect): Reference | undefined {
  if (dialect === 'bash' || dialect === 'sh') {
    const bare = isIdentifierChar(next) ? `\${${name}}` : `$${name}`;
    switch (context.kind) {
      case 'double':
      case 'heredoc':
      case 'comment':
        return { text: bare, before: 0, after: 0, safe: true };
      case 'single':
        return context.whole
          ? { text: `"$${name}"`, before: 1, after: 1, safe: true }
          : { text: `'"${bare}"'`, before: 0, after: 0, safe: true };
      case 'unquoted':
        return { text: `"$${name}"`, before: 0, after: 0, safe: false };
      default:
        return undefined;
    }
  }
  if (dialect === 'pwsh' || dialect === 'powershell') {
    const bare = isIdentifierChar(next) || next === ':' || next === '?' ? `\${env:${name}}` : `$env:${name}`;
    switch (context.kind) {
      case 'double':
      case 'comment':
        return { text: bare, before: 0, after: 0, safe: true };
      case 'single':
        return context.whole ? { text: `$env:${name}`, before: 1, after: 1, safe: true } : undefined;
      case 'unquoted':
        return { text: bare, before: 0, after: 0, safe: false };
      default:
        return undefined;
    }
  }
  return undefined;
}

function javascriptReference(context: ScriptContext, name: string): Reference | undefined {
  const value = `process.env.${name}`;
  switch (context.kind) {
    case 'string':
      return context.whole
        ? { text: value, before: 1, after: 1, safe: true }
        : { text: `${context.quote} + ${value} + ${context.quote}`, before: 0, after: 0, safe: true };
    case 'template-literal':
      return { text: `\${${value}}`, before: 0, after: 0, safe: true };
    case 'comment':
      return { text: value, before: 0, after: 0, safe: true };
    case 'unquoted':
      return { text: value, before: 0, after: 0, safe: false };
    default:
      return undefined;
  }
}

/** Text as it must be written inside a scalar of this style so that it decodes to `text`. */
function encodeForScalar(text: string, node: ScalarNode, at: number): string | undefined {
  switch (node.style) {
    case 'literal':
    case 'folded':
      return text;
    case 'single':
      return text.replace(/'/g, "''");
    case 'double':
      return text.replace(/[\\"]/g, (c) => `\\${c}`);
    default:
      // A plain scalar may not start with a quote or hold ` #` / `: `.
      if (at === node.start && /^["'`]/.test(text)) return undefined;
      return / #|: /.test(text) ? undefined : text;
  }
}

/** An env value as YAML: the expression as a plain scalar when that reads back the same, quoted otherwise. */
function yamlValue(expressionText: string, flow: boolean): string {
  const plain = !flow && !/ #|: |:$|^\s|\s$/.test(expressionText);
  return plain ? expressionText : `'${expressionText.replace(/'/g, "''")}'`;
}

/** Offset after the line holding the last character of a pair (block scalars end before their trailing blank lines). */
function afterPair(text: string, pair: PairNode): number {
  const end = Math.max(pair.key.end, pair.value.end);
  const content = text.slice(0, end).trimEnd().length;
  const lineBreak = text.indexOf('\n', content);
  return lineBreak === -1 ? text.length : lineBreak + 1;
}

function isKeepChomping(file: SourceFile, node: YamlNode): boolean {
  const scalar = asScalar(node);
  if (!scalar || (scalar.style !== 'literal' && scalar.style !== 'folded')) return false;
  const header = file.text.slice(scalar.start, file.text.indexOf('\n', scalar.start));
  return header.includes('+');
}

function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The edit that declares `name: value` in the step's env (creating `env:` when missing). */
function declareEnv(target: ScriptTarget, entries: [name: string, expressionText: string][]): FixEdit | undefined {
  const { step, pipeline } = target;
  const file = step.origin.file;
  const text = file.text;
  const eol = lineBreakOf(text);
  const envPair = ownPair(step.node, 'env');
  if (envPair) {
    const env = asMap(envPair.value);
    if (!env || envPair.value.kind === 'alias' || env.pairs.some((p) => p.keyText === '<<')) return undefined;
    if (env.flow) {
      const close = text.lastIndexOf('}', env.end);
      if (close < env.start) return undefined;
      const inner = text.slice(env.start + 1, close);
      const at = env.start + 1 + inner.trimEnd().length;
      const separator = inner.trim() === '' ? ' ' : inner.trimEnd().endsWith(',') ? ' ' : ', ';
      return {
        at: { file, span: { start: at, end: at } },
        text: `${separator}${entries.map(([name, value]) => `${name}: ${yamlValue(value, true)}`).join(', ')}${inner.trim() === '' ? ' ' : ''}`,
      };
    }
    const last = env.pairs[env.pairs.length - 1] as PairNode | undefined;
    if (!last || isKeepChomping(file, last.value)) return undefined;
    const at = afterPair(text, last);
    const indent = columnOf(text, (env.pairs[0] as PairNode).key.start);
    return {
      at: { file, span: { start: at, end: at } },
      text: withBreak(text, at, lines(entries, indent, eol), eol),
    };
  }
  if (step.node.flow || step.node.pairs.some((p) => p.keyText === '<<')) return undefined;
  const first = step.node.pairs[0];
  if (!first) return undefined;
  const indent = columnOf(text, first.key.start);
  const nested = indent + indentStepOf(text, pipeline.root);
  const block = `${' '.repeat(indent)}env:${eol}${lines(entries, nested, eol)}`;
  // Before the pair that holds the script (the usual place for env), unless it opens the item.
  const holder = step.node.pairs.find((p) => p.keyText === (target.kind === 'shell' ? 'run' : 'with'));
  if (holder && holder !== first) {
    const at = text.lastIndexOf('\n', holder.key.start - 1) + 1;
    if (/^ *$/.test(text.slice(at, holder.key.start))) return { at: { file, span: { start: at, end: at } }, text: `${block}${eol}` };
  }
  const last = step.node.pairs[step.node.pairs.length - 1] as PairNode;
  if (isKeepChomping(file, last.value)) return undefined;
  const at = afterPair(text, last);
  return { at: { file, span: { start: at, end: at } }, text: withBreak(text, at, block, eol) };
}

function lines(entries: [string, string][], indent: number, eol: string): string {
  return entries.map(([name, value]) => `${' '.repeat(indent)}${name}: ${yamlValue(value, false)}`).join(eol);
}

function withBreak(text: string, at: number, line: string, eol: string): string {
  return at === text.length && !text.endsWith('\n') ? `${eol}${line}` : `${line}${eol}`;
}

function languageOf(target: ScriptTarget): ScriptLanguage | undefined {
  if (target.kind === 'github-script') return 'javascript';
  if (target.dialect === 'bash' || target.dialect === 'sh') return 'posix';
  if (target.dialect === 'pwsh' || target.dialect === 'powershell') return 'pwsh';
  return undefined;
}

/** The fix for one interpolation of a script, or undefined when no reference can be written that keeps the meaning. */
interface PlannedMove {
  interpolation: Interpolation;
  variable: Variable;
  edit: FixEdit;
  safe: boolean;
  /** The expression as written, for a new env entry. */
  expressionText: string;
}

/** First line of a cmd script the fix adds: `!VAR!` is expanded only with delayed expansion on. */
export const CMD_DELAYED = '@setlocal EnableDelayedExpansion';

/** Words on a line that make cmd parse the expanded text again (CALL, a child cmd, FOR /F, START). */
const CMD_REPARSE = /(^|[\s&(@])(call|cmd|start)(?=[\s.]|$)|\bfor\s+\/f\b/i;

/** Whether a cmd script already turned delayed expansion on with the fix's own first line. */
function hasDelayedLine(script: string): boolean {
  return script.split('\n', 1)[0]?.trim().toLowerCase() === CMD_DELAYED.toLowerCase();
}

/**
 * Why `!VAR!` would not mean plain data in this cmd script, or undefined when it does. With
 * delayed expansion a value is substituted after the line is parsed, so `&`, `|`, `<`, `>` and
 * quotes in it are text. That fails where cmd parses the text again (CALL, a child `cmd`, FOR /F,
 * START, either side of a pipe, which runs in a child cmd without delayed expansion), and the
 * switch itself changes a script that already writes `!`, manages setlocal/endlocal or CALLs a
 * batch file (which inherits the mode). Batch files run without CALL (`npm`, `gradlew`) inherit
 * it too and cannot be told from programs: the reason the fix is unsafe.
 */
export function cmdDelayedBlocker(script: string, at: number): string | undefined {
  const masked = maskTemplates(script);
  const lineStart = script.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = script.indexOf('\n', at);
  const line = masked.slice(lineStart, lineEnd === -1 ? script.length : lineEnd);
  const enabled = hasDelayedLine(script);
  const rest = enabled ? masked.slice(masked.indexOf('\n') + 1) : masked;
  if (!enabled && rest.includes('!')) return 'the script already writes `!`, which delayed expansion would change';
  if (/\b(setlocal|endlocal)\b/i.test(rest)) return 'the script manages setlocal/endlocal itself';
  // A batch file the script CALLs runs under the same expansion mode: its own `!` would change meaning.
  if (/(^|[\s&(@])call\s/i.test(rest)) return 'the script CALLs a batch file, which would run under delayed expansion too';
  if (line.includes('|') || /^\s*\).*\|/m.test(rest)) return 'a pipe runs its sides in a child cmd without delayed expansion';
  if (CMD_REPARSE.test(line)) return 'CALL, FOR /F, START or a child cmd on the line parse the expanded value again';
  return undefined;
}

/** The cmd edit: `!VAR!` in place of the expression (meaningful with delayed expansion, added by the fix). */
function planCmdMove(interpolation: Interpolation, target: ScriptTarget, planned: PlannedMove[]): PlannedMove | undefined {
  const node = asScalar(target.template.node);
  if (!node || node.value === null || !(node.style === 'literal' || oneLinePlain(target.template))) return undefined;
  const file = target.template.origin.file;
  const script = target.template.value;
  const map = ScalarOffsetMap.of(file.text, node, script);
  const located = findTemplateAt(script, map, interpolation.origin.span.start);
  if (!located) return undefined;
  if (target.evalSpans?.some((s) => s.start <= located.start && located.end <= s.end)) return undefined;
  if (cmdDelayedBlocker(script, located.start)) return undefined;
  const expressionText = script.slice(located.start, located.end);
  if (expressionText.includes('\n')) return undefined;
  const same = planned.find((p) => normalise(p.interpolation.text) === normalise(interpolation.text));
  const variable = same?.variable ?? chooseVariable(interpolation, target, new Set(planned.map((p) => p.variable.name.toUpperCase())));
  if (!variable) return undefined;
  const from = map.toSource(located.start);
  const to = map.toSource(located.end);
  if (file.text.slice(from, to) !== expressionText) return undefined;
  return {
    interpolation,
    variable,
    edit: { at: { file, span: { start: from, end: to } }, text: `!${variable.name}!` },
    safe: false,
    expressionText,
  };
}

/** Offsets in the script of the `${{ }}` that starts at this file offset. */
function findTemplateAt(script: string, map: ScalarOffsetMap, sourceStart: number): { start: number; end: number } | undefined {
  for (const span of findTemplateSpans(script)) {
    if (script.startsWith('${{', span.start) && map.toSource(span.start) === sourceStart) return span;
  }
  return undefined;
}

/**
 * A one-line plain `run:` written as is in the file, with nothing after it on its line: it can
 * become a literal block (`run: |`) whose first line turns delayed expansion on.
 */
export function oneLinePlain(template: Template): boolean {
  const node = asScalar(template.node);
  if (node?.style !== 'plain' || template.value.includes('\n')) return false;
  const text = template.origin.file.text;
  if (text.slice(node.start, node.end) !== template.value) return false;
  const lineEnd = text.indexOf('\n', node.end);
  return /^[ \t]*\r?$/.test(text.slice(node.end, lineEnd === -1 ? text.length : lineEnd));
}

/**
 * The edit that adds the delayed-expansion line before the first line of a literal block script,
 * or turns a one-line plain script into a literal block that starts with it.
 */
function cmdDelayedEdit(target: ScriptTarget): FixEdit | undefined {
  const node = asScalar(target.template.node);
  if (!node || hasDelayedLine(target.template.value)) return undefined;
  const file = target.template.origin.file;
  if (node.style === 'plain' && oneLinePlain(target.template)) {
    const run = ownPair(target.step.node, 'run');
    if (!run || run.value !== target.template.node) return undefined;
    const eol = lineBreakOf(file.text);
    const pad = ' '.repeat(columnOf(file.text, run.key.start) + indentStepOf(file.text, target.pipeline.root));
    return { at: { file, span: { start: node.start, end: node.start } }, text: `|${eol}${pad}${CMD_DELAYED}${eol}${pad}` };
  }
  if (node.style !== 'literal') return undefined;
  const map = ScalarOffsetMap.of(file.text, node, target.template.value);
  const first = map.toSource(0);
  const lineStart = file.text.lastIndexOf('\n', first - 1) + 1;
  const indent = file.text.slice(lineStart, first);
  if (!/^[ \t]+$/.test(indent)) return undefined;
  const eol = lineBreakOf(file.text);
  return { at: { file, span: { start: lineStart, end: lineStart } }, text: `${indent}${CMD_DELAYED}${eol}` };
}

/** The script edit for one interpolation (the variable chosen against those already planned). */
function planMove(interpolation: Interpolation, target: ScriptTarget, planned: PlannedMove[]): PlannedMove | undefined {
  if (target.kind === 'shell' && target.dialect === 'cmd' && !target.singleLine) return planCmdMove(interpolation, target, planned);
  const language = languageOf(target);
  const node = asScalar(target.template.node);
  if (!language || !node || node.value === null) return undefined;
  if (target.singleLine && target.dialect !== 'bash' && target.dialect !== 'pwsh' && target.dialect !== 'powershell') return undefined;
  const file = target.template.origin.file;
  const script = target.template.value;
  const map = ScalarOffsetMap.of(file.text, node, script);
  const located = templateContexts(script, language).find((c) => map.toSource(c.start) === interpolation.origin.span.start);
  if (!located) return undefined;
  if (target.evalSpans?.some((s) => s.start <= located.start && located.end <= s.end)) return undefined;
  const expressionText = script.slice(located.start, located.end);
  if (expressionText.includes('\n')) return undefined;
  const same = planned.find((p) => normalise(p.interpolation.text) === normalise(interpolation.text));
  const variable = same?.variable ?? chooseVariable(interpolation, target, new Set(planned.map((p) => p.variable.name.toUpperCase())));
  if (!variable) return undefined;
  const reference = target.singleLine
    ? flattenedReference(located.context, variable.name, target.dialect)
    : language === 'javascript'
      ? javascriptReference(located.context, variable.name)
      : shellReference(located.context, variable.name, script[located.end], target.dialect as ShellDialect);
  if (!reference) return undefined;
  const start = map.toSource(located.start - reference.before);
  const end = map.toSource(located.end + reference.after);
  // The source must hold exactly the replaced text (escapes in a quoted scalar make offsets inexact).
  if (file.text.slice(start, end) !== script.slice(located.start - reference.before, located.end + reference.after)) return undefined;
  const encoded = encodeForScalar(reference.text, node, start);
  if (encoded === undefined) return undefined;
  const safe = reference.safe && (target.kind === 'github-script' || target.osKnown === true || target.step.shell !== undefined);
  return { interpolation, variable, edit: { at: { file, span: { start, end } }, text: encoded }, safe, expressionText };
}

/**
 * The fix for one interpolation of a script, or undefined when no reference can be written that
 * keeps the meaning. `companions` are the script's other untrusted interpolations: those whose
 * move has the same safety go into the same fix, so a step needs one pass, not one per value.
 */
export function moveToEnvFix(
  interpolation: Interpolation,
  target: ScriptTarget,
  companions: readonly Interpolation[] = [],
): FixDescriptor | undefined {
  const first = planMove(interpolation, target, []);
  if (!first) return undefined;
  const moves = [first];
  for (const other of companions) {
    if (other === interpolation || other.origin.span.start === interpolation.origin.span.start) continue;
    const move = planMove(other, target, moves);
    if (move && move.safe === first.safe) moves.push(move);
  }
  const declared = new Set<string>();
  const entries: [string, string][] = [];
  for (const move of moves) {
    if (move.variable.exists || declared.has(move.variable.name)) continue;
    declared.add(move.variable.name);
    entries.push([move.variable.name, move.expressionText]);
  }
  const edits = moves.map((m) => m.edit);
  const cmd = target.kind === 'shell' && target.dialect === 'cmd';
  if (cmd && !hasDelayedLine(target.template.value)) {
    const delayed = cmdDelayedEdit(target);
    if (!delayed) return undefined;
    // An expression that opens a one-line script: the block header goes in front of its reference.
    const first = edits.find((e) => e.at.span.start === delayed.at.span.start);
    if (first) first.text = `${delayed.text}${first.text}`;
    else edits.push(delayed);
  }
  if (entries.length > 0) {
    const declaration = declareEnv(target, entries);
    if (!declaration) return undefined;
    edits.push(declaration);
  }
  const name = first.variable.name;
  const read = target.singleLine
    ? `${languageOf(target) === 'pwsh' ? flattenedPwsh(name) : `"${flattenedExpansion(name)}"`}, line breaks as spaces`
    : target.kind === 'github-script'
      ? `process.env.${name}`
      : languageOf(target) === 'pwsh'
        ? `$env:${name}`
        : cmd
          ? `!${name}!` + (hasDelayedLine(target.template.value) ? '' : ` with ${CMD_DELAYED} as the first line`)
          : `"$${name}"`;
  const more = moves.length > 1 ? ` (and ${moves.length - 1} more in this step)` : '';
  return {
    title: `Move \`\${{ ${interpolation.text.trim()} }}\` into step env ${name} (read as ${read})${more}`,
    safety: first.safe ? 'safe' : 'unsafe',
    edits,
  };
}
