/**
 * Steps that sign or attest what a pipeline publishes, and steps that verify signatures or
 * attestations before something is deployed: the integrity controls of SLSA and of OWASP
 * CICD-SEC-9. Sources: each action's README and each tool's CLI reference, cited per entry.
 *
 * `subjects` says what an entry covers: container images (`cosign sign`, attestations pushed to a
 * registry) or files (`cosign sign-blob`, release assets). Attestation actions take either an
 * image (`subject-name` + `subject-digest`) or files (`subject-path`), so they cover both.
 * BuildKit's own provenance (`docker buildx build --provenance`, build-push-action's
 * `provenance:` input) is unsigned and is not listed: it records the build but proves nothing
 * about who produced it.
 */
import { ActionTable } from './action-names.js';
import { commandBaseName, hasFlag, matchSubcommand, operandsOf, unwrapCommand } from './command-line.js';

export type SignedSubject = 'image' | 'file';
export type IntegrityEffect = 'sign' | 'verify';

export interface IntegrityAction {
  /** `owner/repo[/path]`; reusable workflows by their path (`owner/repo/.github/workflows/x.yml`). */
  action: string;
  effect: IntegrityEffect;
  subjects: readonly SignedSubject[];
  source: string;
}

export interface IntegrityCommand {
  command: string;
  /** Leading operands that select the operation (`sign-blob`, `attestation verify`). */
  subcommands?: readonly string[];
  /** Or: any of these flags selects it (`gpg --detach-sign`). */
  flags?: readonly string[];
  optionsWithValue?: readonly string[];
  effect: IntegrityEffect;
  subjects: readonly SignedSubject[];
  source: string;
}

const ATTESTATION_SUBJECTS: readonly SignedSubject[] = ['image', 'file'];

export const INTEGRITY_ACTIONS: readonly IntegrityAction[] = [
  {
    action: 'actions/attest-build-provenance',
    effect: 'sign',
    subjects: ATTESTATION_SUBJECTS,
    source: 'https://github.com/actions/attest-build-provenance#readme',
  },
  { action: 'actions/attest', effect: 'sign', subjects: ATTESTATION_SUBJECTS, source: 'https://github.com/actions/attest#readme' },
  {
    action: 'actions/attest-sbom',
    effect: 'sign',
    subjects: ATTESTATION_SUBJECTS,
    source: 'https://github.com/actions/attest-sbom#readme',
  },
  {
    action: 'sigstore/gh-action-sigstore-python',
    effect: 'sign',
    subjects: ['file'],
    source: 'https://github.com/sigstore/gh-action-sigstore-python#readme',
  },
  {
    action: 'slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml',
    effect: 'sign',
    subjects: ['file'],
    source: 'https://github.com/slsa-framework/slsa-github-generator/blob/main/internal/builders/generic/README.md',
  },
  {
    action: 'slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml',
    effect: 'sign',
    subjects: ['image'],
    source: 'https://github.com/slsa-framework/slsa-github-generator/blob/main/internal/builders/container/README.md',
  },
];

const COSIGN_OPTS = [
  '--key',
  '-k',
  '--output-signature',
  '--output-certificate',
  '--bundle',
  '--type',
  '--predicate',
  '-a',
  '--annotations',
];

