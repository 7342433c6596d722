/**
 * `pipewarden pin --update` against a local stand-in for the GitHub API and a container registry
 * (with its anonymous token flow), then `pipewarden fix` pinning offline from the lock it wrote;
 * the lock check; and the errors offline.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/capture-io.js';

const CHECKOUT_V4 = '11bd71901bbe5b1630ceea73d27597364c9af683';
const CACHE_MAIN = '5a3ec84eff668545956fd18022155c47e93e2684';
const APP_DIGEST = `sha256:${'c'.repeat(64)}`;
/** The workflow, with the registry host of the test server (known once it listens). */
const workflow = (registry: string) => `name: ci
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    container: ${registry}/acme/app:1.0
    steps:
      - uses: actions/checkout@v4 # v4
      - uses: actions/cache@main
      - uses: acme/gone@v1
      - uses: actions/setup-node@${'a'.repeat(40)} # v4.4.0
`;

let server: Server;
let api: string;
const requests: { url: string; accept: string; auth: string }[] = [];
let root: string;
let registry: string;
let WORKFLOW: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', accept: String(req.headers.accept), auth: String(req.headers.authorization ?? '') });
    const send = (status: number, body: string) => {
      res.statusCode = status;
      res.end(body);
    };
    // The registry: a manifest HEAD needs a bearer token from /token (the anonymous pull flow).
    if (req.url === '/v2/acme/app/manifests/1.0') {
      if (req.headers.authorization !== 'Bearer pull-token') {
        res.setHeader(
          'WWW-Authenticate',
          `Bearer realm="http://${registry}/token",service="test-registry",scope="repository:acme/app:pull"`,
        );
        return send(401, '');
      }
      res.setHeader('Docker-Content-Digest', APP_DIGEST);
      return send(200, '');
    }
    if (req.url === '/token?service=test-registry&scope=repository%3Aacme%2Fapp%3Apull') return send(200, '{"token":"pull-token"}');
    switch (req.url) {
      case '/repos/actions/checkout/commits/v4':
        return send(200, CHECKOUT_V4);
      case '/repos/actions/checkout/tags?per_page=100':
        return send(
          200,
          JSON.stringify([
            { name: 'v4.2.2', commit: { sha: CHECKOUT_V4 } },
            { name: 'v4', commit: { sha: CHECKOUT_V4 } },
            { name: 'v4.2.1', commit: { sha: 'b'.repeat(40) } },
          ]),
        );
      case '/repos/actions/cache/commits/main':
        return send(200, CACHE_MAIN);
      case '/repos/actions/cache/tags?per_page=100':
        return send(200, '[]');
      // The SHA pin's commit is v4.4.1 (and v4), not the v4.4.0 its comment says.
      case '/repos/actions/setup-node/tags?per_page=100':
        return send(
          200,
          JSON.stringify([
            { name: 'v4.4.1', commit: { sha: 'a'.repeat(40) } },
            { name: 'v4', commit: { sha: 'a'.repeat(40) } },
            { name: 'v4.4.0', commit: { sha: 'd'.repeat(40) } },
          ]),
        );
      default:
        return send(404, '{"message":"Not Found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = `http://${registry}`;
  WORKFLOW = workflow(registry);
  root = mkdtempSync(path.join(tmpdir(), 'pw-pin-'));
  mkdirSync(path.join(root, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(root, '.github/workflows/ci.yml'), WORKFLOW);
});

afterAll(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('pin and fix from the lock', () => {
  it('reports refs missing from the lock with exit 1', async () => {
    const io = captureIO(root);
    expect(await main(['pin'], io)).toBe(1);
    expect(io.out()).toContain('4 pinnable reference(s) and image(s), 0 in');
    expect(io.out()).toContain(`  missing: ${registry}/acme/app:1.0\n`);
    expect(io.out()).toContain('  missing: actions/checkout@v4\n');
  });

  it('resolves refs online into the lock, reports the ones it cannot, and sends the token', async () => {
    const io = captureIO(root);
    io.env.GITHUB_TOKEN = 'test-token';
    expect(await main(['pin', '--update', '--github-api-url', api, '--insecure-registry', registry], io)).toBe(1);
    expect(io.err()).toBe('pipewarden: acme/gone@v1: no such repository or ref\n');
    const lock = JSON.parse(readFileSync(path.join(root, 'pipewarden.lock'), 'utf8'));
    expect(lock).toEqual({
      lockVersion: 1,
      pins: {
        'actions/cache@main': { sha: CACHE_MAIN, version: 'main' },
        'actions/checkout@v4': { sha: CHECKOUT_V4, version: 'v4.2.2' },
        [`actions/setup-node@${'a'.repeat(40)}`]: { sha: 'a'.repeat(40), version: 'v4.4.1' },
      },
      images: { [`${registry}/acme/app:1.0`]: { digest: APP_DIGEST } },
    });
    expect(io.out()).toContain('3 resolved, 0 kept, 0 no longer used and dropped, 1 version(s) of SHA pins recorded');
    // A SHA pin needs no commit lookup, only the tags.
    expect(requests.some((r) => r.url.startsWith('/repos/actions/setup-node/commits/'))).toBe(false);
    expect(requests.find((r) => r.url === '/repos/actions/checkout/commits/v4')).toMatchObject({
      accept: 'application/vnd.github.sha',
      auth: 'Bearer test-token',
    });
  });

  it('pins from the lock offline, keeping the version in the comment, and a second run changes nothing', async () => {
    const io = captureIO(root);
    await main(['fix', '--rule', 'unpinned-reference', '--rule', 'unpinned-image'], io);
    const fixed = readFileSync(path.join(root, '.github/workflows/ci.yml'), 'utf8');
    expect(fixed).toBe(
      WORKFLOW.replace('actions/checkout@v4 # v4', `actions/checkout@${CHECKOUT_V4} # v4.2.2`)
        .replace('actions/cache@main', `actions/cache@${CACHE_MAIN} # main`)
        .replace(`${registry}/acme/app:1.0`, `${registry}/acme/app@${APP_DIGEST} # 1.0`),
    );
    const again = captureIO(root);
    await main(['fix', '--rule', 'unpinned-reference', '--rule', 'unpinned-image'], again);
    expect(readFileSync(path.join(root, '.github/workflows/ci.yml'), 'utf8')).toBe(fixed);
  });

  it("keeps SHA pins' version comments true from the versions the lock recorded", async () => {
    const before = readFileSync(path.join(root, '.github/workflows/ci.yml'), 'utf8');
    const io = captureIO(root);
    await main(['fix', '--rule', 'ref-version-mismatch'], io);
    const fixed = readFileSync(path.join(root, '.github/workflows/ci.yml'), 'utf8');
    expect(fixed).toBe(before.replace(`actions/setup-node@${'a'.repeat(40)} # v4.4.0`, `actions/setup-node@${'a'.repeat(40)} # v4.4.1`));
    // SHA pins are optional knowledge: the lock check never asks for them.
    const check = captureIO(root);
    await main(['pin'], check);
    expect(check.out()).toContain('  missing: acme/gone@v1\n');
    expect(check.out()).not.toContain('setup-node');
  });

  it('says clearly when the API cannot be reached, and leaves the lock alone', async () => {
    const before = readFileSync(path.join(root, 'pipewarden.lock'), 'utf8');
    writeFileSync(
      path.join(root, '.github/workflows/more.yml'),
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: other/thing@v2\n',
    );
    // A port that was free a moment ago: nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const io = captureIO(root);
    expect(await main(['pin', '--update', '--github-api-url', `http://127.0.0.1:${port}`], io)).toBe(2);
    expect(io.err()).toBe(
      `pipewarden: cannot reach http://127.0.0.1:${port} (ECONNREFUSED): the online checks need network access to the GitHub API (use --github-url for GitHub Enterprise Server)\n`,
    );
    expect(readFileSync(path.join(root, 'pipewarden.lock'), 'utf8')).toBe(before);
  });

  it('rejects a malformed lock with the entry named and exit 2', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'pw-pin-bad-'));
    writeFileSync(
      path.join(other, 'pipewarden.lock'),
      JSON.stringify({ lockVersion: 1, pins: { 'actions/checkout@v4': { sha: 'abc', version: 'v4' } } }),
    );
    const io = captureIO(other);
    expect(await main(['fix'], io)).toBe(2);
    expect(io.err()).toContain('"actions/checkout@v4" needs "sha": a full 40-character lower-case commit SHA');
    rmSync(other, { recursive: true, force: true });
  });
});
