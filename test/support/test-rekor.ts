/**
 * A transparency log that behaves like Rekor v1 for DSSE entries, for offline tests of keyless
 * signing: it checks the envelope's signature against the certificate sent with it, appends the
 * canonical entry body to an RFC 6962 Merkle tree, and answers with a signed entry timestamp (the
 * time @sigstore/verify checks the certificate at) and an inclusion proof under a signed checkpoint
 * (which a v0.3 bundle must carry); the verifier checks both against the log key.
 */
import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { dsse, json, X509Certificate } from '@sigstore/core';
import { HttpRefusal } from './http-refusal.js';

const sha256 = (...parts: Buffer[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const leafHash = (body: Buffer) => sha256(Buffer.from([0]), body);
const nodeHash = (left: Buffer, right: Buffer) => sha256(Buffer.from([1]), left, right);

/** The largest power of two below n (n > 1), where RFC 6962 splits a tree. */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 6962 section 2.1: the Merkle tree hash of the leaf hashes. */
function treeHash(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0] as Buffer;
  const k = split(leaves.length);
  return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

/** RFC 6962 section 2.1.1: the audit path of leaf m, from the leaf upwards. */
function auditPath(m: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...auditPath(m, leaves.slice(0, k)), treeHash(leaves.slice(k))]
    : [...auditPath(m - k, leaves.slice(k)), treeHash(leaves.slice(0, k))];
}

interface ProposedDsse {
  apiVersion?: string;
  kind?: string;
  spec?: { proposedContent?: { envelope?: string; verifiers?: string[] } };
}

export class TestRekor {
  readonly key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  readonly publicKeyDer = this.key.publicKey.export({ type: 'spki', format: 'der' });
  readonly logId = sha256(this.publicKeyDer);
  private readonly leaves: Buffer[] = [];

  /** @param origin the checkpoint's signer name, which the verifier matches against the log's base URL */
  constructor(private readonly origin: string) {}

  /** POST /api/v1/log/entries */
  createEntry(request: unknown, now: Date): Record<string, unknown> {
    const proposed = request as ProposedDsse;
    if (proposed.kind !== 'dsse' || proposed.apiVersion !== '0.0.1') {
      throw new HttpRefusal(400, `unsupported entry ${proposed.kind}/${proposed.apiVersion}`);
    }
    const envelopeText = proposed.spec?.proposedContent?.envelope ?? '';
    const verifier = proposed.spec?.proposedContent?.verifiers?.[0] ?? '';
    const envelope = parseEnvelope(envelopeText);
    const signature = envelope.signatures[0]?.sig ?? '';
    const payload = Buffer.from(envelope.payload, 'base64');
    const cert = parseVerifier(verifier);
    if (!verifySignature(cert, envelope.payloadType, payload, signature)) {
      throw new HttpRefusal(400, 'the envelope signature does not verify with the certificate sent');
    }
    const body = Buffer.from(
      json.canonicalize({
        apiVersion: '0.0.1',
        kind: 'dsse',
        spec: {
          envelopeHash: { algorithm: 'sha256', value: sha256(Buffer.from(envelopeText)).toString('hex') },
          payloadHash: { algorithm: 'sha256', value: sha256(payload).toString('hex') },
          signatures: [{ signature, verifier }],
        },
      }),
    );
    const logIndex = this.leaves.length;
    this.leaves.push(leafHash(body));
    const integratedTime = Math.floor(now.getTime() / 1000);
    const logID = this.logId.toString('hex');
    const set = sign(
      'sha256',
      Buffer.from(json.canonicalize({ body: body.toString('base64'), integratedTime, logIndex, logID })),
      this.key.privateKey,
    );
    const treeSize = this.leaves.length;
    const rootHash = treeHash(this.leaves);
    return {
      [(this.leaves[logIndex] as Buffer).toString('hex')]: {
        body: body.toString('base64'),
        integratedTime,
        logID,
        logIndex,
        verification: {
          signedEntryTimestamp: set.toString('base64'),
          inclusionProof: {
            logIndex,
            treeSize,
            rootHash: rootHash.toString('hex'),
            hashes: auditPath(logIndex, this.leaves).map((h) => h.toString('hex')),
            checkpoint: this.checkpoint(treeSize, rootHash),
          },
        },
      },
    };
  }

  /** A signed note (transparency-dev checkpoint format): origin, size, root; then "— name hint+sig". */
  private checkpoint(treeSize: number, rootHash: Buffer): string {
    const note = `${this.origin} - 1\n${treeSize}\n${rootHash.toString('base64')}\n`;
    const signature = sign('sha256', Buffer.from(note), this.key.privateKey);
    const hinted = Buffer.concat([this.logId.subarray(0, 4), signature]).toString('base64');
    return `${note}\n\u2014 ${this.origin} ${hinted}\n`;
  }
}

function parseEnvelope(text: string): { payloadType: string; payload: string; signatures: { sig: string }[] } {
  try {
    const envelope = JSON.parse(text);
    if (typeof envelope?.payload === 'string' && Array.isArray(envelope.signatures) && envelope.signatures.length === 1) return envelope;
  } catch {
    // reported below
  }
  throw new HttpRefusal(400, 'the entry is not a DSSE envelope with one signature');
}

function parseVerifier(base64Pem: string): X509Certificate {
  try {
    return X509Certificate.parse(Buffer.from(base64Pem, 'base64').toString('utf8'));
  } catch {
    throw new HttpRefusal(400, 'the verifier is not a PEM certificate');
  }
}

function verifySignature(cert: X509Certificate, payloadType: string, payload: Buffer, signature: string): boolean {
  const key = createPublicKey({ key: cert.publicKey, format: 'der', type: 'spki' });
  return verify('sha256', dsse.preAuthEncoding(payloadType, payload), key, Buffer.from(signature, 'base64'));
}
