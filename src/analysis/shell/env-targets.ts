/** GitHub Actions environment files, how each dialect spells them, and the keys written to them. */
import type { WordLike } from './command-semantics.js';
import type { EnvFileTarget } from './types.js';

export const ENV_TARGETS: readonly EnvFileTarget[] = ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE'];

const TARGET_ALT = ENV_TARGETS.join('|');

/** `$GITHUB_ENV`, `${GITHUB_ENV}`, `"$GITHUB_ENV"`, `"${GITHUB_ENV}"`, `${GITHUB_ENV:-/dev/null}`. */
const BASH_TARGET = new RegExp(`^"?\\$(?:(${TARGET_ALT})|\\{(${TARGET_ALT})(?:[:\\-=?+][^}]*)?\\})"?$`);
/** `$env:GITHUB_ENV`, `${env:GITHUB_ENV}`, `"$env:GITHUB_ENV"` (case-insensitive like PowerShell). */
const PWSH_TARGET = new RegExp(`^["']?(?:\\$env:(${TARGET_ALT})|\\$\\{env:(${TARGET_ALT})\\})["']?$`, 'i');
/** `%GITHUB_ENV%`, `"%GITHUB_ENV%"`, `!GITHUB_ENV!`. */
const CMD_TARGET = new RegExp(`^"?(?:%(${TARGET_ALT})%|!(${TARGET_ALT})!)"?$`, 'i');

function pick(m: RegExpExecArray | null): EnvFileTarget | undefined {
  if (!m) return undefined;
  return (m[1] ?? m[2])?.toUpperCase() as EnvFileTarget | undefined;
}

export function bashEnvTarget(text: string): EnvFileTarget | undefined {
  if (text.indexOf('GITHUB_') === -1) return undefined;
  return pick(BASH_TARGET.exec(text));
}

export function pwshEnvTarget(text: string): EnvFileTarget | undefined {
  if (!/GITHUB_/i.test(text)) return undefined;
  return pick(PWSH_TARGET.exec(text));
}

export function cmdEnvTarget(text: string): EnvFileTarget | undefined {
  if (!/GITHUB_/i.test(text)) return undefined;
  return pick(CMD_TARGET.exec(text));
}

/** Targets whose lines are `KEY=value` / `KEY<<DELIM`. */
export function targetHasKeys(t: EnvFileTarget): boolean {
  return t === 'GITHUB_ENV' || t === 'GITHUB_OUTPUT' || t === 'GITHUB_STATE';
}

const KEY_LINE = /^[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*(=|<<)(.*)$/;

/** Strips shell quoting characters for key detection; template expressions stay, so they never look like keys. */
function unquoteLoose(text: string): string {
  return text.replace(/\$'/g, '').replace(/["'`]/g, '');
}

/**
 * Keys in text written to an env file. `literalNewlines` also splits on the
 * two characters `\n` (echo -e, printf, PowerShell's `` `n `` is passed as such by callers).
 * A `KEY<<DELIM` opens a multi-line value whose lines are not keys, until DELIM.
 */
export function keysInText(text: string, literalNewlines: boolean, out: string[]): void {
  let t = literalNewlines ? text.replace(/\\n|`n/g, '\n') : text;
  t = unquoteLoose(t);
  let delim: string | undefined;
  for (const raw of t.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (delim !== undefined) {
      if (line.trim() === delim) delim = undefined;
      continue;
    }
    const m = KEY_LINE.exec(line);
    if (!m) continue;
    const key = m[1] as string;
    if (!out.includes(key)) out.push(key);
    if (m[2] === '<<') {
      const d = (m[3] ?? '').trim();
      if (d) delim = d;
    }
  }
}

/** The text printf would write: its format's conversions filled with the arguments as written. */
export function printfPreview(args: readonly WordLike[]): string {
  const format = (args[0] as WordLike).raw;
  let k = 1;
  return format.replace(/%[-+ #0-9.]*[sbdiqxXfeEgGc]/g, () => args[k++]?.raw ?? '');
}
