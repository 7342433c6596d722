/**
 * Verifies a Sigstore bundle (v0.1 to v0.3) with @sigstore/verify: signature, certificate chain,
 * transparency log and timestamps against a trusted root, or against a public key the user gives.
 * Then checks that the artifact's digest is a subject of the statement and applies the policy.
 * Every failure names the check that failed, with expected and found values where there are any.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { type Bundle, bundleFromJSON } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { PolicyError, toSignedEntity, toTrustMaterial, VerificationError, Verifier } from '@sigstore/verify';
import { checkCertificatePolicy, checkStatementPolicy, hasIdentityPolicy, type VerifyPolicy } from './policy.js';
import { assertSupported, KeyError } from './sign-key.js';
import { IN_TOTO_PAYLOAD_TYPE, type Statement } from './statement.js';

export interface VerifyInput {
  bundle: unknown;
  /** The artifact bytes, or only its SHA-256 digest (hex) when the user passes `--digest`. */
  artifact?: Buffer;
  digest: string;
  publicKeyPem?: string;
  trustedRoot: TrustedRoot;
  policy: VerifyPolicy;
}

export type VerifyCheck =
  | 'bundle'
  | 'key'
  | 'signature'
  | 'certificate'
  | 'transparency-log'
  | 'timestamp'
  | 'statement'
  | 'subject'
  | 'artifact'
  | string;

export type VerifyResult =
  | { ok: true; mediaType: string; signer: string; subjects: string[]; predicateType?: string }
  | { ok: false; check: VerifyCheck; reason: string; expected?: string; found?: string };

const CHECK_BY_CODE: Record<string, VerifyCheck> = {
  SIGNATURE_ERROR: 'signature',
  PUBLIC_KEY_ERROR: 'key',
  CERTIFICATE_ERROR: 'certificate',
  TIMESTAMP_ERROR: 'timestamp',
  TLOG_ERROR: 'transparency-log',
  TLOG_BODY_ERROR: 'transparency-log',
  TLOG_INCLUSION_PROOF_ERROR: 'transparency-log',
  TLOG_INCLUSION_PROMISE_ERROR: 'transparency-log',
  TLOG_MISSING_INCLUSION_ERROR: 'transparency-log',
  UNTRUSTED_SIGNER_ERROR: 'policy',
};

const fail = (check: VerifyCheck, reason: string, expected?: string, found?: string): VerifyResult => ({
  ok: false,
  check,
  reason,
  ...(expected !== undefined ? { expected } : {}),
  ...(found !== undefined ? { found } : {}),
});

function readKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  assertSupported(key);
  return key;
}

function signingCertificate(bundle: Bundle): X509Certificate | undefined {
  const material = bundle.verificationMaterial.content;
  if (material.$case === 'certificate') return X509Certificate.parse(Buffer.from(material.certificate.rawBytes));
  if (material.$case === 'x509CertificateChain') {
    const first = material.x509CertificateChain.certificates[0];
    return first ? X509Certificate.parse(Buffer.from(first.rawBytes)) : undefined;
  }
  return undefined;
}

function readStatement(bundle: Bundle): Statement | string {
  if (bundle.content.$case !== 'dsseEnvelope') return 'not a DSSE envelope';
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return `payload type ${envelope.payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}`;
  try {
    const statement = JSON.parse(Buffer.from(envelope.payload).toString('utf8')) as Statement;
    if (!Array.isArray(statement?.subject)) return 'the statement has no subject list';
    return statement;
  } catch {
    return 'the DSSE payload is not JSON';
  }
}

export function verifyBundle(input: VerifyInput): VerifyResult {
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(input.bundle);
  } catch (error) {
    return fail('bundle', `not a valid Sigstore bundle: ${(error as Error).message}`);
  }
  const isKeyBundle = bundle.verificationMaterial.content.$case === 'publicKey';
  if (isKeyBundle && !input.publicKeyPem) return fail('key', 'the bundle is signed with a key: pass --key <public key PEM>');
  if (bundle.content.$case === 'messageSignature' && !input.artifact) {
    return fail('artifact', 'a message-signature bundle needs the artifact file, not only --digest');
  }

  let verifier: Verifier;
  try {
    if (input.publicKeyPem) {
      const publicKey = readKey(input.publicKeyPem);
      // The key is the trust anchor; log entries a bundle carries are still checked against the root.
      verifier = new Verifier(
        toTrustMaterial(input.trustedRoot, () => ({ publicKey, validFor: () => true })),
        { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 },
      );
    } else {
      // The key is the trust anchor; log entries a bundle carries are still checked against the root.
      verifier = new Verifier(toTrustMaterial(input.trustedRoot));
    }
  } catch (error) {
    if (error instanceof KeyError) return fail('key', error.message);
    return fail('key', `cannot read the public key or trusted root: ${(error as Error).message}`);
  }

  let entityError: string | undefined;
  try {
    verifier.verify(toSignedEntity(bundle, input.artifact));
  } catch (error) {
    if (error instanceof VerificationError || error instanceof PolicyError) {
      // A failed certificate chain says why (e.g. expired when logged) only in its cause.
      const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return fail(CHECK_BY_CODE[error.code] ?? 'signature', `${error.code}: ${error.message}${cause}`);
    }
    entityError = (error as Error).message;
  }
  if (entityError !== undefined) return fail('bundle', `cannot verify the bundle: ${entityError}`);

  const cert = signingCertificate(bundle);
  if (hasIdentityPolicy(input.policy)) {
    if (!cert) return fail('policy', 'the bundle is signed with a key, so it carries no identity to check against the policy flags');
    const failure = checkCertificatePolicy(cert, input.policy);
    if (failure) return fail(failure.check, `${failure.check} does not match`, failure.expected, failure.found);
  }

  const signer = cert?.subjectAltName ?? (isKeyBundle ? 'public key' : 'unknown');
  const mediaType = bundle.mediaType;
  if (bundle.content.$case === 'messageSignature') {
    if (input.policy.predicateType)
      return fail('predicate-type', 'the bundle signs the artifact itself, not an attestation', input.policy.predicateType, '(none)');
    return { ok: true, mediaType, signer, subjects: [`sha256:${input.digest}`] };
  }

  const statement = readStatement(bundle);
  if (typeof statement === 'string') return fail('statement', statement);
  const subjects = statement.subject.map((s) => `${s?.name ?? ''} sha256:${s?.digest?.sha256 ?? '(none)'}`);
  if (!statement.subject.some((s) => s?.digest?.sha256?.toLowerCase() === input.digest.toLowerCase())) {
    return fail(
      'subject',
      'the artifact digest is not a subject of the statement',
      `sha256:${input.digest}`,
      subjects.join(', ') || '(none)',
    );
  }
  const failure = checkStatementPolicy(statement, input.policy);
  if (failure) return fail(failure.check, `${failure.check} does not match`, failure.expected, failure.found);
  return { ok: true, mediaType, signer, subjects, predicateType: statement.predicateType };
}
