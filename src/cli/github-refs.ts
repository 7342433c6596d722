/**
 * Online resolution of `uses:` refs for `pipewarden pin --update`, through the GitHub REST API:
 * the commit a ref names (`GET /repos/{owner}/{repo}/commits/{ref}` with the
 * `application/vnd.github.sha` media type, which answers with the bare SHA) and the most specific
 * version tag on that commit (`GET /repos/{owner}/{repo}/tags`), for the `# v1.2.3` comment.
 * https://docs.github.com/en/rest/commits/commits#get-a-commit
 * https://docs.github.com/en/rest/repos/repos#list-repository-tags
 * Only called when the user asks for it; every failure is a PinResolveError with a clear reason.
 */
import type { LockedPin } from '../model/pin-lock.js';

export const GITHUB_API_URL = 'https://api.github.com';
const FULL_SHA = /^[0-9a-f]{40}$/;
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

interface Tag {
  name: string;
  commit: { sha: string };
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
  constructor(
    private readonly apiUrl: string = GITHUB_API_URL,
    private readonly token: string | undefined = undefined,
    private readonly timeoutMs = 15_000,
  ) {}

  async resolve(owner: string, repo: string, ref: string): Promise<LockedPin> {
    const what = `${owner}/${repo}@${ref}`;
    const sha = (await this.get(`/repos/${owner}/${repo}/commits/${encodeURIComponent(ref)}`, 'application/vnd.github.sha', what)).trim();
    if (!FULL_SHA.test(sha)) throw new PinResolveError(`${what}: the API answered with something that is not a commit SHA`);
    if (VERSION.test(ref) && numbers(ref).length >= 3) return { sha, version: ref };
    return { sha, version: versionFor(ref, sha, await this.tags(owner, repo, what)) };
  }

  /**
   * The most specific version tag on a commit that is already pinned by SHA (for its `# v1.2.3`
   * comment), preferring tags under `comment`; undefined when none of the first 100 tags is on it.
   */
  async versionOf(owner: string, repo: string, sha: string, comment: string): Promise<string | undefined> {
    const tags = await this.tags(owner, repo, `${owner}/${repo}@${sha}`);
    if (!tags.some((t) => t.commit.sha === sha && VERSION.test(t.name))) return undefined;
    return versionFor(comment, sha, tags);
  }

  private async tags(owner: string, repo: string, what: string): Promise<Tag[]> {
    const body = await this.get(`/repos/${owner}/${repo}/tags?per_page=100`, 'application/vnd.github+json', what);
    try {
      return (JSON.parse(body) as Tag[]).filter((t) => typeof t?.name === 'string' && typeof t?.commit?.sha === 'string');
    } catch {
      throw new PinResolveError(`${what}: the tag list is not JSON`);
    }
  }

  private async get(route: string, accept: string, what: string): Promise<string> {
    const url = `${this.apiUrl.replace(/\/+$/, '')}${route}`;
    const headers: Record<string, string> = { Accept: accept, 'User-Agent': 'pipewarden', 'X-GitHub-Api-Version': '2022-11-28' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new PinResolveError(
        `cannot reach ${this.apiUrl} (${cause}): pin --update needs network access to the GitHub API; use --github-api-url for GitHub Enterprise Server`,
        true,
      );
    }
    const text = await response.text();
    if (response.ok) return text;
    if (response.status === 404 || response.status === 422) throw new PinResolveError(`${what}: no such repository or ref`);
    if (response.status === 401) throw new PinResolveError(`${what}: the API refused the token (401)`);
    if (response.status === 403 || response.status === 429) {
      throw new PinResolveError(`${what}: rate-limited or forbidden (${response.status}); set GITHUB_TOKEN for a higher limit`);
    }
    throw new PinResolveError(`${what}: the API answered ${response.status}`);
  }
}
