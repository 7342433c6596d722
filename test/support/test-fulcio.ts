/**
 * A certificate authority that behaves like Fulcio, for offline tests of keyless signing: it checks
 * the OIDC token's issuer and audience and the proof of possession, then issues a short-lived leaf
 * certificate for the caller's public key, with the token's identity as SAN, Fulcio's OIDC
 * extensions (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md) and an SCT embedded
 * by a test CT log (RFC 6962 section 3.3), as @sigstore/verify requires one by default.
 */
import 'reflect-metadata';
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, sign, verify, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { X509Certificate as SigstoreCertificate } from '@sigstore/core';
import { HttpRefusal } from './http-refusal.js';

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const LEAF_LIFETIME_MS = 10 * 60 * 1000;
const OID_SCT_LIST = '1.3.6.1.4.1.11129.2.4.2';
const OID_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';

/** Fulcio's OIDs: .1.1 holds the raw issuer string, the v2 ones (.1.8 and on) a DER UTF8String. */
const FULCIO_OID = {
  legacyIssuer: '1.3.6.1.4.1.57264.1.1',
  issuer: '1.3.6.1.4.1.57264.1.8',
  buildSignerUri: '1.3.6.1.4.1.57264.1.9',
  sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
  sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
} as const;

export interface IdentityClaims {
  iss: string;
  aud: string;
  sub: string;
  exp?: number;
  email?: string;
  email_verified?: boolean;
  /** GitHub Actions: owner/repo/.github/workflows/file.yml@ref */
  job_workflow_ref?: string;
  repository?: string;
  ref?: string;
}

