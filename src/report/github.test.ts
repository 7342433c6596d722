import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.js';
import { escapeData, escapeProperty, renderGithubAnnotations } from './github.js';
import { CI, CURL_PIPE, INJECTION, reportInput, runResult } from './test-support/fixture.js';

describe('renderGithubAnnotations', () => {
  it('writes one command per finding, then parse issues, and skips suppressed findings', () => {
    expect(renderGithubAnnotations(reportInput())).toBe(
      [
        '::error file=.github/workflows/ci.yml,line=11,col=20,endLine=11,endColumn=58,title=pipewarden(expression-injection)::`github.event.pull_request.title` is expanded into the shell script',
        '::error file=.github/workflows/deploy.yml,line=6,col=14,endLine=6,endColumn=54,title=pipewarden(hardcoded-secret)::A GitHub personal access token is written into the workflow',
        '::notice file=.github/workflows/deploy.yml,line=9,col=43,endLine=9,endColumn=62,title=pipewarden(remote-script-execution)::https://example.com is downloaded and run by sh',
        '::warning file=.github/workflows/broken.yml,line=3,col=5,title=pipewarden(YAML_SYNTAX)::a block mapping may not start here',
        '::warning file=.github/workflows/deploy.yml,line=5,col=5,title=pipewarden(DUPLICATE_KEY)::key "env" appears twice; the last one wins',
        '',
      ].join('\n'),
    );
  });

  it('maps severities to error, warning and notice', () => {
    const findings = (['critical', 'high', 'medium', 'low', 'info'] as const).map((severity): Finding => ({ ...CURL_PIPE, severity }));
    const out = renderGithubAnnotations(reportInput({ result: runResult({ findings, parseIssues: [] }) }));
    expect(out.split('\n').map((line) => line.split(' ')[0])).toEqual(['::error', '::error', '::warning', '::notice', '::notice', '']);
  });

  it('drops col and endColumn for spans over several lines', () => {
    const multi: Finding = {
      ...INJECTION,
      location: { ...INJECTION.location, line: 8, column: 7, endLine: 11, endColumn: 58 },
    };
    const out = renderGithubAnnotations(reportInput({ result: runResult({ findings: [multi], parseIssues: [] }) }));
    expect(out).toBe(
      '::error file=.github/workflows/ci.yml,line=8,endLine=11,title=pipewarden(expression-injection)::`github.event.pull_request.title` is expanded into the shell script\n',
    );
  });

  it('escapes messages and properties', () => {
    const nasty: Finding = {
      ...CURL_PIPE,
      ruleId: 'x',
      message: '100% sure:\r\nline two, a::b',
      location: { ...CURL_PIPE.location, file: 'dir,with:odd%chars\n/a.yml' },
    };
    const out = renderGithubAnnotations(reportInput({ result: runResult({ findings: [nasty], parseIssues: [] }) }));
    expect(out).toBe(
      '::notice file=dir%2Cwith%3Aodd%25chars%0A/a.yml,line=9,col=43,endLine=9,endColumn=62,title=pipewarden(x)::100%25 sure:%0D%0Aline two, a::b\n',
    );
  });

  it('reports tool errors as errors', () => {
    const out = renderGithubAnnotations(
      reportInput({
        result: runResult({
          findings: [],
          parseIssues: [],
          toolErrors: [
            { code: 'RULE_CRASHED', message: 'boom', ruleId: 'expression-injection', file: CI },
            { code: 'INTERNAL', message: 'out of memory' },
          ],
        }),
      }),
    );
    expect(out).toBe(
      [
        '::error file=.github/workflows/ci.yml,title=pipewarden(RULE_CRASHED)::rule expression-injection: boom',
        '::error title=pipewarden(INTERNAL)::out of memory',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when there is nothing to report', () => {
    const empty = runResult({ findings: [], suppressed: [], parseIssues: [] });
    expect(renderGithubAnnotations(reportInput({ result: empty }))).toBe('');
  });
});

describe('escaping', () => {
  it('escapes data as @actions/core does', () => {
    expect(escapeData('a%b\rc\nd:e,f')).toBe('a%25b%0Dc%0Ad:e,f');
  });

  it('escapes properties additionally for : and ,', () => {
    expect(escapeProperty('a%b\rc\nd:e,f')).toBe('a%25b%0Dc%0Ad%3Ae%2Cf');
  });

  it('escapes % first so escapes are not double-encoded', () => {
    expect(escapeData('%0A')).toBe('%250A');
    expect(escapeProperty('%3A')).toBe('%253A');
  });
});
