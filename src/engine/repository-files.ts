/**
 * Read access to the scanned tree for adapters that pull in further files (GitLab local
 * includes). Paths are display paths; a path that climbs out (`..`, absolute), a symlink that
 * resolves outside the containment folder, or a file over the load limits is refused with a
 * reason the adapter reports as a parse issue. Reads are cached so a file included by several
 * pipelines is one SourceFile.
 */
import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceFile } from '../model/types.js';
import type { RepositoryFiles, RepositoryRead } from '../platforms/platform.js';
import { isInside } from './discover.js';
import { type LoadLimits, loadFile } from './load.js';

/** Files a folder listing returns at most (wildcard includes), and the folders it descends. */
const MAX_LISTED_FILES = 10_000;
const MAX_LISTED_DEPTH = 32;
const SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

/** A relative POSIX path without `.`/`..` climbing, or undefined for one that leaves its root. */
export function normalisedRelative(p: string): string | undefined {
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.includes('\\') || p.includes('\0')) return undefined;
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    out.push(part);
  }
  return out.join('/');
}

export function diskFiles(base: string, containment: string, limits: LoadLimits): RepositoryFiles {
  const cache = new Map<string, RepositoryRead>();
  const read = (display: string): RepositoryRead => {
    const known = cache.get(display);
    if (known) return known;
    const result = readFromDisk(base, containment, display, limits);
    cache.set(display, result);
    return result;
  };
  return {
    read,
    list(folder) {
      const relative = folder === '' ? '' : normalisedRelative(folder);
      if (relative === undefined) return [];
      const out: string[] = [];
      listFolder(path.resolve(base, relative), relative, containment, out, 0);
      return out.sort();
    },
  };
}

function readFromDisk(base: string, containment: string, display: string, limits: LoadLimits): RepositoryRead {
  // An explicit file outside the working directory has an absolute display path, and so do its includes.
  const isAbsolute = display.startsWith('/') && !display.split('/').includes('..');
  const relative = isAbsolute ? display : normalisedRelative(display);
  if (relative === undefined || relative === '') return { ok: false, reason: 'path leaves the repository' };
  const absolute = isAbsolute ? path.normalize(display) : path.resolve(base, relative);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    return { ok: false, reason: 'file not found' };
  }
  if (!isInside(containment, real)) return { ok: false, reason: 'symlink points outside the scan root; not followed' };
  const loaded = loadFile(real, relative, limits);
  if (!loaded.ok) return { ok: false, reason: loaded.issue.message };
  return { ok: true, file: { path: relative, text: loaded.text } };
}

function listFolder(absolute: string, display: string, containment: string, out: string[], depth: number): void {
  if (depth > MAX_LISTED_DEPTH || out.length >= MAX_LISTED_FILES) return;
  let entries: Dirent[];
  try {
    entries = readdirSync(absolute, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (out.length >= MAX_LISTED_FILES) return;
    const child = display === '' ? entry.name : `${display}/${entry.name}`;
    const full = path.join(absolute, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) listFolder(full, child, containment, out, depth + 1);
    } else if (entry.isFile()) out.push(child);
    else if (entry.isSymbolicLink()) {
      // Only linked files that stay inside the root; linked folders are not descended (no loops).
      try {
        const real = realpathSync(full);
        if (isInside(containment, real) && statSync(real).isFile()) out.push(child);
      } catch {
        // dangling link: nothing to list
      }
    }
  }
}

/** The files of an in-memory analysis (rule tests, stdin): only what was handed in. */
export function memoryFiles(files: readonly SourceFile[]): RepositoryFiles {
  const byPath = new Map(files.map((f) => [f.path, f]));
  return {
    read(display) {
      const relative = normalisedRelative(display);
      const file = relative ? byPath.get(relative) : undefined;
      return file ? { ok: true, file } : { ok: false, reason: relative === undefined ? 'path leaves the repository' : 'file not found' };
    },
    list(folder) {
      const relative = folder === '' ? '' : normalisedRelative(folder);
      if (relative === undefined) return [];
      const prefix = relative === '' ? '' : `${relative}/`;
      return [...byPath.keys()].filter((p) => p.startsWith(prefix)).sort();
    },
  };
}
