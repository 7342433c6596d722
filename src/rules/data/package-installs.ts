/**
 * Package manager commands that install without a version or lockfile fixing what is installed:
 * what runs is whatever the registry serves when the job starts.
 * Sources:
 * - `npm install` may update package-lock.json and resolve ranges afresh; `npm ci` installs the
 *   lockfile exactly and fails when it disagrees: https://docs.npmjs.com/cli/commands/npm-ci ;
 *   `npm install <name>` takes the `latest` tag: https://docs.npmjs.com/cli/commands/npm-install
 * - `yarn add` / `pnpm add` without a version take the latest: https://classic.yarnpkg.com/en/docs/cli/add ,
 *   https://pnpm.io/cli/add (plain `pnpm install` and Yarn Berry `yarn install` are frozen on CI,
 *   https://pnpm.io/cli/install#--frozen-lockfile , https://yarnpkg.com/configuration/yarnrc#enableImmutableInstalls )
 * - `pip install <name>` without `==` takes the newest release: https://pip.pypa.io/en/stable/cli/pip_install/ ;
 *   hash-checking mode: https://pip.pypa.io/en/stable/topics/secure-installs/
 * - `gem install <name>` without `--version`: https://guides.rubygems.org/command-reference/#gem-install
 * - `go install pkg@latest` / `go get pkg` (newest): https://go.dev/ref/mod#go-install
 * - `cargo install <name>` without `--version` (newest, lockfile ignored without `--locked`):
 *   https://doc.rust-lang.org/cargo/commands/cargo-install.html
 */
import type { CommandUse } from '../../analysis/shell/types.js';

export interface UnpinnedInstall {
  /** `npm install` (no lockfile), or the package installed without a version. */
  what: string;
  /** What fixes it, for the message. */
  instead: string;
}

/** An exact version: `1.2.3`, `v1.2.3`, `1.2.3-rc.1`. */
const EXACT = /^v?\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/;

/** Operands that name files, folders or URLs rather than registry packages. */
const LOCAL = /^(?:\.{1,2}(?:\/|$)|\/|~|file:|git\+|https?:|[\w.-]+\.(?:whl|tar\.gz|tgz|zip|gem)$)/;

/** Installer tooling upgraded everywhere (`pip install --upgrade pip`); not a dependency of the job. */
const TOOLING = new Set(['pip', 'setuptools', 'wheel']);

