/**
 * The fast path for plain scripts. Most `run:` bodies (`npm ci`, `make test`, `cargo build`,
 * `git log $REF`) contain nothing the deep analysis looks for: no env-file target, no
 * downloader, no eval-like command, no substitution, heredoc or control structure. For those a
 * tree-sitter parse costs more than all the rest of the audit; a lexer of simple commands gives
 * the same facts: which commands run with which words, and the `$NAME` expansions.
 *
 * It must stay conservative. `needsDeepAnalysis` sends a script to the full parser on any token
 * that could start an env-file write, a download, an eval sink, a substitution or a heredoc; the
 * lexer then gives up (returns undefined, and the caller parses) on anything outside simple
 * commands: unquoted brackets or parentheses, reserved words in command position, words after a
 * redirect, `$` forms other than `$NAME`, inline code (`bash -c`, `python -c`, `node -e`), a pipe
 * into an interpreter. Words get the values the full analysis gives them (quotes removed for
 * fully literal words, source text otherwise), so the two paths agree on every script the lexer
 * accepts; a test over the corpus's scripts checks that.
 */
import {
  builtinEvalArgs,
  commandBasename,
  DOWNLOADERS,
  type Invocation,
  interpreterUse,
  unwrapInvocation,
  type WordLike,
} from './command-semantics.js';
import { bashEnvTarget, keysInText, printfPreview, targetHasKeys } from './env-targets.js';
import { FactSink } from './fact-sink.js';
import type { EnvFileTarget, ShellDialect, ShellFacts, TextSpan } from './types.js';

/**
 * Text only the full parser models: substitutions, heredocs and herestrings, and special
 * parameters (`${...}` forms other than `${NAME}` make the lexer give up). Env files are modelled
 * in one form only, `echo`/`printf` redirected to one (`echo "k=v" >> "$GITHUB_OUTPUT"`); any
 * other mention of an env file sends the script to the parser. Commands (downloaders, eval, interpreters) are checked per
 * simple command by the lexer instead, so `git fetch` or `echo curl` stay on the fast path.
 */
