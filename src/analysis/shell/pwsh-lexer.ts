/**
 * A small PowerShell tokenizer: enough structure (strings, here-strings,
 * variables, nested `( )`, `$( )`, `@( )`, `{ }`, `[ ]`, member access,
 * pipes, redirections, comments, backtick continuations) to find commands and
 * statements. It never throws; malformed input degrades to words.
 */

export type PTokKind = 'word' | 'str' | 'var' | 'group' | 'member' | 'op' | 'nl';

export interface PTok {
  t: PTokKind;
  start: number;
  end: number;
  /** op: the operator; group: the opener (`(`, `$(`, `@(`, `{`, `@{`, `[`); member: `.Name` / `::Name` name. */
  s?: string;
  /** group: tokens inside; str: `$( )` subexpressions as group tokens. */
  body?: PTok[];
  /** str: single-quoted (no expansion); here: here-string. */
  single?: boolean;
  here?: boolean;
  /** str: contains `$` expansions or subexpressions (not literal). */
  dynamic?: boolean;
}

/** Receives `$env:NAME` expansions as they are lexed. */
export type EnvVarHook = (name: string, start: number, end: number, quoted: boolean) => void;

const OPEN_TO_CLOSE: Record<string, string> = { '(': ')', '$(': ')', '@(': ')', '{': '}', '@{': '}', '[': ']' };
const WORD_STOP = new Set([' ', '\t', '\r', '\n', '|', ';', '&', '(', ')', '{', '}', '"', "'", ',', '>', '<']);
const MAX_DEPTH = 100;

export function lexPwsh(s: string, lo: number, hi: number, hook: EnvVarHook): PTok[] {
  return new Lexer(s, hi, hook).lex(lo, null, 0).toks;
}

class Lexer {
  constructor(
    private readonly s: string,
    private readonly hi: number,
    private readonly hook: EnvVarHook,
  ) {}

