/**
 * `--format html`: one self-contained page (summary, findings with filters and code frames,
 * the trust map, posture, the inventory, files that could not be analysed) that makes no request at all. Its
 * Content-Security-Policy allows nothing but the page's own inline style and script, named by
 * their SHA-256 hashes, so markup that slipped through escaping still could not run or load
 * anything. The JSON report is embedded as data (`<script type="application/json">`) for tools.
 */
import { createHash } from 'node:crypto';
import { SEVERITIES, type ToolInfo } from '../../model/finding.js';
import { FrameSource, rulesById } from '../code-frame.js';
import { toJsonReport } from '../json.js';
import { buildPosture } from '../posture/build-posture.js';
import type { ReportInput } from '../report-input.js';
import { escapeHtml, jsonForScript } from './escape-html.js';
import { findingsSection } from './findings-section.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import { inventorySection, trustMapSection } from './inventory-section.js';
import { postureSection } from './posture-section.js';

export const REPORT_DATA_ID = 'pipewarden-report';

export function renderHtml(input: ReportInput): string {
  const rules = rulesById(input.rules);
  const frames = new FrameSource(input.sources, input.result, rules);
  const visibility = input.visibility;
  return htmlPage({
    title: `${input.tool.name} report`,
    tool: input.tool,
    sections: [
      summarySection(input),
      findingsSection(input.result.findings, rules, frames),
      visibility ? trustMapSection(visibility.trustMap) : '',
      postureSection(buildPosture(input.result, input.rules)),
      visibility ? inventorySection(visibility.inventory) : '',
      problemsSection(input),
      suppressedSection(input),
    ],
    data: { id: REPORT_DATA_ID, value: toJsonReport(input) },
    script: PAGE_SCRIPT,
  });
}

export interface HtmlPage {
  title: string;
  tool: ToolInfo;
  sections: string[];
  /** Embedded as `<script type="application/json">`, inert data for tools. */
  data: { id: string; value: unknown };
  /** The page's one script, if it needs one; the policy allows exactly it. */
  script?: string;
}

/** The shell every HTML page shares: head, policy, style, header, sections, data. */
export function htmlPage(page: HtmlPage): string {
  const title = escapeHtml(page.title);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(page.script)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${title}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${title}</h1><p class="muted">${escapeHtml(page.tool.name)} ${escapeHtml(page.tool.version)}</p></header>`,
    '<main>',
    ...page.sections.filter((section) => section !== ''),
    '</main>',
    `<script type="application/json" id="${escapeHtml(page.data.id)}">${jsonForScript(page.data.value)}</script>`,
    ...(page.script === undefined ? [] : [`<script>${page.script}</script>`]),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Nothing may load; only the page's own style and its script (if any) run, by hash. */
export function contentSecurityPolicy(script: string | undefined): string {
  return [
    "default-src 'none'",
    `style-src '${sha256(PAGE_STYLE)}'`,
    script === undefined ? "script-src 'none'" : `script-src '${sha256(script)}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function summarySection(input: ReportInput): string {
  const { findings, suppressed, parseIssues, toolErrors, stats } = input.result;
  const cards = [...SEVERITIES]
    .reverse()
    .map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .map(([severity, n]) => `<li class="count-${severity}"><strong>${n}</strong><span class="sev sev-${severity}">${severity}</span></li>`);
  const facts = [
    `${count(findings.length, 'finding')}, ${suppressed.length} suppressed`,
    `${count(stats.filesScanned, 'file')} scanned, ${count(stats.pipelines, 'pipeline')}, in ${Math.round(stats.durationMs)} ms`,
    parseIssues.length + toolErrors.length > 0 ? `${count(parseIssues.length + toolErrors.length, 'file problem')} (below)` : '',
  ].filter((fact) => fact !== '');
  return [
    '<section id="summary">',
    '<h2>Summary</h2>',
    `<ul class="cards">${cards.join('')}</ul>`,
    `<p>${facts.join('; ')}.</p>`,
    '</section>',
  ].join('\n');
}

function problemsSection(input: ReportInput): string {
  const { parseIssues, toolErrors } = input.result;
  if (parseIssues.length + toolErrors.length === 0) return '';
  const items = [
    ...parseIssues.map(
      (issue) =>
        `<li><span class="where">${escapeHtml(issue.file)}:${issue.line}:${issue.column}</span> ${issue.level === 'error' ? 'parse error' : 'parse warning'} <code>${issue.code}</code> ${escapeHtml(issue.message)}</li>`,
    ),
    ...toolErrors.map((error) => {
      const where = error.file !== undefined ? `<span class="where">${escapeHtml(error.file)}</span> ` : '';
      const rule = error.ruleId !== undefined ? ` (rule ${escapeHtml(error.ruleId)})` : '';
      return `<li>${where}tool error <code>${error.code}</code>${rule} ${escapeHtml(error.message)}</li>`;
    }),
  ];
  return ['<section id="problems">', '<h2>Files that could not be analysed fully</h2>', `<ul>${items.join('')}</ul>`, '</section>'].join(
    '\n',
  );
}

function suppressedSection(input: ReportInput): string {
  const { suppressed } = input.result;
  if (suppressed.length === 0) return '';
  const items = suppressed.map((finding) => {
    const reason = finding.suppression ? ` (${finding.suppression.kind}: ${escapeHtml(finding.suppression.reason)})` : '';
    const where = `${escapeHtml(finding.location.file)}:${finding.location.line}:${finding.location.column}`;
    return `<li><span class="where">${where}</span> ${finding.severity} ${escapeHtml(finding.ruleId)}${reason}</li>`;
  });
  return [
    '<section id="suppressed">',
    `<details><summary>${count(suppressed.length, 'suppressed finding')}</summary><ul>${items.join('')}</ul></details>`,
    '</section>',
  ].join('\n');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
