/**
 * Keyless signing against local HTTP stubs: which endpoints are called with which token, and the
 * errors when an endpoint refuses or cannot be reached. The success path (a real certificate and
 * Rekor entry from a local Sigstore instance, then verify) is test/e2e/keyless.test.ts.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityTokenError, identityTokenFromEnv } from './oidc-token.js';
import { signStatementKeyless } from './sign-keyless.js';
import { buildStatement, SLSA_PROVENANCE_V1 } from './statement.js';

interface Seen {
  method: string;
  url: string;
  authorization: string;
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization ?? '', body });
    if (req.url?.startsWith('/token')) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ value: 'oidc-token-from-stub' }));
      return;
    }
    res.statusCode = 503;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ code: 503, message: 'stub fulcio is down' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// Fulcio's client reads the subject from the token before signing the proof of possession.
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const JWT = `${b64url({ alg: 'RS256' })}.${b64url({ iss: 'https://issuer.example', sub: 'repo:acme/app:ref:refs/heads/main' })}.c2ln`;

const statement = buildStatement([{ name: 'a', digest: { sha256: '0'.repeat(64) } }], SLSA_PROVENANCE_V1, {});

describe('identityTokenFromEnv', () => {
  it('prefers SIGSTORE_ID_TOKEN', async () => {
    expect(await identityTokenFromEnv({ SIGSTORE_ID_TOKEN: 'tok' })).toBe('tok');
  });

  it('asks the GitHub endpoint for the sigstore audience with the request token', async () => {
    const token = await identityTokenFromEnv({ ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/token?x=1`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req' });
    expect(token).toBe('oidc-token-from-stub');
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/token?x=1&audience=sigstore', authorization: 'Bearer req' });
  });

  it('explains what is missing outside CI', async () => {
    await expect(identityTokenFromEnv({})).rejects.toThrow(IdentityTokenError);
    await expect(identityTokenFromEnv({})).rejects.toThrow(/id-token: write/);
  });
});

describe('signStatementKeyless', () => {
  it('sends the identity token to the Fulcio URL given and reports its refusal', async () => {
    const fulcioUrl = `${base}/fulcio`;
    const attempt = signStatementKeyless(statement, { fulcioUrl, rekorUrl: `${base}/rekor`, identityToken: async () => JWT });
    await expect(attempt).rejects.toThrow(`keyless signing failed (Fulcio ${fulcioUrl}`);
    const call = seen.find((s) => s.url.startsWith('/fulcio'));
    expect(call).toMatchObject({ method: 'POST', url: '/fulcio/api/v2/signingCert' });
    expect(JSON.parse(call?.body ?? '{}').credentials).toEqual({ oidcIdentityToken: JWT });
  });

  it('never prints the identity token when @sigstore/sign rejects it', async () => {
    const unverified = `${b64url({ alg: 'RS256' })}.${b64url({ iss: 'https://issuer.example', email: 'dev@example.com' })}.c2lnbmF0dXJl`;
    const attempt = signStatementKeyless(statement, {
      fulcioUrl: `${base}/fulcio`,
      rekorUrl: `${base}/rekor`,
      identityToken: async () => unverified,
    });
    const message = await attempt.then(
      () => '',
      (error: Error) => error.message,
    );
    expect(message).toBe(
      `keyless signing failed (Fulcio ${base}/fulcio, Rekor ${base}/rekor): invalid identity token: <identity token>: JWT email not verified by issuer`,
    );
  });

  it('gives a clear error when the instance cannot be reached', async () => {
    const closed = 'http://127.0.0.1:9';
    const attempt = signStatementKeyless(statement, {
      fulcioUrl: closed,
      rekorUrl: closed,
      identityToken: async () => JWT,
      timeoutMs: 2000,
    });
    await expect(attempt).rejects.toThrow(/keyless signing failed \(Fulcio http:\/\/127\.0\.0\.1:9.*(ECONNREFUSED|connect)/);
  });
});
