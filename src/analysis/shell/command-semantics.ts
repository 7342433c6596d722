/**
 * Dialect-neutral knowledge about commands: wrappers (`sudo`, `env`, ...),
 * interpreters and how they receive code, downloaders and where their output
 * goes, and verification tools. Each dialect scanner turns its syntax into
 * `Invocation`s and asks these questions.
 */

/** One argument word. `value` is the literal value when `literal`, else the source text without outer quotes. */
export interface WordLike {
  value: string;
  raw: string;
  start: number;
  end: number;
  literal: boolean;
}

export interface Invocation {
  /** Basename of the command word (`./gradlew` -> `gradlew`). */
  name: string;
  word: WordLike;
  args: WordLike[];
  /** Span of the invocation, from the command word (or the enclosing command start) to its end. */
  start: number;
  end: number;
}

const WIN_EXT = /\.(exe|cmd|bat|com)$/i;

/** Basename of a command word; with `windows`, `.exe`/`.cmd`/`.bat`/`.com` are dropped. */
export function commandBasename(word: string, windows: boolean): string {
  let w = word;
  if (w.length > 1 && (w.endsWith('/') || w.endsWith('\\'))) w = w.slice(0, -1);
  const cut = Math.max(w.lastIndexOf('/'), windows ? w.lastIndexOf('\\') : -1);
  let base = cut >= 0 && cut < w.length - 1 ? w.slice(cut + 1) : w;
  if (windows) base = base.replace(WIN_EXT, '');
  return base;
}

/** Lower-case key used to look a command up in the tables below (`.exe` etc. always dropped). */
export function commandKey(name: string): string {
  return name.toLowerCase().replace(WIN_EXT, '');
}

// ---------------------------------------------------------------------------
// Wrappers

type OptSpec = { withArg: Set<string>; stopAtFirstPositional: boolean };

const WRAPPERS: Record<string, OptSpec & { positionalsToSkip?: number; skipAssignments?: boolean }> = {
  sudo: {
    withArg: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group', '--prompt', '--chdir']),
    stopAtFirstPositional: true,
  },
  doas: { withArg: new Set(['-u', '-C']), stopAtFirstPositional: true },
  env: { withArg: new Set(['-u', '-C', '-S', '--unset', '--chdir', '--split-string']), stopAtFirstPositional: true, skipAssignments: true },
  time: { withArg: new Set(['-f', '-o', '--format', '--output']), stopAtFirstPositional: true },
  nice: { withArg: new Set(['-n', '--adjustment']), stopAtFirstPositional: true },
  nohup: { withArg: new Set(), stopAtFirstPositional: true },
  exec: { withArg: new Set(['-a']), stopAtFirstPositional: true },
  builtin: { withArg: new Set(), stopAtFirstPositional: true },
  command: { withArg: new Set(), stopAtFirstPositional: true },
  timeout: { withArg: new Set(['-s', '-k', '--signal', '--kill-after']), stopAtFirstPositional: true, positionalsToSkip: 1 },
  stdbuf: { withArg: new Set(['-i', '-o', '-e', '--input', '--output', '--error']), stopAtFirstPositional: true },
  xargs: {
    withArg: new Set([
      '-I',
      '-n',
      '-P',
      '-L',
      '-d',
      '-a',
      '-E',
      '-s',
      '--delimiter',
      '--arg-file',
      '--max-args',
      '--max-procs',
      '--max-lines',
      '--max-chars',
      '--eof',
    ]),
    stopAtFirstPositional: true,
  },
  call: { withArg: new Set(), stopAtFirstPositional: true },
};

/**
 * The invocation followed by the commands it wraps: `sudo -E pip install .`
 * gives [sudo ..., pip install .]. `command -v x` does not run x.
 */
