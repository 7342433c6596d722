/**
 * Finds pipeline files under the paths a user named. Walks directories without following
 * symlinks out of the scan root (links inside it are followed once; loops are reported), skips
 * VCS and dependency folders, and lets each platform adapter claim the files it knows.
 * Explicitly named files are taken whatever their location.
 */
import type { Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ParseIssue } from '../model/finding.js';

export interface DiscoveredFile {
  absolutePath: string;
  /** Relative to the scan root (or the working directory for explicit files), POSIX form. */
  displayPath: string;
  explicit: boolean;
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

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function displayFor(base: string, absolute: string): string {
  const relative = path.relative(base, absolute);
  return toPosix(relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative);
}

export async function discover(inputs: string[], cwd: string, wants: (relativePath: string) => boolean): Promise<Discovery> {
  const files: DiscoveredFile[] = [];
  const issues: ParseIssue[] = [];
  const seen = new Set<string>();
  const directories = [] as string[];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    let info: Stats;
    try {
      info = await stat(absolute);
    } catch {
      throw new UsageError(`path does not exist: ${input}`);
    }
    if (info.isDirectory()) directories.push(absolute);
    else {
      const real = await realpath(absolute);
      if (seen.has(real)) continue;
      seen.add(real);
      files.push({ absolutePath: absolute, displayPath: displayFor(cwd, absolute), explicit: true });
    }
  }
  const singleRoot = directories.length === 1 && files.length === 0;
  for (const root of directories) {
    const realRoot = await realpath(root);
    const base = singleRoot ? root : cwd;
    await walk(root, realRoot, base, wants, files, issues, seen, new Set([realRoot]), realRoot);
  }
  return { files, issues };
}

async function walk(
  directory: string,
  realRoot: string,
  base: string,
  wants: (relativePath: string) => boolean,
  files: DiscoveredFile[],
  issues: ParseIssue[],
  seen: Set<string>,
  visitedDirectories: Set<string>,
  realDirectory: string = directory,
): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(directory)).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (files.length >= MAX_FILES) return;
    const absolute = path.join(directory, name);
    const display = displayFor(base, absolute);
    let info: Stats;
    try {
      info = await lstat(absolute);
    } catch {
      continue;
    }
    if (info.isSymbolicLink()) {
      let target: string;
      try {
        target = await realpath(absolute);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ELOOP' || wants(display)) {
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
        targetInfo = await stat(target);
      } catch {
        continue;
      }
      if (!isInside(realRoot, target)) {
        if (targetInfo.isDirectory() || wants(display)) {
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
        await walk(absolute, realRoot, base, wants, files, issues, seen, visitedDirectories, target);
        continue;
      }
      if (targetInfo.isFile() && wants(display) && !seen.has(target)) {
        seen.add(target);
        files.push({ absolutePath: target, displayPath: display, explicit: false });
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
      await walk(absolute, realRoot, base, wants, files, issues, seen, visitedDirectories, real);
    } else if (info.isFile() && wants(display)) {
      const real = path.join(realDirectory, name);
      if (seen.has(real)) continue;
      seen.add(real);
      files.push({ absolutePath: absolute, displayPath: display, explicit: false });
    }
  }
}
