import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Replay, startReplay } from '../../test/support/github-replay.js';
import { HttpClient, OnlineError } from './http-client.js';

const JSON_TYPE = 'application/vnd.github+json';
const REPO = { id: 1, full_name: 'acme/tool', archived: false, default_branch: 'main' };

let replay: Replay | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await replay?.close();
  replay = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cacheDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-http-cache-'));
  dirs.push(dir);
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<OnlineError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OnlineError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

/** Every file of the cache folder, as text. */
function cacheText(dir: string): string {
  const out: string[] = [];
  for (const sub of readdirSync(dir))
    for (const name of readdirSync(path.join(dir, sub))) out.push(readFileSync(path.join(dir, sub, name), 'utf8'));
  return out.join('\n');
}

describe('HttpClient cache', () => {
  it('stores an answer with its ETag and reuses it on 304, across clients', async () => {
    replay = await startReplay({
      '/repos/acme/tool': (req) =>
        req.headers['if-none-match'] === '"v1"' ? { status: 304, headers: { etag: '"v1"' } } : { headers: { etag: '"v1"' }, body: REPO },
    });
    const dir = cacheDir();
    const first = await new HttpClient({ apiUrl: replay.url, token: 'secret-token-1', cacheDir: dir }).get('/repos/acme/tool', {
      accept: JSON_TYPE,
      what: 'acme/tool',
    });
    expect(first.fromCache).toBe(false);
    const second = await new HttpClient({ apiUrl: replay.url, token: 'secret-token-1', cacheDir: dir }).get('/repos/acme/tool', {
      accept: JSON_TYPE,
      what: 'acme/tool',
    });
    expect(second).toMatchObject({ status: 200, fromCache: true });
    expect(JSON.parse(second.body.toString())).toEqual(REPO);
    expect(replay.requests.map((r) => r.ifNoneMatch)).toEqual(['', '"v1"']);
    expect(cacheText(dir)).not.toContain('secret-token-1');
  });

  it('keys entries by token identity: another token does not reuse them', async () => {
    replay = await startReplay({ '/repos/acme/tool': { headers: { etag: '"v1"' }, body: REPO } });
    const dir = cacheDir();
    await new HttpClient({ apiUrl: replay.url, token: 'one', cacheDir: dir }).get('/repos/acme/tool', { accept: JSON_TYPE, what: 'x' });
    await new HttpClient({ apiUrl: replay.url, token: 'two', cacheDir: dir }).get('/repos/acme/tool', { accept: JSON_TYPE, what: 'x' });
    await new HttpClient({ apiUrl: replay.url, cacheDir: dir }).get('/repos/acme/tool', { accept: JSON_TYPE, what: 'x' });
    expect(replay.requests.map((r) => [r.authorization, r.ifNoneMatch])).toEqual([
      ['Bearer one', ''],
      ['Bearer two', ''],
      ['', ''],
    ]);
  });
});

describe('HttpClient limits', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    let active = 0;
    let peak = 0;
    replay = await startReplay({
      '/slow': async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 30));
        active--;
        return { body: [] };
      },
    });
    const client = new HttpClient({ apiUrl: replay.url, concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => client.get('/slow', { accept: JSON_TYPE, what: 'x' })));
    expect(peak).toBe(2);
    expect(replay.requests).toHaveLength(6);
  });

  it('refuses an answer larger than the bound, declared or streamed', async () => {
    replay = await startReplay({
      '/big': { body: 'x'.repeat(5000) },
      '/chunked': (_req, res) => {
        res.write('y'.repeat(3000));
        res.end('y'.repeat(3000));
        return undefined;
      },
    });
    const client = new HttpClient({ apiUrl: replay.url, maxBytes: 4096 });
    expect((await failure(client.get('/big', { accept: JSON_TYPE, what: 'big file' }))).message).toBe(
      'big file: the answer is larger than 4096 bytes',
    );
    expect((await failure(client.get('/chunked', { accept: JSON_TYPE, what: 'streamed' }))).kind).toBe('too-large');
  });

  it('times out a request that does not answer, and then stops asking', async () => {
    replay = await startReplay({ '/hang': () => new Promise(() => {}) });
    const client = new HttpClient({ apiUrl: replay.url, timeoutMs: 100 });
    const error = await failure(client.get('/hang', { accept: JSON_TYPE, what: 'x' }));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain('(TimeoutError)');
    expect((await failure(client.get('/other', { accept: JSON_TYPE, what: 'x' }))).message).toBe(error.message);
    expect(replay.requests.map((r) => r.url)).toEqual(['/hang']);
  });

  it('says clearly that the API cannot be reached, without the token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = new HttpClient({ apiUrl: `http://127.0.0.1:${port}`, token: 'ghp_secret' });
    const error = await failure(client.get('/repos/a/b', { accept: JSON_TYPE, what: 'a/b' }));
    expect(error.message).toBe(
      `cannot reach http://127.0.0.1:${port} (ECONNREFUSED): the online checks need network access to the GitHub API (use --github-url for GitHub Enterprise Server)`,
    );
    expect(error.stopsRun).toBe(true);
  });
});

