/**
 * Where the GitHub API of a server lives, and where the online cache is kept by default.
 * github.com is served by `https://api.github.com`; GitHub Enterprise Server by
 * `https://HOST/api/v3` (https://docs.github.com/en/enterprise-server@latest/rest/quickstart).
 * A URL that already names an API (an `api.` host or an `/api/v3` path) is used as it is.
 */
import os from 'node:os';
import path from 'node:path';

export const GITHUB_API_URL = 'https://api.github.com';

/** `asApi`: the URL names the API itself (pin's `--github-api-url`), used as given once checked. */
export function apiUrlOf(githubUrl: string | undefined, asApi = false): string {
  if (githubUrl === undefined || githubUrl === '') return GITHUB_API_URL;
  let url: URL;
  try {
    url = new URL(githubUrl);
  } catch {
    throw new Error(`not a URL: "${githubUrl}" (expected a server such as https://github.example.com)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`not an http(s) URL: ${url.protocol}`);
  if (url.username || url.password) throw new Error('the GitHub URL must not carry credentials; use GH_TOKEN or GITHUB_TOKEN');
  const bare = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  if (asApi) return bare;
  if (url.host === 'github.com' || url.host === 'www.github.com') return GITHUB_API_URL;
  if (url.host.startsWith('api.') || /\/api\/v3$/.test(bare)) return bare;
  return `${bare}/api/v3`;
}

/** `$XDG_CACHE_HOME/pipewarden/http`, else `~/.cache/pipewarden/http`; none without a home. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'pipewarden', 'http');
  const home = env.HOME ?? env.USERPROFILE ?? (env === process.env ? os.homedir() : undefined);
  return home ? path.join(home, '.cache', 'pipewarden', 'http') : undefined;
}

/** The token of the online mode: GH_TOKEN first (as the gh CLI reads it), then GITHUB_TOKEN. */
export function tokenOf(env: NodeJS.ProcessEnv): string | undefined {
  return env.GH_TOKEN || env.GITHUB_TOKEN || undefined;
}

/** The web address of the server an API URL belongs to (`https://github.com` for api.github.com). */
export function webUrlOf(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.host === 'api.github.com') return 'https://github.com';
  if (url.host.startsWith('api.')) return `${url.protocol}//${url.host.slice(4)}`;
  return `${url.origin}${url.pathname.replace(/\/api\/v3\/?$/, '').replace(/\/+$/, '')}`;
}
