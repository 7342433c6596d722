/**
 * The adapter interface every platform implements: recognise its files, and turn a parsed YAML
 * file into platform-neutral pipelines. Adapters never execute or fetch anything.
 */
import type { ParseIssue } from '../model/finding.js';
import type { Pipeline, Platform, SourceFile } from '../model/types.js';
import type { YamlDocument, YamlLimits } from '../yaml/parse.js';

export interface FileKindMatch {
  platform: Platform;
  /** Adapter-specific kind (`workflow`, `action`, `dependabot`...). */
  kind: string;
}

export interface PlatformParseResult {
  pipelines: Pipeline[];
  issues: ParseIssue[];
  /** Further files the adapter read (local includes), so reports can show them and suppressions apply. */
  files?: SourceFile[];
}

export type RepositoryRead = { ok: true; file: SourceFile } | { ok: false; reason: string };

/**
 * Read access to other files of the scanned tree, for adapters whose pipelines pull in local
 * files (GitLab `include: local:`). Paths are display paths (POSIX, relative to the scan root).
 * The engine refuses paths that climb out (`..`), symlinks that resolve outside the scan root,
 * and anything over the load limits.
 */
export interface RepositoryFiles {
  read(path: string): RepositoryRead;
  /** Display paths of the regular files under a folder ('' for the scan root), sorted, bounded. */
  list(folder: string): string[];
}

export interface ParseContext {
  files?: RepositoryFiles;
  yamlLimits?: YamlLimits;
}

export interface PlatformAdapter {
  id: Platform;
  /** Recognises a file found while walking a tree, by its path relative to the scan root. */
  matchPath(relativePath: string): FileKindMatch | undefined;
  /** Recognises an explicitly named file by its name and, failing that, its content. */
  matchExplicit(relativePath: string, documents: YamlDocument[]): FileKindMatch | undefined;
  parse(file: SourceFile, kind: string, documents: YamlDocument[], context?: ParseContext): PlatformParseResult;
}
