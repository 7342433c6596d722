/**
 * Where a `${{ }}` expression sits in a script, lexically: outside quotes, inside a double- or
 * single-quoted string, in an expanding heredoc, in a comment, or somewhere this small scanner
 * does not follow (parameter expansions, backticks, arithmetic, quoted heredocs...). The fix that
 * moves the expression into `env:` needs this to write a reference with the same meaning; any
 * doubt answers 'unknown' and the fix is not offered. Templates are opaque: the scanner jumps
 * over every `${{ }}` span, as GitHub substitutes them before the interpreter reads the text.
 */
import { findTemplateSpans } from '../../analysis/shell/template-mask.js';

export type ScriptContext =
  | { kind: 'unquoted' | 'double' | 'heredoc' | 'comment' | 'unknown' }
  /** `whole`: the string holds nothing but this expression (`'${{ x }}'`); `quote` is its delimiter. */
  | { kind: 'single'; whole: boolean }
  | { kind: 'string'; quote: string; whole: boolean }
  | { kind: 'template-literal' };

export type ScriptLanguage = 'posix' | 'pwsh' | 'javascript';

export interface ContextAt {
  start: number;
  end: number;
  context: ScriptContext;
}

/**
 * The last scripts scanned: the fix of each untrusted value of a script plans its companions'
 * moves too, so one script is asked for many times in a row. Bounded by count.
 */
const recentContexts = new Map<string, readonly ContextAt[]>();
const RECENT_CONTEXTS = 64;

/** The context of every `${{ }}` span of a script (offsets into the script text). */
export function templateContexts(script: string, language: ScriptLanguage): readonly ContextAt[] {
  const key = `${language}\u0000${script}`;
  const known = recentContexts.get(key);
  if (known) return known;
  const spans = findTemplateSpans(script).filter((s) => script.startsWith('${{', s.start));
  const scan = language === 'posix' ? scanPosix : language === 'pwsh' ? scanPwsh : scanJavaScript;
  const found = scan(script, spans);
  if (recentContexts.size >= RECENT_CONTEXTS) recentContexts.delete(recentContexts.keys().next().value as string);
  recentContexts.set(key, found);
  return found;
}

/**
 * The context of other spans of a script (words the fix rewrites, such as a heredoc delimiter):
 * each must be non-empty, hold no quote, `$`, backslash or `#`, and overlap no `${{ }}`. Spans
 * that break these conditions answer 'unknown'.
 */
