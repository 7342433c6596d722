/**
 * The GitHub REST API calls of the online mode, on the one HttpClient. Each returns plain data or
 * undefined when the API says the thing does not exist (404, or 422 for an unknown commit);
 * everything else is an OnlineError. Shapes and routes:
 * https://docs.github.com/en/rest/repos/repos#get-a-repository (archived, default_branch)
 * https://docs.github.com/en/rest/commits/commits#get-a-commit (the `application/vnd.github.sha` media type answers with the bare SHA)
 * https://docs.github.com/en/rest/commits/commits#compare-two-commits (status: identical, behind, ahead, diverged)
 * https://docs.github.com/en/rest/git/refs#get-a-reference (heads/NAME, tags/NAME; 404 when absent)
 * https://docs.github.com/en/rest/repos/repos#list-repository-tags
 * https://docs.github.com/en/rest/branches/branches#list-branches
 * https://docs.github.com/en/rest/security-advisories/global-advisories#list-global-security-advisories
 * https://docs.github.com/en/rest/repos/contents#get-repository-content (`application/vnd.github.raw+json` answers with the file itself)
 */
import { type HttpAnswer, HttpClient, type HttpClientOptions, OnlineError } from './http-client.js';

const JSON_TYPE = 'application/vnd.github+json';
const FULL_SHA = /^[0-9a-f]{40}$/;
/** Owner and repository names as GitHub allows them; anything else never reaches a URL. */
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export interface Tag {
  name: string;
  commit: { sha: string };
}

export interface Branch {
  name: string;
  commit: { sha: string };
}

export interface RepositoryInfo {
  fullName: string;
  archived: boolean;
  defaultBranch: string;
}

export type CompareStatus = 'identical' | 'behind' | 'ahead' | 'diverged';

export interface Advisory {
  ghsaId: string;
  cveId?: string;
  summary: string;
  severity: string;
  url: string;
  /** The affected packages of the ecosystem `actions` (`owner/repo` or `owner/repo/path`). */
  vulnerabilities: { name: string; range: string; firstPatched?: string }[];
}

export class GithubApi {
  readonly http: HttpClient;

  constructor(options: HttpClientOptions | HttpClient) {
    this.http = options instanceof HttpClient ? options : new HttpClient(options);
  }

  private static repoPath(owner: string, repo: string): string {
    if (!NAME.test(owner) || !NAME.test(repo) || repo === '.' || repo === '..') {
      throw new OnlineError('http', `${owner}/${repo}: not a GitHub repository name`);
    }
    return `/repos/${owner}/${repo}`;
  }

  private async json<T>(route: string, what: string): Promise<T | undefined> {
    const answer = await this.http.get(route, { accept: JSON_TYPE, what });
    if (answer.status === 404 || answer.status === 422 || answer.status === 409 || answer.status === 451) return undefined;
    expectOk(answer, what);
    try {
      return JSON.parse(answer.body.toString('utf8')) as T;
    } catch {
      throw new OnlineError('http', `${what}: the API answer is not JSON`);
    }
  }

  async repository(owner: string, repo: string): Promise<RepositoryInfo | undefined> {
    const what = `${owner}/${repo}`;
    const body = await this.json<{ full_name?: unknown; archived?: unknown; default_branch?: unknown }>(
      GithubApi.repoPath(owner, repo),
      what,
    );
    if (!body) return undefined;
    return {
      fullName: typeof body.full_name === 'string' ? body.full_name : what,
      archived: body.archived === true,
      defaultBranch: typeof body.default_branch === 'string' ? body.default_branch : 'main',
    };
  }

  /** The commit a ref (branch, tag or SHA) names, or undefined when there is none. */
  async commitSha(owner: string, repo: string, ref: string): Promise<string | undefined> {
    const what = `${owner}/${repo}@${ref}`;
    const route = `${GithubApi.repoPath(owner, repo)}/commits/${encodeURIComponent(ref)}`;
    const answer = await this.http.get(route, { accept: 'application/vnd.github.sha', what, maxBytes: 1024 });
    if (answer.status === 404 || answer.status === 422 || answer.status === 409) return undefined;
    expectOk(answer, what);
    const sha = answer.body.toString('utf8').trim();
    if (!FULL_SHA.test(sha)) throw new OnlineError('http', `${what}: the API answered with something that is not a commit SHA`);
    return sha;
  }

  /** The first 100 tags (newest first, as the API orders them); `complete` false when there are more. */
  async tags(owner: string, repo: string): Promise<{ items: Tag[]; complete: boolean }> {
    return this.list<Tag>(`${GithubApi.repoPath(owner, repo)}/tags?per_page=100`, `${owner}/${repo} tags`);
  }

  async branches(owner: string, repo: string): Promise<{ items: Branch[]; complete: boolean }> {
    return this.list<Branch>(`${GithubApi.repoPath(owner, repo)}/branches?per_page=100`, `${owner}/${repo} branches`);
  }

