/**
 * The pins `pipewarden pin --update` resolved online, so that `pipewarden fix` can pin offline,
 * in CI, with no token: for each `uses:` ref, the commit it pointed at and the most specific
 * version tag on that commit; for each container image tag, the digest the registry served.
 */
export interface LockedPin {
  /** Full 40-character commit SHA. */
  sha: string;
  /** The version to keep in the `# v1.2.3` comment (the most specific tag on `sha`, or the ref). */
  version: string;
}

export interface LockedImage {
  /** `sha256:` and 64 hex digits: the manifest (or index) digest the tag resolved to. */
  digest: string;
}

export interface PinLock {
  /** Keyed by `pinKey`. */
  actions: ReadonlyMap<string, LockedPin>;
  /** Keyed by `imageKey`. */
  images: ReadonlyMap<string, LockedImage>;
}

export const EMPTY_PIN_LOCK: PinLock = { actions: new Map(), images: new Map() };

/** `owner/repo@ref`, owner and repository in lower case (GitHub compares them so). */
export function pinKey(owner: string, repo: string, ref: string): string {
  return `${owner.toLowerCase()}/${repo.toLowerCase()}@${ref}`;
}

/** `repository:tag` as written, `latest` when no tag is written (what a pull then asks for). */
export function imageKey(repository: string, tag: string | undefined): string {
  return `${repository.toLowerCase()}:${tag ?? 'latest'}`;
}
