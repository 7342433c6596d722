/**
 * The pins `pipewarden pin --update` resolved online (the commit a tag or branch of a repository
 * pointed at, and the most specific version tag on that commit), so that `pipewarden fix` can
 * pin `uses:` references offline, in CI, with no token.
 */
export interface LockedPin {
  /** Full 40-character commit SHA. */
  sha: string;
  /** The version to keep in the `# v1.2.3` comment (the most specific tag on `sha`, or the ref). */
  version: string;
}

/** Keyed by `pinKey`. */
export type PinLock = ReadonlyMap<string, LockedPin>;

/** `owner/repo@ref`, owner and repository in lower case (GitHub compares them so). */
export function pinKey(owner: string, repo: string, ref: string): string {
  return `${owner.toLowerCase()}/${repo.toLowerCase()}@${ref}`;
}
