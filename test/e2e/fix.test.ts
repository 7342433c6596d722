/**
 * `pipewarden fix` and `scan --fix` end to end on a temporary copy of the example repository:
 * the fixed files still parse, fewer findings remain, a second run changes nothing, a dry run
 * writes nothing and prints a diff that `patch` would take.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseYaml } from '../../src/yaml/parse.js';
import { captureIO } from '../support/capture-io.js';

const EXAMPLE = path.join(import.meta.dirname, '../../examples/vulnerable-repo');
const WORKFLOWS = '.github/workflows';

let tree: string;

function readTree(): Record<string, string> {
  const dir = path.join(tree, WORKFLOWS);
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

async function findingCount(): Promise<number> {
  const io = captureIO(tree);
  await main(['scan', '.', '--format', 'json'], io);
  return JSON.parse(io.out()).findings.length;
}

beforeEach(() => {
  tree = mkdtempSync(path.join(tmpdir(), 'pw-fix-'));
  cpSync(EXAMPLE, tree, { recursive: true });
});

afterEach(() => rmSync(tree, { recursive: true, force: true }));

describe('pipewarden fix', () => {
  it('fixes the example repository: files still parse, fewer findings, a second run changes nothing', async () => {
    const before = await findingCount();
    const io = captureIO(tree);
    const code = await main(['fix', '.'], io);
    expect(code).toBe(1); // findings without a fix remain
    expect(io.out()).toContain('fixed .github/workflows/pr-build.yml (1 fix)');
    expect(io.out()).toMatch(/line \d+ {2}credential-persistence {2}Set `persist-credentials: false` on the checkout/);
    const fixed = readTree();
    for (const [name, text] of Object.entries(fixed)) {
      expect(
        parseYaml(text).problems.filter((p) => p.fatal),
        name,
      ).toEqual([]);
    }
    const after = await findingCount();
    expect(after).toBeLessThan(before);

    const again = captureIO(tree);
    await main(['fix', '.', '--unsafe'], again);
    const second = readTree();
    await main(['fix', '.', '--unsafe'], captureIO(tree));
    expect(readTree()).toEqual(second);
    expect(await findingCount()).toBeLessThanOrEqual(after);
    const third = captureIO(tree);
    await main(['fix', '.'], third);
    expect(third.out()).toMatch(/^0 fixes in 0 files; \d+ findings remain\.\n$/);
  });

  it('--dry-run prints a unified diff on stdout and writes nothing', async () => {
    const original = readTree();
    const io = captureIO(tree);
    await main(['fix', '.', '--dry-run', '--rule', 'credential-persistence'], io);
    expect(readTree()).toEqual(original);
    expect(io.out()).toContain(
      [
        '--- a/.github/workflows/pr-build.yml',
        '+++ b/.github/workflows/pr-build.yml',
        '@@ -13,6 +13,7 @@',
        '       - uses: actions/checkout@v4',
        '         with:',
        '           ref: ${{ github.event.pull_request.head.sha }}',
        '+          persist-credentials: false',
      ].join('\n'),
    );
    expect(io.err()).toContain('(dry run: nothing written)');
  });

  it('--rule fixes only the findings of those rules, and rejects unknown rules', async () => {
    const io = captureIO(tree);
    await main(['fix', '.', '--rule', 'insecure-commands'], io);
    expect(io.out()).not.toContain('credential-persistence');
    const bad = captureIO(tree);
    expect(await main(['fix', '.', '--rule', 'no-such-rule'], bad)).toBe(2);
    expect(bad.err()).toContain('unknown rule "no-such-rule"');
  });

  it('scan --fix fixes first and reports what remains', async () => {
    const io = captureIO(tree);
    const code = await main(['scan', '.', '--fix', '--format', 'json'], io);
    expect(code).toBe(1);
    expect(io.err()).toContain('fixed .github/workflows/pr-build.yml');
    const report = JSON.parse(io.out());
    expect(report.findings.length).toBe(await findingCount());
    const safelyFixable = report.findings.filter((f: { fixes: { safety: string }[] }) => f.fixes.some((x) => x.safety === 'safe'));
    expect(safelyFixable).toEqual([]);
  });

  it('--unsafe on scan needs --fix', async () => {
    const io = captureIO(tree);
    expect(await main(['scan', '.', '--unsafe'], io)).toBe(2);
    expect(io.err()).toContain('--unsafe only applies with --fix');
  });
});
