/** `pipewarden verify <artifact> --bundle <file>`: exit 0 when every check passes, 1 with the failing check. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hasIdentityPolicy, type VerifyPolicy } from '../integrity/policy.js';
import { sha256Hex } from '../integrity/statement.js';
import { loadTrustedRoot } from '../integrity/trusted-root.js';
import { type VerifyResult, verifyBundle } from '../integrity/verify.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CliIO } from './io.js';

/** The policy flags are named as cosign and the GitHub CLI name them, one per VerifyPolicy field. */
export interface VerifyFlags extends VerifyPolicy {
  bundle: string;
  digest?: string;
  key?: string;
  trustedRoot?: string;
  format: 'text' | 'json';
}

const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

function readBoundedJson(file: string, what: string): unknown {
  const text = readFileSync(file);
  if (text.length > MAX_BUNDLE_BYTES) throw new Error(`${what} ${file} is larger than ${MAX_BUNDLE_BYTES} bytes`);
  try {
    return JSON.parse(text.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function runVerify(artifact: string | undefined, flags: VerifyFlags, io: CliIO): number {
  let digest: string;
  let bytes: Buffer | undefined;
  let bundle: unknown;
  let root: ReturnType<typeof loadTrustedRoot>;
  let publicKeyPem: string | undefined;
  try {
    if (flags.key) publicKeyPem = readFileSync(path.resolve(io.cwd, flags.key), 'utf8');
    if (flags.certificateIdentityRegexp !== undefined) {
      try {
        new RegExp(flags.certificateIdentityRegexp);
      } catch {
        throw new Error(`--certificate-identity-regexp is not a valid regular expression: ${flags.certificateIdentityRegexp}`);
      }
    }
    if (artifact && flags.digest) throw new Error('give either an artifact or --digest, not both');
    if (flags.digest) {
      const match = /^sha256:([0-9a-f]{64})$/i.exec(flags.digest);
      if (!match) throw new Error('--digest must look like sha256:<64 hex digits>');
      digest = (match[1] as string).toLowerCase();
    } else if (artifact) {
      bytes = readFileSync(path.resolve(io.cwd, artifact));
      digest = sha256Hex(bytes);
    } else {
      throw new Error('name the artifact or pass --digest sha256:...');
    }
    bundle = readBoundedJson(path.resolve(io.cwd, flags.bundle), 'bundle');
    const rootJson = flags.trustedRoot ? readBoundedJson(path.resolve(io.cwd, flags.trustedRoot), 'trusted root') : undefined;
    if (flags.trustedRoot && rootJson === undefined) throw new Error(`trusted root ${flags.trustedRoot} is not JSON`);
    root = loadTrustedRoot(rootJson);
  } catch (error) {
    io.stderr(`pipewarden verify: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const result: VerifyResult =
    bundle === undefined
      ? { ok: false, check: 'bundle', reason: 'the bundle file is not JSON' }
      : verifyBundle({
          bundle,
          digest,
          trustedRoot: root,
          policy: flags,
          ...(bytes ? { artifact: bytes } : {}),
          ...(publicKeyPem ? { publicKeyPem } : {}),
        });
  if (result.ok && result.signer !== 'public key' && !hasIdentityPolicy(flags)) {
    io.stderr(
      'pipewarden verify: warning: no identity policy given, so any Sigstore identity is accepted; pass --repo, --owner or --certificate-identity\n',
    );
  }
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify({ version: 1, digest: `sha256:${digest}`, ...result }, null, 2)}\n`);
  } else if (result.ok) {
    io.stdout(`verified: sha256:${digest} signed by ${result.signer}${result.predicateType ? ` (${result.predicateType})` : ''}\n`);
  } else {
    const detail = result.expected !== undefined ? `\n  expected: ${result.expected}\n  found:    ${result.found ?? '(none)'}` : '';
    io.stderr(`verification failed: ${result.check}: ${result.reason}${detail}\n`);
  }
  return result.ok ? EXIT_OK : EXIT_FINDINGS;
}