/** A JWT whose signature nobody checks: the test CA trusts the claims it is given. */
export function unsignedIdentityToken(claims: IdentityClaims): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${part(claims)}.${Buffer.from('unsigned').toString('base64url')}`;
}

/**
 * Extension contents as a copy over a plain ArrayBuffer: with the DOM typings in the program
 * (playwright-core's types bring them), x509 wants exactly that, and a Buffer may sit on a shared one.
 */
function extensionValue(bytes: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const utf8String = (text: string) => der(0x0c, Buffer.from(text, 'utf8'));

function uint(value: bigint | number, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let rest = BigInt(value);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

function readClaims(token: string): IdentityClaims {
  const payload = token.split('.')[1];
  if (!payload) throw new HttpRefusal(400, 'the identity token is not a JWT');
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as IdentityClaims;
  } catch {
    throw new HttpRefusal(400, 'the identity token payload is not JSON');
  }
}

/** A CT log that signs precertificate SCTs (v1) with an ECDSA P-256 key. */
export class TestCtLog {
  readonly key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  readonly publicKeyDer = this.key.publicKey.export({ type: 'spki', format: 'der' });
  readonly logId = createHash('sha256').update(this.publicKeyDer).digest();

  /** The SCT for a precertificate: its TBS without the SCT list, and the issuer's key hash. */
  sct(tbsDer: Buffer, issuerKeyDer: Buffer, timestampMs: number): Buffer {
    const timestamp = uint(timestampMs, 8);
    const signed = Buffer.concat([
      Buffer.from([0, 0]), // version v1, signature type certificate_timestamp
      timestamp,
      uint(1, 2), // entry type precert_entry
      createHash('sha256').update(issuerKeyDer).digest(),
      uint(tbsDer.length, 3),
      tbsDer,
      uint(0, 2), // no extensions
    ]);
    const signature = sign('sha256', signed, this.key.privateKey);
    return Buffer.concat([
      Buffer.from([0]),
      this.logId,
      timestamp,
      uint(0, 2),
      Buffer.from([4, 3]), // sha256, ecdsa
      uint(signature.length, 2),
      signature,
    ]);
  }
}

export interface IssuedCertificate {
  chainPem: string[];
  leafDer: Buffer;
}

export class TestFulcio {
  readonly ctLog = new TestCtLog();
  readonly issued: IssuedCertificate[] = [];
  private ca!: { keys: webcrypto.CryptoKeyPair; cert: x509.X509Certificate; publicKeyDer: Buffer };

  private constructor(readonly acceptedIssuer: string) {}

  static async create(acceptedIssuer: string, caNotBefore: Date): Promise<TestFulcio> {
    const fulcio = new TestFulcio(acceptedIssuer);
    const keys = (await webcrypto.subtle.generateKey(ECDSA_P256, false, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomSerial(),
      name: 'O=pipewarden-test, CN=test-fulcio-root',
      notBefore: caNotBefore,
      notAfter: new Date(caNotBefore.getTime() + 24 * 60 * 60 * 1000),
      signingAlgorithm: ECDSA_P256,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 1, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    const publicKeyDer = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
    fulcio.ca = { keys, cert, publicKeyDer };
    return fulcio;
  }

  get rootDer(): Buffer {
    return Buffer.from(this.ca.cert.rawData);
  }

  get rootNotBefore(): Date {
    return this.ca.cert.notBefore;
  }

  /** POST /api/v2/signingCert, as @sigstore/sign sends it. */
  async signingCert(request: unknown, now: Date): Promise<unknown> {
    const body = request as {
      credentials?: { oidcIdentityToken?: string };
      publicKeyRequest?: { publicKey?: { content?: string }; proofOfPossession?: string };
    };
    const token = body.credentials?.oidcIdentityToken;
    const pem = body.publicKeyRequest?.publicKey?.content;
    const proof = body.publicKeyRequest?.proofOfPossession;
    if (!token || !pem || !proof) throw new HttpRefusal(400, 'credentials, public key and proof of possession are required');
    const claims = readClaims(token);
    if (claims.iss !== this.acceptedIssuer) throw new HttpRefusal(401, `unknown OIDC issuer ${claims.iss}`);
    if (claims.aud !== 'sigstore') throw new HttpRefusal(401, `audience ${claims.aud} is not sigstore`);
    if (claims.exp !== undefined && claims.exp * 1000 < now.getTime()) throw new HttpRefusal(401, 'the identity token expired');
    const subject = claims.email ?? claims.sub;
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch {
      throw new HttpRefusal(400, 'the public key is not a PEM SPKI key');
    }
    if (!verify('sha256', Buffer.from(subject), key, Buffer.from(proof, 'base64'))) {
      throw new HttpRefusal(400, 'the proof of possession does not verify');
    }
    const leafDer = await this.issueLeaf(claims, key.export({ type: 'spki', format: 'der' }), now);
    const chainPem = [leafDer, this.rootDer].map(toPem);
    this.issued.push({ chainPem, leafDer });
    return { signedCertificateEmbeddedSct: { chain: { certificates: chainPem } } };
  }

  private async issueLeaf(claims: IdentityClaims, publicKeyDer: Buffer, now: Date): Promise<Buffer> {
    // A copy over a plain ArrayBuffer: the DOM typings (pulled in by playwright-core's types) type
    // webcrypto's key data so, and a Buffer may sit on a shared one.
    const spki = new Uint8Array(publicKeyDer);
    const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 1000);
    const fields = {
      serialNumber: randomSerial(),
      subject: '',
      issuer: this.ca.cert.subject,
      notBefore,
      notAfter: new Date(notBefore.getTime() + LEAF_LIFETIME_MS),
      publicKey: spki,
      signingKey: this.ca.keys.privateKey,
      signingAlgorithm: ECDSA_P256,
    };
    const extensions = [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([OID_CODE_SIGNING]),
      await x509.SubjectKeyIdentifierExtension.create(spki),
      await x509.AuthorityKeyIdentifierExtension.create(this.ca.cert),
      new x509.SubjectAlternativeNameExtension([identityName(claims)], true),
      ...fulcioExtensions(claims),
    ];
    // The SCT signs the certificate as it is without the SCT list: issue that first, then the real one.
    const precert = await x509.X509CertificateGenerator.create({ ...fields, extensions });
    const tbs = SigstoreCertificate.parse(Buffer.from(precert.rawData)).tbsCertificate.toDER();
    const sct = this.ctLog.sct(tbs, this.ca.publicKeyDer, notBefore.getTime());
    const sctList = Buffer.concat([uint(sct.length + 2, 2), uint(sct.length, 2), sct]);
    const leaf = await x509.X509CertificateGenerator.create({
      ...fields,
      extensions: [...extensions, new x509.Extension(OID_SCT_LIST, false, extensionValue(der(0x04, sctList)))],
    });
    return Buffer.from(leaf.rawData);
  }
}

function identityName(claims: IdentityClaims): { type: 'email' | 'url'; value: string } {
  if (claims.email) {
    if (!claims.email_verified) throw new HttpRefusal(400, 'the email address is not verified');
    return { type: 'email', value: claims.email };
  }
  if (claims.job_workflow_ref) return { type: 'url', value: `https://github.com/${claims.job_workflow_ref}` };
  throw new HttpRefusal(400, 'the token has neither an email nor a GitHub workflow identity');
}

function fulcioExtensions(claims: IdentityClaims): x509.Extension[] {
  const extensions = [
    new x509.Extension(FULCIO_OID.legacyIssuer, false, extensionValue(Buffer.from(claims.iss, 'utf8'))),
    new x509.Extension(FULCIO_OID.issuer, false, extensionValue(utf8String(claims.iss))),
  ];
  if (claims.job_workflow_ref) {
    extensions.push(
      new x509.Extension(FULCIO_OID.buildSignerUri, false, extensionValue(utf8String(`https://github.com/${claims.job_workflow_ref}`))),
    );
  }
  if (claims.repository) {
    extensions.push(
      new x509.Extension(FULCIO_OID.sourceRepositoryUri, false, extensionValue(utf8String(`https://github.com/${claims.repository}`))),
    );
  }
  if (claims.ref) extensions.push(new x509.Extension(FULCIO_OID.sourceRepositoryRef, false, extensionValue(utf8String(claims.ref))));
  return extensions;
}

/** A positive serial of 16 bytes (the top bit clear, so no sign byte is needed). */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function toPem(derBytes: Buffer): string {
  const lines = derBytes.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
