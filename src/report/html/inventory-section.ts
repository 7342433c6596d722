/**
 * The visibility part of the HTML pages: the trust map (an inline SVG laid out by Graphviz, or
 * why it was left out) and the inventory tables from inventory-tables.ts, with each pipeline's
 * triggers, jobs and references folded under its file name. Names from scanned files are escaped.
 */
import { DYNAMIC_SECRET, type Inventory, type InventoryPipeline } from '../inventory/build-inventory.js';
import {
  type Cell,
  channelTable,
  jobTable,
  overviewTable,
  referenceTable,
  secretTable,
  summaryLine,
  type Table,
  triggerTable,
} from '../inventory/inventory-tables.js';
import type { TrustMapPicture } from '../inventory/trust-map.js';
import { escapeHtml } from './escape-html.js';

export function trustMapSection(picture: TrustMapPicture): string {
  const body =
    'svg' in picture
      ? [
          '<p class="muted">Who can start what, and what it holds: red triggers can be caused by outsiders; orange jobs hold secrets, OIDC, write access or a self-hosted runner.</p>',
          `<div class="trust-map">${picture.svg}</div>`,
        ]
      : [`<p>${escapeHtml(picture.omitted)}</p>`];
  return ['<section id="trust-map">', '<h2>Trust map</h2>', ...body, '</section>'].join('\n');
}

export function inventorySection(inventory: Inventory): string {
  const parts = ['<section id="inventory">', '<h2>Inventory</h2>', `<p>${escapeHtml(summaryLine(inventory))}</p>`];
  if (inventory.pipelines.length) parts.push(table(overviewTable(inventory)), ...inventory.pipelines.map(pipelineDetails));
  parts.push('<h3>Secrets</h3>');
  if (inventory.secrets.length) {
    parts.push(table(secretTable(inventory)));
    if (inventory.secrets.some((use) => use.secret === DYNAMIC_SECRET)) {
      parts.push(
        `<p><code>${DYNAMIC_SECRET}</code>: the job reads secrets by a computed name or all at once, so it may hold any of them.</p>`,
      );
    }
  } else {
    parts.push('<p>No job reads a secret.</p>');
  }
  parts.push('<h3>Artifacts and caches</h3>');
  parts.push(
    inventory.channels.length ? table(channelTable(inventory)) : '<p>No job uploads or downloads an artifact or uses a cache.</p>',
  );
  parts.push('</section>');
  return parts.join('\n');
}

function pipelineDetails(pipeline: InventoryPipeline): string {
  const title = pipeline.name ? ` (${escapeHtml(pipeline.name)})` : '';
  const parts = [
    `<details class="pipeline"><summary><code>${escapeHtml(pipeline.file)}</code>${title} <span class="muted">${escapeHtml(`${pipeline.platform} ${pipeline.kind}`)}</span></summary>`,
  ];
  if (pipeline.triggers.length) parts.push('<h4>Triggers</h4>', table(triggerTable(pipeline)));
  if (pipeline.jobs.length) parts.push('<h4>Jobs</h4>', table(jobTable(pipeline)));
  if (pipeline.references.length) parts.push('<h4>Third-party references</h4>', table(referenceTable(pipeline)));
  parts.push('</details>');
  return parts.join('\n');
}

function table({ header, rows }: Table): string {
  const head = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function cell(spans: Cell): string {
  return spans.map((span) => (typeof span === 'string' ? escapeHtml(span) : `<code>${escapeHtml(span.name)}</code>`)).join('');
}