describe('HttpClient rate limits', () => {
  const waits: number[] = [];
  const notices: string[] = [];
  const options = (url: string, now = 1_800_000_000_000) => ({
    apiUrl: url,
    maxWaitMs: 60_000,
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
    onWait: (message: string) => notices.push(message),
  });
  afterEach(() => {
    waits.length = 0;
    notices.length = 0;
  });

  it('waits out a short secondary limit (retry-after) once, then goes on', async () => {
    let calls = 0;
    replay = await startReplay({
      '/repos/acme/tool': () =>
        ++calls === 1
          ? { status: 429, headers: { 'retry-after': '3' }, body: { message: 'You have exceeded a secondary rate limit.' } }
          : { body: REPO },
    });
    const answer = await new HttpClient(options(replay.url)).get('/repos/acme/tool', { accept: JSON_TYPE, what: 'x' });
    expect(answer.status).toBe(200);
    expect(waits).toEqual([3000]);
    expect(notices).toEqual(['GitHub API rate limit reached; waiting 3 s as the API asks']);
  });

  it('stops with one message when the primary limit resets too late, and sends nothing more', async () => {
    const now = 1_800_000_000_000;
    replay = await startReplay({
      '/repos/acme/tool': {
        status: 403,
        headers: { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 1800) },
        body: { message: 'API rate limit exceeded for 203.0.113.7.' },
      },
    });
    const client = new HttpClient(options(replay.url, now));
    const error = await failure(client.get('/repos/acme/tool', { accept: JSON_TYPE, what: 'x' }));
    expect(error.message).toBe(
      'the GitHub API rate limit is used up for 30 minutes (no token: set GH_TOKEN or GITHUB_TOKEN for a higher limit); the online checks stop here, answers so far are cached',
    );
    expect((await failure(client.get('/repos/acme/other', { accept: JSON_TYPE, what: 'y' }))).message).toBe(error.message);
    expect(replay.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('waits before asking when the last answer used up the limit and it resets soon', async () => {
    const now = 1_800_000_000_000;
    replay = await startReplay({
      '/a': { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 20) }, body: [] },
      '/b': { body: [] },
    });
    const client = new HttpClient(options(replay.url, now));
    await client.get('/a', { accept: JSON_TYPE, what: 'a' });
    await client.get('/b', { accept: JSON_TYPE, what: 'b' });
    expect(waits).toEqual([20_000]);
  });

  it('treats a 403 that names a secondary limit as one (a minute), and a plain 403 as a refusal', async () => {
    replay = await startReplay({
      '/limited': {
        status: 403,
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
      },
      '/forbidden': { status: 403, body: { message: 'Resource not accessible by integration' } },
    });
    const refused = await failure(new HttpClient(options(replay.url)).get('/forbidden', { accept: JSON_TYPE, what: 'acme/tool' }));
    expect(refused.message).toBe('acme/tool: the API refused the request (403 Forbidden)');
    expect(refused.stopsRun).toBe(false);
    const client = new HttpClient({ ...options(replay.url), maxWaitMs: 30_000 });
    expect((await failure(client.get('/limited', { accept: JSON_TYPE, what: 'x' }))).kind).toBe('rate-limited');
  });
});

describe('HttpClient redirects', () => {
  it('follows a redirect on the API origin and refuses one to another host', async () => {
    const other = await startReplay({ '/elsewhere': { body: 'not for us' } });
    try {
      replay = await startReplay({
        '/repos/old/name': { status: 301, headers: { location: '/repositories/7' } },
        '/repositories/7': { body: REPO },
        '/away': { status: 302, headers: { location: `${other.url}/elsewhere?token=abc` } },
      });
      const client = new HttpClient({ apiUrl: replay.url, token: 'ghp_secret' });
      const moved = await client.get('/repos/old/name', { accept: JSON_TYPE, what: 'old/name' });
      expect(JSON.parse(moved.body.toString())).toEqual(REPO);
      const error = await failure(client.get('/away', { accept: JSON_TYPE, what: 'acme/tool' }));
      expect(error.message).toBe(`acme/tool: the API redirected to ${other.host}, which pipewarden does not follow`);
      expect(other.requests).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
