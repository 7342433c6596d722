/**
 * The trust map as a picture for the HTML pages: an inline SVG when the graph is small enough to
 * lay out and read, otherwise the reason it was left out. Shared by `scan --format html` and
 * `inventory --format html`, so both draw the same map.
 */
import type { Inventory } from './build-inventory.js';
import { buildTrustGraph } from './trust-graph.js';
import { GraphTooLarge, renderSvg } from './trust-graph-svg.js';

export type TrustMapPicture = { svg: string } | { omitted: string };

export async function drawTrustMap(inventory: Inventory): Promise<TrustMapPicture> {
  const graph = buildTrustGraph(inventory);
  if (graph.nodes.length === 0) return { omitted: 'No pipeline to map.' };
  try {
    // Graphviz's comments name only node ids; dropped so the page carries no comment at all.
    return { svg: (await renderSvg(graph)).replace(/<!--[\s\S]*?-->\n?/g, '') };
  } catch (error) {
    if (error instanceof GraphTooLarge) {
      return {
        omitted: `The trust map has ${graph.nodes.length} nodes, too many to draw legibly: run pipewarden inventory --graph dot on one repository.`,
      };
    }
    throw error;
  }
}
