/**
 * Where each repository of a scanned tree begins: the folder holding its `.github/` or
 * `.tekton/` directory or its `.gitlab-ci.yml`.
 * A scan may cover one repository or a folder of many (an organisation's checkouts); the engine
 * analyses each on its own, links local references inside it, and reports posture per repository.
 */

const MARKER_FOLDERS = ['.github/', '.tekton/'];
const MARKER_FILE = '.gitlab-ci.yml';

/**
 * `<x>/` for a path under `<x>/.github/` or `<x>/.tekton/`, or for `<x>/.gitlab-ci.yml`; '' at
 * the scan root; undefined for any other path.
 */
export function repositoryRootOf(path: string): string | undefined {
  let root: string | undefined;
  for (const marker of MARKER_FOLDERS) {
    if (path.startsWith(marker)) return '';
    const index = path.indexOf(`/${marker}`);
    if (index !== -1 && (root === undefined || index + 1 < root.length)) root = path.slice(0, index + 1);
  }
  if (root !== undefined) return root;
  if (path === MARKER_FILE) return '';
  if (path.endsWith(`/${MARKER_FILE}`)) return path.slice(0, path.length - MARKER_FILE.length);
  return undefined;
}

/**
 * Items grouped by repository folder, in input order. An item outside any `.github/` folder (an
 * `action.yml` at a repository's root or deeper, an included GitLab file) joins the deepest
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