export const INTEGRITY_COMMANDS: readonly IntegrityCommand[] = [
  {
    command: 'cosign',
    subcommands: ['sign', 'attest'],
    optionsWithValue: COSIGN_OPTS,
    effect: 'sign',
    subjects: ['image'],
    source: 'https://docs.sigstore.dev/cosign/signing/signing_with_containers/',
  },
  {
    command: 'cosign',
    subcommands: ['sign-blob', 'attest-blob'],
    optionsWithValue: COSIGN_OPTS,
    effect: 'sign',
    subjects: ['file'],
    source: 'https://docs.sigstore.dev/cosign/signing/signing_with_blobs/',
  },
  {
    command: 'cosign',
    subcommands: ['verify', 'verify-attestation'],
    optionsWithValue: COSIGN_OPTS,
    effect: 'verify',
    subjects: ['image'],
    source: 'https://docs.sigstore.dev/cosign/verifying/verify/',
  },
  {
    command: 'cosign',
    subcommands: ['verify-blob', 'verify-blob-attestation'],
    optionsWithValue: COSIGN_OPTS,
    effect: 'verify',
    subjects: ['file'],
    source: 'https://docs.sigstore.dev/cosign/verifying/verify/',
  },
  {
    command: 'notation',
    subcommands: ['sign'],
    effect: 'sign',
    subjects: ['image'],
    source: 'https://notaryproject.dev/docs/user-guides/cli-reference/notation_sign/',
  },
  {
    command: 'notation',
    subcommands: ['verify'],
    effect: 'verify',
    subjects: ['image'],
    source: 'https://notaryproject.dev/docs/user-guides/cli-reference/notation_verify/',
  },
  {
    command: 'docker',
    subcommands: ['trust sign'],
    effect: 'sign',
    subjects: ['image'],
    source: 'https://docs.docker.com/reference/cli/docker/trust/sign/',
  },
  {
    command: 'gh',
    subcommands: ['attestation verify'],
    optionsWithValue: ['-R', '--repo', '-o', '--owner'],
    effect: 'verify',
    subjects: ['image', 'file'],
    source: 'https://cli.github.com/manual/gh_attestation_verify',
  },
  {
    command: 'slsa-verifier',
    subcommands: ['verify-image'],
    effect: 'verify',
    subjects: ['image'],
    source: 'https://github.com/slsa-framework/slsa-verifier#readme',
  },
  {
    command: 'slsa-verifier',
    subcommands: ['verify-artifact', 'verify-npm-package'],
    effect: 'verify',
    subjects: ['file'],
    source: 'https://github.com/slsa-framework/slsa-verifier#readme',
  },
  {
    command: 'sigstore',
    subcommands: ['sign', 'attest'],
    effect: 'sign',
    subjects: ['file'],
    source: 'https://github.com/sigstore/sigstore-python#usage',
  },
  {
    command: 'sigstore',
    subcommands: ['verify'],
    effect: 'verify',
    subjects: ['file'],
    source: 'https://github.com/sigstore/sigstore-python#usage',
  },
  {
    command: 'gpg',
    // `-ab` and `-ba` are the usual bundled short form of `--armor --detach-sign`.
    flags: ['--detach-sign', '--detach-sig', '--sign', '--clearsign', '--clear-sign', '-b', '-s', '-ab', '-ba', '-sa', '-as'],
    effect: 'sign',
    subjects: ['file'],
    source: 'https://www.gnupg.org/documentation/manuals/gnupg/Operational-GPG-Commands.html',
  },
  {
    command: 'gpg',
    flags: ['--verify'],
    effect: 'verify',
    subjects: ['file'],
    source: 'https://www.gnupg.org/documentation/manuals/gnupg/Operational-GPG-Commands.html',
  },
  // `-Sm file` and `-Vm file` are the forms minisign's documentation shows.
  { command: 'minisign', flags: ['-S', '-Sm'], effect: 'sign', subjects: ['file'], source: 'https://jedisct1.github.io/minisign/' },
  { command: 'minisign', flags: ['-V', '-Vm'], effect: 'verify', subjects: ['file'], source: 'https://jedisct1.github.io/minisign/' },
  {
    command: 'pipewarden',
    subcommands: ['attest'],
    effect: 'sign',
    subjects: ['file'],
    source: 'https://github.com/pipewarden/pipewarden/blob/main/docs/integrity.md',
  },
  {
    command: 'pipewarden',
    subcommands: ['verify'],
    effect: 'verify',
    subjects: ['file'],
    source: 'https://github.com/pipewarden/pipewarden/blob/main/docs/integrity.md',
  },
];

/**
 * Docker Content Trust: with DOCKER_CONTENT_TRUST=1, `docker push` signs the tag it pushes.
 * https://docs.docker.com/engine/security/trust/#client-enforcement-with-docker-content-trust
 */
export const CONTENT_TRUST_VARIABLE = 'DOCKER_CONTENT_TRUST';

const INTEGRITY_TABLE = new ActionTable(INTEGRITY_ACTIONS);

/** The entry for a `uses:` value (action or reusable workflow), if it signs or verifies. */
export function integrityActionFor(uses: string): IntegrityAction | undefined {
  return INTEGRITY_TABLE.find(uses);
}

/** The entry for a shell command (wrappers such as `sudo` and `python -m` looked through). */
export function integrityCommandFor(command: string, args: readonly string[]): IntegrityCommand | undefined {
  const unwrapped = unwrapCommand(command, args);
  if (!unwrapped) return undefined;
  let name = commandBaseName(unwrapped.command);
  let rest = unwrapped.args;
  if (name === 'python' && rest[0] === '-m' && rest[1] !== undefined) {
    name = rest[1];
    rest = rest.slice(2);
  }
  for (const entry of INTEGRITY_COMMANDS) {
    if (entry.command !== name) continue;
    if (entry.flags?.some((flag) => hasFlag(rest, flag))) return entry;
    if (entry.subcommands && matchSubcommand(operandsOf(rest, entry.optionsWithValue), entry.subcommands)) return entry;
  }
  return undefined;
}
