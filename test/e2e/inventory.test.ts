/** `pipewarden inventory` end to end: the secrets map, pin states and the published schema. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { validate } from '../../src/report/test-support/mini-schema.js';
import { captureIO } from '../support/capture-io.js';

const REPO = path.join(import.meta.dirname, '../..');
const SCHEMA = JSON.parse(readFileSync(path.join(REPO, 'schemas/pipewarden-inventory.schema.json'), 'utf8'));
const WORKFLOW = `on: [pull_request_target, push]
permissions:
  contents: read
jobs:
  deploy:
    runs-on: [self-hosted, linux]
    environment: prod
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a
      - run: echo "\${{ secrets.NPM_TOKEN }}"
`;

let tree: string;
beforeAll(() => {
  tree = mkdtempSync(path.join(tmpdir(), 'pw-inv-'));
  mkdirSync(path.join(tree, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(tree, '.github/workflows/deploy.yml'), WORKFLOW);
});
afterAll(() => rmSync(tree, { recursive: true, force: true }));

describe('pipewarden inventory', () => {
  it('maps each secret to the jobs and triggers that reach it, lowest trust first', async () => {
    const io = captureIO(tree);
    expect(await main(['inventory', '.'], io)).toBe(0);
    const inventory = JSON.parse(io.out());
    expect(validate(SCHEMA, inventory)).toEqual([]);
    expect(inventory.secrets).toEqual([
      {
        secret: 'NPM_TOKEN',
        jobs: [{ file: '.github/workflows/deploy.yml', job: 'deploy' }],
        triggers: ['pull_request_target', 'push'],
        lowestTrust: 0,
      },
    ]);
    const [pipeline] = inventory.pipelines;
    expect(pipeline.jobs[0]).toMatchObject({
      id: 'deploy',
      runner: { selfHosted: true },
      permissions: { contents: 'read' },
      environment: { name: 'prod' },
    });
    expect(pipeline.references.map((r: { name: string; pin: string; line: number }) => [r.name, r.pin, r.line])).toEqual([
      ['actions/checkout', 'floating-version', 9],
      ['actions/setup-node', 'commit-sha', 10],
    ]);
  });

  it('runs on the example repository and matches the schema', async () => {
    const io = captureIO(REPO);
    expect(await main(['inventory', 'examples/vulnerable-repo'], io)).toBe(0);
    const inventory = JSON.parse(io.out());
    expect(inventory.pipelines.length).toBeGreaterThan(3);
    expect(validate(SCHEMA, inventory)).toEqual([]);
  });

  it('rejects an unsupported format with a usage error', async () => {
    const io = captureIO(tree);
    expect(await main(['inventory', '.', '--format', 'xml'], io)).toBe(2);
    expect(io.err()).toContain('json, markdown');
  });

  it('renders the same inventory as Markdown with --format markdown', async () => {
    const io = captureIO(tree);
    expect(await main(['inventory', '.', '--format', 'markdown'], io)).toBe(0);
    const lines = io.out().split('\n');
    expect(lines[0]).toBe('# Pipeline inventory');
    expect(lines).toContain('| `.github/workflows/deploy.yml` | github workflow | `pull_request_target`, `push` | 1 | 1 of 2 |');
    expect(lines).toContain(
      '| `deploy` | `self-hosted`, `linux` (self-hosted) | `contents: read` | no | `prod` | `NPM_TOKEN` | `pull_request_target`, `push` |',
    );
    expect(lines).toContain('| action | `actions/setup-node` | `1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a` | pinned (commit SHA) | 10 |');
    expect(lines).toContain(
      '| `NPM_TOKEN` | T0 anyone on the internet | `pull_request_target`, `push` | `.github/workflows/deploy.yml` `deploy` |',
    );
    // Scripts are not copied: a secret appears by name only.
    expect(io.out()).not.toContain('secrets.NPM_TOKEN');
  });

  it('names a file it could not parse on stderr and lists the others', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'pw-inv-broken-'));
    try {
      mkdirSync(path.join(folder, '.github/workflows'), { recursive: true });
      writeFileSync(path.join(folder, '.github/workflows/ok.yml'), WORKFLOW);
      writeFileSync(path.join(folder, '.github/workflows/bad.yml'), 'on: push\njobs:\n  a: [\n');
      const io = captureIO(folder);
      expect(await main(['inventory', '.', '--format', 'markdown'], io)).toBe(0);
      expect(io.err()).toMatch(/^\.github\/workflows\/bad\.yml:\d+:\d+ parse-error YAML_SYNTAX /);
      expect(io.out()).toContain('## `.github/workflows/ok.yml`');
      expect(io.out()).not.toContain('bad.yml');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('writes Markdown to --output', async () => {
    const out = path.join(tree, 'inventory.md');
    const io = captureIO(tree);
    expect(await main(['inventory', '.', '--format', 'markdown', '-o', out], io)).toBe(0);
    expect(io.out()).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^# Pipeline inventory\n/);
  });

  it.each([
    ['mermaid', /^flowchart LR\n/, '  p0t0["pull_request_target (anyone on the internet)"]:::untrusted'],
    ['dot', /^digraph trust \{\n/, '  p0t0 -> p0j0;'],
    ['svg', /^<svg /, '<title>p0t0&#45;&gt;p0j0</title>'],
  ])('draws the trust map with --graph %s', async (format, start, line) => {
    const io = captureIO(tree);
    expect(await main(['inventory', '.', '--graph', format], io)).toBe(0);
    expect(io.out()).toMatch(start);
    expect(io.out()).toContain(line);
    expect(io.out()).toContain('NPM_TOKEN');
    expect(io.out()).not.toContain('secrets.NPM_TOKEN');
  });

  it('rejects an unknown --graph with a usage error', async () => {
    const io = captureIO(tree);
    expect(await main(['inventory', '.', '--graph', 'png'], io)).toBe(2);
    expect(io.err()).toContain('mermaid, dot, svg');
  });
});
