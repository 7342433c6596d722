/** Command-line entry: parses arguments, dispatches to one command, maps errors to exit codes. */
import { Command, CommanderError, Option } from 'commander';
import { EXIT_INTERNAL, EXIT_USAGE } from './exit-codes.js';
import { runInventory, type InventoryFlags } from './inventory-command.js';
import { type CliIO, processIO } from './io.js';
import { runRules } from './rules-command.js';
import { runScan, type ScanFlags } from './scan-command.js';
import { TOOL } from './version.js';

const collect = (value: string, previous: string[]) => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode = 0;
  const program = new Command('pipewarden')
    .description('Secures CI/CD pipelines: audits GitHub Actions workflows and actions for real attacks.')
    .version(TOOL.version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });

  program
    .command('scan')
    .description('audit every pipeline definition under the given paths (files or folders)')
    .argument('[paths...]', 'files or folders to scan', [])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif', 'github']).default('text'))
    .option('-c, --config <file>', 'config file (default: pipewarden.yml or .github/pipewarden.yml in the scanned folder)')
    .addOption(
      new Option('--min-severity <severity>', 'hide findings below this severity').choices(['info', 'low', 'medium', 'high', 'critical']),
    )
    .addOption(new Option('--min-confidence <confidence>', 'hide findings below this confidence').choices(['low', 'medium', 'high']))
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default: info)').choices([
        'info',
        'low',
        'medium',
        'high',
        'critical',
      ]),
    )
    .option('--rule <ids>', 'run only these rules (repeatable, comma-separated)', collect, [])
    .option('--skip-rule <ids>', 'do not run these rules (repeatable, comma-separated)', collect, [])
    .option('--color', 'force colours')
    .option('--no-color', 'disable colours')
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .action(async (paths: string[], flags: ScanFlags) => {
      exitCode = await runScan(paths, flags, io);
    });

  program
    .command('rules')
    .description('list the rules with their metadata')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((flags: { format: string }) => {
      exitCode = runRules(flags, io);
    });

  program
    .command('inventory')
    .description('list triggers, jobs, permissions, secrets and third-party references of every pipeline')
    .argument('[paths...]', 'files or folders to inventory', [])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json']).default('json'))
    .option('-o, --output <file>', 'write the inventory to a file instead of standard output')
    .action(async (paths: string[], flags: InventoryFlags) => {
      exitCode = await runInventory(paths, flags, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    io.stderr(`pipewarden: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT_INTERNAL;
  }
}
