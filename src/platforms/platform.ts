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
  /**
   * The path only makes the file a candidate (any `.yaml` for Tekton): it is analysed when the
   * adapter's `claimsText` accepts its text, and otherwise skipped without a word (no parse, no
   * parse issue, not counted as scanned).
   */
  speculative?: boolean;
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
  /** For speculative path matches: whether the text is this platform's (a cheap text test, before any parse). */
  claimsText?(relativePath: string, text: string): boolean;
  /**
   * Runs once per unit of analysis after every file is parsed, with all its pipelines: links what
   * the platform resolves by name across files (Tekton's taskRef, pipelineRef, bindings).
   */
  link?(pipelines: Pipeline[]): void;
}
