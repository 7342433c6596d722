/** `pipewarden inventory <path...>`: what the pipelines run, hold and trust, as versioned JSON, Markdown or an HTML page, or the trust map as a graph. */
import { emptyConfig } from '../config/config.js';
import { UsageError } from '../engine/discover.js';
import { scan } from '../engine/engine.js';
import { ADAPTERS } from '../platforms/index.js';
import { buildInventory, type Inventory } from '../report/inventory/build-inventory.js';
import { renderInventoryHtml } from '../report/html/render-inventory-html.js';
import { renderInventoryMarkdown } from '../report/inventory/inventory-markdown.js';
import { drawTrustMap } from '../report/inventory/trust-map.js';
import { buildTrustGraph, renderDot, renderMermaid } from '../report/inventory/trust-graph.js';
import { renderProblems } from '../report/text.js';
import { withUsageErrors } from './command-outcome.js';
import { EXIT_OK } from './exit-codes.js';
import type { CliIO } from './io.js';
import { TOOL } from './version.js';
import { writeDocument } from './output-file.js';

export const INVENTORY_FORMATS = ['json', 'markdown', 'html'] as const;
export const GRAPH_FORMATS = ['mermaid', 'dot', 'svg'] as const;

export interface InventoryFlags {
  format: string;
  graph?: string;
  output?: string;
}

export async function runInventory(paths: string[], flags: InventoryFlags, io: CliIO): Promise<number> {
  return withUsageErrors(io, async () => {
    if (!(INVENTORY_FORMATS as readonly string[]).includes(flags.format)) {
      throw new UsageError(`--format must be one of ${INVENTORY_FORMATS.join(', ')}`);
    }
    if (flags.graph !== undefined && !(GRAPH_FORMATS as readonly string[]).includes(flags.graph)) {
      throw new UsageError(`--graph must be one of ${GRAPH_FORMATS.join(', ')}`);
    }
    // No rules: the inventory reads the model only, so it costs less than a scan.
    const output = await scan({ paths: paths.length ? paths : ['.'], cwd: io.cwd, config: emptyConfig(), rules: [], adapters: ADAPTERS });
    // Files that could not be read or parsed are missing from the inventory: say which, on stderr.
    const problems = renderProblems(output.result, false);
    if (problems) io.stderr(problems);
    const inventory = buildInventory(output.pipelines);
    const text = flags.graph ? await renderGraph(inventory, flags.graph) : await renderDocument(inventory, flags.format);
    writeDocument(text, flags.output, io);
    return EXIT_OK;
  });
}

async function renderDocument(inventory: Inventory, format: string): Promise<string> {
  if (format === 'markdown') return renderInventoryMarkdown(inventory);
  if (format === 'html') return renderInventoryHtml(inventory, await drawTrustMap(inventory), TOOL);
  return `${JSON.stringify(inventory, null, 2)}\n`;
}

/** `--graph`: the trust map instead of the inventory document. */
async function renderGraph(inventory: Inventory, format: string): Promise<string> {
  const graph = buildTrustGraph(inventory);
  if (format === 'mermaid') return renderMermaid(graph);
  if (format === 'dot') return renderDot(graph);
  const { renderSvg, GraphTooLarge } = await import('../report/inventory/trust-graph-svg.js');
  try {
    return `${await renderSvg(graph)}\n`;
  } catch (error) {
    if (error instanceof GraphTooLarge) throw new UsageError(error.message);
    throw error;
  }
}
