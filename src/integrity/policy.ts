/**
 * Who must have built the artifact: checks on the signing certificate (Fulcio's OIDC extensions,
 * https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md) and on the statement, named as
 * cosign and `gh attestation verify` name their flags. Each check reports expected vs found.
 */
import { ASN1Obj, type X509Certificate } from '@sigstore/core';
import type { Statement } from './statement.js';

export interface VerifyPolicy {
  certificateIdentity?: string;
  certificateIdentityRegexp?: string;
  certificateOidcIssuer?: string;
  owner?: string;
  repo?: string;
  sourceRef?: string;
  signerRepo?: string;
  signerWorkflow?: string;
  predicateType?: string;
}

export interface PolicyFailure {
  check: string;
  expected: string;
  found: string;
}

const OID = {
  issuer: '1.3.6.1.4.1.57264.1.8',
  legacyIssuer: '1.3.6.1.4.1.57264.1.1',
  buildSignerUri: '1.3.6.1.4.1.57264.1.9',
  sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
  sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
} as const;

/** Fulcio's v2 extensions hold a DER UTF8String. */
function extension(cert: X509Certificate, oid: string): string | undefined {
  const raw = cert.extension(oid)?.value;
  if (!raw) return undefined;
  try {
    return ASN1Obj.parseBuffer(Buffer.from(raw)).value.toString('utf8');
  } catch {
    return undefined;
  }
}

/** "https://github.com/o/r/.github/workflows/w.yml@refs/heads/main" -> "o/r/.github/workflows/w.yml" */
function uriPath(uri: string | undefined): string {
  if (!uri) return '';
  try {
    return new URL(uri).pathname.replace(/^\//, '').replace(/@.*$/, '');
  } catch {
    return '';
  }
}

const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function hasIdentityPolicy(policy: VerifyPolicy): boolean {
  return Boolean(
    policy.certificateIdentity ||
      policy.certificateIdentityRegexp ||
      policy.certificateOidcIssuer ||
      policy.owner ||
      policy.repo ||
      policy.sourceRef ||
      policy.signerRepo ||
      policy.signerWorkflow,
  );
}

export function checkCertificatePolicy(cert: X509Certificate, policy: VerifyPolicy): PolicyFailure | undefined {
  const san = cert.subjectAltName ?? '';
  if (policy.certificateIdentity !== undefined && san !== policy.certificateIdentity) {
    return { check: 'certificate-identity', expected: policy.certificateIdentity, found: san || '(none)' };
  }
  if (policy.certificateIdentityRegexp !== undefined && !new RegExp(policy.certificateIdentityRegexp).test(san)) {
    return { check: 'certificate-identity-regexp', expected: `/${policy.certificateIdentityRegexp}/`, found: san || '(none)' };
  }
  // Older Fulcio certificates carry only the v1 issuer extension, whose value is the raw string.
  const issuer = extension(cert, OID.issuer) ?? cert.extension(OID.legacyIssuer)?.value.toString('utf8') ?? '';
  if (policy.certificateOidcIssuer !== undefined && issuer !== policy.certificateOidcIssuer) {
    return { check: 'certificate-oidc-issuer', expected: policy.certificateOidcIssuer, found: issuer || '(none)' };
  }
  const sourceRepo = uriPath(extension(cert, OID.sourceRepositoryUri));
  if (policy.owner !== undefined && !sameText(sourceRepo.split('/')[0] ?? '', policy.owner)) {
    return { check: 'owner', expected: policy.owner, found: sourceRepo.split('/')[0] || '(none)' };
  }
  if (policy.repo !== undefined && !sameText(sourceRepo, policy.repo)) {
    return { check: 'repo', expected: policy.repo, found: sourceRepo || '(none)' };
  }
  const sourceRef = extension(cert, OID.sourceRepositoryRef) ?? '';
  if (policy.sourceRef !== undefined && sourceRef !== policy.sourceRef) {
    return { check: 'source-ref', expected: policy.sourceRef, found: sourceRef || '(none)' };
  }
  const signer = uriPath(extension(cert, OID.buildSignerUri));
  const signerRepo = signer.split('/').slice(0, 2).join('/');
  if (policy.signerRepo !== undefined && !sameText(signerRepo, policy.signerRepo)) {
    return { check: 'signer-repo', expected: policy.signerRepo, found: signerRepo || '(none)' };
  }
  if (policy.signerWorkflow !== undefined && !sameText(signer, policy.signerWorkflow.replace(/@.*$/, ''))) {
    return { check: 'signer-workflow', expected: policy.signerWorkflow, found: signer || '(none)' };
  }
  return undefined;
}

export function checkStatementPolicy(statement: Statement, policy: VerifyPolicy): PolicyFailure | undefined {
  if (policy.predicateType !== undefined && statement.predicateType !== policy.predicateType) {
    return { check: 'predicate-type', expected: policy.predicateType, found: String(statement.predicateType) };
  }
  return undefined;
}