const DEEP_TOKENS = /<\(|>\(|\$\(|`|<<|\$[^A-Za-z_{]/;
/** Env-file names: each must be the target of a write the lexer models, or it gives up. */
const ENV_FILE_NAMES = /GITHUB_(?:ENV|OUTPUT|PATH|STEP_SUMMARY|STATE)/g;
/** Redirect operators that write stdout to their target. */
const WRITE_OPS = new Set(['>', '>>', '>|', '&>', '&>>']);

/** Words that start a compound command or change how the next one is read. */
const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'function',
  'select',
  'in',
  'time',
  'coproc',
  '!',
  '[[',
  ']]',
  '{',
  '}',
]);
const DECLARATIONS = new Set(['export', 'declare', 'typeset', 'local', 'readonly', 'unset']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;
/** Characters that end an unquoted word. */
const WORD_END = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>']);
/** Unquoted characters the lexer does not model: grouping, tests, globs of brackets. */
const UNMODELLED = new Set(['(', ')', '{', '}', '[', ']', '\r', '`']);

export function needsDeepAnalysis(script: string): boolean {
  return DEEP_TOKENS.test(script);
}

interface LexedWord extends WordLike {
  /** Written as `NAME=...` with an unquoted name. */
  assignment: boolean;
}

interface SimpleCommand {
  words: LexedWord[];
  /** A redirect was seen; any further word makes the command one the lexer does not model. */
  redirected: boolean;
  redirects: number;
  /** Stdout redirected to an env file: which, and where the redirect's target word ends. */
  envFile?: { target: EnvFileTarget; end: number };
}

/** Thrown to give up on a script; one instance, so giving up costs no stack capture. */
class Bail extends Error {}
const BAIL = new Bail('not a plain script');

function bail(): never {
  throw BAIL;
}

/**
 * Facts of a plain script (see needsDeepAnalysis), or undefined when it holds something only
 * the full parser models. `masked` is the script with templates replaced by same-length
 * placeholders.
 */
export function quickScanFacts(script: string, masked: string, dialect: ShellDialect): ShellFacts | undefined {
  try {
    return new PlainScript(script, masked).facts(dialect);
  } catch (error) {
    if (error instanceof Bail) return undefined;
    throw error;
  }
}

class PlainScript {
  private i = 0;
  private readonly sink: FactSink;
  /** Commands of the pipeline being read. */
  private pipeline: SimpleCommand[] = [];
  private current: SimpleCommand | undefined;
  /** Env-file writes modelled, to compare with the env-file names the script mentions. */
  private envFileWrites = 0;

  constructor(
    private readonly script: string,
    private readonly m: string,
  ) {
    this.sink = new FactSink(script);
  }

  facts(dialect: ShellDialect): ShellFacts {
    const m = this.m;
    while (this.i < m.length) {
      const c = m[this.i] as string;
      const next = m[this.i + 1];
      if (c === ' ' || c === '\t') {
        this.i++;
      } else if (c === '\\' && next === '\n') {
        // A continuation with nothing after it is a syntax error for the parser.
        if (!/\S/.test(m.slice(this.i + 2, this.i + 4096))) bail();
        this.i += 2;
      } else if (c === '\n') {
        this.endPipeline();
        this.i++;
      } else if (c === ';') {
        if (next === ';') bail();
        this.separator();
        this.i++;
      } else if (c === '&') {
        if (next === '>') this.redirect();
        else {
          this.separator();
          this.i += next === '&' ? 2 : 1;
        }
      } else if (c === '|') {
        if (next === '|') {
          this.separator();
          this.i += 2;
        } else {
          if (!this.current) bail();
          this.endCommand();
          this.i += next === '&' ? 2 : 1;
        }
      } else if (c === '<' || c === '>') {
        this.redirect();
      } else if (c === '#') {
        const eol = m.indexOf('\n', this.i);
        this.i = eol === -1 ? m.length : eol;
      } else if (/[0-9]/.test(c) && this.fdRedirectAhead()) {
        this.redirect();
      } else {
        const word = this.word();
        this.current ??= { words: [], redirected: false, redirects: 0 };
        if (this.current.redirected) bail();
        this.current.words.push(word);
      }
    }
    this.endPipeline();
    if (this.envFileWrites !== (m.match(ENV_FILE_NAMES)?.length ?? 0)) bail();
    return this.sink.finish(dialect, true);
  }

  /** `2>file`, `2>&1`: digits then a redirect operator. */
  private fdRedirectAhead(): boolean {
    let k = this.i;
    while (k < this.m.length && /[0-9]/.test(this.m[k] as string)) k++;
    return this.m[k] === '<' || this.m[k] === '>';
  }

  /** A redirect and its target word; the command must already have its name. */
  private redirect(): void {
    const m = this.m;
    const fdStart = this.i;
    while (/[0-9]/.test(m[this.i] as string)) this.i++;
    const fd = m.slice(fdStart, this.i);
    const op = /^(?:&>>|&>|>>|>\||>&|>|<&|<>|<)/.exec(m.slice(this.i, this.i + 3))?.[0];
    if (!op) bail();
    this.i += op.length;
    while (m[this.i] === ' ' || m[this.i] === '\t') this.i++;
    if (this.i >= m.length || WORD_END.has(m[this.i] as string)) bail();
    const target = this.word();
    if (!this.current || this.current.words.every((w) => w.assignment)) bail();
    this.current.redirected = true;
    this.current.redirects++;
    const envFile = WRITE_OPS.has(op) && (fd === '' || fd === '1') ? bashEnvTarget(m.slice(target.start, target.end)) : undefined;
    if (envFile) {
      this.current.envFile = { target: envFile, end: target.end };
      this.envFileWrites++;
    }
  }

  /** One word: unquoted runs, '...' and "..." segments, `$NAME` expansions, backslash escapes. */
  private word(): LexedWord {
    const m = this.m;
    const start = this.i;
    let value = '';
    let literal = true;
    let quotedBeforeEquals = false;
    let assignment = false;
    while (this.i < m.length) {
      const c = m[this.i] as string;
      if (WORD_END.has(c)) break;
      if (UNMODELLED.has(c)) bail();
      if (c === '\\') {
        const escaped = m[this.i + 1];
        if (escaped === undefined || escaped === '\n' || escaped === '\r') bail();
        value += escaped;
        this.i += 2;
      } else if (c === "'") {
        const close = m.indexOf("'", this.i + 1);
        if (close === -1) bail();
        value += m.slice(this.i + 1, close);
        quotedBeforeEquals ||= !value.includes('=');
        this.i = close + 1;
      } else if (c === '"') {
        const inner = this.doubleQuoted();
        value += inner.value;
        literal &&= inner.literal;
        quotedBeforeEquals ||= !value.includes('=');
      } else if (c === '$') {
        const from = this.i;
        this.expansion(false);
        value += m.slice(from, this.i);
        literal = false;
      } else {
        if (c === '=' && !assignment && !quotedBeforeEquals && this.i > start) {
          assignment = ASSIGNMENT.test(m.slice(start, this.i + 1));
        }
        value += c;
        this.i++;
      }
    }
    const end = this.i;
    const raw = this.script.slice(start, end);
    if (raw !== m.slice(start, end)) {
      // A template expression in the word: its text is unknown until the runner substitutes it.
      return { raw, value: stripOuterQuotes(raw), literal: false, start, end, assignment };
    }
    return { raw, value, literal, start, end, assignment };
  }

  /** A "..." segment from its opening quote: its unescaped text, or its text as written when it holds an expansion. */
  private doubleQuoted(): { value: string; literal: boolean } {
    const m = this.m;
    const open = this.i;
    this.i++;
    let value = '';
    let literal = true;
    while (this.i < m.length) {
      const c = m[this.i] as string;
      if (c === '"') {
        this.i++;
        // With an expansion inside, the full analysis keeps the text between the quotes as written.
        return { value: literal ? value : m.slice(open + 1, this.i - 1), literal };
      }
      if (c === '\\') {
        const escaped = m[this.i + 1];
        if (escaped === undefined || escaped === '\r') bail();
        // Inside double quotes a backslash escapes only these; elsewhere it stays.
        if ('$`"\\\n'.includes(escaped)) value += escaped;
        else value += `\\${escaped}`;
        this.i += 2;
      } else if (c === '$') {
        this.expansion(true);
        literal = false;
      } else if (c === '`') {
        bail();
      } else {
        value += c;
        this.i++;
      }
    }
    return bail();
  }

  /** `$NAME` or `${NAME}` at the cursor (other `$` forms go to the full parser). */
  private expansion(quoted: boolean): void {
    const match = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})/.exec(this.m.slice(this.i, this.i + 132));
    if (!match || match[0].length > 129) bail();
    const name = (match[1] ?? match[2]) as string;
    if (name === '_') bail();
    const end = this.i + match[0].length;
    this.sink.expansions.push({ name, start: this.i, end, quoted, inEvalArgument: false });
    this.i = end;
  }

  /** `;`, `&`, `&&`, `||` end a statement that must have a command (else it is a syntax error). */
  private separator(): void {
    if (!this.current) bail();
    this.endPipeline();
  }

  private endCommand(): void {
    if (!this.current) return;
    this.pipeline.push(this.current);
    this.current = undefined;
  }

  private endPipeline(): void {
    this.endCommand();
    const commands = this.pipeline;
    this.pipeline = [];
    for (let index = 0; index < commands.length; index++) this.command(commands[index] as SimpleCommand, index, commands.length);
  }

  private command(cmd: SimpleCommand, position: number, pipelineLength: number): void {
    const words = cmd.words;
    let n = 0;
    while (n < words.length && (words[n] as LexedWord).assignment) n++;
    const nameWord = words[n];
    if (!nameWord) {
      // Assignments alone run nothing; as an element of a pipeline they are left to the parser.
      if (pipelineLength > 1) bail();
      return;
    }
    if (RESERVED.has(nameWord.raw)) bail();
    const args = words.slice(n + 1);
    const start = (words[0] as LexedWord).start;
    const end = (words[words.length - 1] as LexedWord).end;
    if (DECLARATIONS.has(nameWord.raw)) {
      if (n > 0) bail();
      // Declaration operands are names and assignments, reported as written.
      const operands = args.map((w) => (w.assignment || /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.raw) || !w.literal ? w.raw : w.value));
      this.sink.commands.push({ name: nameWord.raw, args: operands, start, end });
      return;
    }
    const invocation: Invocation = {
      name: nameWord.literal ? commandBasename(nameWord.value, false) : nameWord.raw,
      word: nameWord,
      args,
      start,
      end,
    };
    const chain = unwrapInvocation(invocation, false);
    const runs = chain[chain.length - 1] as Invocation;
    if (DOWNLOADERS.has(runs.name.toLowerCase()) || builtinEvalArgs(runs)) bail();
    const use = interpreterUse(runs);
    if (use?.codeFlag || (use?.readsStdin && position > 0)) bail();
    for (const inv of chain) {
      this.sink.commands.push({ name: inv.name, args: inv.args.map((a) => (a.literal ? a.value : a.raw)), start: inv.start, end: inv.end });
    }
    if (cmd.envFile) this.envFileWrite(cmd, cmd.envFile, chain, pipelineLength);
  }

  /** `echo`/`printf` with stdout redirected to an env file, written as the full analysis records it. */
  private envFileWrite(
    cmd: SimpleCommand,
    envFile: { target: EnvFileTarget; end: number },
    chain: Invocation[],
    pipelineLength: number,
  ): void {
    const only = chain[0] as Invocation;
    if (pipelineLength > 1 || cmd.redirects > 1 || chain.length > 1) bail();
    if (only.name !== 'echo' && only.name !== 'printf') bail();
    let args: WordLike[];
    if (only.name === 'echo') {
      let i = 0;
      while (i < only.args.length && /^-[neE]+$/.test((only.args[i] as WordLike).value)) i++;
      args = only.args.slice(i);
    } else {
      if (only.args.some((a) => a.value === '-v')) bail();
      args = only.args[0]?.value === '--' ? only.args.slice(1) : [...only.args];
    }
    const written: TextSpan[] = args.map((a) => ({ start: a.start, end: a.end, text: this.script.slice(a.start, a.end) }));
    const names: string[] = [];
    if (targetHasKeys(envFile.target) && args[0])
      keysInText(only.name === 'echo' ? args.map((a) => a.raw).join(' ') : printfPreview(args), true, names);
    this.sink.envWrite({ target: envFile.target, start: (cmd.words[0] as LexedWord).start, end: envFile.end, written, names });
  }
}

function stripOuterQuotes(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) return s.slice(1, -1);
  return s;
}
