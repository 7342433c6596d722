/**
 * Facts for PowerShell (`pwsh` and Windows `powershell`) scripts, from the
 * hand-written tokenizer in pwsh-lexer.ts. Names are matched case-insensitively.
 */
import {
  commandBasename,
  commandKey,
  downloadInfo,
  executedFile,
  type Invocation,
  interpreterUse,
  isVerification,
  unwrapInvocation,
  type WordLike,
} from './command-semantics.js';
import { detectDownloadThenRun, type TrackedStep } from './download-run.js';
import { keysInText, pwshEnvTarget, targetHasKeys } from './env-targets.js';
import { FactSink } from './fact-sink.js';
import { argGroups, lexPwsh, type PTok, splitPipeline, splitStatements } from './pwsh-lexer.js';
import type { EnvFileTarget, RemoteExecution, ShellDialect, ShellFacts, TextSpan } from './types.js';

const KEYWORDS = new Set([
  'if',
  'elseif',
  'else',
  'foreach',
  'for',
  'while',
  'do',
  'until',
  'switch',
  'function',
  'filter',
  'try',
  'catch',
  'finally',
  'trap',
  'return',
  'throw',
  'exit',
  'break',
  'continue',
  'param',
  'begin',
  'process',
  'end',
  'class',
  'enum',
  'using',
  'data',
  'dynamicparam',
  'workflow',
  'in',
  'configuration',
]);
const DL_WORDS = new Set(['iwr', 'invoke-webrequest', 'irm', 'invoke-restmethod', 'curl', 'wget', 'start-bitstransfer']);
const DL_MEMBERS = new Set(['downloadstring', 'downloaddata', 'downloadstringtaskasync', 'getstringasync', 'openread']);
const IEX = new Set(['iex', 'invoke-expression']);
const FILE_WRITERS = new Set(['add-content', 'ac', 'set-content', 'sc', 'out-file', 'tee-object', 'tee']);
const ECHOERS = new Set(['echo', 'write-output', 'write', 'write-host', 'write-information']);
const FILE_METHODS = new Set(['appendalltext', 'appendalllines', 'writealltext', 'writealllines']);
/** Parameters of the file-writing cmdlets that take a value. */
const VALUE_PARAMS = new Set([
  '-path',
  '-filepath',
  '-literalpath',
  '-pspath',
  '-lp',
  '-value',
  '-inputobject',
  '-encoding',
  '-width',
  '-stream',
  '-filter',
  '-include',
  '-exclude',
  '-credential',
  '-variable',
  '-delimiter',
]);
const MAX_DEPTH = 60;

interface Elem {
  toks: PTok[];
  start: number;
  end: number;
  inv?: Invocation;
  callOp?: '&' | '.';
  /** Arguments (or, for expressions, the value groups) excluding operators and redirections. */
  values: PTok[][];
  redirects: { op: string; target: PTok[] }[];
}

export function analyzePwsh(script: string, masked: string, dialect: ShellDialect): ShellFacts {
  const a = new PwshAnalysis(script, masked, new FactSink(script), true);
  a.run(0, masked.length);
  return a.sink.finish(dialect, true, detectDownloadThenRun(a.steps, script, true));
}

/** Remote executions inside an embedded PowerShell program (`pwsh -c "..."` from bash or cmd). */
export function pwshRemoteExecutions(script: string, masked: string, lo: number, hi: number): RemoteExecution[] {
  const a = new PwshAnalysis(script, masked, new FactSink(script), false);
  a.run(lo, hi);
  return a.sink.remoteExecutions;
}

class PwshAnalysis {
  readonly steps: TrackedStep[] = [];
  private readonly templated: boolean;

  constructor(
    private readonly src: string,
    private readonly masked: string,
    readonly sink: FactSink,
    private readonly recordExpansions: boolean,
  ) {
    this.templated = src !== masked;
  }

  run(lo: number, hi: number): void {
    const toks = lexPwsh(this.masked, lo, hi, (name, start, end, quoted) => {
      if (this.recordExpansions) this.sink.expansions.push({ name, start, end, quoted, inEvalArgument: false });
    });
    this.block(toks, 0);
  }

