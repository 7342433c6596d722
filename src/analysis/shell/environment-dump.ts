/**
 * Commands that print every environment variable of the process: `env` and `printenv` without
 * a variable name or command, bare `set` (bash, sh, cmd), `export -p` / bare `export`,
 * `declare -p`/`-x`, reading `/proc/self/environ` (or another process's `environ`), and
 * PowerShell's `Get-ChildItem env:` (`gci`, `dir`, `ls`). Works on the command facts of any
 * dialect (names and literal arguments).
 */
import type { CommandUse } from './types.js';

const PROC_ENVIRON = /^\/proc\/(?:self|\d+|\$\$|\$\{?[A-Za-z_]+\}?)\/environ$/;
const READERS = new Set(['cat', 'strings', 'tr', 'xargs', 'less', 'more', 'od', 'xxd', 'hexdump']);

export function isEnvironmentDump(command: CommandUse): boolean {
  const name = command.name.toLowerCase();
  const args = command.args;
  if (name === 'env' || name === 'printenv') return args.every((a) => a === '-0' || a === '--null');
  if (name === 'set') return args.length === 0;
  if (name === 'export' || name === 'declare' || name === 'typeset')
    return (name === 'export' && args.length === 0) || (args.length === 1 && (args[0] === '-p' || args[0] === '-x' || args[0] === '-px'));
  if (name === 'get-childitem' || name === 'gci' || name === 'dir' || name === 'ls')
    return args.length === 1 && /^env:\\?\*?$/i.test(args[0] ?? '');
  if (READERS.has(name)) return args.some((a) => PROC_ENVIRON.test(a.replace(/^["']|["']$/g, '')));
  return false;
}