export function spanContexts(script: string, language: ScriptLanguage, extra: { start: number; end: number }[]): ContextAt[] {
  const templates = findTemplateSpans(script).filter((s) => script.startsWith('${{', s.start));
  const plain = (s: Span) =>
    s.end > s.start && !/["'`$\\#]/.test(script.slice(s.start, s.end)) && !templates.some((t) => t.start < s.end && s.start < t.end);
  const usable = extra.filter(plain);
  const scan = language === 'posix' ? scanPosix : language === 'pwsh' ? scanPwsh : scanJavaScript;
  const found = scan(script, [...templates, ...usable]);
  return extra.map(
    (s) => found.find((c) => c.start === s.start && c.end === s.end && usable.includes(s)) ?? { ...s, context: { kind: 'unknown' } },
  );
}

type Span = { start: number; end: number };

/** Spans by start offset: the scanners ask at every character. */
const spanStarts = new WeakMap<Span[], Map<number, Span>>();

function spanAt(spans: Span[], i: number): Span | undefined {
  let starts = spanStarts.get(spans);
  if (!starts) {
    starts = new Map();
    for (const s of spans) if (!starts.has(s.start)) starts.set(s.start, s);
    spanStarts.set(spans, starts);
  }
  return starts.get(i);
}

function wholeQuoted(script: string, span: Span, quote: string, openedAt: number): boolean {
  return openedAt === span.start - 1 && script[span.end] === quote;
}

const WORD_START_BEFORE = /[\s;&|()]/;

/** bash and sh: quotes, `$( )`, heredocs and comments; anything rarer is 'unknown'. */
function scanPosix(script: string, spans: Span[]): ContextAt[] {
  type Frame = { kind: 'top' | 'subst' | 'dq' | 'sq' | 'opaque'; close?: string; openedAt: number; depth: number };
  const out: ContextAt[] = [];
  const stack: Frame[] = [{ kind: 'top', openedAt: -1, depth: 0 }];
  const pending: { delimiter: string; quoted: boolean; strip: boolean }[] = [];
  const record = (span: Span, context: ScriptContext) => out.push({ ...span, context });
  let i = 0;
  while (i < script.length) {
    const frame = stack[stack.length - 1] as Frame;
    const span = spanAt(spans, i);
    if (span) {
      if (frame.kind === 'top' || frame.kind === 'subst') record(span, { kind: 'unquoted' });
      else if (frame.kind === 'dq') record(span, { kind: 'double' });
      else if (frame.kind === 'sq') record(span, { kind: 'single', whole: wholeQuoted(script, span, "'", frame.openedAt) });
      else record(span, { kind: 'unknown' });
      i = span.end;
      continue;
    }
    const ch = script[i] as string;
    const next = script[i + 1];
    if (frame.kind === 'sq') {
      if (ch === "'") stack.pop();
      i++;
      continue;
    }
    if (frame.kind === 'opaque') {
      if (ch === '\\') i += 2;
      else if (script.startsWith(frame.close as string, i)) {
        stack.pop();
        i += (frame.close as string).length;
      } else i++;
      continue;
    }
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '$' && next === '(' && script[i + 2] === '(') {
      stack.push({ kind: 'opaque', close: '))', openedAt: i, depth: 0 });
      i += 3;
      continue;
    }
    if (ch === '$' && next === '(') {
      stack.push({ kind: 'subst', openedAt: i, depth: 0 });
      i += 2;
      continue;
    }
    if (ch === '$' && next === '{') {
      stack.push({ kind: 'opaque', close: '}', openedAt: i, depth: 0 });
      i += 2;
      continue;
    }
    if (ch === '`') {
      stack.push({ kind: 'opaque', close: '`', openedAt: i, depth: 0 });
      i++;
      continue;
    }
    if (frame.kind === 'dq') {
      if (ch === '"') stack.pop();
      i++;
      continue;
    }
    // Unquoted: top level or inside $( ).
    if (ch === '$' && (next === "'" || next === '"')) {
      stack.push(next === "'" ? { kind: 'opaque', close: "'", openedAt: i, depth: 0 } : { kind: 'dq', openedAt: i + 1, depth: 0 });
      i += 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      stack.push({ kind: ch === "'" ? 'sq' : 'dq', openedAt: i, depth: 0 });
      i++;
      continue;
    }
    if (ch === '#' && (i === 0 || WORD_START_BEFORE.test(script[i - 1] as string))) {
      const lineEnd = script.indexOf('\n', i);
      const stop = lineEnd === -1 ? script.length : lineEnd;
      for (const s of spans) if (s.start > i && s.start < stop) record(s, { kind: 'comment' });
      i = stop;
      continue;
    }
    if (frame.kind === 'subst' && ch === '(') frame.depth++;
    if (frame.kind === 'subst' && ch === ')') {
      if (frame.depth === 0) stack.pop();
      else frame.depth--;
      i++;
      continue;
    }
    if (ch === '<' && next === '<' && script[i + 2] !== '<') {
      const heredoc = /^<<(-?)[ \t]*(?:'([^'\n]+)'|"([^"\n]+)"|\\?([A-Za-z0-9_.-]+))/.exec(script.slice(i));
      if (!heredoc) {
        stack.push({ kind: 'opaque', close: '\u0000', openedAt: i, depth: 0 }); // a form not followed: give up on the rest
        i += 2;
        continue;
      }
      const delimiter = (heredoc[2] ?? heredoc[3] ?? heredoc[4]) as string;
      pending.push({ delimiter, quoted: heredoc[4] === undefined || heredoc[0].includes('\\'), strip: heredoc[1] === '-' });
      i += heredoc[0].length;
      continue;
    }
    if (ch === '\n' && pending.length > 0) {
      i = readHeredocBodies(script, i + 1, pending.splice(0), spans, record);
      continue;
    }
    i++;
  }
  // A template after an unclosed construct was recorded before the scanner knew; an unclosed
  // string or substitution means the scan went wrong, so nothing of it is trusted.
  if (stack.length > 1 || pending.length > 0) return spans.map((s) => ({ ...s, context: { kind: 'unknown' } }));
  return out;
}

