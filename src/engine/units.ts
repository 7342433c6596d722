/**
 * Splits a scan into units of analysis that share nothing: one per repository found in the tree
 * (the folder holding a `.github/` directory). Cross-file links (local actions, reusable
 * workflows and their callers) never leave a repository, so each unit can be analysed on its own,
 * in parallel and with its model dropped as soon as its findings are out.
 */
import type { DiscoveredFile } from './discover.js';

/** The repository folder of a file under `<x>/.github/...` (`<x>/`, or '' at the scan root). */
function repositoryOf(displayPath: string): string | undefined {
  const index = displayPath.startsWith('.github/') ? 0 : displayPath.indexOf('/.github/');
  if (index === -1) return undefined;
  return index === 0 ? '' : displayPath.slice(0, index + 1);
}

/**
 * Files grouped by repository, in discovery order. A file outside any `.github/` folder (an
 * `action.yml` at a repository's root or deeper) joins the deepest repository folder that
 * contains it, or the scan root's unit.
 */
export function groupIntoUnits(files: readonly DiscoveredFile[]): DiscoveredFile[][] {
  const units = new Map<string, DiscoveredFile[]>();
  const repositories = new Set<string>();
  for (const file of files) {
    const repository = repositoryOf(file.displayPath);
    if (repository !== undefined) repositories.add(repository);
  }
  // Deepest first, so nested repositories win over the ones around them.
  const byDepth = [...repositories].sort((a, b) => b.length - a.length);
  for (const file of files) {
    const repository = repositoryOf(file.displayPath) ?? byDepth.find((r) => file.displayPath.startsWith(r)) ?? '';
    const unit = units.get(repository);
    if (unit) unit.push(file);
    else units.set(repository, [file]);
  }
  return [...units.values()];
}
