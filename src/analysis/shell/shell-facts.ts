/**
 * Security-relevant sites in CI `run:` / `script:` bodies: writes to GitHub
 * environment files, remote code execution, eval sinks, variable expansions
 * and command uses.
 *
 * - bash / sh: tree-sitter-bash (call `initShellParser()` once first). One
 *   parse per script normally; extra parses only to work around a
 *   tree-sitter-bash line-joining bug and to recover after a syntax error
 *   (see bash-facts.ts). The wasm tree is copied with one cursor walk and
 *   deleted at once.
 * - pwsh / powershell / cmd: hand-written scanners (no grammar needed).
 * - python / other: no analysis (`parsed: false`, empty facts).
 *
 * Template expressions (`${{ ... }}`, `$[[ ... ]]`) are blanked to same-length
 * `_` runs before scanning, so offsets map 1:1 onto the input; reported texts
 * are sliced from the input and keep the expressions.
 *
 * Scripts longer than MAX_PARSE_CHARS (256 Ki UTF-16 units) are not parsed:
 * a line scan reports env-file writes (whole lines, no `written`/`names`) and
 * piped remote execution only, with `parsed: false`.
 *
 * Conventions beyond the type comments:
 * - Expansions: named variables only (`$1`, `$@`, `$?` are skipped); bash
 *   heredoc bodies count as quoted (no word splitting); pwsh reports only
 *   `$env:` variables, cmd `%NAME%` and `!NAME!`.
 * - Commands: wrappers are unwrapped and reported too (`sudo pip install .`
 *   gives `sudo` and `pip`); `export`/`declare`/`local` are reported by keyword.
 * - Env writes: stdout redirects only (`2>>` is ignored); `written` is exact
 *   for echo/printf/heredoc/herestring and conservative (all arguments) for
 *   other producers; `cat FILE`/`tee` contribute nothing. Names come from
 *   literal text only.
 * - Eval sinks include programs fed on stdin: `bash <<EOF`, `echo "$X" | sh`
 *   (`command` is `bash <<` / `| sh`).
 * - Remote execution: `download-then-run` spans from the download to the run
 *   and is suppressed by any verification step in between (checksum check,
 *   gpg/cosign/minisign/gh attestation verify, Get-FileHash, certutil -hashfile).
 */
import { analyzeBash } from './bash-facts.js';
import { isShellParserReady } from './bash-parser.js';
import { analyzeCmd } from './cmd-facts.js';
import { emptyFacts } from './fact-sink.js';
import { lineScanFacts } from './line-scan.js';
import { analyzePwsh } from './pwsh-facts.js';
import { maskTemplates } from './template-mask.js';
import type { ShellDialect, ShellFacts } from './types.js';

export { initShellParser, isShellParserReady } from './bash-parser.js';
export { findTemplateSpans, maskTemplates } from './template-mask.js';
export type {
  CommandUse,
  EnvFileTarget,
  EnvFileWrite,
  EvalSink,
  Expansion,
  RemoteExecution,
  RemoteExecutionKind,
  ShellDialect,
  ShellFacts,
  TextSpan,
} from './types.js';

import { needsDeepAnalysis, quickScanFacts } from './quick-scan.js';

export const MAX_PARSE_CHARS = 256 * 1024;

export type RunnerOs = 'linux' | 'windows' | 'macos' | 'unknown';

/**
 * The dialect a step's `shell:` runs. Unset: bash, or pwsh on Windows
 * (GitHub's defaults). Accepts `bash`, `bash -e {0}`, `/usr/bin/bash`,
 * `C:\\...\\pwsh.exe`, custom `python {0}`.
 */
export function dialectOf(shell: string | undefined, runnerOs: RunnerOs = 'unknown'): ShellDialect {
  const trimmed = shell?.trim();
  if (!trimmed) return runnerOs === 'windows' ? 'pwsh' : 'bash';
  // The program is the first word, or the first few words when its path has spaces.
  const words = trimmed.split(/\s+/);
  for (let k = 1; k <= words.length; k++) {
    const next = words[k - 1] as string;
    if (k > 1 && (next.startsWith('-') || next.startsWith('/') || next.includes('{0}'))) break;
    const d = programDialect(words.slice(0, k).join(' '));
    if (d !== 'other') return d;
  }
  return 'other';
}

function programDialect(program: string): ShellDialect {
  const base =
    program
      .replace(/^["']|["']$/g, '')
      .split(/[/\\]/)
      .pop()
      ?.toLowerCase()
      .replace(/\.exe$/, '') ?? '';
  switch (base) {
    case 'bash':
    case 'zsh':
    case 'ksh':
      return 'bash';
    case 'sh':
    case 'dash':
    case 'ash':
    case 'busybox':
      return 'sh';
    case 'pwsh':
      return 'pwsh';
    case 'powershell':
      return 'powershell';
    case 'cmd':
      return 'cmd';
    default:
      return /^(python(\d+(\.\d+)*)?|py|pypy\d*)$/.test(base) ? 'python' : 'other';
  }
}

/**
 * Facts already computed, by dialect and script text. The same script comes back often: GitLab
 * jobs that extend one template each carry its script, and forks and copied workflows repeat
 * whole steps. Facts are plain data no caller changes, so one result serves them all. Bounded by
 * the text it holds; when full it starts over.
 */
const known = new Map<string, ShellFacts>();
const KNOWN_CHARS_LIMIT = 8_000_000;
let knownChars = 0;

/** Drops every remembered result: benchmarks call it so that each run parses as a fresh process would. */
export function forgetShellFacts(): void {
  known.clear();
  knownChars = 0;
}

/**
 * Facts for one script. Synchronous; bash/sh require `initShellParser()` to
 * have resolved (otherwise this throws).
 */
export function analyzeShell(script: string, dialect: ShellDialect): ShellFacts {
  const key = `${dialect}\n${script}`;
  const cached = known.get(key);
  if (cached) return cached;
  const facts = computeFacts(script, dialect);
  if (knownChars + key.length > KNOWN_CHARS_LIMIT) {
    known.clear();
    knownChars = 0;
  }
  known.set(key, facts);
  knownChars += key.length;
  return facts;
}

function computeFacts(script: string, dialect: ShellDialect): ShellFacts {
  switch (dialect) {
    case 'bash':
    case 'sh':
    case 'pwsh':
    case 'powershell':
    case 'cmd':
      break;
    default:
      return emptyFacts(dialect, false);
  }
  if ((dialect === 'bash' || dialect === 'sh') && !isShellParserReady()) {
    throw new Error('analyzeShell: bash/sh need the tree-sitter parser; await initShellParser() first');
  }
  if (script.length > MAX_PARSE_CHARS) return lineScanFacts(script, dialect);
  const masked = maskTemplates(script);
  if (dialect === 'bash' || dialect === 'sh') {
    // Plain command lists carry only their commands; parsing them is most of the audit's time.
    const quick = needsDeepAnalysis(masked) ? undefined : quickScanFacts(script, masked, dialect);
    return quick ?? analyzeBash(script, masked, dialect);
  }
  if (dialect === 'cmd') return analyzeCmd(script, masked, dialect);
  return analyzePwsh(script, masked, dialect);
}
