/** The Sigstore trusted root: the copy shipped in data/ (see data/README.md) or a user's file. */
import { TrustedRoot } from '@sigstore/protobuf-specs';
import shipped from './data/sigstore-public-good-trusted-root.json' with { type: 'json' };

export function loadTrustedRoot(json?: unknown): TrustedRoot {
  return TrustedRoot.fromJSON(json ?? shipped);
}
