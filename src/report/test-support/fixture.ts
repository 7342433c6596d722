/** A hand-built run over two workflow files, shared by the reporter tests. */
import type { Finding, Location, NotedLocation, RuleDescriptor, RunResult, ToolInfo } from '../../model/finding.js';
import type { ReportInput } from '../report-input.js';

export const CI = '.github/workflows/ci.yml';
export const DEPLOY = '.github/workflows/deploy.yml';
export const SECRET = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

export const CI_TEXT = [
  'name: ci',
  'on:',
  '  pull_request_target:',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '        with:',
  '          ref: ${{ github.event.pull_request.head.sha }}',
  '      - run: echo "${{ github.event.pull_request.title }}"',
  '',
].join('\n');

export const DEPLOY_TEXT = [
  'on: push',
  'jobs:',
  '  deploy:',
  '    runs-on: ubuntu-latest',
  '    env:',
  `      TOKEN: ${SECRET}`,
  '    steps:',
  '      - run: |',
  '          curl -H "Authorization: $TOKEN"\thttps://example.com | sh',
  '',
].join('\r\n');

/** The location of the `occurrence`-th (0-based) `needle` in `text`. */
export function locate(file: string, text: string, needle: string, occurrence = 0): Location {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) {
    start = text.indexOf(needle, start + 1);
    if (start === -1) throw new Error(`fixture: "${needle}" not found in ${file}`);
  }
  const end = start + needle.length;
  const position = (offset: number): { line: number; column: number } => {
    const before = text.slice(0, offset);
    const lineStart = before.lastIndexOf('\n') + 1;
    return { line: before.split('\n').length, column: offset - lineStart + 1 };
  };
  const from = position(start);
  const to = position(end);
  return {
    file,
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
    startOffset: start,
    endOffset: end,
  };
}

function noted(location: Location, note: string): NotedLocation {
  return { ...location, note };
}

export const RULES: RuleDescriptor[] = [
  {
    id: 'expression-injection',
    summary: 'Untrusted input is expanded into a shell script',
    description: 'A `${{ }}` expression with attacker-controlled data is substituted into a run script before the shell parses it.',
    defaultSeverity: 'high',
    defaultConfidence: 'high',
    category: 'injection',
    platforms: ['github'],
    owasp: ['CICD-SEC-4'],
    phase: 'visibility',
    helpUri: 'https://pipewarden.dev/rules/expression-injection',
    fix: 'safe',
    stability: 'stable',
  },
  {
    id: 'hardcoded-secret',
    summary: 'A credential is written into the pipeline file',
    description: 'Secrets in pipeline files are readable by anyone who can read the repository.',
    defaultSeverity: 'critical',
    defaultConfidence: 'medium',
    category: 'secrets',
    platforms: ['github', 'gitlab'],
    owasp: ['CICD-SEC-6'],
    phase: 'visibility',
    helpUri: 'https://pipewarden.dev/rules/hardcoded-secret',
    fix: 'none',
    stability: 'stable',
  },
  {
    id: 'remote-script-execution',
    summary: 'A downloaded script is piped into a shell',
    description: 'The pipeline runs whatever the remote server returns.',
    defaultSeverity: 'low',
    defaultConfidence: 'low',
    category: 'supply-chain',
    platforms: ['github'],
    owasp: ['CICD-SEC-3', 'CICD-SEC-8'],
    phase: 'integrity',
    helpUri: 'https://pipewarden.dev/rules/remote-script-execution',
    fix: 'none',
    stability: 'experimental',
  },
  {
    id: 'unpinned-reference',
    summary: 'An action is referenced by a movable tag',
    description: 'Tags can be moved to point at different code; pin to a full commit SHA.',
    defaultSeverity: 'medium',
    defaultConfidence: 'high',
    category: 'supply-chain',
    platforms: ['github'],
    owasp: ['CICD-SEC-3'],
    phase: 'foundations',
    helpUri: 'https://pipewarden.dev/rules/unpinned-reference',
    fix: 'unsafe',
    stability: 'stable',
  },
];

