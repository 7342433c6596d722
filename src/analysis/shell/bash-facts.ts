/**
 * Facts for bash / POSIX sh scripts, from one tree-sitter parse and one
 * iterative pre-order walk of the converted tree. `masked` is the script with
 * template expressions blanked (same length); every reported text comes from
 * `script`.
 */
import { parseBash, type SNode } from './bash-parser.js';
import {
  builtinEvalArgs,
  commandBasename,
  DOWNLOADERS,
  downloadInfo,
  executedFile,
  type Invocation,
  interpreterUse,
  isVerification,
  unwrapInvocation,
  type WordLike,
} from './command-semantics.js';
import { detectDownloadThenRun, type TrackedStep } from './download-run.js';
import { bashEnvTarget, keysInText, printfPreview, targetHasKeys } from './env-targets.js';
import { FactSink } from './fact-sink.js';
import { pwshRemoteExecutions } from './pwsh-facts.js';
import type { EnvFileTarget, ShellDialect, ShellFacts, TextSpan } from './types.js';

interface BashWord extends WordLike {
  node: SNode;
}

const WRITE_OPS = new Set(['>', '>>', '>|', '&>', '&>>']);
const NO_DESCEND = new Set(['raw_string', 'ansi_c_string', 'comment', 'heredoc_start', 'heredoc_end']);
const COLLECT_THROUGH = new Set([
  'pipeline',
  'list',
  'compound_statement',
  'subshell',
  'do_group',
  'if_statement',
  'elif_clause',
  'else_clause',
  'while_statement',
  'for_statement',
  'c_style_for_statement',
  'case_statement',
  'case_item',
  'negated_command',
]);

const COMPLETE = new Set([
  'command',
  'redirected_statement',
  'pipeline',
  'list',
  'declaration_command',
  'unset_command',
  'variable_assignment',
  'variable_assignments',
  'if_statement',
  'while_statement',
  'for_statement',
  'c_style_for_statement',
  'case_statement',
  'function_definition',
  'compound_statement',
  'subshell',
  'negated_command',
  'test_command',
  'comment',
]);
const MAX_RECOVERY_ROUNDS = 4;

const MAX_NEWLINE_FIXES = 3;

/**
 * One parse for a clean script. Two kinds of extra parses, only when needed:
 *
 * - tree-sitter-bash 0.25 sometimes joins a line onto the last command of a
 *   multi-stage pipeline on the line before (`a | b | c` + newline +
 *   `d > f` parses as `c d > f`, with no error). Such a newline, lying between
 *   two words of one command, is replaced by `;` (same length) and the script
 *   is parsed again.
 * - With a syntax error, facts before the line where the error starts come
 *   from that parse, and the rest (earlier lines blanked, offsets unchanged) is
 *   parsed again, a few rounds at most.
 */
export function analyzeBash(script: string, masked: string, dialect: ShellDialect): ShellFacts {
  const a = new BashAnalysis(script, masked);
  let text = masked;
  let lo = 0;
  let parsed = true;
  let fixes = 0;
  for (let round = 1; ; round++) {
    const { root, hasError } = parseBash(text);
    if (fixes < MAX_NEWLINE_FIXES) {
      const joined = joinedNewlines(root, text);
      if (joined.length > 0) {
        fixes++;
        round--;
        const chars = text.split('');
        for (const i of joined) chars[i] = ';';
        text = chars.join('');
        continue;
      }
    }
    if (hasError) parsed = false;
    const bad = hasError && round < MAX_RECOVERY_ROUNDS ? firstBreak(root) : -1;
    const nl = bad < 0 ? -1 : text.indexOf('\n', bad);
    if (nl < 0) {
      a.walk(root, lo, text.length + 1);
      break;
    }
    const cut = nl + 1;
    a.walk(root, lo, cut);
    text = text.slice(0, cut).replace(/[^\n]/g, ' ') + text.slice(cut);
    lo = cut;
  }
  return a.sink.finish(dialect, parsed, detectDownloadThenRun(a.steps, script, false));
}

