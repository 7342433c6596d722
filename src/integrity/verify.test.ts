/**
 * attest -> verify round trips offline with keys made here, and each kind of tampering or policy
 * mismatch fails with its own check. Real keyless bundles are covered by `npm run conformance`.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signStatementWithKey } from './sign-key.js';
import { buildStatement, SLSA_PROVENANCE_V1, sha256Hex, slsaProvenance } from './statement.js';
import { loadTrustedRoot } from './trusted-root.js';
import { type VerifyInput, verifyBundle } from './verify.js';

const artifact = Buffer.from('release tarball bytes');
const digest = sha256Hex(artifact);
const root = loadTrustedRoot();

function keys(kind: 'ec' | 'ed25519'): { privateKey: KeyObject; publicPem: string } {
  const pair = kind === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  return { privateKey: pair.privateKey, publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

function attest(privateKey: KeyObject) {
  const statement = buildStatement([{ name: 'app.tgz', digest: { sha256: digest } }], SLSA_PROVENANCE_V1, slsaProvenance(undefined));
  return signStatementWithKey(statement, privateKey);
}

const input = (bundle: unknown, publicKeyPem: string, extra: Partial<VerifyInput> = {}): VerifyInput => ({
  bundle,
  artifact,
  digest,
  publicKeyPem,
  trustedRoot: root,
  policy: {},
  ...extra,
});

describe('key-signed bundles', () => {
  for (const kind of ['ec', 'ed25519'] as const) {
    it(`round-trips with ${kind}`, () => {
      const { privateKey, publicPem } = keys(kind);
      const bundle = attest(privateKey);
      expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
      const result = verifyBundle(input(bundle, publicPem));
      expect(result).toMatchObject({ ok: true, signer: 'public key', predicateType: SLSA_PROVENANCE_V1 });
    });
  }

  const { privateKey, publicPem } = keys('ec');
  const bundle = attest(privateKey);

  it('fails the subject check for a tampered artifact', () => {
    const other = Buffer.from('tampered');
    const result = verifyBundle(input(bundle, publicPem, { artifact: other, digest: sha256Hex(other) }));
    expect(result).toMatchObject({ ok: false, check: 'subject', expected: `sha256:${sha256Hex(other)}` });
    expect(!result.ok && result.found).toContain(`sha256:${digest}`);
  });

  it('fails the signature check for a tampered statement', () => {
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString());
    statement.subject[0].digest.sha256 = sha256Hex(Buffer.from('evil'));
    const tampered = structuredClone(bundle);
    if (tampered.dsseEnvelope) tampered.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    expect(verifyBundle(input(tampered, publicPem))).toMatchObject({ ok: false, check: 'signature' });
  });

  it('fails the signature check for a tampered signature', () => {
    const tampered = structuredClone(bundle);
    const sig = tampered.dsseEnvelope?.signatures[0];
    if (sig) sig.sig = Buffer.from(Buffer.from(sig.sig, 'base64').map((b, i) => (i === 10 ? b ^ 1 : b))).toString('base64');
    expect(verifyBundle(input(tampered, publicPem))).toMatchObject({ ok: false, check: 'signature' });
  });

  it('fails the signature check with another key', () => {
    expect(verifyBundle(input(bundle, keys('ec').publicPem))).toMatchObject({ ok: false, check: 'signature' });
  });

  it('fails the predicate-type policy with expected and found', () => {
    const result = verifyBundle(input(bundle, publicPem, { policy: { predicateType: 'https://cyclonedx.org/bom' } }));
    expect(result).toEqual({
      ok: false,
      check: 'predicate-type',
      reason: 'predicate-type does not match',
      expected: 'https://cyclonedx.org/bom',
      found: SLSA_PROVENANCE_V1,
    });
  });

  it('refuses identity policies on a key bundle, which has no identity', () => {
    expect(verifyBundle(input(bundle, publicPem, { policy: { owner: 'acme' } }))).toMatchObject({ ok: false, check: 'policy' });
  });

  it('asks for --key when a key bundle comes without one', () => {
    expect(verifyBundle({ bundle, digest, trustedRoot: root, policy: {} })).toMatchObject({ ok: false, check: 'key' });
  });

  it('accepts the digest alone', () => {
    expect(verifyBundle({ bundle, digest, publicKeyPem: publicPem, trustedRoot: root, policy: {} })).toMatchObject({ ok: true });
  });

  it('rejects what is not a bundle', () => {
    expect(verifyBundle(input({ mediaType: 'nope' }, publicPem))).toMatchObject({ ok: false, check: 'bundle' });
  });

  it('rejects unsupported key types', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const result = verifyBundle(input(bundle, rsa));
    expect(result).toMatchObject({ ok: false, check: 'key' });
    expect(!result.ok && result.reason).toContain('ECDSA P-256 or Ed25519');
  });
});
