/**
 * Realistic fixture files per rule: test/fixtures/rules/<rule-id>/<name>.yml whose first line
 * declares what the rule must report in that file, e.g.
 *   # expect: 12:15 critical, 20:9
 *   # expect: none
 * Each fixture is analysed as an explicitly named file with only its rule enabled; a rule that
 * reads online facts gets those of the recorded GitHub API answers (test/fixtures/online/).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initShellParser } from '../../src/analysis/shell/shell-facts.js';
import { emptyConfig } from '../../src/config/config.js';
import { analyseSources } from '../../src/engine/engine.js';
import { ADAPTERS } from '../../src/platforms/index.js';
import { RULES } from '../../src/rules/index.js';
import { recordedFacts } from '../support/recorded-facts.js';

const ROOT = path.join(import.meta.dirname, '../fixtures/rules');

function parseExpectation(firstLine: string): string[] {
  const match = /^#\s*expect:\s*(.*)$/.exec(firstLine.trim());
  if (!match) throw new Error(`first line must be "# expect: ..." but is: ${firstLine}`);
  const body = (match[1] ?? '').trim();
  if (body === 'none') return [];
  return body
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

beforeAll(async () => {
  await initShellParser();
});

const ruleDirs = readdirSync(ROOT).filter((d) => statSync(path.join(ROOT, d)).isDirectory());

describe('rule fixtures', () => {
  it('every fixture folder names a registered rule', () => {
    const ids = new Set(RULES.map((r) => r.meta.id));
    expect(ruleDirs.filter((d) => !ids.has(d))).toEqual([]);
  });
  for (const dir of ruleDirs) {
    const rule = RULES.find((r) => r.meta.id === dir);
    if (!rule) continue;
    for (const name of readdirSync(path.join(ROOT, dir)).sort()) {
      it(`${dir}/${name}`, async () => {
        const text = readFileSync(path.join(ROOT, dir, name), 'utf8');
        const expected = parseExpectation(text.split('\n')[0] ?? '');
        // `*.gitlab-ci.yml` fixtures are GitLab pipelines, `*.tekton.yaml` Tekton resources (`pac-*`
        // ones Pipelines-as-Code runs under `.tekton/`), `*.dependabot.yml` Dependabot
        // configurations; the rest are workflows or actions.
        const virtualPath = name.startsWith('pac-')
          ? `.tekton/${name}`
          : name.endsWith('.dependabot.yml')
            ? `${dir}/${name.replace(/\.dependabot\.yml$/, '')}/.github/dependabot.yml`
            : name.startsWith('action') || name.endsWith('.gitlab-ci.yml') || name.endsWith('.tekton.yaml')
              ? `${dir}/${name}`
              : `.github/workflows/${name}`;
        const online = rule.meta.online?.length ? await recordedFacts([{ [virtualPath]: text }], rule.meta.online, true) : undefined;
        const out = analyseSources([{ file: { path: virtualPath, text }, explicit: true }], {
          config: emptyConfig(),
          rules: [rule],
          adapters: ADAPTERS,
          online,
        });
        expect(out.result.toolErrors).toEqual([]);
        const withSeverity = expected.some((e) => e.includes(' '));
        const actual = out.result.findings.map((f) =>
          withSeverity ? `${f.location.line}:${f.location.column} ${f.severity}` : `${f.location.line}:${f.location.column}`,
        );
        expect(actual.sort()).toEqual([...expected].sort());
      });
    }
  }
});
