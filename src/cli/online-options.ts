/** The GitHub API client of a command's online flags (`--github-url`, `--cache-dir`, the token). */
import { UsageError } from '../engine/discover.js';
import { GithubApi } from '../online/github-api.js';
import { apiUrlOf, defaultCacheDir, tokenOf } from '../online/github-url.js';
import type { CliIO } from './io.js';

export interface OnlineFlags {
  /** GitHub server (github.com or an Enterprise Server). */
  githubUrl?: string;
  /** The API base URL itself (pin's older flag). */
  githubApiUrl?: string;
  cacheDir?: string;
}

export function githubApiFor(flags: OnlineFlags, io: CliIO): GithubApi {
  let apiUrl: string;
  try {
    apiUrl = flags.githubApiUrl ? apiUrlOf(flags.githubApiUrl, true) : apiUrlOf(flags.githubUrl);
  } catch (error) {
    throw new UsageError(`${flags.githubApiUrl ? '--github-api-url' : '--github-url'}: ${(error as Error).message}`);
  }
  return new GithubApi({
    apiUrl,
    token: tokenOf(io.env),
    cacheDir: flags.cacheDir ?? defaultCacheDir(io.env),
    onWait: (message) => io.stderr(`pipewarden: ${message}\n`),
  });
}
