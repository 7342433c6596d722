/**
 * How the commands of a script are wired together, read lexically from the text around each
 * command the shell facts found: which command a command's stdout is piped into, the file its
 * stdout is redirected to, and whether it runs inside a command substitution (`$(...)`, backticks)
 * so its output is captured rather than printed. Works on the offsets of `ShellFacts.commands`
 * for every dialect that has `|`, `>` and `$(...)` (bash, sh, pwsh); cmd scripts get pipes and
 * redirects only. Quotes are respected; anything the scan cannot follow is left unset, so callers
 * treat "unknown" as "not linked".
 */
import type { CommandUse } from './types.js';

export interface CommandLink {
  /** Index (in the commands array) of the command this one's stdout is piped into. */
  pipeTo?: number;
  /** Index of the command piping into this one. */
  pipeFrom?: number;
  /** Target of a `>` / `>>` / `1>` / `&>` redirect of stdout, as written (quotes removed). */
  stdoutFile?: string;
  /** Runs inside `$(...)` or backticks: its output becomes part of another command's words. */
  substituted: boolean;
  /** End of the command with the redirects that follow it (`env > env.txt`). */
  end: number;
}

/** Ranges of `$(...)` and backtick substitutions, outermost and nested alike. */
export function substitutionRanges(script: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  const stack: { start: number; depth: number }[] = [];
  let depth = 0;
  let inSingle = false;
  let inDouble = false;
  let backtick = -1;
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inSingle) {
      if (c === "'") inSingle = false;
      continue;
    }
    if (c === "'" && !inDouble) inSingle = true;
    else if (c === '"') inDouble = !inDouble;
    else if (c === '`') {
      if (backtick < 0) backtick = i;
      else {
        ranges.push({ start: backtick, end: i + 1 });
        backtick = -1;
      }
    } else if (c === '$' && script[i + 1] === '(' && script[i + 2] !== '(') {
      stack.push({ start: i, depth });
      depth++;
      i++;
    } else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      const top = stack[stack.length - 1];
      if (top && top.depth === depth) {
        stack.pop();
        ranges.push({ start: top.start, end: i + 1 });
      }
    }
  }
  return ranges;
}

/** The word starting at `i` (quotes removed) and where it ends. */
function wordAt(script: string, i: number): { text: string; end: number } {
  let j = i;
  let text = '';
  while (j < script.length && !/[\s;&|<>()]/.test(script[j] as string)) {
    const c = script[j] as string;
    if (c === '"' || c === "'") {
      const close = script.indexOf(c, j + 1);
      if (close < 0) break;
      text += script.slice(j + 1, close);
      j = close + 1;
    } else {
      text += c;
      j++;
    }
  }
  return { text, end: j };
}

function skipBlanks(script: string, i: number): number {
  let j = i;
  for (;;) {
    if (script[j] === ' ' || script[j] === '\t') j++;
    else if (script[j] === '\\' && script[j + 1] === '\n') j += 2;
    else return j;
  }
}

export function commandLinks(script: string, commands: CommandUse[]): CommandLink[] {
  const subs = substitutionRanges(script);
  const links: CommandLink[] = commands.map((c) => ({
    end: c.end,
    substituted: subs.some((r) => r.start < c.start && r.end >= c.end),
  }));
  commands.forEach((command, index) => {
    const link = links[index] as CommandLink;
    let i = skipBlanks(script, command.end);
    // Redirects that follow the command (`2>&1`, `> out.txt`), in any order. The parser's command
    // spans already include here-strings (`base64 <<< "$X"`).
    for (let guard = 0; guard < 8; guard++) {
      const rest = script.slice(i, i + 4);
      const m = /^(\d*|&)(>>?|>\||<<<)/.exec(rest);
      if (!m) break;
      const fd = m[1] ?? '';
      i = skipBlanks(script, i + m[0].length);
      if (script[i] === '&') {
        i = skipBlanks(script, wordAt(script, i + 1).end);
        continue;
      }
      const word = wordAt(script, i);
      if (m[2] !== '<<<' && (fd === '' || fd === '1' || fd === '&')) link.stdoutFile = word.text;
      link.end = word.end;
      i = skipBlanks(script, word.end);
    }
    if (script[i] === '|' && script[i + 1] !== '|') {
      const next = commands.findIndex((c, k) => k > index && c.start > i);
      // Only the next command of the same pipeline: nothing but blanks lies between.
      const target = commands[next];
      if (target && /^[\s&\\]*$/.test(script.slice(i + 1, target.start).replace(/\\\n/g, ' '))) {
        link.pipeTo = next;
        (links[next] as CommandLink).pipeFrom = index;
      }
    }
  });
  return links;
}