function readHeredocBodies(
  script: string,
  from: number,
  heredocs: { delimiter: string; quoted: boolean; strip: boolean }[],
  spans: Span[],
  record: (span: Span, context: ScriptContext) => void,
): number {
  let i = from;
  for (const heredoc of heredocs) {
    const bodyStart = i;
    let closed = false;
    while (i <= script.length) {
      const lineEnd = script.indexOf('\n', i);
      const stop = lineEnd === -1 ? script.length : lineEnd;
      const line = script.slice(i, stop);
      if ((heredoc.strip ? line.replace(/^\t+/, '') : line) === heredoc.delimiter) {
        for (const s of spans) {
          if (s.start >= bodyStart && s.start < i) record(s, { kind: heredoc.quoted ? 'unknown' : 'heredoc' });
        }
        i = lineEnd === -1 ? script.length : lineEnd + 1;
        closed = true;
        break;
      }
      if (lineEnd === -1) break;
      i = lineEnd + 1;
    }
    if (!closed) {
      for (const s of spans) if (s.start >= bodyStart) record(s, { kind: 'unknown' });
      return script.length;
    }
  }
  return i;
}

/**
 * PowerShell: "..." and @"..."@ expand, '...' and @'...'@ do not; # and <# #> comments. A `$( )`
 * subexpression inside a string is code again (followed to its closing parenthesis; a template in
 * it is 'unknown'); `${name}` inside a string is a braced variable name.
 */
function scanPwsh(script: string, spans: Span[]): ContextAt[] {
  type Frame = {
    kind: 'top' | 'sub' | 'dq' | 'sq' | 'here-dq' | 'here-sq' | 'block-comment' | 'opaque';
    openedAt: number;
    depth: number;
  };
  const out: ContextAt[] = [];
  const stack: Frame[] = [{ kind: 'top', openedAt: -1, depth: 0 }];
  const record = (span: Span, context: ScriptContext) => out.push({ ...span, context });
  let i = 0;
  while (i < script.length) {
    const frame = stack[stack.length - 1] as Frame;
    const span = spanAt(spans, i);
    if (span) {
      if (frame.kind === 'top') record(span, { kind: frame.depth > 0 ? 'unknown' : 'unquoted' });
      else if (frame.kind === 'sub') record(span, { kind: 'unknown' });
      else if (frame.kind === 'dq' || frame.kind === 'here-dq') record(span, { kind: 'double' });
      else if (frame.kind === 'sq') record(span, { kind: 'single', whole: wholeQuoted(script, span, "'", frame.openedAt) });
      else if (frame.kind === 'block-comment') record(span, { kind: 'comment' });
      else record(span, { kind: 'unknown' });
      i = span.end;
      continue;
    }
    const ch = script[i] as string;
    const atLineStart = i === 0 || script[i - 1] === '\n';
    switch (frame.kind) {
      case 'sq':
        if (ch === "'" && script[i + 1] === "'") i += 2;
        else {
          if (ch === "'") stack.pop();
          i++;
        }
        continue;
      case 'here-sq':
      case 'here-dq': {
        const close = frame.kind === 'here-sq' ? "'@" : '"@';
        if (atLineStart && script.startsWith(close, i)) {
          stack.pop();
          i += 2;
        } else if (frame.kind === 'here-dq' && ch === '`') i += 2;
        else if (frame.kind === 'here-dq' && ch === '$' && script[i + 1] === '(') {
          stack.push({ kind: 'sub', openedAt: i, depth: 0 });
          i += 2;
        } else if (frame.kind === 'here-dq' && ch === '$' && script[i + 1] === '{') i = skipBraced(script, i);
        else i++;
        continue;
      }
      case 'block-comment':
        if (ch === '#' && script[i + 1] === '>') {
          stack.pop();
          i += 2;
        } else i++;
        continue;
      case 'opaque':
        // Subexpressions and escapes inside strings are not followed: the rest is unknown.
        i++;
        continue;
      case 'dq':
        if (ch === '`') i += 2;
        else if (ch === '"' && script[i + 1] === '"') i += 2;
        else if (ch === '$' && script[i + 1] === '(') {
          stack.push({ kind: 'sub', openedAt: i, depth: 0 });
          i += 2;
        } else if (ch === '$' && script[i + 1] === '{') i = skipBraced(script, i);
        else {
          if (ch === '"') stack.pop();
          i++;
        }
        continue;
      default:
        break;
    }
    if (ch === '`') i += 2;
    else if (ch === '@' && (script[i + 1] === '"' || script[i + 1] === "'") && /^[ \t]*\r?\n/.test(script.slice(i + 2))) {
      stack.push({ kind: script[i + 1] === '"' ? 'here-dq' : 'here-sq', openedAt: i, depth: 0 });
      i = script.indexOf('\n', i) + 1;
    } else if (ch === "'" || ch === '"') {
      stack.push({ kind: ch === "'" ? 'sq' : 'dq', openedAt: i, depth: 0 });
      i++;
    } else if (ch === '<' && script[i + 1] === '#') {
      stack.push({ kind: 'block-comment', openedAt: i, depth: 0 });
      i += 2;
    } else if (ch === '#') {
      const lineEnd = script.indexOf('\n', i);
      const stop = lineEnd === -1 ? script.length : lineEnd;
      for (const s of spans) if (s.start > i && s.start < stop) record(s, { kind: 'comment' });
      i = stop;
    } else if (frame.kind === 'sub') {
      if (ch === '(') frame.depth++;
      else if (ch === ')') {
        if (frame.depth === 0) stack.pop();
        else frame.depth--;
      }
      i++;
    } else {
      // Inside `$( )` or `@( )` of the top level the text is still code; track depth only to be conservative.
      if (ch === '(' && (script[i - 1] === '$' || script[i - 1] === '@')) frame.depth++;
      else if (ch === ')' && frame.depth > 0) frame.depth--;
      i++;
    }
  }
  if (stack.length > 1) return spans.map((s) => ({ ...s, context: { kind: 'unknown' } }));
  return out;
}

