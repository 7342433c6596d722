/** The name of a finding's lowest trust level, and a plain fallback for a level the model does not know. */
import { TRUST_NAMES, type Trust } from '../model/types.js';

export function trustName(minTrust: number): string {
  const known = Number.isInteger(minTrust) && minTrust >= 0 && minTrust <= 4;
  return known ? TRUST_NAMES[minTrust as Trust] : `trust level ${minTrust}`;
}
