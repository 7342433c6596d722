/**
 * `pipewarden scan --online` end to end against a local GitHub Enterprise Server stand-in
 * (`/api/v3`) that replays recorded API answers: the online rules report, the token goes to the
 * API and nowhere into the output, the cache revalidates with ETags on the next run, and offline
 * runs say once what they skipped.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/capture-io.js';
import { type Replay, startReplay } from '../support/github-replay.js';
import { recordedAnswers } from '../support/recorded-facts.js';

const TOKEN = 'ghp_e2eTestToken0123456789abcdefABCDEF';
const WORKFLOW = `name: release
on:
  push:
    tags: ['v*']
permissions:
  contents: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@c2d5a4b1e1f0a7c9d8e6f5a4b3c2d1e0f9a8b7c6 # v4.2.2
      - uses: actions/create-release@v1
      - uses: acme/deploy-action@v1
`;

let replay: Replay;
let root: string;
let cache: string;

beforeAll(async () => {
  replay = await startReplay(recordedAnswers(), '/api/v3');
  root = mkdtempSync(path.join(tmpdir(), 'pw-online-'));
  cache = path.join(root, '.cache');
  mkdirSync(path.join(root, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(root, '.github/workflows/release.yml'), WORKFLOW);
});

afterAll(async () => {
  await replay.close();
  rmSync(root, { recursive: true, force: true });
});

const server = () => `http://${replay.host}`;
const onlineIds = ['archived-reference', 'impostor-commit', 'ref-confusion'];

describe('scan --online', () => {
  it('runs the online rules against the API of --github-url, sending the token only there', async () => {
    const io = captureIO(root, { GH_TOKEN: TOKEN });
    const code = await main(
      ['scan', '--online', '--github-url', server(), '--cache-dir', cache, '--format', 'json', '--rule', onlineIds.join(',')],
      io,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(io.out());
    const found = report.findings.map(
      (f: { ruleId: string; location: { line: number; column: number } }) => `${f.ruleId} ${f.location.line}:${f.location.column}`,
    );
    expect(found).toEqual(['impostor-commit 11:15', 'archived-reference 12:15', 'ref-confusion 13:15']);
    expect(replay.requests.length).toBeGreaterThan(0);
    expect(replay.requests.every((r) => r.url.startsWith('/api/v3/') && r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(io.out()).not.toContain(TOKEN);
    expect(readdirSync(cache).length).toBeGreaterThan(0);
  });

  it('revalidates cached answers with If-None-Match on the next run', async () => {
    // Only recorded answers with an ETag are kept (the repository of actions/checkout).
    replay.requests.length = 0;
    const io = captureIO(root, { GH_TOKEN: TOKEN });
    await main(['scan', '--online', '--github-url', server(), '--cache-dir', cache, '--format', 'json', '--rule', 'impostor-commit'], io);
    const repo = replay.requests.find((r) => r.url === '/api/v3/repos/actions/checkout');
    expect(repo?.ifNoneMatch).toBe('W/"checkout-repo-1"');
  });

  it('says once, offline, which online rules it did not run, and sends nothing', async () => {
    replay.requests.length = 0;
    const io = captureIO(root, { GH_TOKEN: TOKEN });
    await main(['scan', '--format', 'json'], io);
    expect(io.err()).toBe('pipewarden: 2 online rule(s) not run (impostor-commit, ref-confusion); use --online to run them\n');
    expect(replay.requests).toEqual([]);
  });

  it('goes on with the offline rules when the API cannot be reached, with one message', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const io = captureIO(root);
    const code = await main(
      [
        'scan',
        '--online',
        '--github-url',
        `http://127.0.0.1:${port}/`,
        '--format',
        'json',
        '--rule',
        `${onlineIds.join(',')},unpinned-reference`,
      ],
      io,
    );
    expect(io.err()).toBe(
      `pipewarden: cannot reach http://127.0.0.1:${port} (ECONNREFUSED): the online checks need network access to the GitHub API (use --github-url for GitHub Enterprise Server)\n`,
    );
    expect(code).toBe(1);
    const rules = new Set(JSON.parse(io.out()).findings.map((f: { ruleId: string }) => f.ruleId));
    // The offline rules (and archived-reference's own table) still report; the online-only ones cannot.
    expect([...rules].sort()).toEqual(['archived-reference', 'unpinned-reference']);
  });

  it('follows an input into a remote composite action and reports the injection at the caller', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-online-remote-'));
    try {
      mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
      writeFileSync(
        path.join(dir, '.github/workflows/greet.yml'),
        `on:
  issues:
    types: [opened]
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/greet@v1
        with:
          name: \${{ github.event.issue.title }}
`,
      );
      const io = captureIO(dir);
      await main(['scan', '--online', '--github-url', server(), '--format', 'text', '--rule', 'expression-injection', '--no-color'], io);
      const text = io.out();
      expect(text).toContain('.github/workflows/greet.yml:10:11');
      expect(text).toContain('(inside acme/greet@v1 at commit 8f3a1c5e7b9d)');
      // The flow ends in the fetched file, named by where anyone can read it.
      expect(text).toContain(`${server()}/acme/greet/blob/8f3a1c5e7b9d2f4a6c8e0b1d3f5a7c9e1b3d5f70/action.yml:17:`);
      expect(readdirSync(dir)).toEqual(['.github']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fix --online pins from the API what the lock lacks, without writing a lock', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-online-fix-'));
    try {
      mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
      writeFileSync(
        path.join(dir, '.github/workflows/ci.yml'),
        'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
      );
      const io = captureIO(dir, { GITHUB_TOKEN: TOKEN });
      await main(['fix', '--online', '--github-url', server(), '--dry-run', '--rule', 'unpinned-reference'], io);
      expect(io.out()).toContain('+      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n');
      expect(io.out() + io.err()).not.toContain(TOKEN);
      expect(readdirSync(dir)).toEqual(['.github']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects --github-url without --online and a URL with credentials', async () => {
    const io = captureIO(root);
    expect(await main(['scan', '--github-url', server()], io)).toBe(2);
    expect(io.err()).toBe('pipewarden: --github-url and --cache-dir only apply with --online\n');
    const withCredentials = captureIO(root);
    expect(await main(['scan', '--online', '--github-url', 'https://user:pw@github.example.com'], withCredentials)).toBe(2);
    expect(withCredentials.err()).toBe(
      'pipewarden: --github-url: the GitHub URL must not carry credentials; use GH_TOKEN or GITHUB_TOKEN\n',
    );
  });
});