/** Unescaped newlines lying between two words of one command (the tree-sitter-bash line-joining bug). */
function joinedNewlines(root: SNode, text: string): number[] {
  const out: number[] = [];
  const stack: SNode[] = [root];
  while (stack.length) {
    const n = stack.pop() as SNode;
    if (n.type === 'command') {
      let prev: SNode | undefined;
      for (const c of n.children) {
        if (!c.named || c.type === 'comment') continue;
        if (prev && c.start > prev.end) {
          const nl = text.indexOf('\n', prev.end);
          if (nl !== -1 && nl < c.start && !continued(text, nl)) out.push(nl);
        }
        prev = c;
      }
    }
    for (const c of n.children) if (c.named && c.children.length > 0) stack.push(c);
  }
  return out;
}

/** Is the newline at `nl` escaped by a backslash (line continuation)? */
function continued(text: string, nl: number): boolean {
  let k = nl - 1;
  if (text[k] === '\r') k--;
  return text[k] === '\\';
}

/** Offset where the first syntax error begins: the first incomplete piece inside the first ERROR node. */
function firstBreak(root: SNode): number {
  const stack: SNode[] = [root];
  while (stack.length) {
    const n = stack.pop() as SNode;
    if (n.type === 'ERROR') {
      for (const c of n.children) if (!COMPLETE.has(c.type)) return c.start;
      return Math.max(n.start, n.end - 1);
    }
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as SNode);
  }
  return -1;
}

class BashAnalysis {
  readonly sink: FactSink;
  readonly steps: TrackedStep[] = [];
  private readonly templated: boolean;

  constructor(
    private readonly src: string,
    private readonly masked: string,
  ) {
    this.sink = new FactSink(src);
    this.templated = src !== masked;
  }

  private text(n: { start: number; end: number }): string {
    return this.src.slice(n.start, n.end);
  }

  // -------------------------------------------------------------------------
  // Walk

  /** Pre-order walk handling nodes that start in [lo, hi). */
  walk(root: SNode, lo: number, hi: number): void {
    const nodes: SNode[] = [root];
    const quotedStack: boolean[] = [false];
    while (nodes.length > 0) {
      const n = nodes.pop() as SNode;
      let quoted = quotedStack.pop() as boolean;
      const active = n.start >= lo;
      switch (n.type) {
        case 'simple_expansion':
        case 'expansion':
          if (active) this.expansion(n, quoted);
          break;
        case 'string':
        case 'translated_string':
        case 'heredoc_body':
          quoted = true;
          break;
        case 'command_substitution':
        case 'process_substitution':
          quoted = false;
          break;
        case 'command':
          if (active) this.command(n);
          break;
        case 'declaration_command':
        case 'unset_command':
          if (active) this.declaration(n);
          break;
        case 'pipeline':
          if (active) this.pipeline(n);
          break;
        case 'file_redirect':
          if (active) this.fileRedirect(n);
          break;
        default:
          if (NO_DESCEND.has(n.type)) continue;
      }
      const kids = n.children;
      for (let i = kids.length - 1; i >= 0; i--) {
        const c = kids[i] as SNode;
        if (!c.named || c.end <= lo || c.start >= hi) continue;
        nodes.push(c);
        quotedStack.push(quoted);
      }
    }
  }

  private expansion(n: SNode, quoted: boolean): void {
    let name: string | undefined;
    for (const c of n.children) {
      if (c.type === 'variable_name') {
        name = this.masked.slice(c.start, c.end);
        break;
      }
      if (c.type === 'subscript') {
        const v = c.children.find((x) => x.type === 'variable_name');
        if (v) name = this.masked.slice(v.start, v.end);
        break;
      }
      if (c.type === 'special_variable_name') return;
    }
    if (!name || /^\d+$/.test(name)) return;
    // tree-sitter-bash may start an expansion node at whitespace before the `$`.
    let start = n.start;
    while (start < n.end && this.masked.charCodeAt(start) !== 36) start++;
    this.sink.expansions.push({ name, start, end: n.end, quoted, inEvalArgument: false });
  }

