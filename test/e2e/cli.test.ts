/**
 * The CLI end to end over the shipped example repository and small trees written here:
 * formats, explicit files, config, suppressions, rule selection and exit codes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { validate } from '../../src/report/test-support/mini-schema.js';
import { RULES } from '../../src/rules/index.js';
import { captureIO } from '../support/capture-io.js';

const REPO = path.join(import.meta.dirname, '../..');
const INJECTION = `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.issue.title }}"
`;

let tree: string;

beforeAll(() => {
  tree = mkdtempSync(path.join(tmpdir(), 'pw-cli-'));
  mkdirSync(path.join(tree, '.github/workflows'), { recursive: true });
  mkdirSync(path.join(tree, 'ci'), { recursive: true });
  mkdirSync(path.join(tree, 'other'), { recursive: true });
  writeFileSync(path.join(tree, '.github/workflows/a.yml'), INJECTION);
  writeFileSync(path.join(tree, 'ci/release.yml'), INJECTION);
  writeFileSync(
    path.join(tree, 'other/action.yml'),
    'name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: echo "${{ github.event.comment.body }}"\n',
  );
});

afterAll(() => rmSync(tree, { recursive: true, force: true }));

describe('pipewarden scan', () => {
  it('shows findings on the example repository and exits 1', async () => {
    const io = captureIO(REPO);
    const code = await main(['scan', 'examples/vulnerable-repo', '--no-color'], io);
    expect(code).toBe(1);
    expect(io.out()).toContain('.github/workflows/issue-triage.yml:23:28 critical expression-injection');
    expect(io.out()).toMatch(/\d+ findings \(/);
  });

  it('prints where the time went with --timing, and the same findings', async () => {
    const plain = captureIO(REPO);
    await main(['scan', 'examples/vulnerable-repo', '--format', 'json'], plain);
    const timed = captureIO(REPO);
    const code = await main(['scan', 'examples/vulnerable-repo', '--format', 'json', '--timing'], timed);
    expect(code).toBe(1);
    const findings = (out: string) => (JSON.parse(out) as { findings: unknown[] }).findings;
    expect(findings(timed.out())).toEqual(findings(plain.out()));
    const lines = timed.err().split('\n');
    expect(lines[0]).toMatch(/^phase or rule\s+ms\s+share$/);
    for (const label of ['yaml', 'model github', 'rule expression-injection']) {
      expect(
        lines.some((line) => new RegExp(`^${label}\\s+\\d+\\s+\\d+\\.\\d%$`).test(line)),
        label,
      ).toBe(true);
    }
    expect(lines.some((line) => /^total\s+\d+$/.test(line))).toBe(true);
  });

  it('writes JSON for the example repository that matches the published schema', async () => {
    const io = captureIO(REPO);
    await main(['scan', 'examples/vulnerable-repo', '--format', 'json'], io);
    const schema = JSON.parse(readFileSync(path.join(REPO, 'schemas/pipewarden-report.schema.json'), 'utf8'));
    const report = JSON.parse(io.out());
    expect(report.findings.length).toBeGreaterThan(20);
    expect(validate(schema, report)).toEqual([]);
  });

  it('writes versioned JSON with paths relative to the scan root', async () => {
    const io = captureIO(tree);
    await main(['scan', '.', '--format', 'json', '--rule', 'expression-injection'], io);
    const report = JSON.parse(io.out());
    expect(report.schemaVersion).toBe(1);
    expect(report.tool.name).toBe('pipewarden');
    expect(report.findings.map((f: { location: { file: string; line: number; column: number } }) => f.location)).toEqual([
      { file: '.github/workflows/a.yml', line: 6, column: 20, endLine: 6, endColumn: 51 },
      { file: 'other/action.yml', line: 7, column: 18, endLine: 7, endColumn: 50 },
    ]);
  });

  it('analyses explicitly named files wherever they live, relative to the working directory', async () => {
    const io = captureIO(tree);
    const code = await main(['scan', 'ci/release.yml', 'other/action.yml', '--format', 'json', '--rule', 'expression-injection'], io);
    const files = JSON.parse(io.out()).findings.map((f: { location: { file: string } }) => f.location.file);
    expect(files).toEqual(['ci/release.yml', 'other/action.yml']);
    expect(code).toBe(1);
  });

  it('emits SARIF 2.1.0 with the selected rules', async () => {
    const io = captureIO(tree);
    await main(['scan', '.', '--format', 'sarif', '--rule', 'expression-injection'], io);
    const sarif = JSON.parse(io.out());
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['expression-injection']);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('.github/workflows/a.yml');
  });

  it('honours inline suppressions with their reason', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-sup-'));
    mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(
      path.join(dir, '.github/workflows/a.yml'),
      INJECTION.replace('      - run:', '      # pipewarden-ignore[expression-injection]: title is validated upstream\n      - run:'),
    );
    const io = captureIO(dir);
    const code = await main(['scan', '.', '--format', 'json', '--rule', 'expression-injection'], io);
    const report = JSON.parse(io.out());
    expect(report.findings).toEqual([]);
    expect(report.suppressed[0].suppression).toEqual({ kind: 'inline', reason: 'title is validated upstream' });
    expect(code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads pipewarden.yml: disabled rules, severity overrides and path ignores', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-cfg-'));
    mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(path.join(dir, '.github/workflows/a.yml'), INJECTION);
    writeFileSync(path.join(dir, '.github/workflows/b.yml'), INJECTION);
    writeFileSync(
      path.join(dir, 'pipewarden.yml'),
      'rules:\n  expression-injection:\n    severity: low\nignore:\n  - path: .github/workflows/b.yml\n    rules: [expression-injection]\n    reason: archived workflow\n',
    );
    const io = captureIO(dir);
    const code = await main(['scan', '.', '--format', 'json', '--rule', 'expression-injection', '--fail-on', 'medium'], io);
    const report = JSON.parse(io.out());
    expect(report.findings.map((f: { severity: string; location: { file: string } }) => [f.location.file, f.severity])).toEqual([
      ['.github/workflows/a.yml', 'low'],
    ]);
    expect(report.suppressed.map((f: { suppression: { reason: string } }) => f.suppression.reason)).toEqual(['archived workflow']);
    expect(code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a bad config with its location and exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-badcfg-'));
    writeFileSync(path.join(dir, 'pipewarden.yml'), 'rules:\n  no-such-rule: off\n');
    const io = captureIO(dir);
    const code = await main(['scan', '.'], io);
    expect(code).toBe(2);
    expect(io.err()).toContain('pipewarden.yml:2:3: unknown rule "no-such-rule"');
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects unknown rules and formats with exit 2', async () => {
    expect(await main(['scan', tree, '--rule', 'nope'], captureIO(tree))).toBe(2);
    expect(await main(['scan', tree, '--format', 'xml'], captureIO(tree))).toBe(2);
  });

  it('filters by --min-severity', async () => {
    const io = captureIO(tree);
    const code = await main(['scan', '.', '--format', 'json', '--min-severity', 'critical', '--rule', 'expression-injection'], io);
    const severities = JSON.parse(io.out()).findings.map((f: { severity: string }) => f.severity);
    expect(severities.every((s: string) => s === 'critical')).toBe(true);
    expect(code).toBe(1);
  });

  it('prints GitHub annotations', async () => {
    const io = captureIO(tree);
    await main(['scan', '.', '--format', 'github', '--rule', 'expression-injection'], io);
    expect(io.out()).toMatch(/^::error file=\.github\/workflows\/a\.yml,line=6,/m);
  });

  it('prints an HTML page to standard output, with no terminal colours even when asked', async () => {
    const io = captureIO(tree);
    const code = await main(['scan', '.', '--format', 'html', '--rule', 'expression-injection', '--color'], io);
    expect(code).toBe(1);
    const html = io.out();
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.match(/<article class="finding" [^>]*>/g)).toEqual([
      '<article class="finding" data-severity="critical" data-rule="expression-injection" data-platform="github" data-file=".github/workflows/a.yml">',
      '<article class="finding" data-severity="high" data-rule="expression-injection" data-platform="github" data-file="other/action.yml">',
    ]);
    expect(html).not.toContain('\u001b[');
  });
});

describe('pipewarden rules', () => {
  it('lists every rule as text and JSON', async () => {
    const text = captureIO(tree);
    expect(await main(['rules'], text)).toBe(0);
    for (const rule of RULES) expect(text.out()).toContain(rule.meta.id);
    const json = captureIO(tree);
    await main(['rules', '--format', 'json'], json);
    const parsed = JSON.parse(json.out());
    expect(parsed.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    expect(parsed.rules[0]).toHaveProperty('helpUri');
  });
});
