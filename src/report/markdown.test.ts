import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.js';
import { renderMarkdown } from './markdown.js';
import { CURL_PIPE, INJECTION, reportInput, runResult, SECRET, SECRET_FINDING } from './test-support/fixture.js';

describe('markdown report', () => {
  it('lists findings most severe first with rule links, then posture, then problems folded', () => {
    const out = renderMarkdown(reportInput());
    expect(out.startsWith('## pipewarden 0.1.0\n\n**3 findings (1 critical, 1 high, 1 low)** in 3 files, 1 suppressed.\n')).toBe(true);
    const rows = out.split('\n').filter((l) => /^\| (critical|high|medium|low|info) \|/.test(l));
    expect(rows.map((r) => r.split(' | ')[1])).toEqual([
      '[expression-injection](https://pipewarden.dev/rules/expression-injection)',
      '[hardcoded-secret](https://pipewarden.dev/rules/hardcoded-secret)',
      '[remote-script-execution](https://pipewarden.dev/rules/remote-script-execution)',
    ]);
    expect(rows[0]).toContain('| .github/workflows/ci.yml:11:20 | \\`github.event.pull\\_request.title\\` is expanded');
    expect(out.indexOf('### Findings')).toBeLessThan(out.indexOf('### Posture'));
    expect(out).toContain('<details><summary>Files that could not be analysed fully (2)</summary>');
    expect(out).not.toContain(SECRET);
  });

  it('escapes text from scanned files so it cannot add links, images, HTML or table cells', () => {
    const hostile: Finding = {
      ...INJECTION,
      message: '`x` ![img](https://evil.example/p.png) <img src=x onerror=alert(1)> [click](https://evil.example) | extra cell @team',
    };
    const out = renderMarkdown(reportInput({ result: runResult({ findings: [hostile] }) }));
    const row = out.split('\n').find((l) => l.startsWith('| critical |')) ?? '';
    expect(row).toContain('\\!\\[img\\]\\(https://evil.example/p.png\\)');
    expect(row).toContain('\\<img src=x onerror=alert\\(1\\)\\>');
    expect(row).toContain('\\| extra cell \\@team');
    expect(row).not.toMatch(/[^\\]\[click\]/);
    // Exactly the four cells of the table.
    expect(row.split(/(?<!\\)\|/).length).toBe(6);
  });

  it('stays under the bound: findings that do not fit are counted, posture is kept', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ ...CURL_PIPE, location: { ...CURL_PIPE.location, line: i + 1 } }));
    const out = renderMarkdown(reportInput({ result: runResult({ findings: [SECRET_FINDING, ...many] }) }), 8_000);
    expect(out.length).toBeLessThanOrEqual(8_000);
    const shown = out.split('\n').filter((l) => /^\| (high|low) \|/.test(l)).length;
    expect(shown).toBeGreaterThan(5);
    expect(out).toContain(`_${401 - shown} more findings not shown to keep this under 8000 characters;`);
    expect(out.split('\n').find((l) => l.startsWith('| high |'))).toContain('hardcoded-secret');
    expect(out).toContain('### Posture');
  });

  it('says so when there is nothing to report', () => {
    const out = renderMarkdown(reportInput({ result: runResult({ findings: [], suppressed: [], parseIssues: [] }) }));
    expect(out).toContain('**no findings** in 3 files, 0 suppressed.');
    expect(out).not.toContain('### Findings');
    expect(out).not.toContain('<details>');
    expect(out).toContain('#### . \\(github; 2 pipeline files, 0 findings\\)');
  });
});
