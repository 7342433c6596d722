/**
 * The fast path for plain scripts. Most `run:` bodies (`npm ci`, `make test`, `cargo build`)
 * contain nothing the deep analysis looks for: no env-file target, no downloader, no eval-like
 * command, no git or interpreter call. For those, a tree-sitter parse costs more than all the
 * rest of the audit; a lexical scan of the simple commands gives the same answer for the one
 * fact they can carry (which commands run, for build-tool detection).
 *
 * `needsDeepAnalysis` must stay conservative: any token that could start an env-file write,
 * a remote execution or an eval sink (inline code flags such as `bash -c`, `python -c`,
 * `node -e`; a pipe into an interpreter; substitutions; heredocs; control structures) sends the
 * script to the full parser. Plain commands, including `git` and interpreters running files,
 * are fully described by the quick scan's commands and `$NAME` expansions.
 */
import { commandBasename, unwrapInvocation, type Invocation, type WordLike } from './command-semantics.js';
import { emptyFacts } from './fact-sink.js';
import type { ShellDialect, ShellFacts } from './types.js';

const DEEP_TOKENS =
  /GITHUB_|ACTIONS_|RUNNER_|::|curl|wget|fetch|\biwr\b|\birm\b|invoke-|download|\beval\b|\bsource\b|(^|[\s;&|({])\.\s|\bsu\b|\biex\b|<\(|\$\(|`|\s-[cCeEr]\b|\|\s*(?:sudo\s+)?[\w.-]*(?:sh|python[\d.]*|node|perl|ruby|php|deno|pwsh|powershell)\b|\b(?:pwsh|powershell)\b|\bexec\b|\bxargs\b|<<|\$\{|\$[^A-Za-z_]|\\|[(){}]|\b(?:if|then|fi|for|while|until|do|done|case|esac|function|select)\b/i;

/** `$NAME` expansions of a plain script, with whether they sit inside double quotes. */
function simpleExpansions(masked: string, facts: ShellFacts): void {
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    if (c === '\\') {
      i++;
    } else if (c === "'" && !inDouble) {
      inSingle = !inSingle;
    } else if (c === '"' && !inSingle) {
      inDouble = !inDouble;
    } else if (c === '#' && !inSingle && !inDouble && (i === 0 || /\s/.test(masked[i - 1] ?? ''))) {
      const eol = masked.indexOf('\n', i);
      i = eol === -1 ? masked.length : eol;
    } else if (c === '$' && !inSingle) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(masked.slice(i + 1, i + 129));
      if (match) {
        facts.expansions.push({ name: match[0], start: i, end: i + 1 + match[0].length, quoted: inDouble, inEvalArgument: false });
        i += match[0].length;
      }
    }
  }
}

export function needsDeepAnalysis(script: string): boolean {
  return DEEP_TOKENS.test(script);
}

const SEPARATORS = /(\|\||&&|[;|&\n()])/;

function words(segment: string, base: number): WordLike[] {
  const out: WordLike[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(segment); m; m = re.exec(segment)) {
    const raw = m[0];
    if (raw.startsWith('#')) break;
    const value = m[1] ?? m[2] ?? raw;
    const literal = m[2] !== undefined || !/[$*?[]/.test(value);
    out.push({ value, raw, start: base + m.index, end: base + m.index + raw.length, literal });
  }
  return out;
}

/**
 * Commands of a script without substitutions, heredocs or continuations (see needsDeepAnalysis).
 * `masked` is the script with templates replaced by same-length placeholders.
 */
export function quickScanFacts(script: string, masked: string, dialect: ShellDialect): ShellFacts {
  const facts = emptyFacts(dialect, true);
  let offset = 0;
  for (const piece of masked.split(SEPARATORS)) {
    const start = offset;
    offset += piece.length;
    if (SEPARATORS.test(piece) && piece.length <= 2) continue;
    const all = words(piece, start);
    let i = 0;
    while (i < all.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(all[i]?.raw ?? '')) i++;
    const word = all[i];
    if (!word || word.raw.startsWith('#')) continue;
    // Redirects are not arguments: `>out`, and `> out` (the operator, then its target word).
    const args: WordLike[] = [];
    for (let k = i + 1; k < all.length; k++) {
      const raw = (all[k] as WordLike).raw;
      if (!/^[0-9]*&?[<>]/.test(raw)) args.push(all[k] as WordLike);
      else if (/^[0-9]*&?[<>]+[|&]?$/.test(raw)) k++;
    }
    const invocation: Invocation = {
      name: commandBasename(word.value, false),
      word,
      args,
      start: word.start,
      end: (args[args.length - 1] ?? word).end,
    };
    for (const inv of unwrapInvocation(invocation, false)) {
      // Words holding a template or an expansion keep their source text, as the full analysis reports them.
      const args = inv.args.map((a) =>
        a.literal && script.slice(a.start, a.end) === masked.slice(a.start, a.end) ? a.value : script.slice(a.start, a.end),
      );
      facts.commands.push({ name: inv.name, args, start: inv.start, end: inv.end });
    }
  }
  simpleExpansions(masked, facts);
  return facts;
}
