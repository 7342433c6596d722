import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_LIMITS } from './load.js';
import { diskFiles, memoryFiles, normalisedRelative } from './repository-files.js';

let root: string;
let outside: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'pw-files-'));
  outside = mkdtempSync(path.join(tmpdir(), 'pw-files-out-'));
  mkdirSync(path.join(root, 'ci/sub'), { recursive: true });
  mkdirSync(path.join(root, 'node_modules/x'), { recursive: true });
  writeFileSync(path.join(root, 'ci/a.yml'), 'a: 1\n');
  writeFileSync(path.join(root, 'ci/sub/b.yml'), 'b: 1\n');
  writeFileSync(path.join(root, 'node_modules/x/c.yml'), 'c: 1\n');
  writeFileSync(path.join(outside, 'secret.yml'), 'secret: 1\n');
  symlinkSync(path.join(outside, 'secret.yml'), path.join(root, 'ci/out.yml'));
  symlinkSync(path.join(root, 'ci/a.yml'), path.join(root, 'ci/in.yml'));
  symlinkSync(outside, path.join(root, 'ci/outdir'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('repository files', () => {
  it('refuses paths that climb out of the root', () => {
    expect(normalisedRelative('./ci//a.yml')).toBe('ci/a.yml');
    expect(normalisedRelative('ci/../../x.yml')).toBeUndefined();
    expect(normalisedRelative('/etc/passwd')).toBeUndefined();
    expect(normalisedRelative('C:/x.yml')).toBeUndefined();
  });

  it('reads files inside the root, follows links that stay inside, and none that lead out', () => {
    const files = diskFiles(root, root, DEFAULT_LOAD_LIMITS);
    expect(files.read('ci/a.yml')).toEqual({ ok: true, file: { path: 'ci/a.yml', text: 'a: 1\n' } });
    expect(files.read('ci/in.yml')).toMatchObject({ ok: true, file: { path: 'ci/in.yml', text: 'a: 1\n' } });
    expect(files.read('ci/out.yml')).toEqual({ ok: false, reason: 'symlink points outside the scan root; not followed' });
    expect(files.read('ci/outdir/secret.yml')).toEqual({ ok: false, reason: 'symlink points outside the scan root; not followed' });
    expect(files.read('../x.yml')).toEqual({ ok: false, reason: 'path leaves the repository' });
    expect(files.read('ci/none.yml')).toEqual({ ok: false, reason: 'file not found' });
    // One SourceFile per path, so a file included twice is one source.
    expect(files.read('ci/a.yml')).toBe(files.read('ci/a.yml'));
  });

  it('lists files under a folder without dependency folders or links out of the root', () => {
    const files = diskFiles(root, root, DEFAULT_LOAD_LIMITS);
    expect(files.list('')).toEqual(['ci/a.yml', 'ci/in.yml', 'ci/sub/b.yml']);
    expect(files.list('ci/sub')).toEqual(['ci/sub/b.yml']);
    expect(files.list('..')).toEqual([]);
  });

  it('serves in-memory files by path', () => {
    const files = memoryFiles([
      { path: 'a.yml', text: 'a' },
      { path: 'ci/b.yml', text: 'b' },
    ]);
    expect(files.read('./ci/b.yml')).toMatchObject({ ok: true, file: { text: 'b' } });
    expect(files.read('x.yml')).toEqual({ ok: false, reason: 'file not found' });
    expect(files.list('ci')).toEqual(['ci/b.yml']);
  });
});
