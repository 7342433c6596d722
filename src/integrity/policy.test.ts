/** Certificate policy checks over Fulcio-style extensions (DER UTF8String values). */
import type { X509Certificate } from '@sigstore/core';
import { describe, expect, it } from 'vitest';
import { checkCertificatePolicy, type VerifyPolicy } from './policy.js';

const utf8String = (text: string) => Buffer.concat([Buffer.from([0x0c, Buffer.byteLength(text)]), Buffer.from(text)]);

function fakeCertificate(san: string, extensions: Record<string, string>): X509Certificate {
  return {
    subjectAltName: san,
    extension: (oid: string) => (extensions[oid] === undefined ? undefined : { value: utf8String(extensions[oid] as string) }),
  } as unknown as X509Certificate;
}

const WORKFLOW = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main';
const cert = fakeCertificate(WORKFLOW, {
  '1.3.6.1.4.1.57264.1.8': 'https://token.actions.githubusercontent.com',
  '1.3.6.1.4.1.57264.1.9': 'https://github.com/acme/shared/.github/workflows/build.yml@refs/tags/v1',
  '1.3.6.1.4.1.57264.1.12': 'https://github.com/acme/app',
  '1.3.6.1.4.1.57264.1.14': 'refs/heads/main',
});

describe('checkCertificatePolicy', () => {
  const passing: VerifyPolicy = {
    certificateIdentity: WORKFLOW,
    certificateIdentityRegexp: '^https://github\\.com/acme/',
    certificateOidcIssuer: 'https://token.actions.githubusercontent.com',
    owner: 'ACME',
    repo: 'acme/app',
    sourceRef: 'refs/heads/main',
    signerRepo: 'acme/shared',
    signerWorkflow: 'acme/shared/.github/workflows/build.yml',
  };

  it('accepts a certificate that meets every flag', () => {
    expect(checkCertificatePolicy(cert, passing)).toBeUndefined();
  });

  const cases: [keyof VerifyPolicy, string, string][] = [
    ['certificateIdentity', 'https://github.com/evil/app/.github/workflows/x.yml@refs/heads/main', WORKFLOW],
    ['certificateIdentityRegexp', '^https://github\\.com/evil/', WORKFLOW],
    ['certificateOidcIssuer', 'https://gitlab.com', 'https://token.actions.githubusercontent.com'],
    ['owner', 'evil', 'acme'],
    ['repo', 'acme/other', 'acme/app'],
    ['sourceRef', 'refs/tags/v1', 'refs/heads/main'],
    ['signerRepo', 'acme/app', 'acme/shared'],
    ['signerWorkflow', 'acme/app/.github/workflows/release.yml', 'acme/shared/.github/workflows/build.yml'],
  ];
  for (const [flag, wrong, found] of cases) {
    it(`names ${flag} with expected and found on a mismatch`, () => {
      const failure = checkCertificatePolicy(cert, { ...passing, [flag]: wrong });
      expect(failure?.found).toBe(found);
      expect(failure?.expected).toContain(wrong);
      expect(failure?.check).toBe(flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
    });
  }
});
