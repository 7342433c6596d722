/**
 * SARIF 2.1.0 for GitHub code scanning: rules carry help, tags, precision and `security-severity`
 * (what code scanning uses to rank alerts); results carry relative `%SRCROOT%` URIs, partial
 * fingerprints (so alerts survive line moves), code flows, and suppressions (suppressed findings
 * are uploaded too so code scanning shows them as dismissed rather than fixed).
 */
import type { Confidence, Finding, Location, NotedLocation, ParseIssue, RuleDescriptor, Severity, ToolError } from '../model/finding.js';
import type { ReportInput } from './report-input.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'pipewardenFingerprint/v1';

type SarifLevel = 'error' | 'warning' | 'note';

/** GitHub ranks by this score: >= 9.0 critical, >= 7.0 high, >= 4.0 medium, else low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

const LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

const PRECISION: Record<Confidence, 'high' | 'medium' | 'low'> = {
  high: 'high',
  medium: 'medium',
  low: 'low',
};

/** GitHub keeps at most 20 tags per rule. */
const MAX_TAGS = 20;

export function sarifLevel(severity: Severity): SarifLevel {
  return LEVEL[severity];
}

export function securitySeverity(severity: Severity): string {
  return SECURITY_SEVERITY[severity];
}

export function renderSarif(input: ReportInput): string {
  return `${JSON.stringify(toSarifLog(input), null, 2)}\n`;
}

// SARIF objects are loosely typed on purpose: the shape is asserted by tests against the spec.
type Json = Record<string, unknown>;

export function toSarifLog(input: ReportInput): Json {
  const { result, rules, tool } = input;
  const ruleIndex = new Map<string, number>();
  rules.forEach((rule, index) => {
    if (!ruleIndex.has(rule.id)) ruleIndex.set(rule.id, index);
  });

  const notifications = [
    ...result.parseIssues.map(parseIssueNotification),
    ...result.toolErrors.map((error) => toolErrorNotification(error, ruleIndex)),
  ];

  const driver: Json = {
    name: tool.name,
    version: tool.version,
    ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
    ...(isSemver(tool.version) ? { semanticVersion: tool.version } : {}),
    rules: rules.map(sarifRule),
  };

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        invocations: [
          {
            executionSuccessful: result.toolErrors.length === 0,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: 'The root of the scanned repository.' } },
        },
        columnKind: 'utf16CodeUnits',
        results: [
          ...result.findings.map((finding) => sarifResult(finding, ruleIndex)),
          ...result.suppressed.map((finding) => sarifResult(finding, ruleIndex)),
        ],
      },
    ],
  };
}

function sarifRule(rule: RuleDescriptor): Json {
  const tags = unique(['security', rule.category, ...rule.owasp].filter((tag) => tag !== ''));
  const description = rule.description || rule.summary;
  const helpText = rule.helpUri ? `${description}\n\nDocumentation: ${rule.helpUri}` : description;
  const helpMarkdown = rule.helpUri
    ? `**${rule.summary}**\n\n${description}\n\n[Documentation](${rule.helpUri})`
    : `**${rule.summary}**\n\n${description}`;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.summary },
    fullDescription: { text: description },
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    help: { text: helpText, markdown: helpMarkdown },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: {
      tags: tags.slice(0, MAX_TAGS),
      precision: PRECISION[rule.defaultConfidence],
      'security-severity': SECURITY_SEVERITY[rule.defaultSeverity],
    },
  };
}

function sarifResult(finding: Finding, ruleIndex: Map<string, number>): Json {
  const index = ruleIndex.get(finding.ruleId);
  const out: Json = {
    ruleId: finding.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding.location) }],
  };
  if (finding.related.length > 0) {
    out.relatedLocations = finding.related.map((related, i) => ({
      id: i + 1,
      physicalLocation: physicalLocation(related),
      message: { text: related.note },
    }));
  }
  if (finding.flow.length > 0) {
    out.codeFlows = [
      {
        threadFlows: [
          {
            locations: finding.flow.map((step: NotedLocation) => ({
              location: {
                physicalLocation: physicalLocation(step),
                message: { text: step.note },
              },
            })),
          },
        ],
      },
    ];
  }
  out.partialFingerprints = { [FINGERPRINT_KEY]: finding.fingerprint };
  out.properties = {
    'security-severity': SECURITY_SEVERITY[finding.severity],
    confidence: finding.confidence,
  };
  if (finding.suppression) {
    out.suppressions = [
      {
        kind: finding.suppression.kind === 'inline' ? 'inSource' : 'external',
        status: 'accepted',
        ...(finding.suppression.reason ? { justification: finding.suppression.reason } : {}),
      },
    ];
  }
  return out;
}

function physicalLocation(location: Location): Json {
  return {
    artifactLocation: artifactLocation(location.file),
    region: {
      startLine: location.line,
      startColumn: location.column,
      endLine: location.endLine,
      endColumn: location.endColumn,
    },
  };
}

function artifactLocation(file: string): Json {
  // A definition `scan --online` fetched from another repository is named by its web address.
  if (/^https?:\/\/[^/]+\//.test(file)) return { uri: file };
  return { uri: toRelativeUri(file), uriBaseId: SRCROOT };
}

function parseIssueNotification(issue: ParseIssue): Json {
  return {
    level: issue.level,
    message: { text: issue.message },
    descriptor: { id: issue.code },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(issue.file),
          region: { startLine: Math.max(1, issue.line), startColumn: Math.max(1, issue.column) },
        },
      },
    ],
  };
}

function toolErrorNotification(error: ToolError, ruleIndex: Map<string, number>): Json {
  const index = error.ruleId !== undefined ? ruleIndex.get(error.ruleId) : undefined;
  return {
    level: 'error',
    message: { text: error.message },
    descriptor: { id: error.code },
    ...(error.ruleId !== undefined ? { associatedRule: { id: error.ruleId, ...(index !== undefined ? { index } : {}) } } : {}),
    ...(error.file !== undefined ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(error.file) } }] } : {}),
  };
}

/**
 * A relative URI reference for a POSIX path: each segment percent-encoded except RFC 3986
 * unreserved and a few safe sub-delimiters. `:` is always encoded so a first segment can never
 * read as a scheme; a leading `./` is dropped.
 */
export function toRelativeUri(path: string): string {
  const trimmed = path.replace(/^(\.\/)+/, '');
  return trimmed
    .split('/')
    .map((segment) =>
      Array.from(segment)
        .map((char) => (/^[A-Za-z0-9\-._~!$&'()*+,;=@]$/.test(char) ? char : encodeChar(char)))
        .join(''),
    )
    .join('/');
}

function encodeChar(char: string): string {
  return Array.from(new TextEncoder().encode(char))
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}

/** `expression-injection` -> `ExpressionInjection`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function isSemver(version: string): boolean {
  return /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
