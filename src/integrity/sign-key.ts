/**
 * Signs a statement with a local private key as a DSSE envelope in a Sigstore bundle v0.3.
 * @sigstore/sign has no bring-your-own-key signer, so the signature comes from node:crypto over
 * the DSSE pre-authentication encoding and @sigstore/bundle assembles the bundle.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import { bundleToJSON, type SerializedBundle, toDSSEBundle } from '@sigstore/bundle';
import { IN_TOTO_PAYLOAD_TYPE, type Statement } from './statement.js';

/** DSSE v1 pre-authentication encoding (https://github.com/secure-systems-lab/dsse/blob/master/protocol.md). */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const header = `DSSEv1 ${Buffer.byteLength(payloadType)} ${payloadType} ${payload.length} `;
  return Buffer.concat([Buffer.from(header), payload]);
}

export class KeyError extends Error {}

export function loadPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new KeyError(`cannot read the private key: ${(error as Error).message}`);
  }
  assertSupported(key);
  return key;
}

export function assertSupported(key: KeyObject): void {
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return;
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return;
  throw new KeyError(
    `unsupported key type ${type}${key.asymmetricKeyDetails?.namedCurve ? ` (${key.asymmetricKeyDetails.namedCurve})` : ''}: use ECDSA P-256 or Ed25519`,
  );
}

/** The hint names the key by the SHA-256 of its public SPKI, so verifiers can tell keys apart. */
export function keyHint(key: KeyObject): string {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}

export function signingAlgorithm(key: KeyObject): string | null {
  return key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
}

export function signStatementWithKey(statement: Statement, key: KeyObject): SerializedBundle {
  const payload = Buffer.from(JSON.stringify(statement));
  const signature = sign(signingAlgorithm(key), preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload), key);
  return bundleToJSON(toDSSEBundle({ artifact: payload, artifactType: IN_TOTO_PAYLOAD_TYPE, signature, keyHint: keyHint(key) }));
}