export function unwrapInvocation(inv: Invocation, windows: boolean): Invocation[] {
  const chain = [inv];
  let cur = inv;
  for (let depth = 0; depth < 6; depth++) {
    const spec = WRAPPERS[commandKey(cur.name)];
    if (!spec) break;
    if (commandKey(cur.name) === 'command' && cur.args.some((a) => a.value === '-v' || a.value === '-V')) break;
    let i = 0;
    let toSkip = spec.positionalsToSkip ?? 0;
    const args = cur.args;
    while (i < args.length) {
      const a = (args[i] as WordLike).value;
      if (a === '--') {
        i++;
        break;
      }
      if (a.startsWith('-') && a.length > 1) {
        const eq = a.indexOf('=');
        const flag = eq > 0 ? a.slice(0, eq) : a;
        i += spec.withArg.has(flag) && eq < 0 ? 2 : 1;
        continue;
      }
      if (spec.skipAssignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
        i++;
        continue;
      }
      if (toSkip > 0) {
        toSkip--;
        i++;
        continue;
      }
      break;
    }
    const word = args[i];
    if (!word) break;
    const next: Invocation = {
      name: commandBasename(word.value, windows),
      word,
      args: args.slice(i + 1),
      start: word.start,
      end: cur.end,
    };
    chain.push(next);
    cur = next;
  }
  return chain;
}

// ---------------------------------------------------------------------------
// Interpreters

export type InterpreterFamily = 'shell' | 'python' | 'node' | 'perl' | 'ruby' | 'php' | 'pwsh' | 'cmd' | 'deno';

export interface InterpreterUse {
  family: InterpreterFamily;
  /** Canonical flag that introduced inline code, e.g. `-c`, `-e`, `-Command`. */
  codeFlag?: string;
  /** Words holding the inline code (one for most interpreters; the rest of the line for `cmd /c`). */
  codeArgs?: WordLike[];
  /** Reads its program from standard input (no script file, no inline code). */
  readsStdin: boolean;
  /** The script file it runs. */
  scriptFile?: WordLike;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'fish']);
const PYTHON = /^(python(\d+(\.\d+)*)?|pypy\d*|py)$/;

export function interpreterFamily(name: string): InterpreterFamily | undefined {
  const k = commandKey(name);
  if (SHELLS.has(k)) return 'shell';
  if (PYTHON.test(k)) return 'python';
  if (k === 'node' || k === 'nodejs' || k === 'bun') return 'node';
  if (k === 'perl') return 'perl';
  if (k === 'ruby') return 'ruby';
  if (k === 'php') return 'php';
  if (k === 'pwsh' || k === 'powershell') return 'pwsh';
  if (k === 'cmd') return 'cmd';
  if (k === 'deno') return 'deno';
  return undefined;
}

/** How an interpreter invocation receives its program, or undefined if `inv` is no interpreter. */
export function interpreterUse(inv: Invocation): InterpreterUse | undefined {
  const family = interpreterFamily(inv.name);
  if (!family) return undefined;
  const args = inv.args;
  switch (family) {
    case 'shell':
      return shellUse(args);
    case 'python':
      return clusterUse(family, args, 'c', new Set(['W', 'X', 'Q']), 'm');
    case 'perl':
    case 'ruby':
      return clusterUse(family, args, 'eE', new Set(['r', 'I', 'M', 'C', 'x', 'F', 'i', 'l', '0', 'd', 'm']), '');
    case 'php':
      return phpUse(args);
    case 'node':
      return nodeUse(args);
    case 'pwsh':
      return pwshUse(args);
    case 'cmd':
      return cmdUse(args);
    case 'deno':
      return denoUse(args);
  }
}

function shellUse(args: WordLike[]): InterpreterUse {
  let code = false;
  let stdin = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = (args[i] as WordLike).value;
    if (a === '-' || a === '--') {
      i++;
      if (a === '-') stdin = true;
      break;
    }
    if (a === '--rcfile' || a === '--init-file') {
      i++;
      continue;
    }
    if (a.startsWith('--')) continue;
    if ((a.startsWith('-') || a.startsWith('+')) && a.length > 1) {
      const letters = a.slice(1);
      if (letters.includes('c')) code = true;
      if (letters.includes('s')) stdin = true;
      // -o / -O take the following word as their argument.
      if (letters.includes('o') || letters.includes('O')) i++;
      continue;
    }
    break;
  }
  const first = args[i];
  if (code)
    return first ? { family: 'shell', codeFlag: '-c', codeArgs: [first], readsStdin: false } : { family: 'shell', readsStdin: false };
  if (stdin || !first) return { family: 'shell', readsStdin: true };
  if (first.value === '/dev/stdin') return { family: 'shell', readsStdin: true };
  return { family: 'shell', readsStdin: false, scriptFile: first };
}

