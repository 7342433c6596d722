/**
 * The trust map as SVG, laid out in-process by Graphviz compiled to WebAssembly (`@viz-js/viz`):
 * no system binary, no network. Loaded only when SVG is asked for (the module is about 1.5 MB).
 * Graphviz escapes label text as XML; the labels themselves were made safe for DOT by renderDot.
 */
import { renderDot, type TrustGraph } from './trust-graph.js';

/** Beyond this many nodes a laid-out picture is unreadable and layout takes minutes. */
export const MAX_SVG_NODES = 1500;

export class GraphTooLarge extends Error {
  constructor(readonly nodes: number) {
    super(
      `the trust map has ${nodes} nodes, more than the ${MAX_SVG_NODES} an SVG can show legibly; name a narrower path or use --graph dot`,
    );
  }
}

export async function renderSvg(graph: TrustGraph): Promise<string> {
  if (graph.nodes.length > MAX_SVG_NODES) throw new GraphTooLarge(graph.nodes.length);
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const svg = viz.renderString(renderDot(graph), { format: 'svg' });
  // The XML prolog and DOCTYPE would be invalid inside an HTML page; the <svg> element is the picture.
  return svg.slice(svg.indexOf('<svg'));
}
