/**
 * The inventory as Markdown for people (a pull request comment, a wiki page, a job summary): an
 * overview table, then per pipeline its triggers with who can cause them, its jobs with runner,
 * permissions, OIDC, environment and secrets, and its third-party references with pin state, then
 * the secrets map and the trust map (a Mermaid diagram). A rendering of the JSON inventory, so both always say the same thing.
 *
 * Every value that came from a scanned file is escaped: control and bidi characters become
 * visible stand-ins (as in the text report); names are code spans (literal in Markdown, with `|`
 * escaped for tables and a longer fence around backticks) and prose is backslash-escaped, so a job
 * named `<img src=x>` or `a | b` is shown as written and cannot add markup or table cells.
 */
import { escapeMarkdown as markdownText, markdownCode as code } from '../markdown-text.js';
import { DYNAMIC_SECRET, type Inventory, type InventoryPipeline } from './build-inventory.js';
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
} from './inventory-tables.js';
import { buildTrustGraph, renderMermaid } from './trust-graph.js';

function table({ header, rows }: Table): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => line(row.map(cell)))];
}

function cell(spans: Cell): string {
  return spans.map((span) => (typeof span === 'string' ? span : code(span.name))).join('');
}

function pipelineSection(pipeline: InventoryPipeline): string[] {
  const title = pipeline.name ? ` (${markdownText(pipeline.name)})` : '';
  const lines = [`## ${code(pipeline.file)}${title}`, '', `${pipeline.platform} ${pipeline.kind}`];
  if (pipeline.triggers.length) lines.push('', '### Triggers', '', ...table(triggerTable(pipeline)));
  if (pipeline.jobs.length) lines.push('', '### Jobs', '', ...table(jobTable(pipeline)));
  if (pipeline.references.length) lines.push('', '### Third-party references', '', ...table(referenceTable(pipeline)));
  return lines;
}

/**
 * GitHub renders a `mermaid` block as a diagram up to 50,000 characters and 500 edges
 * (https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/creating-diagrams);
 * past that the block would show as an error, so it is left out with a pointer to the full graph.
 */
const MERMAID_MAX_TEXT = 50_000;
const MERMAID_MAX_EDGES = 500;

function trustMapLines(inventory: Inventory): string[] {
  const graph = buildTrustGraph(inventory);
  if (graph.nodes.length === 0) return ['No pipeline to map.'];
  const mermaid = renderMermaid(graph);
  if (mermaid.length > MERMAID_MAX_TEXT || graph.edges.length > MERMAID_MAX_EDGES) {
    return [
      `The trust map has ${graph.nodes.length} nodes and ${graph.edges.length} edges, too many for a Markdown diagram; ` +
        `${code('pipewarden inventory --graph svg')} (or ${code('dot')}) draws it.`,
    ];
  }
  return [
    'Who can start what, and what it holds (red: triggers outsiders can cause; orange: jobs with secrets, OIDC or write access).',
    '',
    '```mermaid',
    mermaid.trimEnd(),
    '```',
  ];
}

export function renderInventoryMarkdown(inventory: Inventory): string {
  const lines = ['# Pipeline inventory', '', summaryLine(inventory)];
  if (inventory.pipelines.length) lines.push('', ...table(overviewTable(inventory)));
  for (const pipeline of inventory.pipelines) lines.push('', ...pipelineSection(pipeline));
  lines.push('', '## Secrets', '');
  if (inventory.secrets.length) {
    lines.push(...table(secretTable(inventory)));
    if (inventory.secrets.some((use) => use.secret === DYNAMIC_SECRET)) {
      lines.push('', `${code(DYNAMIC_SECRET)}: the job reads secrets by a computed name or all at once, so it may hold any of them.`);
    }
  } else {
    lines.push('No job reads a secret.');
  }
  lines.push('', '## Artifacts and caches', '');
  lines.push(
    ...(inventory.channels.length ? table(channelTable(inventory)) : ['No job uploads or downloads an artifact or uses a cache.']),
  );
  lines.push('', '## Trust map', '', ...trustMapLines(inventory));
  return `${lines.join('\n')}\n`;
}
