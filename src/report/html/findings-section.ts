/**
 * The findings part of the HTML report: filter controls, then one article per finding (most
 * severe first) with its code frame, related locations, flow, trust context, fixes, tip and doc
 * link. Everything taken from scanned files is escaped; frames come from code-frame.ts, so
 * secrets are masked exactly as in the text report.
 */
import { type Finding, type Location, type NotedLocation, type RuleDescriptor, SEVERITIES } from '../../model/finding.js';
import type { CodeFrame, FrameExtent, FrameSource } from '../code-frame.js';
import { bySeverityThenPlace } from '../finding-order.js';
import { trustName } from '../trust-name.js';
import { escapeHtml, escapeWithCode, safeHref } from './escape-html.js';

/** Two lines either side of a finding; related locations and flow steps show their own line. */
const FINDING_EXTENT: FrameExtent = { before: 2, after: 2 };
const STEP_EXTENT: FrameExtent = { before: 0, after: 0 };

type FilterKey = 'severity' | 'rule' | 'platform' | 'file';

const FILTERS: { key: FilterKey; label: string; of: (f: Finding) => string }[] = [
  { key: 'severity', label: 'Severity', of: (f) => f.severity },
  { key: 'rule', label: 'Rule', of: (f) => f.ruleId },
  { key: 'platform', label: 'Platform', of: (f) => f.platform },
  { key: 'file', label: 'File', of: (f) => f.location.file },
];

const SEVERITY_ORDER = [...SEVERITIES].reverse();

export function findingsSection(findings: readonly Finding[], rules: ReadonlyMap<string, RuleDescriptor>, frames: FrameSource): string {
  const sorted = [...findings].sort(bySeverityThenPlace);
  const articles = sorted.map((finding) => findingArticle(finding, rules.get(finding.ruleId), frames));
  const empty = sorted.length === 0 ? '<p>No findings.</p>' : '';
  return [
    '<section id="findings">',
    `<h2>Findings (<span id="shown-count">${sorted.length}</span> of ${sorted.length} shown)</h2>`,
    filterControls(sorted),
    '<p id="no-match" hidden>No finding matches these filters.</p>',
    empty,
    ...articles,
    '</section>',
  ].join('\n');
}

function filterControls(findings: readonly Finding[]): string {
  const controls = FILTERS.map(({ key, label, of }) => {
    const counts = new Map<string, number>();
    for (const finding of findings) counts.set(of(finding), (counts.get(of(finding)) ?? 0) + 1);
    const values = [...counts.keys()].sort(key === 'severity' ? bySeverityName : (a, b) => a.localeCompare(b));
    const options = values.map((value) => `<option value="${escapeHtml(value)}">${escapeHtml(value)} (${counts.get(value)})</option>`);
    return `<label>${label}<select data-filter="${key}" name="${key}"><option value="">all</option>${options.join('')}</select></label>`;
  });
  return `<form class="filters" role="search">${controls.join('')}<button type="button" id="reset-filters">Show all</button></form>`;
}

function bySeverityName(a: string, b: string): number {
  return SEVERITY_ORDER.indexOf(a as Finding['severity']) - SEVERITY_ORDER.indexOf(b as Finding['severity']);
}

function findingArticle(finding: Finding, rule: RuleDescriptor | undefined, frames: FrameSource): string {
  const data = FILTERS.map(({ key, of }) => `data-${key}="${escapeHtml(of(finding))}"`).join(' ');
  const href = rule ? safeHref(rule.helpUri) : undefined;
  const ruleName = escapeHtml(finding.ruleId);
  const header = [
    `<span class="sev sev-${finding.severity}">${finding.severity}</span>`,
    href ? `<a class="rule" href="${href}">${ruleName}</a>` : `<span class="rule">${ruleName}</span>`,
    `<span class="where">${position(finding.location)}</span>`,
    `<span class="muted">${escapeHtml(finding.platform)}, ${finding.confidence} confidence</span>`,
  ];
  const parts = [
    `<article class="finding" ${data}>`,
    `<header>${header.join(' ')}</header>`,
    `<p class="message">${escapeWithCode(finding.message)}</p>`,
    frameHtml(frames.frame(finding.location, FINDING_EXTENT)),
  ];
  if (finding.related.length > 0) parts.push('<h4>Related</h4>', stepList('ul', 'related', finding.related, frames));
  if (finding.flow.length > 0) parts.push('<h4>Flow</h4>', stepList('ol', 'flow', finding.flow, frames));
  parts.push(facts(finding), '</article>');
  return parts.filter((part) => part !== '').join('\n');
}

function stepList(tag: 'ul' | 'ol', kind: string, steps: readonly NotedLocation[], frames: FrameSource): string {
  const items = steps.map(
    (step) =>
      `<li><span class="where">${position(step)}</span> ${escapeWithCode(step.note)}${frameHtml(frames.frame(step, STEP_EXTENT))}</li>`,
  );
  return `<${tag} class="details ${kind}">${items.join('')}</${tag}>`;
}

function facts(finding: Finding): string {
  const rows: [string, string][] = [];
  if (finding.trust) {
    const { triggers, minTrust, privileges } = finding.trust;
    const who = escapeHtml(trustName(minTrust));
    rows.push(['Reached by', triggers.length > 0 ? `${triggers.map(escapeHtml).join(', ')} (${who})` : who]);
    if (privileges.length > 0) rows.push(['Holds', privileges.map(escapeHtml).join(', ')]);
  }
  for (const fix of finding.fixes) rows.push(['Fix', `${escapeHtml(fix.title)} (${fix.safety})`]);
  if (finding.tip !== undefined) rows.push(['Tip', escapeWithCode(finding.tip).replace(/\r?\n/g, '<br>')]);
  if (rows.length === 0) return '';
  return `<dl class="facts">${rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>`;
}

function position(location: Location): string {
  return `${escapeHtml(location.file)}:${location.line}:${location.column}`;
}

function frameHtml(frame: CodeFrame | undefined): string {
  if (!frame) return '';
  const width = String(frame.lines.at(-1)?.number ?? 0).length;
  const lines = frame.lines.map(({ number, text }) => {
    const gutter = `<span class="ln">${String(number).padStart(width)}</span>`;
    if (number !== frame.markedLine) return `<span class="line">${gutter}${escapeHtml(text)}</span>`;
    // An empty or end-of-line span still gets a visible mark: one space.
    const marked = text.slice(frame.markStart, frame.markEnd) || ' ';
    const body = `${escapeHtml(text.slice(0, frame.markStart))}<mark>${escapeHtml(marked)}</mark>${escapeHtml(text.slice(frame.markEnd))}`;
    return `<span class="line marked">${gutter}${body}</span>`;
  });
  return `<pre class="frame"><code>${lines.join('')}</code></pre>`;
}