  // -------------------------------------------------------------------------
  // Words and invocations

  private word(n: SNode): BashWord {
    const raw = this.text(n);
    let { value, literal } = this.value(n, raw);
    if (this.templated && raw !== this.masked.slice(n.start, n.end)) {
      literal = false;
      value = stripOuterQuotes(raw);
    }
    return { node: n, raw, value, literal, start: n.start, end: n.end };
  }

  private value(n: SNode, raw: string): { value: string; literal: boolean } {
    switch (n.type) {
      case 'word':
        return { value: raw.includes('\\') ? raw.replace(/\\(.)/gs, '$1') : raw, literal: true };
      case 'number':
        return { value: raw, literal: true };
      case 'raw_string':
        return { value: raw.slice(1, -1), literal: true };
      case 'ansi_c_string':
        return { value: raw.slice(2, -1), literal: true };
      case 'string':
      case 'translated_string': {
        const inner = raw.slice(n.type === 'string' ? 1 : 2, -1);
        const literal = n.children.every((c) => !c.named || c.type === 'string_content');
        return { value: literal ? inner.replace(/\\([$`"\\\n])/g, '$1') : inner, literal };
      }
      case 'concatenation': {
        let value = '';
        let literal = true;
        for (const c of n.children) {
          const part = this.value(c, this.text(c));
          value += part.value;
          literal &&= part.literal;
        }
        return { value, literal };
      }
      default:
        return { value: raw, literal: false };
    }
  }

  /** Name node, argument words and redirects of a `command` node, including args tree-sitter attaches to redirects. */
  private parts(cmd: SNode): { nameNode?: SNode; args: BashWord[]; herestrings: SNode[] } {
    let nameNode: SNode | undefined;
    const args: BashWord[] = [];
    const herestrings: SNode[] = [];
    let extra = false;
    const addExtras = (redirect: SNode): void => {
      let seenDest = false;
      for (const d of redirect.children) {
        if (!d.named || d.type === 'file_descriptor') continue;
        if (seenDest) {
          args.push(this.word(d));
          extra = true;
        }
        seenDest = true;
      }
    };
    for (const c of cmd.children) {
      if (!c.named) continue;
      switch (c.type) {
        case 'command_name':
          nameNode = c.children.find((x) => x.named) ?? c;
          break;
        case 'variable_assignment':
        case 'comment':
          break;
        case 'file_redirect':
          addExtras(c);
          break;
        case 'herestring_redirect':
          herestrings.push(c);
          break;
        default:
          if (nameNode) args.push(this.word(c));
      }
    }
    const parent = cmd.parent;
    if (parent?.type === 'redirected_statement' && bodyOf(parent) === cmd) {
      for (const r of parent.children) if (r.type === 'file_redirect') addExtras(r);
    }
    if (extra) args.sort((x, y) => x.start - y.start);
    return nameNode ? { nameNode, args, herestrings } : { args, herestrings };
  }

  private readonly invCache = new Map<SNode, { chain: Invocation[]; herestrings: SNode[] } | undefined>();

  /** The command's invocation and the commands it wraps (memoised: several passes ask for the same node). */
  private invocations(cmd: SNode): { chain: Invocation[]; herestrings: SNode[] } | undefined {
    if (this.invCache.has(cmd)) return this.invCache.get(cmd);
    const got = this.buildInvocations(cmd);
    this.invCache.set(cmd, got);
    return got;
  }

  private buildInvocations(cmd: SNode): { chain: Invocation[]; herestrings: SNode[] } | undefined {
    const p = this.parts(cmd);
    if (!p.nameNode) return undefined;
    const word = this.word(p.nameNode);
    const inv: Invocation = {
      name: word.literal ? commandBasename(word.value, false) : word.raw,
      word,
      args: p.args,
      start: cmd.start,
      end: cmd.end,
    };
    return { chain: unwrapInvocation(inv, false), herestrings: p.herestrings };
  }

  /** The program an element of a pipeline finally runs. */
  private effective(el: SNode): Invocation | undefined {
    let n: SNode | undefined = el;
    if (n.type === 'redirected_statement') n = bodyOf(n);
    if (n?.type !== 'command') return undefined;
    return this.invocations(n)?.chain.at(-1);
  }

  /** First downloader anywhere under `n`, with what it fetches. */
  private findDownload(n: SNode, depth = 0): { url?: string } | undefined {
    if (depth > 200) return undefined;
    if (n.type === 'command') {
      const inv = this.invocations(n)?.chain.at(-1);
      if (inv && DOWNLOADERS.has(inv.name.toLowerCase())) {
        const info = downloadInfo(inv);
        if (info) return info.url !== undefined ? { url: info.url } : {};
      }
    }
    for (const c of n.children) {
      if (!c.named || NO_DESCEND.has(c.type)) continue;
      const hit = this.findDownload(c, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }

  private findSubstDownload(n: SNode, depth = 0): { url?: string } | undefined {
    if (n.type === 'command_substitution') return this.findDownload(n);
    if (depth > 200) return undefined;
    for (const c of n.children) {
      if (!c.named || NO_DESCEND.has(c.type)) continue;
      const hit = this.findSubstDownload(c, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }

  // -------------------------------------------------------------------------
  // Commands

  private command(cmd: SNode): void {
    const got = this.invocations(cmd);
    if (!got) return;
    const { chain, herestrings } = got;
    for (const inv of chain) {
      this.sink.commands.push({
        name: inv.name,
        args: inv.args.map((w) => (w.literal ? w.value : w.raw)),
        start: inv.start,
        end: inv.end,
      });
    }
    const e = chain.at(-1) as Invocation;
    const stmt = redirectOwner(cmd);

    this.track(cmd, e, stmt);
    this.evalAndRemote(cmd, e, stmt, herestrings);

    if (e.name === 'tee') {
      for (const a of e.args) {
        const target = bashEnvTarget(a.raw);
        if (target) this.envWrite(target, climb(cmd));
      }
    }
  }

  private track(cmd: SNode, e: Invocation, stmt: SNode | undefined): void {
    const key = e.name.toLowerCase();
    if (DOWNLOADERS.has(key)) {
      const info = downloadInfo(e);
      if (info) {
        const file = info.outFile ?? (info.toStdout && stmt ? stdoutFile(stmt, (n) => this.text(n)) : undefined);
        if (file) {
          this.steps.push(
            info.url !== undefined
              ? { kind: 'download', file, url: info.url, start: cmd.start, end: cmd.end }
              : { kind: 'download', file, start: cmd.start, end: cmd.end },
          );
        }
        return;
      }
    }
    if (isVerification(e, isCompared(cmd))) {
      this.steps.push({ kind: 'verify', start: cmd.start, end: cmd.end });
      return;
    }
    const ran = executedFile(e, false);
    if (ran) this.steps.push({ kind: 'run', file: ran.value, start: cmd.start, end: cmd.end });
    else if (stmt && interpreterUse(e)?.readsStdin) {
      // `bash < install.sh`
      for (const r of stmt.children) {
        if (r.type !== 'file_redirect' || redirectOp(r) !== '<') continue;
        const d = destination(r);
        if (d && d.type !== 'process_substitution') {
          this.steps.push({ kind: 'run', file: this.word(d).value, start: cmd.start, end: stmt.end });
        }
      }
    }
  }

  private evalAndRemote(cmd: SNode, e: Invocation, stmt: SNode | undefined, herestrings: SNode[]): void {
    const builtin = builtinEvalArgs(e);
    const use = builtin ? undefined : interpreterUse(e);
    const span = stmt ?? cmd;

    let codeArgs: WordLike[] | undefined;
    if (builtin) {
      codeArgs = builtin.args;
      this.sink.evalSink(builtin.command, cmd, codeArgs);
    } else if (use?.codeArgs && use.codeFlag) {
      codeArgs = use.codeArgs;
      this.sink.evalSink(`${e.name} ${use.codeFlag}`, cmd, codeArgs);
      if (use.family === 'pwsh') this.nestedPwsh(codeArgs);
    }

    if (codeArgs && builtin?.command !== 'source' && builtin?.command !== '.') {
      for (const a of codeArgs) {
        const dl = this.findSubstDownload((a as BashWord).node);
        if (dl) {
          this.sink.remote('command-substitution', cmd, dl.url);
          break;
        }
      }
    }

    const runsCode = builtin !== undefined || use !== undefined;
    if (!runsCode) return;

    // bash <(curl ...), source <(curl ...)
    for (const a of e.args) {
      const n = (a as BashWord).node;
      if (n.type === 'process_substitution' && this.masked.startsWith('<(', n.start)) {
        const dl = this.findDownload(n);
        if (dl) {
          this.sink.remote('process-substitution', span, dl.url);
          break;
        }
      }
    }

    if (!use?.readsStdin) return;
    // Program on stdin: heredoc, herestring, or `< <(curl ...)`.
    for (const h of herestrings) {
      const body = h.children.find((c) => c.named);
      if (!body) continue;
      this.sink.evalSinkSpan(`${e.name} <<<`, cmd, body.start, body.end);
      const dl = this.findSubstDownload(body);
      if (dl) this.sink.remote('command-substitution', span, dl.url);
    }
    if (!stmt) return;
    for (const r of stmt.children) {
      if (r.type === 'heredoc_redirect') {
        const body = r.children.find((c) => c.type === 'heredoc_body');
        if (body) this.sink.evalSinkSpan(`${e.name} <<`, { start: cmd.start, end: stmt.end }, body.start, body.end);
      } else if (r.type === 'file_redirect' && redirectOp(r) === '<') {
        const d = destination(r);
        if (d?.type === 'process_substitution') {
          const dl = this.findDownload(d);
          if (dl) this.sink.remote('process-substitution', stmt, dl.url);
        }
      }
    }
  }

  private nestedPwsh(codeArgs: WordLike[]): void {
    for (const a of codeArgs) {
      let lo = a.start;
      let hi = a.end;
      const q = this.masked[lo];
      if ((q === '"' || q === "'") && hi - lo >= 2) {
        lo++;
        hi--;
      }
      for (const r of pwshRemoteExecutions(this.src, this.masked, lo, hi)) this.sink.remoteExecutions.push(r);
    }
  }

  private declaration(n: SNode): void {
    const kw = n.children[0];
    if (!kw) return;
    const args: string[] = [];
    for (const c of n.children) {
      if (c === kw || !c.named || c.type === 'comment') continue;
      const w = this.word(c);
      args.push(w.literal ? w.value : w.raw);
    }
    this.sink.commands.push({ name: this.masked.slice(kw.start, kw.end), args, start: n.start, end: n.end });
  }

  // -------------------------------------------------------------------------
  // Pipelines

  private pipeline(p: SNode): void {
    const els = p.children.filter((c) => c.named && c.type !== 'comment');
    const inHeredoc = p.parent?.type === 'heredoc_redirect';
    for (let j = inHeredoc ? 0 : 1; j < els.length; j++) {
      const e = this.effective(els[j] as SNode);
      if (!e || !readsProgramFromStdin(e)) continue;
      let dl: { url?: string } | undefined;
      for (let i = 0; i < j && !dl; i++) dl = this.findDownload(els[i] as SNode);
      if (dl) {
        this.sink.remote('pipe-to-shell', p, dl.url);
      } else if (inHeredoc && j === 0) {
        const body = p.parent?.children.find((c) => c.type === 'heredoc_body');
        const owner = p.parent?.parent;
        if (body && owner) this.sink.evalSinkSpan(`| ${e.name}`, owner, body.start, body.end);
      } else {
        const prev = els[j - 1] as SNode;
        this.sink.evalSinkSpan(`| ${e.name}`, p, p.start, prev.end);
      }
      return;
    }
  }

  // -------------------------------------------------------------------------
  // Env files

  private fileRedirect(r: SNode): void {
    const op = redirectOp(r);
    if (!op || !WRITE_OPS.has(op)) return;
    const fd = r.children.find((c) => c.type === 'file_descriptor');
    if (fd && this.masked.slice(fd.start, fd.end) !== '1') return;
    const d = destination(r);
    if (!d) return;
    const target = bashEnvTarget(this.masked.slice(d.start, d.end));
    if (!target) return;
    let from = r.parent;
    if (from?.type === 'heredoc_redirect') from = from.parent;
    if (!from) return;
    this.envWrite(target, climb(from));
  }

  private envWrite(target: EnvFileTarget, stmt: SNode): void {
    const written: TextSpan[] = [];
    const names: string[] = [];
    // tree-sitter hangs a redirect after `a && b` on the whole list; in bash it belongs to `b` only.
    const body = stmt.type === 'redirected_statement' ? bodyOf(stmt) : undefined;
    const last = body?.type === 'list' ? lastOfList(body) : undefined;
    this.collect(stmt, true, written, targetHasKeys(target) ? names : undefined, 0, last);
    written.sort((x, y) => x.start - y.start);
    this.sink.envWrite({ target, start: last ? last.start : stmt.start, end: stmt.end, written, names });
  }

  private span(n: { start: number; end: number }): TextSpan {
    return { start: n.start, end: n.end, text: this.text(n) };
  }

  /** Spans whose text reaches stdout of `n` (echo/printf args, heredoc bodies; other commands' args conservatively). */
  private collect(n: SNode, top: boolean, out: TextSpan[], names: string[] | undefined, depth: number, bodyOverride?: SNode): void {
    if (depth > 100) return;
    if (n.type === 'redirected_statement') {
      if (!top && redirectsStdoutAway(n, this.masked)) return;
      const body = bodyOf(n);
      for (const c of n.children) {
        if (!c.named || c.type === 'file_redirect' || c.type === 'herestring_redirect') continue;
        if (c === body && bodyOverride) {
          this.collect(bodyOverride, false, out, names, depth + 1);
          continue;
        }
        if (c.type === 'heredoc_redirect') {
          for (const h of c.children) {
            if (h.type === 'heredoc_body') {
              out.push(this.span(h));
              if (names) keysInText(this.text(h), false, names);
            } else if (h.type === 'pipeline') this.collect(h, false, out, names, depth + 1);
          }
          continue;
        }
        this.collect(c, false, out, names, depth + 1);
      }
      return;
    }
    if (n.type === 'command') {
      const got = this.invocations(n);
      if (!got) return;
      for (const h of got.herestrings) {
        const body = h.children.find((c) => c.named);
        if (!body) continue;
        out.push(this.span(body));
        if (names) keysInText(this.text(body), false, names);
      }
      const e = got.chain.at(-1) as Invocation;
      switch (e.name) {
        case 'echo': {
          let i = 0;
          while (i < e.args.length && /^-[neE]+$/.test((e.args[i] as WordLike).value)) i++;
          const args = e.args.slice(i);
          for (const a of args) out.push(this.span(a));
          if (names) keysInText(args.map((a) => a.raw).join(' '), true, names);
          return;
        }
        case 'printf': {
          if (e.args.some((a) => a.value === '-v')) return;
          const args = e.args[0]?.value === '--' ? e.args.slice(1) : e.args;
          for (const a of args) out.push(this.span(a));
          if (names && args[0]) keysInText(printfPreview(args), true, names);
          return;
        }
        case 'tee':
        case 'cat':
          return;
        default:
          for (const a of e.args) out.push(this.span(a));
          return;
      }
    }
    if (COLLECT_THROUGH.has(n.type)) {
      for (const c of n.children) if (c.named) this.collect(c, false, out, names, depth + 1);
    }
  }
}

// ---------------------------------------------------------------------------
// Tree helpers

function bodyOf(stmt: SNode): SNode | undefined {
  for (const c of stmt.children) {
    if (!c.named) continue;
    if (c.type === 'file_redirect' || c.type === 'heredoc_redirect' || c.type === 'herestring_redirect' || c.type === 'comment') continue;
    return c;
  }
  return undefined;
}

/** Rightmost command of `a && b || c` (lists nest to the left). */
function lastOfList(list: SNode): SNode {
  let cur = list;
  while (cur.type === 'list') {
    let last: SNode | undefined;
    for (const c of cur.children) if (c.named && c.type !== 'comment') last = c;
    if (!last) break;
    cur = last;
  }
  return cur;
}

/** The redirected statement whose redirects apply to `cmd` (its body, or the last command of its body list). */
function redirectOwner(cmd: SNode): SNode | undefined {
  let cur = cmd;
  for (let p = cmd.parent; p; cur = p, p = p.parent) {
    if (p.type === 'redirected_statement') return bodyOf(p) === cur ? p : undefined;
    if (p.type !== 'list' || lastOfList(p) !== cmd) return undefined;
  }
  return undefined;
}

function redirectOp(r: SNode): string | undefined {
  return r.children.find((c) => !c.named)?.type;
}

function destination(r: SNode): SNode | undefined {
  return r.children.find((c) => c.named && c.type !== 'file_descriptor');
}

/** From a command or redirect owner up to the whole statement: through pipelines and redirected bodies. */
function climb(from: SNode): SNode {
  let cur = from;
  for (;;) {
    const p = cur.parent;
    if (!p) return cur;
    if (p.type === 'redirected_statement' && bodyOf(p) === cur) cur = p;
    else if (p.type === 'pipeline') cur = p;
    else if (p.type === 'heredoc_redirect' && p.parent) cur = p.parent;
    else return cur;
  }
}

function redirectsStdoutAway(stmt: SNode, masked: string): boolean {
  const check = (r: SNode): boolean => {
    if (r.type !== 'file_redirect') return false;
    const op = redirectOp(r);
    if (!op || !WRITE_OPS.has(op)) return false;
    const fd = r.children.find((c) => c.type === 'file_descriptor');
    return !fd || masked.slice(fd.start, fd.end) === '1';
  };
  for (const c of stmt.children) {
    if (check(c)) return true;
    if (c.type === 'heredoc_redirect' && c.children.some(check)) return true;
  }
  return false;
}

function stdoutFile(stmt: SNode, text: (n: SNode) => string): string | undefined {
  for (const r of stmt.children) {
    if (r.type !== 'file_redirect') continue;
    const op = redirectOp(r);
    if (op !== '>' && op !== '>>' && op !== '>|') continue;
    if (r.children.some((c) => c.type === 'file_descriptor')) continue;
    const d = destination(r);
    if (!d) continue;
    const raw = text(d);
    if (raw === '/dev/null' || bashEnvTarget(raw)) return undefined;
    return stripOuterQuotes(raw);
  }
  return undefined;
}

/** Output consumed by something else: inside `$(...)`, or piped into a later command. */
function isCompared(cmd: SNode): boolean {
  let child: SNode = cmd;
  for (let p = cmd.parent; p; child = p, p = p.parent) {
    if (p.type === 'command_substitution' || p.type === 'process_substitution') return true;
    if (p.type === 'pipeline') {
      const els = p.children.filter((c) => c.named);
      return els.indexOf(child) < els.length - 1;
    }
    if (p.type !== 'redirected_statement') return false;
  }
  return false;
}

function readsProgramFromStdin(e: Invocation): boolean {
  if (e.name === 'source' || e.name === '.') {
    const f = e.args[0]?.value;
    return f === '/dev/stdin' || f === '-';
  }
  return interpreterUse(e)?.readsStdin === true;
}

function stripOuterQuotes(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) return s.slice(1, -1);
  return s;
}
