/**
 * The one HTTP client of the online mode (GitHub REST API): every request goes through it, so
 * every request has a timeout, a bounded answer, the on-disk cache with ETags, a limit on
 * requests in flight, and the rate-limit rules GitHub documents:
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api
 * - primary limit: `x-ratelimit-remaining: 0` with `x-ratelimit-reset` (epoch seconds);
 * - secondary limit: 403 or 429 with `retry-after` (seconds), or without it a wait of at least a
 *   minute;
 * A limit that lifts within `maxWaitMs` is waited for (once per request); a longer one stops the
 * client: that request and every later one fail at once with one clear message, so a run never
 * spins against the API. An API that cannot be reached stops the client the same way.
 * Redirects are followed only on the API's own origin and to the archive hosts GitHub documents
 * for repository downloads (codeload), never elsewhere, and the token is only sent to the API.
 */
import { type CachedAnswer, HttpCache, tokenIdentity } from './http-cache.js';

export type OnlineErrorKind = 'unreachable' | 'rate-limited' | 'unauthorized' | 'too-large' | 'redirect' | 'http';

export class OnlineError extends Error {
  constructor(
    readonly kind: OnlineErrorKind,
    message: string,
  ) {
    super(message);
  }

  /** Errors after which no other request can succeed either. */
  get stopsRun(): boolean {
    return this.kind === 'unreachable' || this.kind === 'rate-limited' || this.kind === 'unauthorized';
  }
}

export interface HttpClientOptions {
  /** API base URL: `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
  apiUrl: string;
  token?: string;
  /** Folder of the persistent cache; none: no cache. */
  cacheDir?: string;
  /** Requests in flight at once. */
  concurrency?: number;
  timeoutMs?: number;
  /** Largest answer body accepted unless a request says otherwise. */
  maxBytes?: number;
  /** A rate limit that lifts within this is waited for; a longer one stops the run. */
  maxWaitMs?: number;
  /** Told when the client waits for a rate limit (a notice for the user). */
  onWait?: (message: string) => void;
  /** Test seams. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface RequestOptions {
  accept: string;
  /** What the request is about, for messages (`actions/checkout@v4`). */
  what: string;
  maxBytes?: number;
}

export interface HttpAnswer {
  status: number;
  body: Buffer;
  headers: Headers;
  fromCache: boolean;
}

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
const SECONDARY_DEFAULT_WAIT_MS = 60_000;
const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The archive host GitHub redirects repository downloads to, for an API URL. */
export function archiveHosts(apiUrl: string): string[] {
  const host = new URL(apiUrl).host;
  if (host === 'api.github.com') return ['codeload.github.com'];
  // GitHub Enterprise Server serves archives from its own host (`/_codeload/`) or `codeload.HOST`.
  return [host, `codeload.${host}`];
}

function describeWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} minutes`;
}

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export class HttpClient {
  readonly apiUrl: string;
  private readonly origin: string;
  private readonly archive: string[];
  private readonly cache: HttpCache | undefined;
  private readonly slots: Semaphore;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  /** Set once a request failed in a way every other request would (no network, limit used up). */
  private stopped: OnlineError | undefined;
  /** When the primary limit is known to be used up: no request before this time. */
  private pausedUntil = 0;
  /** Requests sent to the network (not answered from the cache without asking), for tests and stats. */
  requests = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.origin = new URL(this.apiUrl).origin;
    this.archive = archiveHosts(this.apiUrl);
    this.cache = options.cacheDir ? new HttpCache(options.cacheDir, tokenIdentity(options.token)) : undefined;
    this.slots = new Semaphore(Math.max(1, options.concurrency ?? 4));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  /** GET an API route (`/repos/o/r`), answering with any status the caller must judge (200, 404...). */
  get(route: string, request: RequestOptions): Promise<HttpAnswer> {
    return this.slots.run(() => this.getNow(`${this.apiUrl}${route}`, request));
  }

  private async getNow(url: string, request: RequestOptions): Promise<HttpAnswer> {
    for (let attempt = 0; ; attempt++) {
      if (this.stopped) throw this.stopped;
      await this.waitForPause(request.what);
      const cached = this.cache?.get(url, request.accept);
      const response = await this.fetchFollowing(url, request, cached);
      this.notePrimaryLimit(response.headers);
      if (response.status === 304 && cached) {
        await response.body?.cancel();
        const body = Buffer.from(cached.body, cached.encoding);
        return { status: 200, body, headers: response.headers, fromCache: true };
      }
      const wait = await this.rateLimitWait(response, request.what);
      if (wait !== undefined) {
        // Waiting once is enough: a limit that is still there after its own reset time is not
        // going away by asking again.
        if (attempt === 0 && wait <= (this.options.maxWaitMs ?? 90_000)) {
          this.options.onWait?.(`GitHub API rate limit reached; waiting ${describeWait(wait)} as the API asks`);
          await this.sleep(wait);
          continue;
        }
        this.stopped = new OnlineError(
          'rate-limited',
          `the GitHub API rate limit is used up for ${describeWait(wait)}${this.options.token ? '' : ' (no token: set GH_TOKEN or GITHUB_TOKEN for a higher limit)'}; the online checks stop here, answers so far are cached`,
        );
        throw this.stopped;
      }
      if (response.status === 401) {
        await response.body?.cancel();
        this.stopped = new OnlineError(
          'unauthorized',
          `${new URL(this.apiUrl).host} refused the token (401): check GH_TOKEN or GITHUB_TOKEN`,
        );
        throw this.stopped;
      }
      const body = await this.readBounded(response, request);
      if (response.status >= 500) throw new OnlineError('http', `${request.what}: the API answered ${response.status}`);
      const etag = response.headers.get('etag');
      if (response.status === 200 && etag) this.cache?.set(url, request.accept, etag, body, isText(request.accept) ? 'utf8' : 'base64');
      return { status: response.status, body, headers: response.headers, fromCache: false };
    }
  }

  private async waitForPause(what: string): Promise<void> {
    const wait = this.pausedUntil - this.now();
    if (wait <= 0) return;
    if (wait <= (this.options.maxWaitMs ?? 90_000)) {
      this.options.onWait?.(`GitHub API rate limit used up; waiting ${describeWait(wait)} until it resets`);
      await this.sleep(wait);
      return;
    }
    this.stopped = new OnlineError(
      'rate-limited',
      `the GitHub API rate limit is used up for ${describeWait(wait)} (before ${what})${this.options.token ? '' : '; set GH_TOKEN or GITHUB_TOKEN for a higher limit'}; the online checks stop here, answers so far are cached`,
    );
    throw this.stopped;
  }

  private notePrimaryLimit(headers: Headers): void {
    if (headers.get('x-ratelimit-remaining') !== '0') return;
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) this.pausedUntil = Math.max(this.pausedUntil, reset * 1000);
  }

  /** How long the API asks us to wait, when this answer is a rate limit; undefined otherwise. */
  private async rateLimitWait(response: Response, what: string): Promise<number | undefined> {
    if (response.status !== 403 && response.status !== 429) return undefined;
    const retryAfter = response.headers.get('retry-after');
    if (retryAfter !== null && /^\d+$/.test(retryAfter.trim())) {
      await response.body?.cancel();
      return Number(retryAfter) * 1000;
    }
    if (response.headers.get('x-ratelimit-remaining') === '0') {
      await response.body?.cancel();
      const reset = Number(response.headers.get('x-ratelimit-reset'));
      return Number.isFinite(reset) ? Math.max(0, reset * 1000 - this.now()) : SECONDARY_DEFAULT_WAIT_MS;
    }
    if (response.status === 429) {
      await response.body?.cancel();
      return SECONDARY_DEFAULT_WAIT_MS;
    }
    // A 403 is a secondary limit only when the API says so; otherwise it is a plain refusal.
    const text = (await this.readBounded(response, { accept: '', what: '', maxBytes: 64 * 1024 }).catch(() => Buffer.alloc(0))).toString();
    if (/secondary rate limit|rate limit exceeded/i.test(text)) return SECONDARY_DEFAULT_WAIT_MS;
    throw new OnlineError('http', `${what}: the API refused the request (403 Forbidden)`);
  }

  private async fetchFollowing(url: string, request: RequestOptions, cached: CachedAnswer | undefined): Promise<Response> {
    let target = new URL(url);
    for (let hop = 0; ; hop++) {
      const onApi = target.origin === this.origin;
      const headers: Record<string, string> = {
        Accept: request.accept,
        'User-Agent': 'pipewarden',
        'X-GitHub-Api-Version': '2022-11-28',
      };
      if (onApi && this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
      if (hop === 0 && cached) headers['If-None-Match'] = cached.etag;
      let response: Response;
      try {
        this.requests++;
        response = await fetch(target, {
          headers,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        const reason = (error as { cause?: { code?: string; message?: string } }).cause;
        const cause = reason?.code ?? reason?.message ?? (error as Error).name;
        this.stopped = new OnlineError(
          'unreachable',
          `cannot reach ${target.origin} (${cause}): the online checks need network access to the GitHub API (use --github-url for GitHub Enterprise Server)`,
        );
        throw this.stopped;
      }
      if (!REDIRECTS.has(response.status)) return response;
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location || hop >= MAX_REDIRECTS) throw new OnlineError('redirect', `${request.what}: too many redirects`);
      const next = new URL(location, target);
      const allowed = next.origin === this.origin || (this.archive.includes(next.host) && next.protocol === new URL(this.origin).protocol);
      // Only the host is named: an archive URL carries a short-lived token in its query.
      if (!allowed)
        throw new OnlineError('redirect', `${request.what}: the API redirected to ${next.host}, which pipewarden does not follow`);
      target = next;
    }
  }

  private async readBounded(response: Response, request: RequestOptions): Promise<Buffer> {
    const limit = request.maxBytes ?? this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    const tooLarge = () => new OnlineError('too-large', `${request.what}: the answer is larger than ${limit} bytes`);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) {
      await response.body?.cancel();
      throw tooLarge();
    }
    if (!response.body) return Buffer.alloc(0);
    const chunks: Buffer[] = [];
    let size = 0;
    const reader = response.body.getReader();
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw new OnlineError('unreachable', `${request.what}: the answer was cut off (${(error as Error).name})`);
      }
      if (chunk.done) break;
      size += chunk.value.length;
      if (size > limit) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(Buffer.from(chunk.value));
    }
    return Buffer.concat(chunks);
  }
}

function isText(accept: string): boolean {
  return /json|sha|raw/.test(accept);
}
