import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../model/finding.js';
import { pascalCase, renderSarif, toRelativeUri } from './sarif.js';
import { CI, CURL_PIPE, DEPLOY, INJECTION, RULES, SUPPRESSED, TOOL, reportInput, runResult } from './test-support/fixture.js';

// biome-ignore lint/suspicious/noExplicitAny: SARIF is walked structurally in these tests
type Any = any;

function sarif(overrides: Parameters<typeof reportInput>[0] = {}): Any {
  return JSON.parse(renderSarif(reportInput(overrides)));
}

function run(overrides: Parameters<typeof reportInput>[0] = {}): Any {
  const log = sarif(overrides);
  expect(log.runs).toHaveLength(1);
  return log.runs[0];
}

describe('renderSarif: log and driver', () => {
  it('is a SARIF 2.1.0 log with one run, ending in a newline', () => {
    const text = renderSarif(reportInput());
    expect(text.endsWith('}\n')).toBe(true);
    const log = JSON.parse(text);
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  it('describes the tool and declares %SRCROOT%', () => {
    const r = run();
    expect(r.tool.driver.name).toBe('pipewarden');
    expect(r.tool.driver.version).toBe('0.1.0');
    expect(r.tool.driver.semanticVersion).toBe('0.1.0');
    expect(r.tool.driver.informationUri).toBe('https://pipewarden.dev');
    expect(Object.keys(r.originalUriBaseIds)).toEqual(['%SRCROOT%']);
    expect(r.columnKind).toBe('utf16CodeUnits');
  });

  it('leaves semanticVersion out when the version is not semver', () => {
    const r = run({ tool: { ...TOOL, version: 'dev-build' } });
    expect(r.tool.driver.version).toBe('dev-build');
    expect(r.tool.driver).not.toHaveProperty('semanticVersion');
  });

  it('lists every rule, in input order, with help and security metadata', () => {
    const rules = run().tool.driver.rules;
    expect(rules.map((rule: Any) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    expect(rules[0]).toEqual({
      id: 'expression-injection',
      name: 'ExpressionInjection',
      shortDescription: { text: 'Untrusted input is expanded into a shell script' },
      fullDescription: {
        text: 'A `${{ }}` expression with attacker-controlled data is substituted into a run script before the shell parses it.',
      },
      helpUri: 'https://pipewarden.dev/rules/expression-injection',
      help: {
        text: 'A `${{ }}` expression with attacker-controlled data is substituted into a run script before the shell parses it.\n\nDocumentation: https://pipewarden.dev/rules/expression-injection',
        markdown:
          '**Untrusted input is expanded into a shell script**\n\nA `${{ }}` expression with attacker-controlled data is substituted into a run script before the shell parses it.\n\n[Documentation](https://pipewarden.dev/rules/expression-injection)',
      },
      defaultConfiguration: { level: 'error' },
      properties: {
        tags: ['security', 'injection', 'CICD-SEC-4'],
        precision: 'high',
        'security-severity': '8.0',
      },
    });
  });

  it('maps default severity and confidence of each rule', () => {
    const rules = run().tool.driver.rules;
    const summary = rules.map((rule: Any) => [
      rule.id,
      rule.defaultConfiguration.level,
      rule.properties['security-severity'],
      rule.properties.precision,
      rule.properties.tags,
    ]);
    expect(summary).toEqual([
      ['expression-injection', 'error', '8.0', 'high', ['security', 'injection', 'CICD-SEC-4']],
      ['hardcoded-secret', 'error', '9.5', 'medium', ['security', 'secrets', 'CICD-SEC-6']],
      ['remote-script-execution', 'note', '3.0', 'low', ['security', 'supply-chain', 'CICD-SEC-3', 'CICD-SEC-8']],
      ['unpinned-reference', 'warning', '5.5', 'high', ['security', 'supply-chain', 'CICD-SEC-3']],
    ]);
  });
});

describe('renderSarif: results', () => {
  it('emits findings then suppressed findings, each pointing at its own rule by index', () => {
    const r = run();
    expect(r.results.map((result: Any) => result.ruleId)).toEqual([
      'expression-injection',
      'hardcoded-secret',
      'remote-script-execution',
      'unpinned-reference',
    ]);
    for (const result of r.results) {
      expect(r.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    }
    expect(r.results.map((result: Any) => result.ruleIndex)).toEqual([0, 1, 2, 3]);
  });

  it('keeps rule indexes aligned when rules are listed in another order', () => {
    const reversed = [...RULES].reverse();
    const r = run({ rules: reversed });
    expect(r.results.map((result: Any) => result.ruleIndex)).toEqual([3, 2, 1, 0]);
    for (const result of r.results) {
      expect(r.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    }
  });

  it('omits ruleIndex for a rule missing from the descriptor list', () => {
    const r = run({ rules: RULES.filter((rule) => rule.id !== 'hardcoded-secret') });
    const secret = r.results[1];
    expect(secret.ruleId).toBe('hardcoded-secret');
    expect(secret).not.toHaveProperty('ruleIndex');
    expect(r.results[2].ruleIndex).toBe(1);
  });

  it('writes a full result: location, related locations, code flow, fingerprint, properties', () => {
    const [first] = run().results;
    const region = { startLine: 11, startColumn: 20, endLine: 11, endColumn: 58 };
    const trigger = { startLine: 3, startColumn: 3, endLine: 3, endColumn: 22 };
    const artifact = { uri: CI, uriBaseId: '%SRCROOT%' };
    expect(first).toEqual({
      ruleId: 'expression-injection',
      ruleIndex: 0,
      level: 'error',
      message: { text: '`github.event.pull_request.title` is expanded into the shell script' },
      locations: [{ physicalLocation: { artifactLocation: artifact, region } }],
      relatedLocations: [
        {
          id: 1,
          physicalLocation: { artifactLocation: artifact, region: trigger },
          message: { text: 'the workflow runs with secrets for fork pull requests' },
        },
      ],
      codeFlows: [
        {
          threadFlows: [
            {
              locations: [
                {
                  location: {
                    physicalLocation: { artifactLocation: artifact, region: trigger },
                    message: { text: 'the pull request title is chosen by its author' },
                  },
                },
                {
                  location: {
                    physicalLocation: { artifactLocation: artifact, region },
                    message: { text: 'substituted into the script before the shell parses it' },
                  },
                },
              ],
            },
          ],
        },
      ],
      partialFingerprints: { 'pipewardenFingerprint/v1': 'a1b2c3d4e5f60718' },
      properties: { 'security-severity': '9.5', confidence: 'high' },
    });
  });

  it('leaves out relatedLocations, codeFlows and suppressions when there are none', () => {
    const secret = run().results[1];
    expect(Object.keys(secret)).toEqual(['ruleId', 'ruleIndex', 'level', 'message', 'locations', 'partialFingerprints', 'properties']);
    expect(secret.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: DEPLOY, uriBaseId: '%SRCROOT%' },
      region: { startLine: 6, startColumn: 14, endLine: 6, endColumn: 54 },
    });
  });

  it('names a flow step in a fetched remote definition by its absolute web address', () => {
    const url = 'https://github.com/acme/greet/blob/8f3a1c5e7b9d2f4a6c8e0b1d3f5a7c9e1b3d5f70/action.yml';
    const remote: Finding = { ...CURL_PIPE, flow: [{ ...CURL_PIPE.location, file: url, note: 'expanded into the shell script' }] };
    const result = run({ result: runResult({ findings: [remote], suppressed: [] }) }).results[0];
    expect(result.codeFlows[0].threadFlows[0].locations[0].location.physicalLocation.artifactLocation).toEqual({ uri: url });
    expect(result.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
  });

  it('writes a code flow for a single-step flow', () => {
    const oneStep: Finding = { ...CURL_PIPE, flow: [{ ...CURL_PIPE.location, note: 'fetched here' }] };
    const result = run({ result: runResult({ findings: [oneStep], suppressed: [] }) }).results[0];
    expect(result.codeFlows).toHaveLength(1);
    expect(result.codeFlows[0].threadFlows[0].locations).toEqual([
      {
        location: {
          physicalLocation: {
            artifactLocation: { uri: DEPLOY, uriBaseId: '%SRCROOT%' },
            region: { startLine: 9, startColumn: 43, endLine: 9, endColumn: 62 },
          },
          message: { text: 'fetched here' },
        },
      },
    ]);
  });

  it('maps each finding severity to a level and a security-severity score', () => {
    const severities: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
    const findings = severities.map((severity) => ({ ...CURL_PIPE, severity }));
    const results = run({ result: runResult({ findings, suppressed: [] }) }).results;
    expect(results.map((result: Any) => [result.level, result.properties['security-severity']])).toEqual([
      ['error', '9.5'],
      ['error', '8.0'],
      ['warning', '5.5'],
      ['note', '3.0'],
      ['note', '1.0'],
    ]);
    // The result's own severity wins over the rule default (low for this rule).
    expect(results[0].level).toBe('error');
  });

  it('marks suppressed findings as accepted suppressions', () => {
    const config: Finding = {
      ...INJECTION,
      suppression: { kind: 'config', reason: 'reviewed in SEC-12' },
    };
    const noReason: Finding = { ...CURL_PIPE, suppression: { kind: 'inline', reason: '' } };
    const results = run({
      result: runResult({ suppressed: [SUPPRESSED, config, noReason] }),
    }).results;
    expect(results.slice(0, 3).every((result: Any) => result.suppressions === undefined)).toBe(true);
    expect(results.slice(3).map((result: Any) => result.suppressions)).toEqual([
      [{ kind: 'inSource', status: 'accepted', justification: 'tags are verified by dependabot' }],
      [{ kind: 'external', status: 'accepted', justification: 'reviewed in SEC-12' }],
      [{ kind: 'inSource', status: 'accepted' }],
    ]);
    // A suppressed result keeps everything else, so code scanning can match it to the open alert.
    expect(results[4].partialFingerprints).toEqual({ 'pipewardenFingerprint/v1': 'a1b2c3d4e5f60718' });
    expect(results[4].codeFlows).toHaveLength(1);
  });
});

describe('renderSarif: invocation', () => {
  it('reports parse issues as notifications of a successful run', () => {
    const [invocation] = run().invocations;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'a block mapping may not start here' },
        descriptor: { id: 'YAML_SYNTAX' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: '.github/workflows/broken.yml', uriBaseId: '%SRCROOT%' },
              region: { startLine: 3, startColumn: 5 },
            },
          },
        ],
      },
      {
        level: 'warning',
        message: { text: 'key "env" appears twice; the last one wins' },
        descriptor: { id: 'DUPLICATE_KEY' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: DEPLOY, uriBaseId: '%SRCROOT%' },
              region: { startLine: 5, startColumn: 5 },
            },
          },
        ],
      },
    ]);
  });

  it('is unsuccessful when there are tool errors, and reports them too', () => {
    const r = run({
      result: runResult({
        parseIssues: [],
        toolErrors: [
          { code: 'RULE_CRASHED', message: 'boom', ruleId: 'unpinned-reference', file: CI },
          { code: 'INTERNAL', message: 'oops' },
        ],
      }),
    });
    expect(r.invocations[0].executionSuccessful).toBe(false);
    expect(r.invocations[0].toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'boom' },
        descriptor: { id: 'RULE_CRASHED' },
        associatedRule: { id: 'unpinned-reference', index: 3 },
        locations: [{ physicalLocation: { artifactLocation: { uri: CI, uriBaseId: '%SRCROOT%' } } }],
      },
      { level: 'error', message: { text: 'oops' }, descriptor: { id: 'INTERNAL' } },
    ]);
  });

  it('leaves out notifications when there is nothing to report', () => {
    const r = run({ result: runResult({ parseIssues: [] }) });
    expect(r.invocations).toEqual([{ executionSuccessful: true }]);
  });

  it('still lists every rule when nothing was found', () => {
    const r = run({ result: runResult({ findings: [], suppressed: [], parseIssues: [] }) });
    expect(r.results).toEqual([]);
    expect(r.tool.driver.rules).toHaveLength(RULES.length);
  });
});

describe('toRelativeUri', () => {
  it('keeps plain relative POSIX paths', () => {
    expect(toRelativeUri('.github/workflows/ci.yml')).toBe('.github/workflows/ci.yml');
    expect(toRelativeUri('./.gitlab-ci.yml')).toBe('.gitlab-ci.yml');
    expect(toRelativeUri('../other/x.yml')).toBe('../other/x.yml');
  });

  it('percent-encodes what a URI cannot hold literally', () => {
    expect(toRelativeUri('ci/my workflow#1?.yml')).toBe('ci/my%20workflow%231%3F.yml');
    expect(toRelativeUri('c:/x.yml')).toBe('c%3A/x.yml');
    expect(toRelativeUri('ci/100%.yml')).toBe('ci/100%25.yml');
    expect(toRelativeUri('ci/é.yml')).toBe('ci/%C3%A9.yml');
  });
});

describe('pascalCase', () => {
  it('joins kebab-case words', () => {
    expect(pascalCase('expression-injection')).toBe('ExpressionInjection');
    expect(pascalCase('unpinned-reference')).toBe('UnpinnedReference');
    expect(pascalCase('oidc')).toBe('Oidc');
  });
});
