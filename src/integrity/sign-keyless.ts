/**
 * Keyless signing through a Sigstore instance (online only): an ephemeral key, a certificate from
 * Fulcio for the CI's OIDC identity, and a DSSE entry in Rekor, assembled by @sigstore/sign.
 * The instance is given by URL, so a private deployment works the same as the public one.
 */
import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { DSSEBundleBuilder, FulcioSigner, RekorWitness } from '@sigstore/sign';
import { IN_TOTO_PAYLOAD_TYPE, type Statement } from './statement.js';

export const PUBLIC_FULCIO_URL = 'https://fulcio.sigstore.dev';
export const PUBLIC_REKOR_URL = 'https://rekor.sigstore.dev';

export interface KeylessOptions {
  fulcioUrl: string;
  rekorUrl: string;
  identityToken: () => Promise<string>;
  timeoutMs?: number;
}

export class KeylessError extends Error {}

export async function signStatementKeyless(statement: Statement, options: KeylessOptions): Promise<SerializedBundle> {
  const fetchOptions = { retry: 0, timeout: options.timeoutMs ?? 30_000 };
  // Kept to redact it: @sigstore/sign quotes a token it cannot parse in full in its error.
  let token: string | undefined;
  const getToken = async () => {
    token = await options.identityToken();
    return token;
  };
  const signer = new FulcioSigner({ fulcioBaseURL: options.fulcioUrl, identityProvider: { getToken }, ...fetchOptions });
  const witness = new RekorWitness({ rekorBaseURL: options.rekorUrl, entryType: 'dsse', ...fetchOptions });
  try {
    const bundle = await new DSSEBundleBuilder({ signer, witnesses: [witness] }).create({
      data: Buffer.from(JSON.stringify(statement)),
      type: IN_TOTO_PAYLOAD_TYPE,
    });
    return bundleToJSON(bundle);
  } catch (error) {
    const cause = (error as { cause?: Error }).cause?.message;
    const detail = `${(error as Error).message}${cause ? `: ${cause}` : ''}`;
    throw new KeylessError(
      `keyless signing failed (Fulcio ${options.fulcioUrl}, Rekor ${options.rekorUrl}): ${token ? detail.replaceAll(token, '<identity token>') : detail}`,
    );
  }
}
