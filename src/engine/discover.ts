/**
 * Finds pipeline files under the paths a user named. Walks directories without following
 * symlinks out of the scan root (links inside it are followed once; loops are reported), skips
 * VCS and dependency folders, and lets each platform adapter claim the files it knows.
 * Explicitly named files are taken whatever their location.
 */
import { type Dirent, readdirSync, realpathSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import type { ParseIssue } from '../model/finding.js';

export interface DiscoveredFile {
  absolutePath: string;
  /** Relative to the scan root (or the working directory for explicit files), POSIX form. */
  displayPath: string;
  explicit: boolean;
  /**
   * The folder display paths are relative to, and the real folder nothing may be read from
   * outside of (the scan root; for an explicit file the working directory, or its own folder
   * when it lies outside). Local includes are read against these.
   */
  base?: string;
  containment?: string;
}

export interface Discovery {
  files: DiscoveredFile[];
  issues: ParseIssue[];
}

export class UsageError extends Error {}

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.hg', '.svn']);
const MAX_FILES = 200_000;

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function displayFor(base: string, absolute: string): string {
  const relative = path.relative(base, absolute);
  return toPosix(relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative);
}

/**
 * Whether a path is wanted: `true` for a pipeline file, `'candidate'` for one an adapter takes only
 * if its text turns out to be that platform's (no symlink problems are reported for those).
 */
export type WantsPath = (relativePath: string) => boolean | 'candidate';

export async function discover(inputs: string[], cwd: string, wants: WantsPath): Promise<Discovery> {
  const files: DiscoveredFile[] = [];
  const issues: ParseIssue[] = [];
  const seen = new Set<string>();
  const directories = [] as string[];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    let info: Stats;
    try {
      info = statSync(absolute);
    } catch {
      throw new UsageError(`path does not exist: ${input}`);
    }
    if (info.isDirectory()) directories.push(absolute);
    else {
      const real = realpathSync(absolute);
      if (seen.has(real)) continue;
      seen.add(real);
      const realCwd = realpathSync(cwd);
      const containment = isInside(realCwd, real) ? realCwd : path.dirname(real);
      files.push({ absolutePath: absolute, displayPath: displayFor(cwd, absolute), explicit: true, base: cwd, containment });
    }
  }
  const singleRoot = directories.length === 1 && files.length === 0;
  for (const root of directories) {
    const realRoot = realpathSync(root);
    const base = singleRoot ? root : cwd;
    walk(root, realRoot, base, wants, files, issues, seen, new Set([realRoot]), realRoot);
  }
  return { files, issues };
}

// Synchronous calls on purpose: a tree walk awaits each directory in turn anyway, and the
// promise round trip through the thread pool costs more than the system call on a local disk.
function walk(
  directory: string,
  realRoot: string,
  base: string,
  wants: WantsPath,
  files: DiscoveredFile[],
  issues: ParseIssue[],
  seen: Set<string>,
  visitedDirectories: Set<string>,
  realDirectory: string = directory,
): void {
  let entries: Dirent[];
  try {
    // Entry types come with the listing, so plain files and folders need no lstat of their own.
    entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return;
  }
  for (const info of entries) {
    if (files.length >= MAX_FILES) return;
    const name = info.name;
    const absolute = path.join(directory, name);
    const display = displayFor(base, absolute);
    if (info.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(absolute);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ELOOP' || wants(display) === true) {
          issues.push({
            file: display,
            line: 1,
            column: 1,
            code: code === 'ELOOP' ? 'SYMLINK_LOOP' : 'UNREADABLE',
            message: code === 'ELOOP' ? 'symlink loop; not followed' : 'dangling symlink; not followed',
            level: 'warning',
          });
        }
        continue;
      }
      let targetInfo: Stats;
      try {
        targetInfo = statSync(target);
      } catch {
        continue;
      }
      if (!isInside(realRoot, target)) {
        if (targetInfo.isDirectory() || wants(display) === true) {
          issues.push({
            file: display,
            line: 1,
            column: 1,
            code: 'SYMLINK_OUTSIDE_ROOT',
            message: 'symlink points outside the scan root; not followed',
            level: 'warning',
          });
        }
        continue;
      }
      if (targetInfo.isDirectory()) {
        if (visitedDirectories.has(target)) {
          issues.push({ file: display, line: 1, column: 1, code: 'SYMLINK_LOOP', message: 'symlink loop; not followed', level: 'warning' });
          continue;
        }
        visitedDirectories.add(target);
        walk(absolute, realRoot, base, wants, files, issues, seen, visitedDirectories, target);
        continue;
      }
      if (targetInfo.isFile() && wants(display) && !seen.has(target)) {
        seen.add(target);
        files.push({ absolutePath: target, displayPath: display, explicit: false, base, containment: realRoot });
      }
      continue;
    }
    // Plain folders and files need no realpath: only symlinks can alias or loop, and those are
    // resolved above. Keys are then the real path of the walked folder plus the name.
    if (info.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(name)) continue;
      const real = path.join(realDirectory, name);
      if (visitedDirectories.has(real)) continue;
      visitedDirectories.add(real);
      walk(absolute, realRoot, base, wants, files, issues, seen, visitedDirectories, real);
    } else if (info.isFile() && wants(display)) {
      const real = path.join(realDirectory, name);
      if (seen.has(real)) continue;
      seen.add(real);
      files.push({ absolutePath: absolute, displayPath: display, explicit: false, base, containment: realRoot });
    }
  }
}
