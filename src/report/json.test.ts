import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.js';
import { renderJson } from './json.js';
import { CI, DEPLOY, INJECTION, SECRET_FINDING, SUPPRESSED, reportInput, runResult } from './test-support/fixture.js';
import { assertSupported, type Schema, validate } from './test-support/mini-schema.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/pipewarden-report.schema.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
> & { $defs: Record<string, { properties: Record<string, unknown> }> };

function render(overrides: Parameters<typeof reportInput>[0] = {}): Record<string, unknown> {
  return JSON.parse(renderJson(reportInput(overrides))) as Record<string, unknown>;
}

describe('renderJson', () => {
  it('is 2-space indented JSON with a trailing newline', () => {
    const text = renderJson(reportInput());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "tool": {\n    "name": "pipewarden",')).toBe(true);
  });

  it('writes the top level in contract order', () => {
    const report = render();
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'findings', 'suppressed', 'parseIssues', 'toolErrors', 'stats']);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool).toEqual({
      name: 'pipewarden',
      version: '0.1.0',
      informationUri: 'https://pipewarden.dev',
    });
    expect(report.stats).toEqual({
      filesScanned: 3,
      pipelines: 2,
      findings: 3,
      suppressed: 1,
      durationMs: 12.4,
    });
  });

  it('maps a fully populated finding field by field', () => {
    const report = render();
    const [first] = report.findings as Record<string, unknown>[];
    expect(first).toEqual({
      ruleId: 'expression-injection',
      severity: 'critical',
      confidence: 'high',
      message: '`github.event.pull_request.title` is expanded into the shell script',
      platform: 'github',
      location: { file: CI, line: 11, column: 20, endLine: 11, endColumn: 58 },
      related: [
        {
          file: CI,
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 22,
          note: 'the workflow runs with secrets for fork pull requests',
        },
      ],
      flow: [
        {
          file: CI,
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 22,
          note: 'the pull request title is chosen by its author',
        },
        {
          file: CI,
          line: 11,
          column: 20,
          endLine: 11,
          endColumn: 58,
          note: 'substituted into the script before the shell parses it',
        },
      ],
      trust: {
        triggers: ['pull_request_target'],
        minTrust: 0,
        privileges: ['secrets', 'write token'],
      },
      tip: 'pass the value through `env:` and quote "$TITLE"',
      fixes: [
        {
          title: 'Move the expression into env',
          safety: 'safe',
          edits: [
            {
              file: CI,
              start: INJECTION.location.startOffset,
              end: INJECTION.location.endOffset,
              text: '$TITLE',
            },
          ],
        },
      ],
      fingerprint: 'a1b2c3d4e5f60718',
    });
  });

  it('omits absent optional fields instead of writing null', () => {
    const report = render();
    const [, secret] = report.findings as Record<string, unknown>[];
    expect(Object.keys(secret ?? {})).toEqual([
      'ruleId',
      'severity',
      'confidence',
      'message',
      'platform',
      'location',
      'related',
      'flow',
      'fixes',
      'fingerprint',
    ]);
    expect(secret?.location).toEqual({ file: DEPLOY, line: 6, column: 14, endLine: 6, endColumn: 54 });
  });

  it('writes suppressed findings in full, with their suppression', () => {
    const report = render();
    const suppressed = report.suppressed as Record<string, unknown>[];
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]).toMatchObject({
      ruleId: 'unpinned-reference',
      severity: 'medium',
      location: { file: CI, line: 8, column: 15, endLine: 8, endColumn: 34 },
      fingerprint: '0123456789abcdef',
      suppression: { kind: 'inline', reason: 'tags are verified by dependabot' },
    });
  });

  it('writes parse issues and tool errors, omitting absent tool error fields', () => {
    const report = render({
      result: runResult({
        toolErrors: [
          { code: 'RULE_CRASHED', message: 'boom', ruleId: 'expression-injection', file: CI },
          { code: 'INTERNAL', message: 'out of memory' },
        ],
      }),
    });
    expect(report.parseIssues).toEqual([
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
    ]);
    expect(report.toolErrors).toEqual([
      { code: 'RULE_CRASHED', message: 'boom', ruleId: 'expression-injection', file: CI },
      { code: 'INTERNAL', message: 'out of memory' },
    ]);
  });

  it('never leaks internal fields that are not part of the contract', () => {
    const leaky = {
      ...SECRET_FINDING,
      internalNode: { secret: 'do-not-print' },
    } as Finding;
    const text = renderJson(reportInput({ result: runResult({ findings: [INJECTION, leaky] }) }));
    for (const key of ['messageId', 'startOffset', 'endOffset', 'internalNode', 'do-not-print']) {
      expect(text).not.toContain(key);
    }
  });
});

describe('pipewarden-report.schema.json', () => {
  it('accepts the fixture report', () => {
    expect(validate(schema as Schema, render())).toEqual([]);
  });

  it('accepts a report with tool errors, trust at the bounds, and nothing found', () => {
    const withTrust: Finding = {
      ...SUPPRESSED,
      trust: { triggers: [], minTrust: 4, privileges: [] },
      suppression: { kind: 'config', reason: '' },
    };
    const report = render({
      result: runResult({
        findings: [],
        suppressed: [withTrust],
        parseIssues: [],
        toolErrors: [{ code: 'PLATFORM_CRASHED', message: 'x', file: CI }],
      }),
    });
    expect(validate(schema as Schema, report)).toEqual([]);
  });

  it('describes exactly the fields a fully populated finding has, in order', () => {
    const full = (render().findings as Record<string, unknown>[])[0] ?? {};
    const withSuppression = [...Object.keys(full), 'suppression'];
    expect(Object.keys(schema.$defs.finding?.properties ?? {})).toEqual(withSuppression);
    const top = schema.properties as Record<string, unknown>;
    expect(Object.keys(top)).toEqual(Object.keys(render()));
  });

  it('rejects reports that break the contract', () => {
    const report = render();
    const findings = report.findings as Record<string, unknown>[];
    const first = findings[0] as Record<string, unknown>;
    first.severity = 'urgent';
    delete first.fingerprint;
    (first.location as Record<string, unknown>).line = 0;
    first.extra = true;
    report.schemaVersion = 2;
    const errors = validate(schema as Schema, report).map((e) => `${e.path}: ${e.message}`);
    expect(errors).toEqual([
      '$.schemaVersion: expected 1',
      '$.findings[0]: missing required property "fingerprint"',
      '$.findings[0].severity: expected one of ["info","low","medium","high","critical"], got "urgent"',
      '$.findings[0].location.line: below 1',
      '$.findings[0].extra: not allowed',
    ]);
  });

  it('uses only keywords the test validator understands', () => {
    expect(() => assertSupported(schema as Schema)).not.toThrow();
    expect(() => assertSupported({ properties: { a: { type: 'string', format: 'uri' } } })).toThrow(
      'unsupported keyword "format" at #/properties/a',
    );
  });
});
