/**
 * Where each repository of a scanned tree begins: the folder holding its `.github/` directory.
 * A scan may cover one repository or a folder of many (an organisation's checkouts); the engine
 * analyses each on its own, links local references inside it, and reports posture per repository.
 */

/** `<x>/` for a path under `<x>/.github/`, '' at the scan root, undefined outside any `.github/`. */
export function repositoryRootOf(path: string): string | undefined {
  if (path.startsWith('.github/')) return '';
  const index = path.indexOf('/.github/');
  return index === -1 ? undefined : path.slice(0, index + 1);
}

/**
 * Items grouped by repository folder, in input order. An item outside any `.github/` folder (an
 * `action.yml` at a repository's root or deeper, a `.gitlab-ci.yml`) joins the deepest
 * repository folder that contains it, or the scan root's group ('').
 */
export function groupByRepository<T>(items: readonly T[], pathOf: (item: T) => string): Map<string, T[]> {
  const repositories = new Set<string>();
  for (const item of items) {
    const root = repositoryRootOf(pathOf(item));
    if (root !== undefined) repositories.add(root);
  }
  // Deepest first, so nested repositories win over the ones around them.
  const byDepth = [...repositories].sort((a, b) => b.length - a.length);
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const path = pathOf(item);
    const root = repositoryRootOf(path) ?? byDepth.find((r) => path.startsWith(r)) ?? '';
    const group = groups.get(root);
    if (group) group.push(item);
    else groups.set(root, [item]);
  }
  return groups;
}
