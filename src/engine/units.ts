/**
 * Splits a scan into units of analysis that share nothing: one per repository found in the tree
 * (see model/repository.ts). Cross-file links (local actions, reusable workflows and their
 * callers) never leave a repository, so each unit can be analysed on its own, in parallel and
 * with its model dropped as soon as its findings are out.
 */
import { groupByRepository } from '../model/repository.js';
import type { DiscoveredFile } from './discover.js';

/** Files grouped by repository, in discovery order. */
export function groupIntoUnits(files: readonly DiscoveredFile[]): DiscoveredFile[][] {
  return [...groupByRepository(files, (file) => file.displayPath).values()];
}