/** python / perl / ruby style: short clusters, `codeLetters` take the code as the next word. */
function clusterUse(
  family: InterpreterFamily,
  args: WordLike[],
  codeLetters: string,
  withArg: Set<string>,
  moduleLetter: string,
): InterpreterUse {
  for (let i = 0; i < args.length; i++) {
    const a = (args[i] as WordLike).value;
    if (a === '-') return { family, readsStdin: true };
    if (a === '--') {
      const f = args[i + 1];
      return f ? { family, readsStdin: false, scriptFile: f } : { family, readsStdin: true };
    }
    if (a.startsWith('--')) continue;
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const ch = a[k] as string;
        if (codeLetters.includes(ch)) {
          const rest = a.slice(k + 1);
          const codeWord = rest ? undefined : args[i + 1];
          const codeArgs = codeWord ? [codeWord] : [args[i] as WordLike];
          return { family, codeFlag: `-${codeLetters[0]}`, codeArgs, readsStdin: false };
        }
        if (moduleLetter && ch === moduleLetter) return { family, readsStdin: false };
        if (withArg.has(ch)) {
          if (k === a.length - 1) i++;
          break;
        }
      }
      continue;
    }
    if (a === '/dev/stdin') return { family, readsStdin: true };
    return { family, readsStdin: false, scriptFile: args[i] as WordLike };
  }
  return { family, readsStdin: true };
}

function phpUse(args: WordLike[]): InterpreterUse {
  for (let i = 0; i < args.length; i++) {
    const a = (args[i] as WordLike).value;
    if (a === '-r') {
      const c = args[i + 1];
      return c ? { family: 'php', codeFlag: '-r', codeArgs: [c], readsStdin: false } : { family: 'php', readsStdin: false };
    }
    if (a === '-f') {
      const f = args[i + 1];
      return f ? { family: 'php', readsStdin: false, scriptFile: f } : { family: 'php', readsStdin: false };
    }
    if (a === '-d' || a === '-c' || a === '-z') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return { family: 'php', readsStdin: false, scriptFile: args[i] as WordLike };
  }
  return { family: 'php', readsStdin: true };
}

function nodeUse(args: WordLike[]): InterpreterUse {
  for (let i = 0; i < args.length; i++) {
    const a = (args[i] as WordLike).value;
    if (a === '-e' || a === '--eval' || a === '-p' || a === '--print' || a === '-pe') {
      const c = args[i + 1];
      return c ? { family: 'node', codeFlag: a, codeArgs: [c], readsStdin: false } : { family: 'node', readsStdin: false };
    }
    if (a.startsWith('--eval=') || a.startsWith('--print=')) {
      return { family: 'node', codeFlag: a.slice(0, a.indexOf('=')), codeArgs: [args[i] as WordLike], readsStdin: false };
    }
    if (a === '-') return { family: 'node', readsStdin: true };
    if (
      a === '-r' ||
      a === '--require' ||
      a === '--import' ||
      a === '--loader' ||
      a === '--input-type' ||
      a === '--conditions' ||
      a === '-C'
    ) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return { family: 'node', readsStdin: false, scriptFile: args[i] as WordLike };
  }
  return { family: 'node', readsStdin: true };
}

function denoUse(args: WordLike[]): InterpreterUse {
  const sub = args[0]?.value;
  if (sub === 'eval') {
    const c = args.slice(1).find((a) => !a.value.startsWith('-'));
    return c ? { family: 'deno', codeFlag: 'eval', codeArgs: [c], readsStdin: false } : { family: 'deno', readsStdin: false };
  }
  if (sub === 'run') {
    const f = args.slice(1).find((a) => !a.value.startsWith('-') || a.value === '-');
    if (!f || f.value === '-') return { family: 'deno', readsStdin: true };
    return { family: 'deno', readsStdin: false, scriptFile: f };
  }
  return { family: 'deno', readsStdin: false };
}

const PWSH_ARG_PARAMS =
  /^-(executionpolicy|ex|ep|workingdirectory|wd|outputformat|of|o|inputformat|if|windowstyle|w|version|v|configurationname|config|custompipename|settingsfile|settings)$/i;

