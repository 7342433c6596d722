/**
 * Fallback for scripts too large to parse (over MAX_PARSE_CHARS): a linear
 * line scan that still reports the two highest-signal facts, env-file writes
 * and piped remote execution, with whole-line spans and no `written` detail.
 * Expansions, commands and eval sinks are not reported; `parsed` is false.
 */
import { emptyFacts } from './fact-sink.js';
import type { EnvFileTarget, ShellDialect, ShellFacts } from './types.js';

const T = '(GITHUB_ENV|GITHUB_OUTPUT|GITHUB_PATH|GITHUB_STEP_SUMMARY|GITHUB_STATE)';
const ENV_WRITE = new RegExp(
  [
    `>>?\\s*"?\\$\\{?${T}\\b`, // bash redirect
    `\\btee\\b[^\\n|;&]*\\$\\{?${T}\\b`, // tee
    `>>?\\s*"?\\$\\{?env:${T}\\b`, // pwsh redirect
    `\\b(?:Add-Content|Set-Content|Out-File|Tee-Object|ac|sc)\\b[^\\n|;]*\\$\\{?env:${T}\\b`,
    `>>?\\s*"?[%!]${T}[%!]`, // cmd
  ].join('|'),
  'i',
);
const PIPE_SHELL =
  /\b(?:curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b[^\n|]*\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:(?:ba|z|da|k)?sh|python\d*|node|perl|ruby|iex|Invoke-Expression)\b/i;
const IEX_CALL = /\b(?:iex|Invoke-Expression)\b[^\n]*\b(?:iwr|irm|Invoke-WebRequest|Invoke-RestMethod|DownloadString)\b/i;
const URL = /\bhttps?:\/\/[^\s"'|)]+/;

export function lineScanFacts(script: string, dialect: ShellDialect): ShellFacts {
  const facts = emptyFacts(dialect, false);
  let start = 0;
  while (start <= script.length) {
    let end = script.indexOf('\n', start);
    if (end === -1) end = script.length;
    const line = script.slice(start, end);
    if (line.length < 4096) {
      const w = ENV_WRITE.exec(line);
      if (w) {
        const target = w
          .slice(1)
          .find((g) => g !== undefined)
          ?.toUpperCase() as EnvFileTarget | undefined;
        if (target) facts.envFileWrites.push({ target, start, end, written: [], names: [] });
      }
      const pipe = PIPE_SHELL.test(line);
      if (pipe || IEX_CALL.test(line)) {
        const kind = /\b(iex|Invoke-Expression)\b/i.test(line) ? 'iex' : 'pipe-to-shell';
        const url = URL.exec(line)?.[0];
        facts.remoteExecutions.push(url ? { kind, start, end, text: line, url } : { kind, start, end, text: line });
      }
    }
    start = end + 1;
  }
  return facts;
}
