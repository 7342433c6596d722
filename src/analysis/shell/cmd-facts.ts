/**
 * Facts for Windows `cmd` scripts, from a hand-written scanner that follows
 * cmd's own rules: `"` toggles quoting, `^` escapes, `&`/`&&`/`||`/`|`
 * separate commands, `( ... )` blocks, `REM`/`::` comments. A digit before
 * `>` counts as a stream handle only when it stands alone (`echo x 2>nul`);
 * `echo A=1>>f` is read as writing `A=1`.
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
import { cmdEnvTarget, keysInText, targetHasKeys } from './env-targets.js';
import { FactSink } from './fact-sink.js';
import { pwshRemoteExecutions } from './pwsh-facts.js';
import type { EnvFileTarget, ShellDialect, ShellFacts, TextSpan } from './types.js';

interface CWord extends WordLike {}

interface Redir {
  op: string;
  fd: string | undefined;
  target: CWord;
}

interface CCmd {
  kind: 'cmd';
  start: number;
  end: number;
  words: CWord[];
  redirects: Redir[];
}

interface CBlock {
  kind: 'block';
  start: number;
  end: number;
  body: CPipeline[];
  redirects: Redir[];
}

type CElem = CCmd | CBlock;

interface CPipeline {
  start: number;
  end: number;
  elems: CElem[];
}

const MAX_DEPTH = 50;

export function analyzeCmd(script: string, masked: string, dialect: ShellDialect): ShellFacts {
  const sink = new FactSink(script);
  const parser = new CmdParser(script, masked, sink);
  const top = parser.sequence(0, false, 0).items;
  const a = new CmdAnalysis(script, masked, sink);
  a.pipelines(top, 0);
  return sink.finish(dialect, true, detectDownloadThenRun(a.steps, script, true));
}

// ---------------------------------------------------------------------------
// Parsing

class CmdParser {
  private readonly n: number;

  constructor(
    private readonly src: string,
    private readonly s: string,
    private readonly sink: FactSink,
  ) {
    this.n = s.length;
  }

  /** Pipelines until end of input, or until the `)` closing a block when `inBlock`. */
  sequence(i: number, inBlock: boolean, depth: number): { items: CPipeline[]; end: number } {
    const items: CPipeline[] = [];
    const s = this.s;
    while (i < this.n) {
      i = this.skipBlanks(i, true);
      if (i >= this.n) break;
      const c = s[i] as string;
      if (c === ')' && inBlock) return { items, end: i + 1 };
      if (c === '&' || c === '|' || c === '\n' || c === '\r') {
        i++;
        continue;
      }
      if (this.isComment(i)) {
        while (i < this.n && s[i] !== '\n') i++;
        continue;
      }
      const p = this.pipeline(i, inBlock, depth);
      if (p.pipeline.elems.length) items.push(p.pipeline);
      i = p.end > i ? p.end : i + 1;
    }
    return { items, end: i };
  }

  private skipBlanks(i: number, atStart: boolean): number {
    const s = this.s;
    while (i < this.n) {
      const c = s[i];
      if (c === ' ' || c === '\t' || c === ';' || c === ',' || (atStart && c === '@')) i++;
      else if (c === '^' && (s[i + 1] === '\n' || s[i + 1] === '\r')) i += s[i + 1] === '\r' ? 3 : 2;
      else break;
    }
    return i;
  }

  private isComment(i: number): boolean {
    const s = this.s;
    if (s[i] === ':' && s[i + 1] === ':') return true;
    if (s[i] === ':' && /[A-Za-z_]/.test(s[i + 1] ?? '')) return true; // label
    return /^rem(\s|$)/i.test(s.slice(i, i + 4));
  }

  private pipeline(i: number, inBlock: boolean, depth: number): { pipeline: CPipeline; end: number } {
    const elems: CElem[] = [];
    const s = this.s;
    let start = i;
    for (;;) {
      i = this.skipBlanks(i, true);
      if (elems.length === 0) start = i;
      const el = this.element(i, inBlock, depth);
      if (el.elem) elems.push(el.elem);
      i = el.end;
      if (s[i] === '|' && s[i + 1] !== '|') {
        i++;
        continue;
      }
      break;
    }
    const last = elems[elems.length - 1];
    return { pipeline: { start, end: last ? last.end : i, elems }, end: i };
  }

  private element(i: number, inBlock: boolean, depth: number): { elem?: CElem; end: number } {
    const s = this.s;
    if (s[i] === '(' && depth < MAX_DEPTH) {
      const inner = this.sequence(i + 1, true, depth + 1);
      const block: CBlock = { kind: 'block', start: i, end: inner.end, body: inner.items, redirects: [] };
      const after = this.simple(inner.end, inBlock, true);
      block.redirects = after.redirects;
      if (after.redirects.length) block.end = Math.max(block.end, after.end);
      return { elem: block, end: after.stop };
    }
    const cmd = this.simple(i, inBlock, false);
    if (cmd.words.length === 0 && cmd.redirects.length === 0) return { end: cmd.stop };
    return { elem: { kind: 'cmd', start: cmd.start, end: cmd.end, words: cmd.words, redirects: cmd.redirects }, end: cmd.stop };
  }

  /** Words and redirects of one command, stopping at an operator (index `stop`). */
  private simple(
    i: number,
    inBlock: boolean,
    redirectsOnly: boolean,
  ): { words: CWord[]; redirects: Redir[]; start: number; end: number; stop: number } {
    const s = this.s;
    const words: CWord[] = [];
    const redirects: Redir[] = [];
    let start = -1;
    let end = i;
    while (i < this.n) {
      i = this.skipBlanks(i, false);
      const c = s[i];
      if (c === undefined || c === '\n' || c === '\r' || c === '&' || c === '|') break;
      if (c === ')' && inBlock) break;
      if (c === '>' || c === '<' || (/[0-9]/.test(c) && s[i + 1] === '>' && (i === 0 || /[\s(]/.test(s[i - 1] as string)))) {
        const opStart = i;
        let fd: string | undefined;
        if (/[0-9]/.test(c)) {
          fd = c;
          i++;
        }
        let op = s[i] as string;
        i++;
        if (s[i] === op) {
          op += op;
          i++;
        }
        if (s[i] === '&' && /[0-9]/.test(s[i + 1] ?? '')) {
          i += 2;
          if (start < 0) start = opStart;
          end = i;
          continue;
        }
        i = this.skipBlanks(i, false);
        const w = this.word(i, inBlock);
        if (w) {
          redirects.push({ op, fd, target: w.word });
          i = w.end;
        }
        if (start < 0) start = opStart;
        end = i;
        continue;
      }
      if (redirectsOnly) break;
      const w = this.word(i, inBlock);
      if (!w) break;
      const word = w.word;
      const next = w.end;
      words.push(word);
      if (start < 0) start = word.start;
      end = next;
      i = next;
    }
    return { words, redirects, start: start < 0 ? i : start, end, stop: i };
  }

  private word(i: number, inBlock: boolean): { word: CWord; end: number } | undefined {
    const s = this.s;
    const start = i;
    let quoted = false;
    while (i < this.n) {
      const c = s[i] as string;
      if (c === '\n' || c === '\r') break;
      if (c === '"') {
        quoted = !quoted;
        i++;
        continue;
      }
      if (!quoted) {
        if (c === '^') {
          i += 2;
          continue;
        }
        if (c === ' ' || c === '\t' || c === '&' || c === '|' || c === '>' || c === '<') break;
        if (c === ')' && inBlock) break;
      }
      if (c === '%' || c === '!') {
        const x = this.expansion(i, quoted);
        if (x > i) {
          i = x;
          continue;
        }
      }
      i++;
    }
    if (i === start) return undefined;
    const end = Math.min(i, this.n);
    return { word: this.makeWord(start, end), end };
  }

  private expansion(i: number, quoted: boolean): number {
    const s = this.s;
    const c = s[i] as string;
    const close = s.indexOf(c, i + 1);
    if (close === -1 || close - i > 260) return i;
    const inner = s.slice(i + 1, close);
    const m = /^([A-Za-z_][A-Za-z0-9_.#$@-]*)(?::[^%!]*)?$/.exec(inner);
    if (!m) return i;
    this.sink.expansions.push({ name: m[1] as string, start: i, end: close + 1, quoted, inEvalArgument: false });
    return close + 1;
  }

  makeWord(start: number, end: number): CWord {
    const raw = this.src.slice(start, end);
    const m = this.s.slice(start, end);
    const literal = !/[%!]/.test(m) && raw === m;
    const value = literal ? m.replace(/\^(.)/g, '$1').replace(/"/g, '') : raw.replace(/"/g, '');
    return { raw, value, literal, start, end };
  }
}

// ---------------------------------------------------------------------------
// Facts

class CmdAnalysis {
  readonly steps: TrackedStep[] = [];

  constructor(
    private readonly src: string,
    private readonly masked: string,
    private readonly sink: FactSink,
  ) {}

  pipelines(items: CPipeline[], depth: number): void {
    for (const p of items) {
      for (let k = 0; k < p.elems.length; k++) {
        const e = p.elems[k] as CElem;
        for (const r of e.redirects) {
          if (r.op !== '>' && r.op !== '>>') continue;
          if (r.fd !== undefined && r.fd !== '1') continue;
          const target = cmdEnvTarget(r.target.raw);
          if (target) this.envWrite(target, p.elems.length > 1 ? p : e, p.elems.slice(0, k + 1));
        }
        if (e.kind === 'block') {
          if (depth < MAX_DEPTH) this.pipelines(e.body, depth + 1);
          continue;
        }
        this.command(e, p, k);
      }
    }
  }

  private invocation(c: CCmd): Invocation | undefined {
    const w = c.words[0];
    if (!w) return undefined;
    const name = w.literal ? commandBasename(w.value, true) : w.raw;
    return { name, word: w, args: c.words.slice(1), start: c.start, end: c.end };
  }

  private command(c: CCmd, p: CPipeline, k: number): void {
    const inv = this.invocation(c);
    if (!inv) return;
    const chain = unwrapInvocation(inv, true);
    for (const x of chain) {
      this.sink.commands.push({ name: x.name, args: x.args.map((w) => (w.literal ? w.value : w.raw)), start: x.start, end: x.end });
    }
    const x = chain[chain.length - 1] as Invocation;
    const key = commandKey(x.name);

    const dl = downloadInfo(x);
    if (dl?.outFile) {
      this.steps.push(
        dl.url !== undefined
          ? { kind: 'download', file: dl.outFile, url: dl.url, start: c.start, end: c.end }
          : { kind: 'download', file: dl.outFile, start: c.start, end: c.end },
      );
    } else if (isVerification(x, k < p.elems.length - 1)) {
      this.steps.push({ kind: 'verify', start: c.start, end: c.end });
    } else if (key !== 'echo' && key !== 'set' && key !== 'cd' && key !== 'if' && key !== 'for') {
      const ran = executedFile(x, true);
      if (ran) this.steps.push({ kind: 'run', file: ran.value, start: c.start, end: c.end });
    }

    const use = interpreterUse(x);
    if (use?.codeArgs && use.codeFlag) {
      this.sink.evalSink(`${x.name} ${use.codeFlag}`, c, use.codeArgs);
      if (use.family === 'pwsh') {
        const first = use.codeArgs[0] as WordLike;
        const last = use.codeArgs[use.codeArgs.length - 1] as WordLike;
        let lo = first.start;
        let hi = last.end;
        if (this.masked[lo] === '"' && this.masked[hi - 1] === '"' && hi - lo >= 2) {
          lo++;
          hi--;
        }
        for (const r of pwshRemoteExecutions(this.src, this.masked, lo, hi)) this.sink.remoteExecutions.push(r);
      }
    } else if (use?.readsStdin && k > 0) {
      const producers = p.elems.slice(0, k);
      const dlHit = producers.map((e) => this.downloadIn(e)).find((d) => d !== undefined);
      if (dlHit) this.sink.remote('pipe-to-shell', p, dlHit.url);
      else this.sink.evalSinkSpan(`| ${x.name}`, c, p.start, (p.elems[k - 1] as CElem).end);
    }
  }

  private downloadIn(e: CElem): { url?: string } | undefined {
    if (e.kind === 'block') {
      for (const p of e.body)
        for (const x of p.elems) {
          const d = this.downloadIn(x);
          if (d) return d;
        }
      return undefined;
    }
    const inv = this.invocation(e);
    if (!inv) return undefined;
    const x = unwrapInvocation(inv, true).at(-1) as Invocation;
    const info = downloadInfo(x);
    return info ? (info.url !== undefined ? { url: info.url } : {}) : undefined;
  }

  private envWrite(target: EnvFileTarget, at: { start: number; end: number }, producers: CElem[]): void {
    const written: TextSpan[] = [];
    const names: string[] = [];
    for (const e of producers) this.collect(e, written, targetHasKeys(target) ? names : undefined, 0);
    written.sort((a, b) => a.start - b.start);
    this.sink.envWrite({ target, start: at.start, end: at.end, written, names });
  }

  private collect(e: CElem, out: TextSpan[], names: string[] | undefined, depth: number): void {
    if (depth > MAX_DEPTH) return;
    if (e.kind === 'block') {
      for (const p of e.body)
        for (const x of p.elems) {
          if (x.redirects.some((r) => (r.op === '>' || r.op === '>>') && (r.fd === undefined || r.fd === '1'))) continue;
          this.collect(x, out, names, depth + 1);
        }
      return;
    }
    const inv = this.invocation(e);
    if (!inv) return;
    const x = unwrapInvocation(inv, true).at(-1) as Invocation;
    const key = commandKey(x.name);
    const args = x.args;
    const first = args[0];
    const last = args[args.length - 1];
    if (!first || !last) return;
    if (key === 'echo') {
      const span = { start: first.start, end: last.end, text: this.src.slice(first.start, last.end) };
      out.push(span);
      if (names) keysInText(span.text, false, names);
      return;
    }
    if (key === 'type') return;
    for (const a of args) out.push({ start: a.start, end: a.end, text: a.raw });
  }
}