/** Options of the installers that take a value (so the next word is not a package). */
const VALUE_OPTIONS: Record<string, Set<string>> = {
  npm: new Set(['--registry', '--prefix', '-C', '--workspace', '-w', '--tag', '--omit', '--include']),
  pip: new Set([
    '-r',
    '--requirement',
    '-c',
    '--constraint',
    '-e',
    '--editable',
    '-i',
    '--index-url',
    '--extra-index-url',
    '-f',
    '--find-links',
    '-t',
    '--target',
    '--prefix',
    '--root',
    '--platform',
    '--python-version',
    '--only-binary',
    '--no-binary',
    '--cache-dir',
    '--trusted-host',
  ]),
  gem: new Set(['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '--source', '-s']),
  cargo: new Set([
    '--version',
    '--vers',
    '--git',
    '--branch',
    '--tag',
    '--rev',
    '--path',
    '--root',
    '--registry',
    '--index',
    '--bin',
    '--example',
    '--features',
    '-F',
    '--target',
    '--profile',
    '-j',
    '--jobs',
  ]),
};

function operands(args: string[], options: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('-')) {
      if (options.has(arg)) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

const hasFlag = (args: string[], ...flags: string[]) => args.some((a) => flags.some((f) => a === f || a.startsWith(`${f}=`)));

/** npm-style `name@version`: pinned when the version is exact (`@scope/name@1.2.3`). */
function npmPinned(spec: string): boolean {
  const at = spec.lastIndexOf('@');
  return at > 0 && EXACT.test(spec.slice(at + 1));
}

function npm(args: string[]): UnpinnedInstall | undefined {
  const [sub, ...rest] = args;
  if (!['install', 'i', 'add', 'isntall', 'in'].includes(sub ?? '')) return undefined;
  const specs = operands(rest, VALUE_OPTIONS.npm as Set<string>).filter((s) => !LOCAL.test(s));
  if (specs.length === 0) {
    if (operands(rest, VALUE_OPTIONS.npm as Set<string>).length > 0) return undefined;
    return { what: 'dependencies with `npm install` (which may rewrite the lockfile and resolve ranges afresh)', instead: '`npm ci`' };
  }
  const loose = specs.find((s) => !npmPinned(s));
  return loose
    ? {
        what: `\`${loose}\` (npm, no exact version)`,
        instead: `an exact version (\`${loose.replace(/@[^@/]*$/, '')}@x.y.z\`) in a lockfile`,
      }
    : undefined;
}

function addCommand(manager: string, args: string[]): UnpinnedInstall | undefined {
  const rest = args[0] === 'global' ? args.slice(1) : args;
  if (rest[0] !== 'add') return undefined;
  const loose = operands(rest.slice(1), new Set()).find((s) => !LOCAL.test(s) && !npmPinned(s));
  return loose
    ? { what: `\`${loose}\` (${manager} add, no exact version)`, instead: 'an exact version in package.json and the lockfile' }
    : undefined;
}

function pip(args: string[]): UnpinnedInstall | undefined {
  if (args[0] !== 'install' || hasFlag(args, '--require-hashes')) return undefined;
  const specs = operands(args.slice(1), VALUE_OPTIONS.pip as Set<string>).filter((s) => !LOCAL.test(s));
  const loose = specs.find((s) => {
    const name = s.split(/[<>=!~;[ ]/)[0]?.toLowerCase() ?? '';
    return !TOOLING.has(name) && !/===?\s*[\w.]+$/.test(s);
  });
  return loose
    ? { what: `\`${loose}\` (pip, no \`==\` version)`, instead: 'a pinned requirements file installed with `--require-hashes`' }
    : undefined;
}

function gem(args: string[]): UnpinnedInstall | undefined {
  if (args[0] !== 'install' || hasFlag(args, '-v', '--version')) return undefined;
  const loose = operands(args.slice(1), VALUE_OPTIONS.gem as Set<string>).find((s) => !LOCAL.test(s) && !/:\d/.test(s));
  return loose
    ? {
        what: `\`${loose}\` (gem install, no \`--version\`)`,
        instead: '`--version x.y.z`, or a Gemfile.lock with `bundle install --frozen`',
      }
    : undefined;
}

function go(args: string[]): UnpinnedInstall | undefined {
  const [sub, ...rest] = args;
  if (sub !== 'install' && sub !== 'get') return undefined;
  const loose = rest.find((s) => !s.startsWith('-') && /\./.test(s) && (s.endsWith('@latest') || (sub === 'get' && !s.includes('@'))));
  return loose ? { what: `\`${loose}\` (go ${sub}, newest version)`, instead: 'an exact version (`@vX.Y.Z`), or go.mod' } : undefined;
}

function cargo(args: string[]): UnpinnedInstall | undefined {
  if (args[0] !== 'install' || hasFlag(args, '--version', '--vers', '--path', '--git')) return undefined;
  const loose = operands(args.slice(1), VALUE_OPTIONS.cargo as Set<string>).find((s) => !LOCAL.test(s) && !/@\d/.test(s));
  return loose ? { what: `\`${loose}\` (cargo install, no \`--version\`)`, instead: '`--version x.y.z --locked`' } : undefined;
}

/** The install a command makes without fixing its version, if any. */
export function unpinnedInstall(command: CommandUse): UnpinnedInstall | undefined {
  const args = command.args;
  switch (command.name) {
    case 'npm':
      return npm(args);
    case 'yarn':
    case 'pnpm':
      return addCommand(command.name, args);
    case 'pip':
    case 'pip3':
      return pip(args);
    case 'python':
    case 'python3':
      return args[0] === '-m' && (args[1] === 'pip' || args[1] === 'pip3') ? pip(args.slice(2)) : undefined;
    case 'gem':
      return gem(args);
    case 'go':
      return go(args);
    case 'cargo':
      return cargo(args);
  }
  return undefined;
}