  lex(from: number, closer: string | null, depth: number): { toks: PTok[]; end: number } {
    const s = this.s;
    const toks: PTok[] = [];
    let i = from;
    while (i < this.hi) {
      const c = s[i] as string;
      if (closer !== null && c === closer) return { toks, end: i + 1 };
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
        i++;
        continue;
      }
      if (c === '\n') {
        toks.push({ t: 'nl', start: i, end: i + 1 });
        i++;
        continue;
      }
      if (c === '`' && (s[i + 1] === '\n' || (s[i + 1] === '\r' && s[i + 2] === '\n'))) {
        i += s[i + 1] === '\r' ? 3 : 2;
        continue;
      }
      if (c === '#') {
        while (i < this.hi && s[i] !== '\n') i++;
        continue;
      }
      if (c === '<' && s[i + 1] === '#') {
        const e = s.indexOf('#>', i + 2);
        i = e === -1 || e >= this.hi ? this.hi : e + 2;
        continue;
      }
      const prev = toks[toks.length - 1];
      const touching =
        prev !== undefined && prev.end === i && (prev.t === 'group' || prev.t === 'var' || prev.t === 'str' || prev.t === 'member');
      if (touching && (c === '.' || (c === ':' && s[i + 1] === ':')) && /[A-Za-z_]/.test(s[i + (c === '.' ? 1 : 2)] ?? '')) {
        let j = i + (c === '.' ? 1 : 2);
        while (j < this.hi && /[A-Za-z0-9_]/.test(s[j] as string)) j++;
        toks.push({ t: 'member', start: i, end: j, s: s.slice(i + (c === '.' ? 1 : 2), j) });
        i = j;
        continue;
      }
      if (c === "'" || c === '\u2018' || c === '\u2019') {
        i = this.single(i, toks);
        continue;
      }
      if (c === '"' || c === '\u201c' || c === '\u201d') {
        i = this.double(i, toks, depth, false);
        continue;
      }
      if (c === '@' && (s[i + 1] === '"' || s[i + 1] === "'") && /^[ \t]*\r?\n/.test(s.slice(i + 2, i + 40))) {
        i = s[i + 1] === "'" ? this.hereSingle(i, toks) : this.double(i, toks, depth, true);
        continue;
      }
      const two = s.slice(i, i + 2);
      if ((two === '$(' || two === '@(' || two === '@{') && depth < MAX_DEPTH) {
        i = this.group(i, two, 2, toks, depth);
        continue;
      }
      if ((c === '(' || c === '{' || c === '[') && depth < MAX_DEPTH) {
        i = this.group(i, c, 1, toks, depth);
        continue;
      }
      if (c === '$') {
        i = this.variable(i, toks, false);
        continue;
      }
      const op = this.operator(i);
      if (op) {
        toks.push({ t: 'op', start: i, end: i + op.length, s: op });
        i += op.length;
        continue;
      }
      i = this.word(i, toks, closer === ']');
    }
    return { toks, end: i };
  }

  private operator(i: number): string | undefined {
    const s = this.s;
    const c = s[i] as string;
    if (/[1-6*]/.test(c) && s[i + 1] === '>') {
      if (s[i + 2] === '&' && /[12]/.test(s[i + 3] ?? '')) return s.slice(i, i + 4);
      return s[i + 2] === '>' ? s.slice(i, i + 3) : s.slice(i, i + 2);
    }
    const two = s.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === '>>') return two;
    if (two === '-=' && (s[i + 2] === ' ' || s[i + 2] === '\t')) return two;
    if (c === '|' || c === ';' || c === '&' || c === '>' || c === '<' || c === ',' || c === ')' || c === '}' || c === ']') return c;
    if (c === '.' && (s[i + 1] === ' ' || s[i + 1] === '\t') && (i === 0 || /[\s;|({]/.test(s[i - 1] as string))) return '.';
    if (c === '=') return '=';
    if (c === '+' && s[i + 1] === '=') return two;
    return undefined;
  }

  private word(i: number, toks: PTok[], stopAtBracket: boolean): number {
    const s = this.s;
    const start = i;
    while (i < this.hi) {
      const c = s[i] as string;
      if (c === '`') {
        i += 2;
        continue;
      }
      if (stopAtBracket && c === ']') break;
      if (WORD_STOP.has(c) && !(c === '&' && i > start && /[A-Za-z0-9=]/.test(s[i + 1] ?? ''))) break;
      if (c === '$') {
        const m = /^\$(?:env:([A-Za-z_][A-Za-z0-9_]*)|\{env:([^}]+)\})/i.exec(s.slice(i, i + 260));
        if (m) {
          this.hook((m[1] ?? m[2]) as string, i, i + m[0].length, false);
          i += m[0].length;
          continue;
        }
      }
      i++;
    }
    if (i === start) i++;
    toks.push({ t: 'word', start, end: Math.min(i, this.hi) });
    return Math.min(i, this.hi);
  }

  private variable(i: number, toks: PTok[], quoted: boolean): number {
    const s = this.s;
    let j = i + 1;
    if (s[j] === '{') {
      const e = s.indexOf('}', j);
      j = e === -1 || e >= this.hi ? this.hi : e + 1;
      const inner = s.slice(i + 2, j - 1);
      const m = /^env:(.+)$/i.exec(inner);
      if (m) this.hook(m[1] as string, i, j, quoted);
    } else {
      while (j < this.hi && /[A-Za-z0-9_?]/.test(s[j] as string)) j++;
      if (s[j] === ':' && s[j + 1] !== ':' && /[A-Za-z_]/.test(s[j + 1] ?? '')) {
        const scope = s.slice(i + 1, j);
        j++;
        const nameStart = j;
        while (j < this.hi && /[A-Za-z0-9_]/.test(s[j] as string)) j++;
        if (scope.toLowerCase() === 'env') this.hook(s.slice(nameStart, j), i, j, quoted);
      } else if (j === i + 1 && (s[j] === '$' || s[j] === '^' || s[j] === '_')) j++;
    }
    toks.push({ t: 'var', start: i, end: j });
    return j;
  }

  private group(i: number, open: string, len: number, toks: PTok[], depth: number): number {
    const closer = OPEN_TO_CLOSE[open] as string;
    const inner = this.lex(i + len, closer, depth + 1);
    toks.push({ t: 'group', start: i, end: inner.end, s: open, body: inner.toks });
    return inner.end;
  }

  private single(i: number, toks: PTok[]): number {
    const s = this.s;
    let j = i + 1;
    for (; j < this.hi; j++) {
      const c = s[j];
      if (c === "'" || c === '\u2018' || c === '\u2019') {
        if (s[j + 1] === "'") {
          j++;
          continue;
        }
        break;
      }
    }
    const end = Math.min(j + 1, this.hi);
    toks.push({ t: 'str', start: i, end, single: true });
    return end;
  }

  private hereSingle(i: number, toks: PTok[]): number {
    const s = this.s;
    const close = s.indexOf("\n'@", i + 2);
    const end = close === -1 || close + 3 > this.hi ? this.hi : close + 3;
    toks.push({ t: 'str', start: i, end, single: true, here: true });
    return end;
  }

  /** Double-quoted string or here-string: records `$env:` expansions and lexes `$( )` subexpressions. */
  private double(i: number, toks: PTok[], depth: number, here: boolean): number {
    const s = this.s;
    const subs: PTok[] = [];
    let dynamic = false;
    let j = here ? i + 2 : i + 1;
    let end = this.hi;
    while (j < this.hi) {
      const c = s[j] as string;
      if (c === '`') {
        j += 2;
        continue;
      }
      if (here) {
        if (c === '\n' && s[j + 1] === '"' && s[j + 2] === '@') {
          end = j + 3;
          break;
        }
      } else if (c === '"' || c === '\u201c' || c === '\u201d') {
        if (s[j + 1] === '"') {
          j += 2;
          continue;
        }
        end = j + 1;
        break;
      }
      if (c === '$') {
        const n = s[j + 1];
        if (n === '(' && depth < MAX_DEPTH) {
          dynamic = true;
          j = this.group(j, '$(', 2, subs, depth);
          continue;
        }
        if (n !== undefined && /[A-Za-z_{]/.test(n)) {
          dynamic = true;
          const scratch: PTok[] = [];
          j = this.variable(j, scratch, true);
          continue;
        }
      }
      j++;
    }
    toks.push({ t: 'str', start: i, end: Math.min(end, this.hi), body: subs, here, dynamic });
    return Math.min(end, this.hi);
  }
}

