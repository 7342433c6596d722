import { describe, expect, it } from 'vitest';
import { renderGithubAnnotations } from './github.js';
import { renderHtml } from './html/render-html.js';
import { REPORT_FORMATS, isReportFormat, renderReport } from './index.js';
import { renderJson } from './json.js';
import { renderSarif } from './sarif.js';
import { reportInput } from './test-support/fixture.js';
import { renderText } from './text.js';

describe('renderReport', () => {
  it('dispatches each format to its reporter', () => {
    const input = reportInput();
    expect(renderReport('text', input)).toBe(renderText(input));
    expect(renderReport('json', input)).toBe(renderJson(input));
    expect(renderReport('sarif', input)).toBe(renderSarif(input));
    expect(renderReport('github', input)).toBe(renderGithubAnnotations(input));
    expect(renderReport('html', input)).toBe(renderHtml(input));
  });

  it('knows exactly six formats', () => {
    expect(REPORT_FORMATS).toEqual(['text', 'json', 'sarif', 'github', 'markdown', 'html']);
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('html')).toBe(true);
    expect(isReportFormat('pdf')).toBe(false);
  });

  it('throws on an unknown format instead of printing nothing', () => {
    expect(() => renderReport('pdf' as 'text', reportInput())).toThrow('unknown report format: pdf');
  });

  it('is pure: the same input renders the same output and is not modified', () => {
    const input = reportInput();
    const before = JSON.stringify(input.result);
    for (const format of REPORT_FORMATS) {
      expect(renderReport(format, input)).toBe(renderReport(format, input));
    }
    expect(JSON.stringify(input.result)).toBe(before);
  });
});
