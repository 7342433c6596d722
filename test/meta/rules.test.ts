/**
 * Keeps the four parts of every rule in step (DESIGN.md section 4): the registry entry, the
 * test table, the fixtures and the doc page whose front matter matches the rule's meta, and
 * whose examples behave as they claim.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initShellParser } from '../../src/analysis/shell/shell-facts.js';
import { emptyConfig } from '../../src/config/config.js';
import { analyseSources } from '../../src/engine/engine.js';
import { ADAPTERS } from '../../src/platforms/index.js';
import { RULES } from '../../src/rules/index.js';
import { recordedFacts } from '../support/recorded-facts.js';

const REPO = path.join(import.meta.dirname, '../..');
const RULE_FILES_EXCLUDED = new Set(['index.ts', 'define-rule.ts']);

function frontMatter(text: string): Record<string, string> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) return {};
  const out: Record<string, string> = {};
  for (const line of (match[1] ?? '').split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

type ExamplePlatform = 'gitlab' | 'tekton' | 'dependabot';

function examples(text: string): { kind: 'insecure' | 'secure'; code: string; platform?: ExamplePlatform }[] {
  const out: { kind: 'insecure' | 'secure'; code: string; platform?: ExamplePlatform }[] = [];
  // A `gitlab` word after the kind marks a .gitlab-ci.yml example; `tekton` a file of Tekton
  // resources; `dependabot` a .github/dependabot.yml.
  const fence = /```yaml (insecure|secure)(?: (gitlab|tekton|dependabot))?\n([\s\S]*?)```/g;
  for (let m = fence.exec(text); m; m = fence.exec(text))
    out.push({ kind: m[1] as 'insecure' | 'secure', code: m[3] ?? '', platform: m[2] as ExamplePlatform | undefined });
  return out;
}

beforeAll(async () => {
  await initShellParser();
});

describe('rule registry', () => {
  it('is sorted by id with unique ids', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists every rule module in src/rules', () => {
    const modules = readdirSync(path.join(REPO, 'src/rules'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !RULE_FILES_EXCLUDED.has(f))
      .map((f) => f.replace(/\.ts$/, ''));
    expect(modules.sort()).toEqual(RULES.map((r) => r.meta.id).sort());
  });
});

for (const rule of RULES) {
  const { id } = rule.meta;
  describe(`rule ${id}`, () => {
    const source = readFileSync(path.join(REPO, `src/rules/${id}.ts`), 'utf8');
    const docPath = path.join(REPO, `docs/rules/${id}.md`);

    it('has a kebab-case id naming its file, a test table and fixtures', () => {
      expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(existsSync(path.join(REPO, `src/rules/${id}.test.ts`))).toBe(true);
      const fixtures = path.join(REPO, `test/fixtures/rules/${id}`);
      expect(existsSync(fixtures) && readdirSync(fixtures).length > 0).toBe(true);
    });

    it('uses every message id it declares', () => {
      for (const messageId of Object.keys(rule.meta.messages)) {
        expect(source.includes(`'${messageId}'`), `message ${messageId} is never reported`).toBe(true);
      }
    });

    it('has a doc page whose front matter matches its meta', () => {
      expect(existsSync(docPath)).toBe(true);
      const doc = readFileSync(docPath, 'utf8');
      const fm = frontMatter(doc);
      expect(fm.id).toBe(id);
      expect(fm.severity).toBe(rule.meta.severity);
      expect(fm.confidence).toBe(rule.meta.confidence);
      expect(fm.category).toBe(rule.meta.category);
      expect(fm.fix).toBe(rule.meta.fix);
      expect(fm.platforms).toBe(`[${rule.meta.platforms.join(', ')}]`);
      expect(fm.owasp).toBe(`[${rule.meta.owasp.join(', ')}]`);
      expect(fm.phase).toBe(rule.meta.phase);
      for (const section of ['## What it finds', '## Why it matters', '## Examples', '## How to fix', '## Limits']) {
        expect(doc.includes(section), `missing section ${section}`).toBe(true);
      }
    });

    it('is listed in docs/posture.md with its phase and OWASP risks', () => {
      const posture = readFileSync(path.join(REPO, 'docs/posture.md'), 'utf8');
      expect(posture).toContain(`| [\`${id}\`](rules/${id}.md) | ${rule.meta.phase} | ${rule.meta.owasp.join(', ')} |`);
    });

    it('has doc examples that behave as they say', async () => {
      const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
      const blocks = examples(doc);
      expect(blocks.some((b) => b.kind === 'insecure')).toBe(true);
      expect(blocks.some((b) => b.kind === 'secure')).toBe(true);
      for (const block of blocks) {
        const isAction = /^\s*runs:/m.test(block.code) && !/^jobs:/m.test(block.code);
        const path =
          block.platform === 'gitlab'
            ? '.gitlab-ci.yml'
            : block.platform === 'tekton'
              ? 'tekton/example.yaml'
              : block.platform === 'dependabot'
                ? '.github/dependabot.yml'
                : isAction
                  ? 'action.yml'
                  : '.github/workflows/example.yml';
        const file = { path, text: block.code };
        // Rules that read online facts get those of the recorded GitHub API answers.
        const online = rule.meta.online?.length ? await recordedFacts([{ [path]: block.code }], rule.meta.online, true) : undefined;
        const out = analyseSources([{ file, explicit: true }], { config: emptyConfig(), rules: [rule], adapters: ADAPTERS, online });
        const count = out.result.findings.length;
        if (block.kind === 'insecure') expect(count, `insecure example:\n${block.code}`).toBeGreaterThan(0);
        else expect(count, `secure example:\n${block.code}`).toBe(0);
      }
    });
  });
}
