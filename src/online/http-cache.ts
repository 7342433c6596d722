/**
 * The persistent HTTP cache of the online mode: one JSON file per URL and token identity, holding
 * the body and the ETag of the last 200 answer, so the next run asks with `If-None-Match` and a
 * `304 Not Modified` reuses the body (GitHub does not count such answers against the primary rate
 * limit for authenticated requests).
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 * The token itself is never written: entries are keyed by a hash of it, so two tokens with
 * different access never share an answer. Files are private to the user (0600 in a 0700 folder)
 * because answers for private repositories are kept too.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface CachedAnswer {
  url: string;
  etag: string;
  /** Body as text (JSON and raw file answers) or base64 (archives). */
  body: string;
  encoding: 'utf8' | 'base64';
  storedAt: string;
}

/** Entries larger than this are not kept (an archive of a big repository). */
const MAX_ENTRY_BYTES = 8 * 1024 * 1024;

/** A short, one-way name of a token for cache keys; never the token. */
export function tokenIdentity(token: string | undefined): string {
  if (!token) return 'anonymous';
  return createHash('sha256').update(`pipewarden-token\0${token}`).digest('hex').slice(0, 16);
}

export class HttpCache {
  constructor(
    private readonly dir: string,
    private readonly identity: string,
  ) {}

  private fileOf(url: string, accept: string): string {
    const key = createHash('sha256').update(`${this.identity}\0${accept}\0${url}`).digest('hex');
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(url: string, accept: string): CachedAnswer | undefined {
    try {
      const entry = JSON.parse(readFileSync(this.fileOf(url, accept), 'utf8')) as CachedAnswer;
      if (entry.url !== url || typeof entry.etag !== 'string' || typeof entry.body !== 'string') return undefined;
      return entry;
    } catch {
      return undefined;
    }
  }

  /** Best effort: a cache that cannot be written only costs requests. */
  set(url: string, accept: string, etag: string, body: Buffer, encoding: CachedAnswer['encoding']): void {
    if (body.length > MAX_ENTRY_BYTES) return;
    const file = this.fileOf(url, accept);
    const entry: CachedAnswer = { url, etag, body: body.toString(encoding), encoding, storedAt: new Date().toISOString() };
    try {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(entry), { mode: 0o600 });
      renameSync(temporary, file);
    } catch {
      // Read-only or full disk: go on without the cache.
    }
  }
}