// ---------------------------------------------------------------------------
// Structure

const STATEMENT_BREAK = new Set([';', '&&', '||']);

/** Splits a token list into statements (pipelines); newlines end statements unless a pipe continues them. */
export function splitStatements(toks: PTok[]): PTok[][] {
  const out: PTok[][] = [];
  let cur: PTok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as PTok;
    if (t.t === 'nl') {
      const last = cur[cur.length - 1];
      if (last?.t === 'op' && last.s === '|') continue;
      let k = i + 1;
      while (k < toks.length && (toks[k] as PTok).t === 'nl') k++;
      const next = toks[k];
      if (next?.t === 'op' && next.s === '|' && cur.length > 0) {
        i = k - 1;
        continue;
      }
      if (cur.length) out.push(cur);
      cur = [];
      continue;
    }
    if (t.t === 'op' && STATEMENT_BREAK.has(t.s as string)) {
      if (cur.length) out.push(cur);
      cur = [];
      continue;
    }
    cur.push(t);
  }
  if (cur.length) out.push(cur);
  return out;
}

export function splitPipeline(stmt: PTok[]): PTok[][] {
  const out: PTok[][] = [];
  let cur: PTok[] = [];
  for (const t of stmt) {
    if (t.t === 'op' && t.s === '|') {
      out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  out.push(cur);
  return out.filter((e) => e.length > 0);
}

/** Groups touching tokens into arguments (`-Path:$x`, `foo"bar"`, `(New-Object X).Method(...)`). */
export function argGroups(toks: PTok[]): PTok[][] {
  const out: PTok[][] = [];
  let cur: PTok[] = [];
  for (const t of toks) {
    const prev = cur[cur.length - 1];
    const isOp = t.t === 'op';
    if (prev && !isOp && prev.t !== 'op' && (prev.end === t.start || t.t === 'member')) {
      cur.push(t);
      continue;
    }
    if (cur.length) out.push(cur);
    cur = [t];
  }
  if (cur.length) out.push(cur);
  return out;
}
