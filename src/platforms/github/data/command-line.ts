/**
 * Small argv helpers shared by the command tables (publish-deploy.ts, checkout-actions.ts,
 * signing.ts, and the rules' workspace-code.ts). They work on words a shell parser already
 * produced; they never split strings themselves.
 */

/** `./gradlew.bat` -> `gradlew`, `/usr/bin/Python3.12` -> `python`, `pip3` -> `pip`. */
export function commandBaseName(command: string): string {
  const slash = Math.max(command.lastIndexOf('/'), command.lastIndexOf('\\'));
  let name = command.slice(slash + 1).toLowerCase();
  name = name.replace(/\.(exe|cmd|bat)$/, '');
  const versioned = /^(python|pip|pypy)\d+(\.\d+)*$/.exec(name);
  if (versioned?.[1] !== undefined) name = versioned[1] === 'pypy' ? 'python' : versioned[1];
  return name;
}

/** A command written as a path relative to the working directory (`./build.sh`, `bin/rails`, `scripts\x.ps1`). */
export function isRelativeCommandPath(command: string): boolean {
  if (command === '' || command.startsWith('/') || command.startsWith('~') || /^[a-z]:[\\/]/i.test(command)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(command)) return false;
  return command.includes('/') || command.includes('\\');
}

/** An argument naming a file in the workspace rather than stdin, an absolute path or a URL. */
export function isWorkspaceFile(arg: string): boolean {
  if (arg === '' || arg === '-' || arg.startsWith('<(')) return false;
  if (/^\$\{?\{?\s*(github\.workspace|GITHUB_WORKSPACE)\b/i.test(arg)) return true;
  if (arg.startsWith('$') || arg.startsWith('~') || arg.startsWith('/') || /^[a-z]:[\\/]/i.test(arg)) return false;
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(arg);
}

const WRAPPERS = new Set(['sudo', 'env', 'time', 'nice', 'nohup', 'command', 'exec', 'xvfb-run', 'stdbuf', 'timeout']);
const WRAPPER_VALUE_OPTIONS: Record<string, readonly string[]> = {
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U'],
  env: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'],
  nice: ['-n', '--adjustment'],
  stdbuf: ['-i', '-o', '-e'],
  timeout: ['-s', '--signal', '-k', '--kill-after'],
};

/**
 * Drops leading wrappers (`sudo`, `env FOO=1`, `time`, `timeout 10m`...) and returns the real
 * command and its arguments; undefined when nothing is left.
 */
export function unwrapCommand(command: string, args: readonly string[]): { command: string; args: string[] } | undefined {
  let cmd = command;
  let rest = [...args];
  for (let guard = 0; guard < 8 && WRAPPERS.has(commandBaseName(cmd)); guard++) {
    const wrapper = commandBaseName(cmd);
    const valueOptions = WRAPPER_VALUE_OPTIONS[wrapper] ?? [];
    let i = 0;
    while (i < rest.length) {
      const arg = rest[i] ?? '';
      if (arg === '--') {
        i++;
        break;
      }
      if (arg.startsWith('-')) {
        i += valueOptions.includes(arg) ? 2 : 1;
        continue;
      }
      if (wrapper === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) {
        i++;
        continue;
      }
      if (wrapper === 'timeout' && /^\d+(\.\d+)?[smhd]?$/.test(arg)) {
        i++;
        continue;
      }
      break;
    }
    const next = rest[i];
    if (next === undefined) return undefined;
    cmd = next;
    rest = rest.slice(i + 1);
  }
  return { command: cmd, args: rest };
}

/**
 * Non-option words before `--`, skipping the value of each option listed in `optionsWithValue`
 * (`--opt=value` needs no skipping). Option names compare case-sensitively, as most CLIs do.
 */
export function operandsOf(args: readonly string[], optionsWithValue: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') break;
    if (arg.startsWith('-') && arg !== '-') {
      if (optionsWithValue.includes(arg)) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/**
 * Whether the leading operands spell one of `subcommands`. A subcommand may have several words
 * (`buildx build`) and a trailing `*` matches a prefix (`publish*` matches `publishToMavenLocal`).
 * Returns the subcommand that matched.
 */
export function matchSubcommand(operands: readonly string[], subcommands: readonly string[]): string | undefined {
  for (const sub of subcommands) {
    const words = sub.split(' ');
    const ok = words.every((word, i) => {
      const operand = operands[i];
      if (operand === undefined) return false;
      return word.endsWith('*') ? operand.startsWith(word.slice(0, -1)) : operand === word;
    });
    if (ok) return sub;
  }
  return undefined;
}

/** Whether any operand (not only the first) spells one of `subcommands`; for task runners like Gradle. */
export function anyOperandMatches(operands: readonly string[], subcommands: readonly string[]): string | undefined {
  for (let i = 0; i < operands.length; i++) {
    const hit = matchSubcommand(operands.slice(i), subcommands);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** True when `flag` appears as a word or as `flag=value`. */
export function hasFlag(args: readonly string[], flag: string): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === flag || arg.startsWith(`${flag}=`)) return true;
  }
  return false;
}
