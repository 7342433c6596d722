/**
 * The adapter interface every platform implements: recognise its files, and turn a parsed YAML
 * file into platform-neutral pipelines. Adapters never execute or fetch anything.
 */
import type { ParseIssue } from '../model/finding.js';
import type { Pipeline, Platform, SourceFile } from '../model/types.js';
import type { YamlDocument } from '../yaml/parse.js';

export interface FileKindMatch {
  platform: Platform;
  /** Adapter-specific kind (`workflow`, `action`, `dependabot`...). */
  kind: string;
}

export interface PlatformParseResult {
  pipelines: Pipeline[];
  issues: ParseIssue[];
}

export interface PlatformAdapter {
  id: Platform;
  /** Recognises a file found while walking a tree, by its path relative to the scan root. */
  matchPath(relativePath: string): FileKindMatch | undefined;
  /** Recognises an explicitly named file by its name and, failing that, its content. */
  matchExplicit(relativePath: string, documents: YamlDocument[]): FileKindMatch | undefined;
  parse(file: SourceFile, kind: string, documents: YamlDocument[]): PlatformParseResult;
}