export const TOOL: ToolInfo = {
  name: 'pipewarden',
  version: '0.1.0',
  informationUri: 'https://pipewarden.dev',
};

const titleExpr = locate(CI, CI_TEXT, '${{ github.event.pull_request.title }}');
const trigger = locate(CI, CI_TEXT, 'pull_request_target');

export const INJECTION: Finding = {
  ruleId: 'expression-injection',
  messageId: 'shell',
  message: '`github.event.pull_request.title` is expanded into the shell script',
  severity: 'critical',
  confidence: 'high',
  platform: 'github',
  location: titleExpr,
  related: [noted(trigger, 'the workflow runs with secrets for fork pull requests')],
  flow: [
    noted(trigger, 'the pull request title is chosen by its author'),
    noted(titleExpr, 'substituted into the script before the shell parses it'),
  ],
  trust: { triggers: ['pull_request_target'], minTrust: 0, privileges: ['secrets', 'write token'] },
  tip: 'pass the value through `env:` and quote "$TITLE"',
  fixes: [
    {
      title: 'Move the expression into env',
      safety: 'safe',
      edits: [{ file: CI, start: titleExpr.startOffset, end: titleExpr.endOffset, text: '$TITLE' }],
    },
  ],
  fingerprint: 'a1b2c3d4e5f60718',
};

export const SECRET_FINDING: Finding = {
  ruleId: 'hardcoded-secret',
  messageId: 'token',
  message: 'A GitHub personal access token is written into the workflow',
  severity: 'high',
  confidence: 'medium',
  platform: 'github',
  location: locate(DEPLOY, DEPLOY_TEXT, SECRET),
  related: [],
  flow: [],
  fixes: [],
  fingerprint: 'ffee000011112222',
};

export const CURL_PIPE: Finding = {
  ruleId: 'remote-script-execution',
  messageId: 'curl-sh',
  message: 'https://example.com is downloaded and run by sh',
  severity: 'low',
  confidence: 'low',
  platform: 'github',
  location: locate(DEPLOY, DEPLOY_TEXT, 'https://example.com'),
  related: [],
  flow: [],
  fixes: [],
  fingerprint: '9988776655443322',
};

export const SUPPRESSED: Finding = {
  ruleId: 'unpinned-reference',
  messageId: 'tag',
  message: 'actions/checkout is pinned to the tag v4',
  severity: 'medium',
  confidence: 'high',
  platform: 'github',
  location: locate(CI, CI_TEXT, 'actions/checkout@v4'),
  related: [],
  flow: [],
  fixes: [],
  fingerprint: '0123456789abcdef',
  suppression: { kind: 'inline', reason: 'tags are verified by dependabot' },
};

export function runResult(overrides: Partial<RunResult> = {}): RunResult {
  return {
    findings: [INJECTION, SECRET_FINDING, CURL_PIPE],
    suppressed: [SUPPRESSED],
    parseIssues: [
      {
        file: '.github/workflows/broken.yml',
        line: 3,
        column: 5,
        message: 'a block mapping may not start here',
        code: 'YAML_SYNTAX',
        level: 'error',
      },
      {
        file: DEPLOY,
        line: 5,
        column: 5,
        message: 'key "env" appears twice; the last one wins',
        code: 'DUPLICATE_KEY',
        level: 'warning',
      },
    ],
    toolErrors: [],
    analysed: [
      { file: CI, platform: 'github' },
      { file: DEPLOY, platform: 'github' },
    ],
    stats: { filesScanned: 3, pipelines: 2, findings: 3, suppressed: 1, durationMs: 12.4 },
    ...overrides,
  };
}

export function reportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    result: runResult(),
    rules: RULES,
    tool: TOOL,
    sources: new Map([
      [CI, CI_TEXT],
      [DEPLOY, DEPLOY_TEXT],
    ]),
    color: false,
    ...overrides,
  };
}
