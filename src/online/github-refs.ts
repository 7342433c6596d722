/**
 * Online resolution of `uses:` refs for `pipewarden pin --update`, through the GitHub REST API:
 * the commit a ref names (`GET /repos/{owner}/{repo}/commits/{ref}` with the
 * `application/vnd.github.sha` media type, which answers with the bare SHA) and the most specific
 * version tag on that commit (`GET /repos/{owner}/{repo}/tags`), for the `# v1.2.3` comment.
 * https://docs.github.com/en/rest/commits/commits#get-a-commit
 * https://docs.github.com/en/rest/repos/repos#list-repository-tags
 * Only called when the user asks for it; every failure is a PinResolveError with a clear reason.
 * Requests go through the online layer's one client (cache, rate limits, bounds).
 */
import type { LockedPin } from '../model/pin-lock.js';
import type { GithubApi, Tag } from './github-api.js';
import { OnlineError } from './http-client.js';

const VERSION = /^v?(\d+(?:\.\d+)*)$/;

export class PinResolveError extends Error {
  constructor(
    message: string,
    /** True when the API could not be reached at all: the other refs would fail the same way. */
    readonly unreachable = false,
  ) {
    super(message);
  }
}

function numbers(version: string): number[] {
  return (VERSION.exec(version)?.[1] ?? '').split('.').map(Number);
}

/**
 * The tag to name in the comment: among version tags on the commit, those under the ref
 * (`v4` -> `v4.2.2`) first, then the most components, then the highest; the ref itself when no
 * version tag points there.
 */
export function versionFor(ref: string, sha: string, tags: readonly Tag[]): string {
  const candidates = tags.filter((t) => t.commit.sha === sha && VERSION.test(t.name));
  const under = (t: Tag) => (t.name === ref || t.name.startsWith(`${ref}.`) ? 1 : 0);
  candidates.sort((a, b) => {
    const na = numbers(a.name);
    const nb = numbers(b.name);
    if (under(a) !== under(b)) return under(b) - under(a);
    if (na.length !== nb.length) return nb.length - na.length;
    for (let i = 0; i < na.length; i++) if (na[i] !== nb[i]) return (nb[i] ?? 0) - (na[i] ?? 0);
    return a.name.localeCompare(b.name);
  });
  return candidates[0]?.name ?? ref;
}

export class GithubRefResolver {
  constructor(private readonly api: GithubApi) {}

  async resolve(owner: string, repo: string, ref: string): Promise<LockedPin> {
    const what = `${owner}/${repo}@${ref}`;
    const sha = await asPinError(() => this.api.commitSha(owner, repo, ref));
    if (!sha) throw new PinResolveError(`${what}: no such repository or ref`);
    if (VERSION.test(ref) && numbers(ref).length >= 3) return { sha, version: ref };
    return { sha, version: versionFor(ref, sha, await this.tags(owner, repo)) };
  }

  /**
   * The most specific version tag on a commit that is already pinned by SHA (for its `# v1.2.3`
   * comment), preferring tags under `comment`; undefined when none of the first 100 tags is on it.
   */
  async versionOf(owner: string, repo: string, sha: string, comment: string): Promise<string | undefined> {
    const tags = await this.tags(owner, repo);
    if (!tags.some((t) => t.commit.sha === sha && VERSION.test(t.name))) return undefined;
    return versionFor(comment, sha, tags);
  }

  private async tags(owner: string, repo: string): Promise<Tag[]> {
    return (await asPinError(() => this.api.tags(owner, repo))).items;
  }
}

/** The API's errors as the pin command reports them: one that stops every request is `unreachable`. */
async function asPinError<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof OnlineError) throw new PinResolveError(error.message, error.stopsRun);
    throw error;
  }
}
