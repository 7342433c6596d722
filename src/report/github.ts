/**
 * GitHub Actions workflow commands (`::error file=...::message`), one per unsuppressed finding,
 * so findings show as annotations on the run and the pull request diff. GitHub renders at most
 * 10 annotations of each level per step; SARIF upload is the route for complete results.
 */
import type { Finding, ParseIssue, Severity, ToolError } from '../model/finding.js';
import type { ReportInput } from './report-input.js';

type Command = 'error' | 'warning' | 'notice';

const COMMAND: Record<Severity, Command> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

export function renderGithubAnnotations(input: ReportInput): string {
  const { result, tool } = input;
  const lines = [
    ...result.findings.map((finding) => findingCommand(finding, tool.name)),
    ...result.parseIssues.map((issue) => parseIssueCommand(issue, tool.name)),
    ...result.toolErrors.map((error) => toolErrorCommand(error, tool.name)),
  ];
  return lines.map((line) => `${line}\n`).join('');
}

function findingCommand(finding: Finding, toolName: string): string {
  const { location } = finding;
  const properties: [string, string | number][] = [
    ['file', location.file],
    ['line', location.line],
  ];
  // GitHub rejects col/endColumn on annotations that span several lines.
  if (location.endLine === location.line) {
    properties.push(['col', location.column], ['endLine', location.endLine]);
    properties.push(['endColumn', location.endColumn]);
  } else {
    properties.push(['endLine', location.endLine]);
  }
  properties.push(['title', `${toolName}(${finding.ruleId})`]);
  return command(COMMAND[finding.severity], properties, finding.message);
}

function parseIssueCommand(issue: ParseIssue, toolName: string): string {
  return command(
    'warning',
    [
      ['file', issue.file],
      ['line', issue.line],
      ['col', issue.column],
      ['title', `${toolName}(${issue.code})`],
    ],
    issue.message,
  );
}

function toolErrorCommand(error: ToolError, toolName: string): string {
  const properties: [string, string | number][] = [];
  if (error.file !== undefined) properties.push(['file', error.file]);
  properties.push(['title', `${toolName}(${error.code})`]);
  const message = error.ruleId !== undefined ? `rule ${error.ruleId}: ${error.message}` : error.message;
  return command('error', properties, message);
}

function command(name: Command, properties: [string, string | number][], message: string): string {
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** Escaping of a command's message, as in @actions/core. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a command property value: the data escapes plus `:` and `,`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
