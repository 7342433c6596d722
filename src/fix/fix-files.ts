/**
 * `fix` over files on disk: discover and load them as a scan does, fix them in memory
 * (apply-fixes.ts), then write each changed file, unless it is a dry run. Files are written only
 * with texts the in-memory passes verified (they parse and the fixed findings are gone).
 */
import { writeFile } from 'node:fs/promises';
import { initShellParser } from '../analysis/shell/shell-facts.js';
import { discover } from '../engine/discover.js';
import { type EngineOptions, loadAll, wantedBy } from '../engine/engine.js';
import { DEFAULT_LOAD_LIMITS } from '../engine/load.js';
import type { ParseIssue } from '../model/finding.js';
import { type FixOutcome, type FixSelection, fixSources } from './apply-fixes.js';

export interface FixFilesOptions extends Omit<EngineOptions, 'workers'> {
  dryRun: boolean;
}

export interface FixFilesOutcome extends FixOutcome {
  /** Files that could not be read or parsed (as a scan reports them); they are left alone. */
  issues: ParseIssue[];
  /** Display paths of the files written (none in a dry run). */
  written: string[];
}

export async function fixFiles(options: FixFilesOptions, selection: FixSelection): Promise<FixFilesOutcome> {
  const discovery = await discover(options.paths, options.cwd, wantedBy(options.adapters));
  const loaded = loadAll(discovery.files, options.loadLimits ?? DEFAULT_LOAD_LIMITS, options.adapters);
  await initShellParser();
  const outcome = fixSources(loaded.inputs, options, selection);
  const absolute = new Map(discovery.files.map((f) => [f.displayPath, f.absolutePath]));
  const written: string[] = [];
  if (!options.dryRun) {
    for (const file of outcome.files) {
      const target = absolute.get(file.file);
      if (file.after === file.before || !target) continue;
      await writeFile(target, file.after, 'utf8');
      written.push(file.file);
    }
  }
  const issues = [...discovery.issues, ...loaded.issues, ...outcome.final.result.parseIssues];
  return { ...outcome, issues, written };
}
