/**
 * The public JSON report, schema version 1 (`schemas/pipewarden-report.schema.json`).
 * Every field is mapped explicitly: internal types may grow or change without changing the
 * contract. Optional fields (`trust`, `tip`, `suppression`, tool error `ruleId`/`file`) are
 * omitted when absent, never written as null.
 */
import type { Finding, Fix, Location, NotedLocation, ParseIssue, RunStats, ToolError } from '../model/finding.js';
import type { ReportInput } from './report-input.js';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonNotedLocation extends JsonLocation {
  note: string;
}

export interface JsonFix {
  title: string;
  safety: 'safe' | 'unsafe';
  edits: { file: string; start: number; end: number; text: string }[];
}

export interface JsonFinding {
  ruleId: string;
  severity: string;
  confidence: string;
  message: string;
  platform: string;
  location: JsonLocation;
  related: JsonNotedLocation[];
  flow: JsonNotedLocation[];
  trust?: { triggers: string[]; minTrust: number; privileges: string[] };
  tip?: string;
  fixes: JsonFix[];
  fingerprint: string;
  suppression?: { kind: 'inline' | 'config'; reason: string };
}

export interface JsonReport {
  schemaVersion: typeof JSON_SCHEMA_VERSION;
  tool: { name: string; version: string; informationUri: string };
  findings: JsonFinding[];
  suppressed: JsonFinding[];
  parseIssues: {
    file: string;
    line: number;
    column: number;
    message: string;
    code: string;
    level: 'error' | 'warning';
  }[];
  toolErrors: { code: string; message: string; ruleId?: string; file?: string }[];
  stats: {
    filesScanned: number;
    pipelines: number;
    findings: number;
    suppressed: number;
    durationMs: number;
  };
}

export function renderJson(input: ReportInput): string {
  return `${JSON.stringify(toJsonReport(input), null, 2)}\n`;
}

export function toJsonReport(input: ReportInput): JsonReport {
  const { result, tool } = input;
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: tool.name, version: tool.version, informationUri: tool.informationUri },
    findings: result.findings.map(mapFinding),
    suppressed: result.suppressed.map(mapFinding),
    parseIssues: result.parseIssues.map(mapParseIssue),
    toolErrors: result.toolErrors.map(mapToolError),
    stats: mapStats(result.stats),
  };
}

function mapLocation(location: Location): JsonLocation {
  return {
    file: location.file,
    line: location.line,
    column: location.column,
    endLine: location.endLine,
    endColumn: location.endColumn,
  };
}

function mapNotedLocation(location: NotedLocation): JsonNotedLocation {
  return { ...mapLocation(location), note: location.note };
}

function mapFix(fix: Fix): JsonFix {
  return {
    title: fix.title,
    safety: fix.safety,
    edits: fix.edits.map((edit) => ({
      file: edit.file,
      start: edit.start,
      end: edit.end,
      text: edit.text,
    })),
  };
}

function mapFinding(finding: Finding): JsonFinding {
  // Built in contract order so the output reads the same as the schema.
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    confidence: finding.confidence,
    message: finding.message,
    platform: finding.platform,
    location: mapLocation(finding.location),
    related: finding.related.map(mapNotedLocation),
    flow: finding.flow.map(mapNotedLocation),
    ...(finding.trust
      ? {
          trust: {
            triggers: [...finding.trust.triggers],
            minTrust: finding.trust.minTrust,
            privileges: [...finding.trust.privileges],
          },
        }
      : {}),
    ...(finding.tip !== undefined ? { tip: finding.tip } : {}),
    fixes: finding.fixes.map(mapFix),
    fingerprint: finding.fingerprint,
    ...(finding.suppression ? { suppression: { kind: finding.suppression.kind, reason: finding.suppression.reason } } : {}),
  };
}

function mapParseIssue(issue: ParseIssue): JsonReport['parseIssues'][number] {
  return {
    file: issue.file,
    line: issue.line,
    column: issue.column,
    message: issue.message,
    code: issue.code,
    level: issue.level,
  };
}

function mapToolError(error: ToolError): JsonReport['toolErrors'][number] {
  const out: JsonReport['toolErrors'][number] = { code: error.code, message: error.message };
  if (error.ruleId !== undefined) out.ruleId = error.ruleId;
  if (error.file !== undefined) out.file = error.file;
  return out;
}

function mapStats(stats: RunStats): JsonReport['stats'] {
  return {
    filesScanned: stats.filesScanned,
    pipelines: stats.pipelines,
    findings: stats.findings,
    suppressed: stats.suppressed,
    durationMs: stats.durationMs,
  };
}
