/** `pipewarden attest <artifact...>`: SLSA provenance (or a custom predicate) signed into a Sigstore bundle. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detectCiBuild } from '../integrity/ci-environment.js';
import { identityTokenFromEnv } from '../integrity/oidc-token.js';
import { loadPrivateKey, signStatementWithKey } from '../integrity/sign-key.js';
import {
  buildStatement,
  CYCLONEDX_PREDICATE,
  SLSA_PROVENANCE_V1,
  type Statement,
  type Subject,
  sha256Hex,
  slsaProvenance,
} from '../integrity/statement.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CliIO } from './io.js';

export interface AttestFlags {
  key?: string;
  output?: string;
  predicateType?: string;
  predicate?: string;
  sbom?: string;
  keyless?: boolean;
  fulcioUrl?: string;
  rekorUrl?: string;
}

/** Predicates and SBOMs are JSON documents; refuse anything larger than this. */
const MAX_PREDICATE_BYTES = 32 * 1024 * 1024;

function readJson(file: string, what: string): unknown {
  const text = readFileSync(file);
  if (text.length > MAX_PREDICATE_BYTES) throw new Error(`${what} ${file} is larger than ${MAX_PREDICATE_BYTES} bytes`);
  try {
    return JSON.parse(text.toString('utf8'));
  } catch {
    throw new Error(`${what} ${file} is not JSON`);
  }
}

function choosePredicate(flags: AttestFlags, io: CliIO): { type: string; predicate: unknown } {
  if (flags.sbom) {
    if (flags.predicate) throw new Error('use either --sbom or --predicate, not both');
    return { type: CYCLONEDX_PREDICATE, predicate: readJson(path.resolve(io.cwd, flags.sbom), 'SBOM') };
  }
  if (flags.predicate) {
    if (!flags.predicateType) throw new Error('--predicate needs --predicate-type <uri>');
    return { type: flags.predicateType, predicate: readJson(path.resolve(io.cwd, flags.predicate), 'predicate') };
  }
  if (flags.predicateType && flags.predicateType !== SLSA_PROVENANCE_V1) {
    throw new Error(`--predicate-type ${flags.predicateType} needs --predicate <file>`);
  }
  const build = detectCiBuild(io.env);
  if (!build) io.stderr('pipewarden: warning: not running in GitHub Actions or GitLab CI; the provenance describes a local build\n');
  return { type: SLSA_PROVENANCE_V1, predicate: slsaProvenance(build) };
}

/** Loaded on demand: @sigstore/sign brings an HTTP stack that no other command needs. */
async function signKeyless(statement: Statement, flags: AttestFlags, io: CliIO) {
  const keyless = await import('../integrity/sign-keyless.js');
  return keyless.signStatementKeyless(statement, {
    fulcioUrl: flags.fulcioUrl ?? keyless.PUBLIC_FULCIO_URL,
    rekorUrl: flags.rekorUrl ?? keyless.PUBLIC_REKOR_URL,
    identityToken: () => identityTokenFromEnv(io.env),
  });
}

export async function runAttest(artifacts: string[], flags: AttestFlags, io: CliIO): Promise<number> {
  try {
    if (artifacts.length === 0) throw new Error('name at least one artifact');
    if (Boolean(flags.key) === Boolean(flags.keyless)) {
      throw new Error('sign with --key <private key PEM> (offline) or --keyless (Sigstore, online), one of the two');
    }
    const subjects: Subject[] = artifacts.map((file) => ({
      name: path.basename(file),
      digest: { sha256: sha256Hex(readFileSync(path.resolve(io.cwd, file))) },
    }));
    const { type, predicate } = choosePredicate(flags, io);
    const statement = buildStatement(subjects, type, predicate);
    const signed = flags.key
      ? signStatementWithKey(statement, loadPrivateKey(readFileSync(path.resolve(io.cwd, flags.key), 'utf8')))
      : await signKeyless(statement, flags, io);
    const bundle = `${JSON.stringify(signed, null, 2)}\n`;
    if (flags.output) writeFileSync(path.resolve(io.cwd, flags.output), bundle);
    else io.stdout(bundle);
    return EXIT_OK;
  } catch (error) {
    io.stderr(`pipewarden attest: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
}
