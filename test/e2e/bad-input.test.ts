/**
 * Bad input gets a clear error and loses nothing: every broken file is reported with file, line
 * and column, and the one good file beside them is still analysed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/capture-io.js';

let root: string;
let outside: string;

const GOOD = `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.issue.title }}"
`;

function billionLaughs(): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const refs = Array.from({ length: 9 }, () => `*a${i - 1}`).join(',');
    lines.push(`a${i}: &a${i} [${refs}]`);
  }
  return `on: push\n${lines.join('\n')}\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps: *a9\n`;
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'pw-bad-'));
  outside = mkdtempSync(path.join(tmpdir(), 'pw-outside-'));
  const wf = path.join(root, '.github/workflows');
  mkdirSync(wf, { recursive: true });
  writeFileSync(path.join(wf, 'good.yml'), GOOD);
  writeFileSync(path.join(wf, 'invalid.yml'), 'on: push\njobs:\n  a: [unclosed\n');
  writeFileSync(path.join(wf, 'latin1.yml'), Buffer.from([0x6f, 0x6e, 0x3a, 0x20, 0xe9, 0x0a]));
  writeFileSync(path.join(wf, 'binary.yml'), Buffer.from([0x00, 0x01, 0x02, 0x03]));
  writeFileSync(path.join(wf, 'empty.yml'), '');
  writeFileSync(path.join(wf, 'huge.yml'), `on: push\n# ${'x'.repeat(5 * 1024 * 1024)}\n`);
  writeFileSync(path.join(wf, 'bomb.yml'), billionLaughs());
  writeFileSync(path.join(wf, 'deep.yml'), `on: push\njobs: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
  writeFileSync(path.join(wf, 'shape.yml'), 'on: push\njobs: "not a mapping"\n');
  writeFileSync(path.join(outside, 'secret.yml'), GOOD);
  symlinkSync(path.join(outside, 'secret.yml'), path.join(wf, 'outside.yml'));
  symlinkSync(path.join(outside), path.join(root, 'linked-dir'));
  symlinkSync(path.join(wf, 'loop-a.yml'), path.join(wf, 'loop-b.yml'));
  symlinkSync(path.join(wf, 'loop-b.yml'), path.join(wf, 'loop-a.yml'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('bad input', () => {
  it('reports each broken file with a location and still analyses the good one', async () => {
    const io = captureIO(root);
    const code = await main(['scan', '.', '--format', 'json'], io);
    // Nothing but the one notice that the online rules did not run.
    expect(io.err()).toMatch(/^pipewarden: \d+ online rule\(s\) not run \([a-z, -]+\); use --online to run them\n$/);
    const report = JSON.parse(io.out());
    const byFile = new Map<string, { code: string; line: number; column: number; message: string }[]>();
    for (const issue of report.parseIssues) byFile.set(issue.file, [...(byFile.get(issue.file) ?? []), issue]);
    const codeOf = (name: string) => byFile.get(`.github/workflows/${name}`)?.map((i) => i.code);
    expect(codeOf('invalid.yml')).toEqual(['YAML_SYNTAX']);
    expect(byFile.get('.github/workflows/invalid.yml')?.[0]).toMatchObject({ line: 4, column: 1 });
    expect(codeOf('latin1.yml')).toEqual(['NOT_UTF8']);
    expect(byFile.get('.github/workflows/latin1.yml')?.[0]).toMatchObject({ line: 1, column: 5 });
    expect(codeOf('binary.yml')).toEqual(['BINARY_FILE']);
    expect(codeOf('empty.yml')).toEqual(['EMPTY_FILE']);
    expect(codeOf('huge.yml')).toEqual(['FILE_TOO_LARGE']);
    expect(codeOf('bomb.yml')).toEqual(['TOO_MANY_ALIASES']);
    expect(codeOf('deep.yml')).toEqual(['TOO_DEEP']);
    expect(codeOf('shape.yml')).toEqual(['INVALID_SHAPE']);
    expect(byFile.get('.github/workflows/shape.yml')?.[0]).toMatchObject({ line: 2, column: 7 });
    expect(codeOf('outside.yml')).toEqual(['SYMLINK_OUTSIDE_ROOT']);
    expect(byFile.get('linked-dir')?.map((i) => i.code)).toEqual(['SYMLINK_OUTSIDE_ROOT']);
    expect(codeOf('loop-a.yml')).toEqual(['SYMLINK_LOOP']);
    expect(codeOf('loop-b.yml')).toEqual(['SYMLINK_LOOP']);
    // Nothing behind the outside symlink was read: the only finding is the good file's.
    const files = new Set(report.findings.map((f: { location: { file: string } }) => f.location.file));
    expect([...files]).toEqual(['.github/workflows/good.yml']);
    expect(report.findings.some((f: { ruleId: string }) => f.ruleId === 'expression-injection')).toBe(true);
    expect(report.toolErrors).toEqual([]);
    expect(code).toBe(1);
  });

  it('prints parse issues in text output without a stack trace', async () => {
    const io = captureIO(root);
    await main(['scan', '.', '--no-color'], io);
    const out = io.out();
    expect(out).toContain('.github/workflows/invalid.yml:4:1 parse-error YAML_SYNTAX');
    expect(out).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  });

  it('reports a FIFO named on the command line instead of waiting on it, and scans the rest', async () => {
    const fifo = path.join(root, 'pipe.yml');
    execFileSync('mkfifo', [fifo]);
    try {
      const io = captureIO(root);
      const code = await main(['scan', 'pipe.yml', '.github/workflows/good.yml', '--format', 'json'], io);
      const report = JSON.parse(io.out());
      expect(report.parseIssues).toEqual([
        { file: 'pipe.yml', line: 1, column: 1, code: 'UNREADABLE', message: 'not a regular file; not analysed', level: 'error' },
      ]);
      expect(report.findings.map((f: { location: { file: string } }) => f.location.file)).toContain('.github/workflows/good.yml');
      expect(code).toBe(1);
    } finally {
      rmSync(fifo);
    }
  });

  it('exits 2 on a path that does not exist', async () => {
    const io = captureIO(root);
    const code = await main(['scan', 'no/such/path'], io);
    expect(code).toBe(2);
    expect(io.err()).toBe('pipewarden: path does not exist: no/such/path\n');
  });
});