  private text(a: { start: number; end: number }): string {
    return this.src.slice(a.start, a.end);
  }

  private block(toks: PTok[], depth: number): void {
    if (depth > MAX_DEPTH) return;
    for (const stmt of splitStatements(toks)) this.statement(stmt, depth);
  }

  // -------------------------------------------------------------------------
  // Statements

  private statement(stmt: PTok[], depth: number): void {
    const first = stmt[0];
    const last = stmt[stmt.length - 1];
    if (!first || !last) return;
    const span = { start: first.start, end: last.end };
    const elems = splitPipeline(stmt).map((e) => this.elem(e));
    for (let k = 0; k < elems.length; k++) this.element(elems, k, span);
    // Nested blocks: (...), $(...), {...}, and subexpressions inside strings.
    for (const t of stmt) this.nested(t, depth);
  }

  private nested(t: PTok, depth: number): void {
    if (t.t === 'group' && t.s !== '[' && t.body) this.block(t.body, depth + 1);
    else if (t.t === 'str' && t.body) for (const g of t.body) this.nested(g, depth);
  }

  private elem(toks: PTok[]): Elem {
    const groups = argGroups(toks);
    const first = toks[0] as PTok;
    const last = toks[toks.length - 1] as PTok;
    const e: Elem = { toks, start: first.start, end: last.end, values: [], redirects: [] };
    // Assignment: analyse the value (`$r = Invoke-WebRequest ...`).
    const eq = groups.findIndex((g) => g.length === 1 && g[0]?.t === 'op' && (g[0].s === '=' || g[0].s === '+='));
    if (eq >= 1 && eq <= 2) {
      const rest = groups.slice(eq + 1).flat();
      if (rest.length > 0) {
        const inner = this.elem(rest);
        inner.start = e.start;
        return inner;
      }
    }
    const plain: PTok[][] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as PTok[];
      const t = g[0] as PTok;
      if (g.length === 1 && t.t === 'op' && /^[1-6*]?>>?$/.test(t.s as string)) {
        const target = groups[i + 1];
        if (target) {
          e.redirects.push({ op: t.s as string, target });
          i++;
        }
        continue;
      }
      plain.push(g);
    }
    const g0 = plain[0];
    const t0 = g0?.[0];
    if (!g0 || !t0) return e;
    let nameGroup: PTok[] | undefined;
    let argStart = 1;
    if (t0.t === 'op' && (t0.s === '&' || t0.s === '.') && g0.length === 1) {
      e.callOp = t0.s;
      nameGroup = plain[1];
      argStart = 2;
    } else if (t0.t === 'word' && g0.length === 1) {
      const w = this.masked.slice(t0.start, t0.end);
      if (!KEYWORDS.has(w.toLowerCase()) && !/^(-|\+|\d|\.\d)/.test(w)) nameGroup = g0;
    }
    const values = plain.slice(nameGroup ? argStart : 0).filter((g) => !(g.length === 1 && g[0]?.t === 'op'));
    e.values = values;
    if (nameGroup) {
      const word = this.word(nameGroup);
      e.inv = {
        name: word.literal ? commandBasename(word.value, true) : word.raw,
        word,
        args: values.map((g) => this.word(g)),
        start: e.start,
        end: e.end,
      };
    }
    return e;
  }

  private word(g: PTok[]): WordLike {
    const first = g[0] as PTok;
    const last = g[g.length - 1] as PTok;
    const raw = this.src.slice(first.start, last.end);
    let value = '';
    let literal = true;
    for (const t of g) {
      const part = this.tokValue(t);
      value += part.value;
      literal &&= part.literal;
    }
    if (this.templated && raw !== this.masked.slice(first.start, last.end)) {
      literal = false;
      value = /^(["']).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
    }
    return { raw, value, literal, start: first.start, end: last.end };
  }

  private tokValue(t: PTok): { value: string; literal: boolean } {
    const raw = this.src.slice(t.start, t.end);
    if (t.t === 'word') return { value: unescapePs(raw), literal: !raw.includes('$') };
    if (t.t === 'str') {
      const inner = t.here
        ? raw
            .slice(2, -2)
            .replace(/^[ \t]*\r?\n/, '')
            .replace(/\r?\n$/, '')
        : raw.slice(1, -1);
      if (t.single) return { value: inner.replace(/''/g, "'"), literal: true };
      return { value: unescapePs(inner).replace(/""/g, '"'), literal: !t.dynamic };
    }
    return { value: raw, literal: false };
  }

  private span(a: { start: number; end: number }): TextSpan {
    return { start: a.start, end: a.end, text: this.text(a) };
  }

  // -------------------------------------------------------------------------
  // Elements

  private element(elems: Elem[], k: number, stmt: { start: number; end: number }): void {
    const e = elems[k] as Elem;
    const before = elems.slice(0, k);
    const prevSpan = k > 0 ? { start: (elems[0] as Elem).start, end: (elems[k - 1] as Elem).end } : undefined;

    for (const r of e.redirects) {
      if (/^[2-6]/.test(r.op)) continue;
      const target = pwshEnvTarget(this.word(r.target).raw);
      if (target) this.envWrite(target, stmt, elems.slice(0, k + 1), []);
    }

    this.expressionPatterns(e, stmt);

    const inv = e.inv;
    if (!inv) return;
    const chain = unwrapInvocation(inv, true);
    const exprName = e.callOp !== undefined && inv.word.raw.startsWith('(');
    for (const c of exprName ? [] : chain) {
      this.sink.commands.push({ name: c.name, args: c.args.map((w) => (w.literal ? w.value : w.raw)), start: c.start, end: c.end });
    }
    const x = chain[chain.length - 1] as Invocation;
    const key = commandKey(x.name);

    // Download / verify / run tracking.
    const dl = DL_WORDS.has(key) || key === 'certutil' || key === 'bitsadmin' ? downloadInfo(x) : undefined;
    if (dl?.outFile) {
      this.steps.push(
        dl.url !== undefined
          ? { kind: 'download', file: dl.outFile, url: dl.url, start: e.start, end: e.end }
          : { kind: 'download', file: dl.outFile, start: e.start, end: e.end },
      );
    } else if (isVerification(x, k < elems.length - 1)) {
      this.steps.push({ kind: 'verify', start: e.start, end: e.end });
    } else if (e.callOp) {
      this.steps.push({ kind: 'run', file: inv.word.value, start: e.start, end: e.end });
    } else {
      const ran = executedFile(x, false);
      if (ran) this.steps.push({ kind: 'run', file: ran.value, start: e.start, end: e.end });
    }

    if (e.callOp === '.') this.sink.evalSinkSpan('.', e, inv.word.start, inv.word.end);

    if (IEX.has(key)) {
      const args = x.args.filter((a) => !/^-command:?$/i.test(a.value));
      if (args.length > 0) this.sink.evalSink('Invoke-Expression', e, args);
      else if (prevSpan) this.sink.evalSinkSpan('Invoke-Expression', e, prevSpan.start, prevSpan.end);
      const dlAt = this.findDownload(e.values.flat()) ?? this.findDownloadIn(before);
      if (dlAt) this.sink.remote('iex', stmt, dlAt.url);
    }

    const use = interpreterUse(x);
    if (use?.codeArgs && use.codeFlag) {
      this.sink.evalSink(`${x.name} ${use.codeFlag}`, e, use.codeArgs);
      if (use.family === 'pwsh') {
        for (const a of use.codeArgs) {
          const q = this.masked[a.start];
          const quoted = (q === '"' || q === "'") && a.end - a.start >= 2;
          const nested = pwshRemoteExecutions(this.src, this.masked, quoted ? a.start + 1 : a.start, quoted ? a.end - 1 : a.end);
          for (const r of nested) this.sink.remoteExecutions.push(r);
        }
      }
    } else if (use?.readsStdin && prevSpan) {
      const dlAt = this.findDownloadIn(before);
      if (dlAt) this.sink.remote('pipe-to-shell', stmt, dlAt.url);
      else this.sink.evalSinkSpan(`| ${x.name}`, e, prevSpan.start, prevSpan.end);
    }

    if (FILE_WRITERS.has(key)) this.cmdletWrite(x, key, elems, k, stmt);
  }

  /** `Add-Content -Path $env:GITHUB_ENV -Value ...`, `... | Out-File -FilePath $env:GITHUB_OUTPUT -Append`. */
  private cmdletWrite(x: Invocation, key: string, elems: Elem[], k: number, stmt: { start: number; end: number }): void {
    const named = new Map<string, WordLike>();
    const positional: WordLike[] = [];
    for (let i = 0; i < x.args.length; i++) {
      const a = x.args[i] as WordLike;
      const m = /^(-[A-Za-z]+)(:?)(.*)$/s.exec(a.value);
      if (m && !a.value.startsWith('-"')) {
        const p = (m[1] as string).toLowerCase();
        if (m[2] === ':') {
          const off = a.raw.indexOf(':') + 1;
          named.set(p, { raw: a.raw.slice(off), value: m[3] as string, literal: a.literal, start: a.start + off, end: a.end });
        } else if (VALUE_PARAMS.has(p) && x.args[i + 1]) {
          named.set(p, x.args[i + 1] as WordLike);
          i++;
        }
        continue;
      }
      positional.push(a);
    }
    const path =
      named.get('-path') ??
      named.get('-filepath') ??
      named.get('-literalpath') ??
      named.get('-pspath') ??
      named.get('-lp') ??
      positional[0];
    if (!path) return;
    const target = pwshEnvTarget(path.raw);
    if (!target) return;
    const extra: WordLike[] = [];
    const contentCmdlet = key === 'add-content' || key === 'ac' || key === 'set-content' || key === 'sc';
    const value =
      named.get('-value') ?? named.get('-inputobject') ?? (contentCmdlet ? positional[path === positional[0] ? 1 : 0] : undefined);
    if (value) extra.push(value);
    this.envWrite(target, stmt, elems.slice(0, k), extra);
  }

  /** Static and member calls: `[IO.File]::AppendAllText(...)`, `[scriptblock]::Create(...)`, `.DownloadFile(u, f)`. */
  private expressionPatterns(e: Elem, stmt: { start: number; end: number }): void {
    const toks = e.toks;
    for (let i = 0; i + 1 < toks.length; i++) {
      const m = toks[i + 1] as PTok;
      const call = toks[i + 2];
      if (m.t !== 'member' || call?.t !== 'group' || call.s !== '(' || call.start !== m.end) continue;
      const method = (m.s as string).toLowerCase();
      const recv = toks[i] as PTok;
      const recvText =
        recv.t === 'group' && recv.s === '['
          ? this.masked
              .slice(recv.start + 1, recv.end - 1)
              .replace(/\s+/g, '')
              .toLowerCase()
          : '';
      const args = splitCommas(call.body ?? []);
      if (FILE_METHODS.has(method) && /^(system\.)?io\.file$/.test(recvText)) {
        const p = args[0];
        const target = p?.length ? pwshEnvTarget(this.word(p).raw) : undefined;
        if (target) {
          const written: TextSpan[] = [];
          const names: string[] = [];
          for (const a of args.slice(1)) {
            if (!a.length) continue;
            const w = this.word(a);
            written.push(this.span(w));
            if (targetHasKeys(target)) this.keysFromToks(a, names);
          }
          this.sink.envWrite({ target, start: stmt.start, end: stmt.end, written, names });
        }
      } else if (method === 'create' && /^(system\.management\.automation\.)?scriptblock$/.test(recvText)) {
        this.sink.evalSinkSpan('[scriptblock]::Create', e, call.start + 1, call.end - 1);
        const dl = this.findDownload(call.body ?? []);
        if (dl) this.sink.remote('iex', stmt, dl.url);
      } else if (method === 'invokescript' || method === 'newscriptblock') {
        this.sink.evalSinkSpan(`.${m.s}`, e, call.start + 1, call.end - 1);
        const dl = this.findDownload(call.body ?? []);
        if (dl) this.sink.remote('iex', stmt, dl.url);
      } else if (method === 'downloadfile') {
        const u = args[0];
        const f = args[1];
        if (u?.length && f?.length) {
          const url = this.word(u).value;
          this.steps.push({ kind: 'download', file: this.word(f).value, url, start: e.start, end: e.end });
        }
      }
    }
  }

  // -------------------------------------------------------------------------
  // Env files

  private envWrite(target: EnvFileTarget, stmt: { start: number; end: number }, producers: Elem[], extra: WordLike[]): void {
    const written: TextSpan[] = [];
    const names: string[] = [];
    const keys = targetHasKeys(target);
    for (const p of producers) {
      const key = p.inv ? commandKey((unwrapInvocation(p.inv, true).at(-1) as Invocation).name) : undefined;
      if (key !== undefined && FILE_WRITERS.has(key)) continue;
      for (const g of p.values) {
        const first = g[0] as PTok;
        if (key !== undefined && first.t === 'word' && /^-[A-Za-z]/.test(this.masked.slice(first.start, first.end))) continue;
        written.push(this.span(this.word(g)));
        if (keys && (key === undefined || ECHOERS.has(key))) this.keysFromToks(g, names);
      }
    }
    for (const w of extra) {
      written.push(this.span(w));
      if (keys) keysInText(w.raw, true, names);
    }
    written.sort((a, b) => a.start - b.start);
    this.sink.envWrite({ target, start: stmt.start, end: stmt.end, written, names });
  }

  private keysFromToks(g: PTok[], names: string[]): void {
    for (const t of g) {
      if (t.t === 'str' || t.t === 'word') keysInText(this.tokValue(t).value, !t.single, names);
      else if (t.t === 'group' && t.body) for (const part of splitCommas(t.body)) this.keysFromToks(part, names);
    }
  }

  // -------------------------------------------------------------------------
  // Downloads

  private findDownloadIn(elems: Elem[]): { url?: string } | undefined {
    for (const e of elems) {
      const hit = this.findDownload(e.toks);
      if (hit) return hit;
    }
    return undefined;
  }

  /** A web download anywhere in `toks` (cmdlet, curl/wget, or WebClient.DownloadString), with its URL if literal. */
  private findDownload(toks: PTok[], depth = 0): { url?: string } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i] as PTok;
      let hit = false;
      if (t.t === 'word') hit = DL_WORDS.has(commandKey(this.masked.slice(t.start, t.end)));
      else if (t.t === 'member') hit = DL_MEMBERS.has((t.s as string).toLowerCase());
      if (hit) {
        const url = this.findUrl(toks.slice(i + 1), depth);
        return url !== undefined ? { url } : {};
      }
      if ((t.t === 'group' || t.t === 'str') && t.body) {
        const inner = this.findDownload(t.body, depth + 1);
        if (inner) return inner;
      }
    }
    return undefined;
  }

  private findUrl(toks: PTok[], depth: number): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    for (const t of toks) {
      if (t.t === 'op' && (t.s === '|' || t.s === ';')) return undefined;
      if (t.t === 'word' || t.t === 'str') {
        const v = this.tokValue(t).value;
        if (v.includes('://')) return v;
      } else if (t.t === 'group' && t.body) {
        const u = this.findUrl(t.body, depth + 1);
        if (u) return u;
      }
    }
    return undefined;
  }
}

function splitCommas(toks: PTok[]): PTok[][] {
  const out: PTok[][] = [[]];
  for (const t of toks) {
    if (t.t === 'op' && t.s === ',') out.push([]);
    else if (t.t !== 'nl') (out[out.length - 1] as PTok[]).push(t);
  }
  return out;
}

const PS_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v' };

/** Backtick escapes of PowerShell strings and barewords. */
function unescapePs(s: string): string {
  if (!s.includes('`')) return s;
  return s.replace(/`(.)/gs, (_m, c: string) => PS_ESCAPES[c] ?? c);
}