function pwshUse(args: WordLike[]): InterpreterUse {
  for (let i = 0; i < args.length; i++) {
    const a = (args[i] as WordLike).value;
    if (/^[-/](c|co|com|comm|comma|comman|command)$/i.test(a)) {
      const rest = args.slice(i + 1);
      if (rest.length === 0) return { family: 'pwsh', readsStdin: false };
      if (rest.length === 1 && (rest[0] as WordLike).value === '-') return { family: 'pwsh', readsStdin: true };
      return { family: 'pwsh', codeFlag: '-Command', codeArgs: rest, readsStdin: false };
    }
    if (/^[-/](e|ec|en|enc|enco|encod|encode|encoded|encodedcommand)$/i.test(a)) {
      const c = args[i + 1];
      return c ? { family: 'pwsh', codeFlag: '-EncodedCommand', codeArgs: [c], readsStdin: false } : { family: 'pwsh', readsStdin: false };
    }
    if (/^[-/](f|fi|fil|file)$/i.test(a)) {
      const f = args[i + 1];
      if (!f || f.value === '-') return { family: 'pwsh', readsStdin: true };
      return { family: 'pwsh', readsStdin: false, scriptFile: f };
    }
    if (PWSH_ARG_PARAMS.test(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) continue;
    if (a === '-') return { family: 'pwsh', readsStdin: true };
    // A bare first positional: Windows PowerShell treats it as -Command, pwsh as -File.
    const rest = args.slice(i);
    if (/\.ps1$/i.test(a)) return { family: 'pwsh', readsStdin: false, scriptFile: args[i] as WordLike };
    return { family: 'pwsh', codeFlag: '-Command', codeArgs: rest, readsStdin: false };
  }
  return { family: 'pwsh', readsStdin: true };
}

function cmdUse(args: WordLike[]): InterpreterUse {
  for (let i = 0; i < args.length; i++) {
    const a = (args[i] as WordLike).value;
    if (/^\/[ck]$/i.test(a)) {
      const rest = args.slice(i + 1);
      return rest.length ? { family: 'cmd', codeFlag: '/c', codeArgs: rest, readsStdin: false } : { family: 'cmd', readsStdin: false };
    }
    if (/^\/[ck]./i.test(a)) return { family: 'cmd', codeFlag: '/c', codeArgs: args.slice(i), readsStdin: false };
    if (a.startsWith('/')) continue;
    break;
  }
  return { family: 'cmd', readsStdin: true };
}

/** `eval ...`, `source f`, `. f`: evaluation that is not an interpreter program. */
export function builtinEvalArgs(inv: Invocation): { command: string; args: WordLike[] } | undefined {
  const k = inv.name;
  if (k === 'eval') return inv.args.length ? { command: 'eval', args: inv.args } : undefined;
  if (k === 'source' || k === '.') {
    const f = inv.args[0];
    return f ? { command: k, args: [f] } : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Downloaders

export interface DownloadInfo {
  url?: string;
  /** File the body is saved to (as written, normalised by `normalizePath` later). */
  outFile?: string;
  toStdout: boolean;
}

const CURL_SHORT_ARG = new Set([
  'o',
  'H',
  'd',
  'u',
  'A',
  'e',
  'X',
  'w',
  'T',
  'F',
  'x',
  'm',
  'b',
  'c',
  'r',
  'C',
  'K',
  'z',
  'Y',
  'y',
  'E',
  'P',
  'Q',
  't',
  'U',
]);
const CURL_LONG_ARG = new Set([
  '--output',
  '--header',
  '--data',
  '--data-raw',
  '--data-binary',
  '--data-urlencode',
  '--data-ascii',
  '--json',
  '--user',
  '--user-agent',
  '--referer',
  '--request',
  '--write-out',
  '--upload-file',
  '--form',
  '--form-string',
  '--proxy',
  '--max-time',
  '--connect-timeout',
  '--retry',
  '--retry-delay',
  '--retry-max-time',
  '--cookie',
  '--cookie-jar',
  '--cacert',
  '--capath',
  '--cert',
  '--key',
  '--range',
  '--continue-at',
  '--output-dir',
  '--config',
  '--resolve',
  '--proto',
  '--proto-redir',
  '--limit-rate',
  '--max-redirs',
  '--interface',
  '--netrc-file',
  '--oauth2-bearer',
  '--url',
  '--time-cond',
  '--speed-limit',
  '--speed-time',
  '--dns-servers',
  '--connect-to',
  '--proxy-user',
  '--expect100-timeout',
  '--keepalive-time',
  '--local-port',
  '--pinnedpubkey',
  '--stderr',
  '--trace',
  '--trace-ascii',
  '--aws-sigv4',
  '--variable',
  '--expand-url',
]);
const WGET_SHORT_ARG = new Set(['O', 'o', 'a', 'P', 't', 'T', 'U', 'e', 'i', 'B', 'w', 'Q', 'l', 'A', 'R', 'D', 'I', 'X']);
const WGET_LONG_ARG = new Set([
  '--output-document',
  '--output-file',
  '--append-output',
  '--directory-prefix',
  '--tries',
  '--timeout',
  '--user-agent',
  '--header',
  '--execute',
  '--input-file',
  '--base',
  '--wait',
  '--quota',
  '--level',
  '--accept',
  '--reject',
  '--domains',
  '--user',
  '--password',
  '--http-user',
  '--http-password',
  '--post-data',
  '--post-file',
  '--body-data',
  '--body-file',
  '--method',
  '--ca-certificate',
  '--certificate',
  '--private-key',
  '--load-cookies',
  '--save-cookies',
  '--referer',
  '--limit-rate',
  '--bind-address',
  '--dns-timeout',
  '--connect-timeout',
  '--read-timeout',
  '--waitretry',
  '--retry-on-http-error',
]);

/** Last path segment of a URL (query and fragment removed). */
export function urlBasename(url: string): string | undefined {
  const noQuery = url.replace(/[?#].*$/, '');
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]+(\/.*)?$/i.exec(noQuery);
  const path = m ? (m[1] ?? '') : noQuery;
  const seg = path.slice(path.lastIndexOf('/') + 1);
  return seg || undefined;
}

function pickUrl(positionals: string[]): string | undefined {
  return positionals.find((p) => /:\/\//.test(p)) ?? positionals[0];
}

function joinDir(dir: string | undefined, file: string | undefined): string | undefined {
  if (!file) return undefined;
  if (!dir) return file;
  return `${dir.replace(/[/\\]+$/, '')}/${file}`;
}

export const DOWNLOADERS = new Set([
  'curl',
  'wget',
  'fetch',
  'http',
  'https',
  'xh',
  'aria2c',
  'invoke-webrequest',
  'iwr',
  'invoke-restmethod',
  'irm',
  'start-bitstransfer',
  'certutil',
  'bitsadmin',
]);

/** What a downloader invocation fetches and where the body goes; undefined if `inv` is no download. */
export function downloadInfo(inv: Invocation): DownloadInfo | undefined {
  const k = commandKey(inv.name);
  const vals = inv.args.map((a) => a.value);
  switch (k) {
    case 'curl':
      return curlInfo(vals);
    case 'wget':
      return wgetInfo(vals);
    case 'fetch': {
      const pos: string[] = [];
      let out: string | undefined;
      for (let i = 0; i < vals.length; i++) {
        const a = vals[i] as string;
        if (a === '-o') out = vals[++i];
        else if (!a.startsWith('-')) pos.push(a);
      }
      const url = pickUrl(pos);
      if (out === '-') return { url, toStdout: true };
      return { url, outFile: out ?? (url ? urlBasename(url) : undefined), toStdout: false };
    }
    case 'http':
    case 'https':
    case 'xh': {
      const pos = vals.filter((v) => !v.startsWith('-'));
      const url = pos.find((p) => /:\/\/|^[\w.-]+\.[a-z]{2,}(\/|$)/i.test(p));
      if (!url) return undefined;
      const oi = vals.findIndex((v) => v === '-o' || v === '--output');
      const out = oi >= 0 ? vals[oi + 1] : undefined;
      return { url, outFile: out, toStdout: out === undefined };
    }
    case 'aria2c': {
      const pos = vals.filter((v) => !v.startsWith('-'));
      const url = pickUrl(pos);
      const oi = vals.findIndex((v) => v === '-o' || v.startsWith('--out'));
      const o = oi >= 0 ? (vals[oi] as string) : undefined;
      const out = o?.includes('=') ? o.slice(o.indexOf('=') + 1) : oi >= 0 ? vals[oi + 1] : undefined;
      return { url, outFile: out ?? (url ? urlBasename(url) : undefined), toStdout: false };
    }
    case 'invoke-webrequest':
    case 'iwr':
    case 'invoke-restmethod':
    case 'irm':
      return pwshWebInfo(vals);
    case 'start-bitstransfer': {
      const p = psParams(vals, new Set(['-source', '-destination']));
      const url = p.named.get('-source') ?? p.positional[0];
      const out = p.named.get('-destination') ?? p.positional[1] ?? (url ? urlBasename(url) : undefined);
      return { url, outFile: out, toStdout: false };
    }
    case 'certutil': {
      if (!vals.some((v) => /^[-/]urlcache$/i.test(v))) return undefined;
      const pos = vals.filter((v) => !/^[-/]/.test(v));
      const url = pos.find((p) => /:\/\//.test(p));
      if (!url) return undefined;
      const after = pos[pos.indexOf(url) + 1];
      return { url, outFile: after ?? urlBasename(url), toStdout: false };
    }
    case 'bitsadmin': {
      if (!vals.some((v) => /^\/transfer$/i.test(v))) return undefined;
      const ui = vals.findIndex((v) => /:\/\//.test(v));
      if (ui < 0) return undefined;
      return { url: vals[ui], outFile: vals[ui + 1], toStdout: false };
    }
    default:
      return undefined;
  }
}

function curlInfo(vals: string[]): DownloadInfo {
  const pos: string[] = [];
  let out: string | undefined;
  let remoteName = false;
  let dir: string | undefined;
  let i = 0;
  const take = (): string | undefined => vals[++i];
  for (; i < vals.length; i++) {
    const a = vals[i] as string;
    if (a === '--') {
      pos.push(...vals.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const flag = eq > 0 ? a.slice(0, eq) : a;
      const val = eq > 0 ? a.slice(eq + 1) : CURL_LONG_ARG.has(flag) ? take() : undefined;
      if (flag === '--output') out = val;
      else if (flag === '--remote-name' || flag === '--remote-name-all') remoteName = true;
      else if (flag === '--output-dir') dir = val;
      else if (flag === '--url' && val) pos.push(val);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const ch = a[k] as string;
        if (ch === 'O') remoteName = true;
        if (CURL_SHORT_ARG.has(ch)) {
          const val = k < a.length - 1 ? a.slice(k + 1) : take();
          if (ch === 'o') out = val;
          break;
        }
      }
      continue;
    }
    pos.push(a);
  }
  const url = pickUrl(pos);
  if (out === '-') return { url, toStdout: true };
  if (out !== undefined) return { url, outFile: joinDir(dir, out), toStdout: false };
  if (remoteName) return { url, outFile: joinDir(dir, url ? urlBasename(url) : undefined), toStdout: false };
  return { url, toStdout: true };
}

function wgetInfo(vals: string[]): DownloadInfo {
  const pos: string[] = [];
  let out: string | undefined;
  let dir: string | undefined;
  let i = 0;
  const take = (): string | undefined => vals[++i];
  for (; i < vals.length; i++) {
    const a = vals[i] as string;
    if (a === '--') {
      pos.push(...vals.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const flag = eq > 0 ? a.slice(0, eq) : a;
      const val = eq > 0 ? a.slice(eq + 1) : WGET_LONG_ARG.has(flag) ? take() : undefined;
      if (flag === '--output-document') out = val;
      else if (flag === '--directory-prefix') dir = val;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const ch = a[k] as string;
        if (WGET_SHORT_ARG.has(ch)) {
          const val = k < a.length - 1 ? a.slice(k + 1) : take();
          if (ch === 'O') out = val;
          else if (ch === 'P') dir = val;
          break;
        }
      }
      continue;
    }
    pos.push(a);
  }
  const url = pickUrl(pos);
  if (out === '-') return { url, toStdout: true };
  if (out !== undefined) return { url, outFile: out, toStdout: false };
  return { url, outFile: joinDir(dir, (url ? urlBasename(url) : undefined) ?? 'index.html'), toStdout: false };
}

/** PowerShell parameter parsing: `-Name value`, `-Name:value`, switches listed in `switches`, positionals. */
function psParams(
  vals: string[],
  named: Set<string>,
  switches: Set<string> = new Set(),
): { named: Map<string, string>; positional: string[] } {
  const out = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < vals.length; i++) {
    const a = vals[i] as string;
    if (/^-[A-Za-z]/.test(a)) {
      const colon = a.indexOf(':');
      const flag = (colon > 0 ? a.slice(0, colon) : a).toLowerCase();
      if (colon > 0) out.set(flag, a.slice(colon + 1));
      else if (switches.has(flag)) out.set(flag, '');
      else {
        // Unknown or value-taking parameter: it takes the next word unless that is another parameter.
        const v = vals[i + 1];
        if (v !== undefined && (named.has(flag) || !/^-[A-Za-z]/.test(v))) {
          out.set(flag, v);
          i++;
        } else out.set(flag, '');
      }
      continue;
    }
    positional.push(a);
  }
  return { named: out, positional };
}

const PS_WEB_SWITCHES = new Set([
  '-usebasicparsing',
  '-passthru',
  '-skipcertificatecheck',
  '-usedefaultcredentials',
  '-disablekeepalive',
  '-resume',
  '-skiphttperrorcheck',
  '-allowunencryptedauthentication',
  '-skipheadervalidation',
  '-nouse',
  '-allowinsecureredirect',
  '-preservehttpmethodonredirect',
  '-preserveauthorizationonredirect',
]);

function pwshWebInfo(vals: string[]): DownloadInfo {
  const p = psParams(
    vals,
    new Set(['-uri', '-outfile', '-method', '-headers', '-body', '-contenttype', '-useragent', '-proxy', '-timeoutsec']),
    PS_WEB_SWITCHES,
  );
  const url = p.named.get('-uri') ?? p.named.get('-u') ?? p.positional[0];
  const out = p.named.get('-outfile') ?? p.named.get('-o') ?? p.named.get('-out');
  return out !== undefined ? { url, outFile: out, toStdout: false } : { url, toStdout: true };
}

export function isDownloader(inv: Invocation): boolean {
  return DOWNLOADERS.has(commandKey(inv.name)) && downloadInfo(inv) !== undefined;
}

// ---------------------------------------------------------------------------
// Verification

const CHECKSUM_TOOLS = /^(sha(1|224|256|384|512)sum|shasum|md5sum|b2sum|b3sum|cksum|sha256|sha512)$/;

/**
 * Does this invocation verify something downloaded? `compared` says the output
 * is consumed (inside `$(...)` or piped on), as in `[ "$(sha256sum f | cut -d' ' -f1)" = "$H" ]`.
 */
export function isVerification(inv: Invocation, compared: boolean): boolean {
  const k = commandKey(inv.name);
  const vals = inv.args.map((a) => a.value);
  if (CHECKSUM_TOOLS.test(k)) {
    if (compared) return true;
    return vals.some((v) => v === '--check' || v === '-c' || /^-[a-bd-zA-Z]*c[a-zA-Z]*$/.test(v));
  }
  switch (k) {
    case 'gpg':
    case 'gpg2':
      return vals.includes('--verify') || vals.includes('--verify-files');
    case 'gpgv':
    case 'gpgv2':
    case 'slsa-verifier':
      return true;
    case 'cosign':
      return vals.some((v) => v.startsWith('verify'));
    case 'minisign':
      return vals.includes('-V');
    case 'signify':
    case 'signify-openbsd':
      return vals.includes('-V') || vals.includes('-C');
    case 'gh':
      return vals[0] === 'attestation' && vals[1] === 'verify';
    case 'openssl':
      return vals[0] === 'dgst' && (compared || vals.some((v) => v === '-verify' || v === '-signature'));
    case 'get-filehash':
    case 'get-authenticodesignature':
      return true;
    case 'certutil':
      return vals.some((v) => /^[-/]hashfile$/i.test(v));
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// Running a file

/** The file an invocation executes, when it runs a script or binary by path. */
export function executedFile(inv: Invocation, bareNamesRunFromCwd: boolean): WordLike | undefined {
  const k = commandKey(inv.name);
  if (k === 'source' || k === '.') return inv.args[0];
  const use = interpreterUse(inv);
  if (use) return use.scriptFile;
  if (k === 'start-process' || k === 'saps' || k === 'start') {
    const fi = inv.args.findIndex((a) => /^-filepath$/i.test(a.value));
    if (fi >= 0) return inv.args[fi + 1];
    return inv.args.find((a) => !a.value.startsWith('-') && !a.value.startsWith('/') && a.value !== '""');
  }
  if (k === 'chmod' || k === 'chown' || k === 'ls' || k === 'cat' || k === 'rm' || k === 'mv' || k === 'cp') return undefined;
  const w = inv.word.value;
  if (/[/\\]/.test(w) || bareNamesRunFromCwd) return inv.word;
  return undefined;
}

/** Canonical form for comparing paths written in different ways. */
export function normalizePath(p: string, caseInsensitive: boolean): string {
  let s = p
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/\\/g, '/');
  while (s.startsWith('./')) s = s.slice(2);
  s = s.replace(/\/{2,}/g, '/').replace(/\/\.\//g, '/');
  s = s.replace(/\$\{(\w+)\}/g, '$$$1');
  return caseInsensitive ? s.toLowerCase() : s;
}