/** After `${name}` (a braced variable inside a string); an unclosed one runs to the end. */
function skipBraced(script: string, at: number): number {
  const close = script.indexOf('}', at + 2);
  return close === -1 ? script.length : close + 1;
}

const REGEX_BEFORE = /[(,=:[!&|?{};+\-*%<>~^]$/;

/** JavaScript (actions/github-script): strings, template literals with `${ }`, comments, regex literals. */
function scanJavaScript(script: string, spans: Span[]): ContextAt[] {
  type Frame = { kind: 'code' | 'string' | 'template' | 'regex'; quote?: string; openedAt: number; braces: number };
  const out: ContextAt[] = [];
  const stack: Frame[] = [{ kind: 'code', openedAt: -1, braces: 0 }];
  const record = (span: Span, context: ScriptContext) => out.push({ ...span, context });
  let i = 0;
  while (i < script.length) {
    const frame = stack[stack.length - 1] as Frame;
    const span = spanAt(spans, i);
    if (span) {
      if (frame.kind === 'code') record(span, { kind: 'unquoted' });
      else if (frame.kind === 'string') {
        const quote = frame.quote as string;
        record(span, { kind: 'string', quote, whole: wholeQuoted(script, span, quote, frame.openedAt) });
      } else if (frame.kind === 'template') record(span, { kind: 'template-literal' });
      else record(span, { kind: 'unknown' });
      i = span.end;
      continue;
    }
    const ch = script[i] as string;
    if (frame.kind === 'string' || frame.kind === 'regex') {
      if (ch === '\\') i += 2;
      else if (frame.kind === 'string' && ch === '\n') return spans.map((s) => ({ ...s, context: { kind: 'unknown' } }));
      else {
        if (ch === frame.quote) stack.pop();
        i++;
      }
      continue;
    }
    if (frame.kind === 'template') {
      if (ch === '\\') i += 2;
      else if (ch === '`') {
        stack.pop();
        i++;
      } else if (ch === '$' && script[i + 1] === '{') {
        stack.push({ kind: 'code', openedAt: i, braces: 0 });
        i += 2;
      } else i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      stack.push({ kind: 'string', quote: ch, openedAt: i, braces: 0 });
      i++;
    } else if (ch === '`') {
      stack.push({ kind: 'template', openedAt: i, braces: 0 });
      i++;
    } else if (ch === '/' && script[i + 1] === '/') {
      const lineEnd = script.indexOf('\n', i);
      const stop = lineEnd === -1 ? script.length : lineEnd;
      for (const s of spans) if (s.start > i && s.start < stop) record(s, { kind: 'comment' });
      i = stop;
    } else if (ch === '/' && script[i + 1] === '*') {
      const close = script.indexOf('*/', i + 2);
      const stop = close === -1 ? script.length : close + 2;
      for (const s of spans) if (s.start > i && s.start < stop) record(s, { kind: 'comment' });
      i = stop;
    } else if (ch === '/' && REGEX_BEFORE.test(script.slice(0, i).trimEnd() || '(')) {
      stack.push({ kind: 'regex', quote: '/', openedAt: i, braces: 0 });
      i++;
    } else {
      if (ch === '{') frame.braces++;
      else if (ch === '}') {
        if (frame.braces === 0 && stack.length > 1) stack.pop();
        else frame.braces--;
      }
      i++;
    }
  }
  if (stack.length > 1) return spans.map((s) => ({ ...s, context: { kind: 'unknown' } }));
  return out;
}
