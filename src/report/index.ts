/** Report formats and the one entry point the CLI calls. */
import { renderGithubAnnotations } from './github.js';
import { renderHtml } from './html/render-html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { ReportInput, Reporter } from './report-input.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'github', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const REPORTERS: Record<ReportFormat, Reporter> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  github: renderGithubAnnotations,
  markdown: renderMarkdown,
  html: renderHtml,
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export function renderReport(format: ReportFormat, input: ReportInput): string {
  const reporter = REPORTERS[format];
  if (!reporter) throw new Error(`unknown report format: ${String(format)}`);
  return reporter(input);
}

export type { ReportInput, Reporter } from './report-input.js';
export { renderGithubAnnotations, renderHtml, renderJson, renderMarkdown, renderSarif, renderText };
