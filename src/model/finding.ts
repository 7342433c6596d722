/**
 * Findings, parse issues and the run result: the data every reporter is a pure function of.
 * These are internal types; `report/json.ts` maps them onto the versioned public contract.
 */
import type { Platform } from './types.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function confidenceRank(confidence: Confidence): number {
  return CONFIDENCES.indexOf(confidence);
}

export interface Location {
  /** Relative to the scan root (or the working directory for explicit files), POSIX form. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  startOffset: number;
  endOffset: number;
}

export interface NotedLocation extends Location {
  note: string;
}

export interface TextEdit {
  file: string;
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  title: string;
  safety: 'safe' | 'unsafe';
  edits: TextEdit[];
}

export interface TrustContext {
  /** Trigger names that reach the flagged job. */
  triggers: string[];
  /** The lowest trust level (0..4) that reaches it. */
  minTrust: number;
  /** Privileges the job holds (secrets, write token, OIDC, self-hosted runner...). */
  privileges: string[];
}

export interface Suppression {
  kind: 'inline' | 'config';
  reason: string;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  confidence: Confidence;
  platform: Platform;
  location: Location;
  related: NotedLocation[];
  flow: NotedLocation[];
  trust?: TrustContext;
  tip?: string;
  fixes: Fix[];
  fingerprint: string;
  suppression?: Suppression;
}

export type ParseIssueCode =
  | 'YAML_SYNTAX'
  | 'DUPLICATE_KEY'
  | 'TOO_MANY_ALIASES'
  | 'TOO_DEEP'
  | 'UNKNOWN_ALIAS'
  | 'FILE_TOO_LARGE'
  | 'NOT_UTF8'
  | 'BINARY_FILE'
  | 'EMPTY_FILE'
  | 'UNREADABLE'
  | 'SYMLINK_OUTSIDE_ROOT'
  | 'SYMLINK_LOOP'
  | 'INVALID_SHAPE'
  | 'INVALID_EXPRESSION'
  | 'UNKNOWN_KIND'
  | 'MISSING_INCLUDE'
  | 'INCLUDE_CYCLE'
  | 'INCLUDE_LIMIT'
  | 'INVALID_INPUT';

export interface ParseIssue {
  file: string;
  line: number;
  column: number;
  message: string;
  code: ParseIssueCode;
  /** Warnings (duplicate keys) do not stop analysis of the file; errors do. */
  level: 'error' | 'warning';
}

export interface ToolError {
  code: 'RULE_CRASHED' | 'PLATFORM_CRASHED' | 'INTERNAL';
  message: string;
  ruleId?: string;
  file?: string;
}

export interface RunStats {
  filesScanned: number;
  pipelines: number;
  findings: number;
  suppressed: number;
  durationMs: number;
}

/** A pipeline file the scan analysed, for reports that speak of what was covered (posture). */
export interface AnalysedFile {
  file: string;
  platform: Platform;
}

export interface RunResult {
  findings: Finding[];
  suppressed: Finding[];
  parseIssues: ParseIssue[];
  toolErrors: ToolError[];
  /** Pipeline files analysed, one entry per file, in scan order. */
  analysed: AnalysedFile[];
  stats: RunStats;
}

/** What reporters know of a rule (a projection of the rule's meta; report/ never sees rules/). */
export interface RuleDescriptor {
  id: string;
  summary: string;
  description: string;
  defaultSeverity: Severity;
  defaultConfidence: Confidence;
  category: string;
  platforms: Platform[];
  owasp: string[];
  phase: 'visibility' | 'foundations' | 'integrity' | 'enforcement';
  /** Link to the rule's doc page. */
  helpUri: string;
  fix: 'safe' | 'unsafe' | 'none';
  stability: 'experimental' | 'stable' | 'deprecated';
}

export interface ToolInfo {
  name: string;
  version: string;
  informationUri: string;
}
