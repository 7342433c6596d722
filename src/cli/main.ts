/** Command-line entry: parses arguments, dispatches to one command, maps errors to exit codes. */
import { Command, CommanderError, Option } from 'commander';
import { EXIT_INTERNAL, EXIT_USAGE } from './exit-codes.js';
import type { FixFlags } from './fix-command.js';
import type { InventoryFlags } from './inventory-command.js';
import type { PinFlags } from './pin-command.js';
import type { PostureFlags } from './posture-command.js';
import { type CliIO, processIO } from './io.js';
import type { AttestFlags } from './attest-command.js';
import { runRules } from './rules-command.js';
import type { SbomFlags } from './sbom-command.js';
import { runScan, type ScanFlags } from './scan-command.js';
import type { VerifyFlags } from './verify-command.js';
import { TOOL } from './version.js';

const collect = (value: string, previous: string[]) => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

// Commands other than scan and rules are imported when they run: the signing libraries alone take
// longer to load than a scan of a small repository.
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
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif', 'github', 'markdown', 'html']).default('text'),
    )
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
    .option('-j, --jobs <n>', 'worker threads for independent repositories of the tree (default: auto, by cores and tree size)')
    .option('--fix', 'apply the safe fixes first, then report what remains (see pipewarden fix)')
    .option('--unsafe', 'with --fix: also apply fixes that may change what the pipeline does')
    .option('--online', 'also run the rules that ask the GitHub API (token from GH_TOKEN or GITHUB_TOKEN)')
    .option('--github-url <url>', 'with --online: GitHub Enterprise Server URL (its API is HOST/api/v3)')
    .option('--cache-dir <dir>', 'with --online: HTTP cache of API answers (default: ~/.cache/pipewarden/http)')
    .option('--timing', 'print where the time went (YAML, model per platform, each rule) to standard error; scans in one thread')
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

  // Integrity (issue 8): attest and verify.
  program
    .command('attest')
    .description('sign SLSA provenance (or another predicate) for artifacts into a Sigstore bundle')
    .argument('<artifacts...>', 'files to attest')
    .option('--key <pem>', 'private key (ECDSA P-256 or Ed25519 PEM) to sign with, offline')
    .option('--keyless', 'sign through Sigstore with the CI OIDC identity (online)')
    .option('--fulcio-url <url>', 'Fulcio of the Sigstore instance (default: public good)')
    .option('--rekor-url <url>', 'Rekor of the Sigstore instance (default: public good)')
    .option('-o, --output <file>', 'write the bundle to a file instead of standard output')
    .option('--predicate-type <uri>', 'predicate type of --predicate (default: SLSA provenance v1)')
    .option('--predicate <file>', 'custom predicate (JSON)')
    .option('--sbom <file>', 'attest a CycloneDX SBOM (JSON)')
    .action(async (artifacts: string[], flags: AttestFlags) => {
      exitCode = await (await import('./attest-command.js')).runAttest(artifacts, flags, io);
    });
  program
    .command('verify')
    .description('verify a Sigstore bundle for an artifact, offline, and check who built it')
    .argument('[artifact]', 'the artifact file (or use --digest)')
    .requiredOption('--bundle <file>', 'Sigstore bundle (v0.1 to v0.3)')
    .option('--digest <sha256:hex>', 'artifact digest instead of the file')
    .option('--key <pem>', 'public key for key-signed bundles')
    .option('--trusted-root <file>', 'Sigstore trusted root to use instead of the shipped one')
    .option('--certificate-identity <san>', 'exact signer identity in the certificate')
    .option('--certificate-identity-regexp <re>', 'regular expression the signer identity must match')
    .option('--certificate-oidc-issuer <url>', 'OIDC issuer in the certificate')
    .option('--owner <owner>', 'source repository owner')
    .option('--repo <owner/name>', 'source repository')
    .option('--source-ref <ref>', 'source repository ref, e.g. refs/heads/main')
    .option('--signer-repo <owner/name>', 'repository of the workflow that signed')
    .option('--signer-workflow <owner/name/path>', 'workflow that signed')
    .option('--predicate-type <uri>', 'required predicate type of the attestation')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (artifact: string | undefined, flags: VerifyFlags) => {
      exitCode = (await import('./verify-command.js')).runVerify(artifact, flags, io);
    });

  program
    .command('inventory')
    .description('list triggers, jobs, permissions, secrets and third-party references of every pipeline')
    .argument('[paths...]', 'files or folders to inventory', [])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json', 'markdown', 'html']).default('json'))
    .addOption(
      new Option('--graph <format>', 'write the trust map instead: Mermaid, Graphviz DOT, or SVG laid out in-process').choices([
        'mermaid',
        'dot',
        'svg',
      ]),
    )
    .option('-o, --output <file>', 'write the inventory to a file instead of standard output')
    .action(async (paths: string[], flags: InventoryFlags) => {
      exitCode = await (await import('./inventory-command.js')).runInventory(paths, flags, io);
    });

  // Pins (issue 6): the lock that lets `fix` pin actions offline.
  program
    .command('pin')
    .description('check that pipewarden.lock pins every action and reusable workflow ref; --update resolves the missing ones online')
    .argument('[paths...]', 'files or folders whose references to pin', [])
    .option('--update', 'resolve missing refs through the GitHub API (online) and rewrite the lock')
    .option('--lock <file>', 'lock file (default: pipewarden.lock in the folder scanned)')
    .option('--github-api-url <url>', 'GitHub API base URL (default: https://api.github.com)')
    .option('--github-url <url>', 'GitHub Enterprise Server URL (its API is HOST/api/v3)')
    .option('--cache-dir <dir>', 'HTTP cache of the GitHub API answers (default: ~/.cache/pipewarden/http)')
    .option('--insecure-registry <host>', 'reach this registry host over plain HTTP (repeatable; local registries only)', collect, [])
    .action(async (paths: string[], flags: PinFlags) => {
      exitCode = await (await import('./pin-command.js')).runPin(paths, flags, io);
    });

  // Posture (issue 7): the roadmap and the OWASP CI/CD risks per repository.
  program
    .command('posture')
    .description('show per repository which CI/CD security controls are in place, the OWASP CI/CD risks with findings, and the next steps')
    .argument('[paths...]', 'files or folders to assess', [])
    .option('-f, --format <format>', 'text, markdown or json (default: text)')
    .option('-c, --config <file>', 'config file (default: pipewarden.yml or .github/pipewarden.yml in the folder)')
    .option('-o, --output <file>', 'write the posture to a file instead of standard output')
    .action(async (paths: string[], flags: PostureFlags) => {
      exitCode = await (await import('./posture-command.js')).runPosture(paths, flags, io);
    });

  // Visibility (issue 7): the pipelines' bill of materials.
  program
    .command('sbom')
    .description('write a CycloneDX 1.6 bill of materials of the pipelines and what they pull in')
    .argument('[paths...]', 'files or folders to describe', [])
    .option('-o, --output <file>', 'write the BOM to a file instead of standard output')
    .option('--gitlab-server <host>', 'GitLab instance of include: project: and $CI_SERVER_FQDN components (default: gitlab.com)')
    .action(async (paths: string[], flags: SbomFlags) => {
      // Loaded when it runs: the CycloneDX library is not needed by any other command.
      exitCode = await (await import('./sbom-command.js')).runSbom(paths, flags, io);
    });

  // Fixes (issue 6).
  program
    .command('fix')
    .description('apply the fixes rules offer, keeping the rest of each file byte for byte (safe fixes unless --unsafe)')
    .argument('[paths...]', 'files or folders to fix', [])
    .option('--unsafe', 'also apply fixes that may change what the pipeline does')
    .option('--dry-run', 'print the changes as a unified diff and write nothing')
    .option('--rule <ids>', 'fix only the findings of these rules (repeatable, comma-separated)', collect, [])
    .option('--lock <file>', 'pins for unpinned-reference (default: pipewarden.lock in the folder fixed)')
    .option('--online', 'resolve the pins the lock lacks through the GitHub API and the image registries first (the lock is not written)')
    .option('--github-url <url>', 'with --online: GitHub Enterprise Server URL (its API is HOST/api/v3)')
    .option('--cache-dir <dir>', 'with --online: HTTP cache of API answers (default: ~/.cache/pipewarden/http)')
    .option('-c, --config <file>', 'config file (default: pipewarden.yml or .github/pipewarden.yml in the folder)')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a remaining finding is at or above this severity (default: info)').choices([
        'info',
        'low',
        'medium',
        'high',
        'critical',
      ]),
    )
    .action(async (paths: string[], flags: FixFlags) => {
      exitCode = await (await import('./fix-command.js')).runFix(paths, flags, io);
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