  private async list<T extends { name: string; commit: { sha: string } }>(
    route: string,
    what: string,
  ): Promise<{ items: T[]; complete: boolean }> {
    const answer = await this.http.get(route, { accept: JSON_TYPE, what });
    if (answer.status === 404 || answer.status === 409) return { items: [], complete: true };
    expectOk(answer, what);
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body.toString('utf8'));
    } catch {
      throw new OnlineError('http', `${what}: the API answer is not JSON`);
    }
    const items = (Array.isArray(parsed) ? parsed : []).filter(
      (t): t is T => typeof t?.name === 'string' && typeof t?.commit?.sha === 'string',
    );
    return { items, complete: !/rel="next"/.test(answer.headers.get('link') ?? '') };
  }

  /** Whether `refs/heads/NAME` and `refs/tags/NAME` exist. */
  async refKinds(owner: string, repo: string, ref: string): Promise<{ isBranch: boolean; isTag: boolean }> {
    const base = `${GithubApi.repoPath(owner, repo)}/git/ref`;
    const name = ref.split('/').map(encodeURIComponent).join('/');
    const exists = async (kind: 'heads' | 'tags') => {
      const answer = await this.http.get(`${base}/${kind}/${name}`, {
        accept: JSON_TYPE,
        what: `${owner}/${repo}@${ref}`,
        maxBytes: 64 * 1024,
      });
      if (answer.status === 404 || answer.status === 409) return false;
      expectOk(answer, `${owner}/${repo}@${ref}`);
      // A prefix match answers with an array of refs; only an object naming the exact ref counts.
      try {
        const body = JSON.parse(answer.body.toString('utf8')) as { ref?: unknown };
        return !Array.isArray(body) && body.ref === `refs/${kind}/${ref}`;
      } catch {
        return false;
      }
    };
    const [isBranch, isTag] = await Promise.all([exists('heads'), exists('tags')]);
    return { isBranch, isTag };
  }

  /** How `head` relates to `base` (`behind` or `identical`: head is in base's history). */
  async compare(owner: string, repo: string, base: string, head: string): Promise<CompareStatus | undefined> {
    const what = `${owner}/${repo} ${base}...${head}`;
    const route = `${GithubApi.repoPath(owner, repo)}/compare/${encodeURIComponent(base)}...${encodeURIComponent(head)}?per_page=1`;
    const body = await this.json<{ status?: unknown }>(route, what);
    const status = body?.status;
    return status === 'identical' || status === 'behind' || status === 'ahead' || status === 'diverged' ? status : undefined;
  }

  /** Reviewed advisories of the `actions` ecosystem that name this repository's actions. */
  async advisories(owner: string, repo: string): Promise<Advisory[]> {
    const name = `${owner}/${repo}`;
    GithubApi.repoPath(owner, repo);
    const route = `/advisories?ecosystem=actions&affects=${encodeURIComponent(name)}&per_page=100`;
    const body = await this.json<unknown>(route, `advisories of ${name}`);
    if (!Array.isArray(body)) return [];
    const out: Advisory[] = [];
    for (const record of body as Record<string, unknown>[]) {
      if (typeof record?.ghsa_id !== 'string' || record.withdrawn_at) continue;
      const vulnerabilities: Advisory['vulnerabilities'] = [];
      for (const v of Array.isArray(record.vulnerabilities) ? (record.vulnerabilities as Record<string, unknown>[]) : []) {
        const pkg = v?.package as { ecosystem?: unknown; name?: unknown } | undefined;
        if (pkg?.ecosystem !== 'actions' || typeof pkg.name !== 'string' || typeof v.vulnerable_version_range !== 'string') continue;
        const patched = v.first_patched_version as unknown;
        const firstPatched =
          typeof patched === 'string'
            ? patched
            : typeof (patched as { identifier?: unknown })?.identifier === 'string'
              ? (patched as { identifier: string }).identifier
              : undefined;
        vulnerabilities.push({ name: pkg.name.toLowerCase(), range: v.vulnerable_version_range, firstPatched });
      }
      if (!vulnerabilities.length) continue;
      out.push({
        ghsaId: record.ghsa_id,
        cveId: typeof record.cve_id === 'string' ? record.cve_id : undefined,
        summary: typeof record.summary === 'string' ? record.summary.slice(0, 300) : record.ghsa_id,
        severity: typeof record.severity === 'string' ? record.severity : 'unknown',
        url: typeof record.html_url === 'string' ? record.html_url : `https://github.com/advisories/${record.ghsa_id}`,
        vulnerabilities,
      });
    }
    return out;
  }

  /** A file's text at a commit, or undefined when it is not there; bounded to `maxBytes`. */
  async fileAt(owner: string, repo: string, filePath: string, sha: string, maxBytes = 512 * 1024): Promise<string | undefined> {
    const what = `${owner}/${repo}/${filePath}@${sha}`;
    const clean = filePath.split('/').filter((p) => p !== '' && p !== '.');
    if (clean.some((p) => p === '..')) throw new OnlineError('http', `${what}: not a path inside the repository`);
    const route = `${GithubApi.repoPath(owner, repo)}/contents/${clean.map(encodeURIComponent).join('/')}?ref=${encodeURIComponent(sha)}`;
    const answer = await this.http.get(route, { accept: 'application/vnd.github.raw+json', what, maxBytes });
    if (answer.status === 404) return undefined;
    expectOk(answer, what);
    return answer.body.toString('utf8');
  }
}

function expectOk(answer: HttpAnswer, what: string): void {
  if (answer.status < 200 || answer.status >= 300) throw new OnlineError('http', `${what}: the API answered ${answer.status}`);
}
