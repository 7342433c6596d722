/**
 * A scan split over worker threads must find exactly what the same scan finds in one thread,
 * cross-file findings included. Workers run the build (dist/), so this test builds first.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = path.join(import.meta.dirname, '../..');
let root: string;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(REPO, 'tsconfig.build.json')]);
  root = mkdtempSync(path.join(tmpdir(), 'pipewarden-parallel-'));
  for (const name of ['alpha', 'beta', 'gamma'])
    cpSync(path.join(REPO, 'examples/vulnerable-repo'), path.join(root, name), { recursive: true });
  mkdirSync(path.join(root, 'broken/.github/workflows'), { recursive: true });
  writeFileSync(path.join(root, 'broken/.github/workflows/ci.yml'), 'on: push\njobs:\n  a: [\n');
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function scanWith(workers: number) {
  const engine = await import(pathToFileURL(path.join(REPO, 'dist/engine/engine.js')).href);
  const { ADAPTERS } = await import(pathToFileURL(path.join(REPO, 'dist/platforms/index.js')).href);
  const { RULES } = await import(pathToFileURL(path.join(REPO, 'dist/rules/index.js')).href);
  const { emptyConfig } = await import(pathToFileURL(path.join(REPO, 'dist/config/config.js')).href);
  return engine.scan({ paths: [root], cwd: root, config: emptyConfig(), rules: RULES, adapters: ADAPTERS, workers });
}

describe('parallel scan', () => {
  it('finds exactly what a single-thread scan finds, in the same order', async () => {
    const single = await scanWith(1);
    const parallel = await scanWith(2);
    expect(single.pipelines.length).toBeGreaterThan(0);
    expect(parallel.pipelines).toEqual([]);
    expect(parallel.result.findings).toEqual(single.result.findings);
    expect(parallel.result.parseIssues).toEqual(single.result.parseIssues);
    expect(parallel.result.toolErrors).toEqual([]);
    expect(parallel.result.stats.pipelines).toBe(single.result.stats.pipelines);
  }, 120_000);

  it('keeps every repository and cross-file finding, and the broken file as a parse issue', async () => {
    const { result, sources } = await scanWith(2);
    const files = new Set(result.findings.map((f: { location: { file: string } }) => f.location.file.split('/')[0]));
    expect([...files].sort()).toEqual(['alpha', 'beta', 'gamma']);
    // The local composite action is analysed with its callers' inputs: its findings need the caller's file.
    const inAction = result.findings.filter((f: { location: { file: string } }) => f.location.file.endsWith('actions/greet/action.yml'));
    expect(inAction.length).toBe(3);
    expect(result.parseIssues.map((i: { file: string; line: number }) => `${i.file}:${i.line}`)).toEqual([
      'broken/.github/workflows/ci.yml:4',
    ]);
    for (const finding of result.findings) expect(sources.has(finding.location.file)).toBe(true);
  }, 120_000);
});
