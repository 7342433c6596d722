import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.js';
import { renderText } from './text.js';
import {
  CI,
  CI_TEXT,
  CURL_PIPE,
  DEPLOY,
  DEPLOY_TEXT,
  INJECTION,
  SECRET,
  SECRET_FINDING,
  locate,
  reportInput,
  runResult,
} from './test-support/fixture.js';

function only(findings: Finding[], extra: Parameters<typeof runResult>[0] = {}) {
  return reportInput({
    result: runResult({ findings, suppressed: [], parseIssues: [], ...extra }),
  });
}

/** The finding blocks of a render, without the summary. */
function blocks(text: string): string[] {
  return text.trimEnd().split('\n\n');
}

describe('renderText', () => {
  it('renders the fixture run', () => {
    expect(renderText(reportInput())).toBe(
      [
        '.github/workflows/ci.yml:11:20 critical expression-injection `github.event.pull_request.title` is expanded into the shell script',
        '   9 |         with:',
        '  10 |           ref: ${{ github.event.pull_request.head.sha }}',
        '  11 |       - run: echo "${{ github.event.pull_request.title }}"',
        '     |                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  = related: .github/workflows/ci.yml:3:3 the workflow runs with secrets for fork pull requests',
        '  flow: 1. .github/workflows/ci.yml:3:3 the pull request title is chosen by its author',
        '        2. .github/workflows/ci.yml:11:20 substituted into the script before the shell parses it',
        '  reached by: pull_request_target (anyone on the internet); holds: secrets, write token',
        '  fix: Move the expression into env (safe)',
        '  tip: pass the value through `env:` and quote "$TITLE"',
        '  docs: https://pipewarden.dev/rules/expression-injection',
        '',
        '.github/workflows/deploy.yml:6:14 high hardcoded-secret A GitHub personal access token is written into the workflow',
        '  4 |     runs-on: ubuntu-latest',
        '  5 |     env:',
        '  6 |       TOKEN: ghp_************************************',
        '    |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  docs: https://pipewarden.dev/rules/hardcoded-secret',
        '',
        '.github/workflows/deploy.yml:9:43 low remote-script-execution https://example.com is downloaded and run by sh',
        '  7 |     steps:',
        '  8 |       - run: |',
        '  9 |           curl -H "Authorization: $TOKEN"\thttps://example.com | sh',
        '    |                                          \t^^^^^^^^^^^^^^^^^^^',
        '  docs: https://pipewarden.dev/rules/remote-script-execution',
        '',
        '.github/workflows/broken.yml:3:5 parse-error YAML_SYNTAX a block mapping may not start here',
        '.github/workflows/deploy.yml:5:5 parse-warning DUPLICATE_KEY key "env" appears twice; the last one wins',
        '',
        '3 findings (1 critical, 1 high, 0 medium, 1 low, 0 info), 1 suppressed, 3 files scanned in 12 ms',
        '',
      ].join('\n'),
    );
  });

  it('colours severities only when asked, through its own colour instance', () => {
    const plain = renderText(reportInput({ color: false }));
    expect(plain).not.toContain('\u001b[');
    const coloured = renderText(reportInput({ color: true }));
    const headers = coloured.split('\n').filter((line) => line.startsWith('.github/workflows/'));
    expect(headers[0]).toContain(' \u001b[1m\u001b[31mcritical\u001b[39m\u001b[22m expression-injection ');
    expect(headers[1]).toContain(' \u001b[1m\u001b[31mhigh\u001b[39m\u001b[22m hardcoded-secret ');
    expect(headers[2]).toContain(' \u001b[36mlow\u001b[39m remote-script-execution ');
    const medium = renderText({ ...only([{ ...CURL_PIPE, severity: 'medium' }]), color: true });
    expect(medium).toContain(' \u001b[33mmedium\u001b[39m remote-script-execution ');
    const info = renderText({ ...only([{ ...CURL_PIPE, severity: 'info' }]), color: true });
    expect(info).toContain(' \u001b[36minfo\u001b[39m remote-script-execution ');
  });

  it('never prints a secret, in its own frame or as context of another frame', () => {
    const below = locate(DEPLOY, DEPLOY_TEXT, 'steps:');
    const neighbour: Finding = { ...CURL_PIPE, location: below };
    for (const input of [
      reportInput(),
      reportInput({ color: true }),
      // The secret's own finding is suppressed; a neighbour's frame still must not show it.
      reportInput({ result: runResult({ findings: [neighbour], suppressed: [SECRET_FINDING] }) }),
    ]) {
      const out = renderText(input);
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain(SECRET.slice(4, 12));
    }
    const [block] = blocks(renderText(reportInput({ result: runResult({ findings: [neighbour], suppressed: [SECRET_FINDING] }) })));
    expect(block?.split('\n').slice(1, 4)).toEqual([
      '  5 |     env:',
      '  6 |       TOKEN: ghp_************************************',
      '  7 |     steps:',
    ]);
  });

  it('masks a short secret almost entirely', () => {
    const source = 'env:\n  PASSWORD: hunter2\n';
    const finding: Finding = { ...SECRET_FINDING, location: locate('a.yml', source, 'hunter2') };
    const out = renderText({ ...only([finding]), sources: new Map([['a.yml', source]]) });
    expect(out).toContain('  2 |   PASSWORD: hu*****\n    |             ^^^^^^^\n');
    expect(out).not.toContain('hunter2');
  });

  it('masks every line of a multi-line secret and underlines the first line to its end', () => {
    const source = 'key: |\n  -----BEGIN KEY-----\n  abcdefghijkl\n  -----END KEY-----\nnext: 1\n';
    const finding: Finding = {
      ...SECRET_FINDING,
      location: locate('k.yml', source, '-----BEGIN KEY-----\n  abcdefghijkl\n  -----END KEY-----'),
    };
    const neighbour: Finding = { ...CURL_PIPE, location: locate('k.yml', source, 'next') };
    const out = renderText({
      ...only([finding, neighbour]),
      sources: new Map([['k.yml', source]]),
    });
    const [secretBlock, neighbourBlock] = blocks(out);
    expect(secretBlock?.split('\n').slice(1, 4)).toEqual(['  1 | key: |', '  2 |   ----****** ********', '    |   ^^^^^^^^^^^^^^^^^^^']);
    expect(neighbourBlock?.split('\n').slice(1, 5)).toEqual([
      '  3 |   ************',
      '  4 |   ******** ********',
      '  5 | next: 1',
      '    | ^^^^',
    ]);
    expect(out).not.toContain('abcdefghijkl');
    expect(out).not.toContain('BEGIN');
  });

  it('shows no frame when the source is unknown or the line is out of range', () => {
    const outOfRange: Finding = {
      ...CURL_PIPE,
      location: { ...CURL_PIPE.location, line: 99, endLine: 99 },
    };
    const [block] = blocks(renderText(only([outOfRange])));
    expect(block).toBe(
      [
        '.github/workflows/deploy.yml:99:43 low remote-script-execution https://example.com is downloaded and run by sh',
        '  docs: https://pipewarden.dev/rules/remote-script-execution',
      ].join('\n'),
    );
    const [noSource] = blocks(renderText({ ...only([CURL_PIPE]), sources: new Map() }));
    expect(noSource?.split('\n')).toHaveLength(2);
  });

  it('starts the frame at line 1 and underlines empty spans with one caret', () => {
    const empty: Finding = {
      ...INJECTION,
      related: [],
      flow: [],
      trust: undefined,
      tip: undefined,
      fixes: [],
      location: { ...INJECTION.location, line: 1, column: 5, endLine: 1, endColumn: 5 },
    };
    const [block] = blocks(renderText(only([empty])));
    expect(block).toBe(
      [
        '.github/workflows/ci.yml:1:5 critical expression-injection `github.event.pull_request.title` is expanded into the shell script',
        '  1 | name: ci',
        '    |     ^',
        '  docs: https://pipewarden.dev/rules/expression-injection',
      ].join('\n'),
    );
  });

  it('names every trust level and lists several triggers', () => {
    const names = [0, 1, 2, 3, 4, 7].map((minTrust) => {
      const finding: Finding = {
        ...CURL_PIPE,
        trust: { triggers: ['push', 'workflow_dispatch'], minTrust, privileges: [] },
      };
      return renderText(only([finding]))
        .split('\n')
        .find((line) => line.startsWith('  reached by: '));
    });
    expect(names).toEqual([
      '  reached by: push, workflow_dispatch (anyone on the internet)',
      '  reached by: push, workflow_dispatch (an authenticated contributor)',
      '  reached by: push, workflow_dispatch (a repository writer)',
      '  reached by: push, workflow_dispatch (a maintainer of protected refs)',
      '  reached by: push, workflow_dispatch (an administrator)',
      '  reached by: push, workflow_dispatch (trust level 7)',
    ]);
  });

  it('indents a multi-line tip and omits docs for an unknown rule', () => {
    const finding: Finding = { ...CURL_PIPE, ruleId: 'mystery', tip: 'first\nsecond' };
    const [block] = blocks(renderText(only([finding])));
    expect(block?.split('\n').slice(-2)).toEqual(['  tip: first', '       second']);
  });

  it('neutralises terminal control characters from scanned files and messages', () => {
    const source = 'run: echo "\u001b[2J\u202Egotcha"\n';
    const finding: Finding = {
      ...CURL_PIPE,
      message: 'quoted \u001b]8;;evil\u0007 text\nnext',
      location: locate('x.yml', source, 'gotcha'),
    };
    const out = renderText({ ...only([finding]), sources: new Map([['x.yml', source]]) });
    for (const char of ['\u001b', '\u0007', '\u202E']) expect(out).not.toContain(char);
    expect(out).toContain('quoted \u241b]8;;evil\u2407 text\u240anext');
    // One stand-in per replaced unit, so the underline still sits under the span.
    expect(out).toContain('  1 | run: echo "\u241b[2J\uFFFDgotcha"\n    |                 ^^^^^^\n');
  });

  it('prints tool errors after parse issues', () => {
    const out = renderText(
      only([], {
        parseIssues: runResult().parseIssues.slice(0, 1),
        toolErrors: [
          { code: 'RULE_CRASHED', message: 'boom', ruleId: 'expression-injection', file: CI },
          { code: 'INTERNAL', message: 'oops' },
        ],
      }),
    );
    expect(out).toBe(
      [
        '.github/workflows/broken.yml:3:5 parse-error YAML_SYNTAX a block mapping may not start here',
        '.github/workflows/ci.yml: tool-error RULE_CRASHED (rule expression-injection) boom',
        'tool-error INTERNAL oops',
        '',
        'No findings. 3 files scanned in 12 ms',
        '',
      ].join('\n'),
    );
  });

  it('summarises empty and singular runs', () => {
    const stats = { filesScanned: 1, pipelines: 1, findings: 0, suppressed: 0, durationMs: 0.4 };
    expect(renderText(only([], { stats }))).toBe('No findings. 1 file scanned in 0 ms\n');
    expect(renderText(only([], { stats, suppressed: [SECRET_FINDING] }))).toBe('No findings (1 suppressed). 1 file scanned in 0 ms\n');
    const one = renderText(only([CURL_PIPE], { stats }))
      .trimEnd()
      .split('\n')
      .at(-1);
    expect(one).toBe('1 finding (0 critical, 0 high, 0 medium, 1 low, 0 info), 0 suppressed, 1 file scanned in 0 ms');
  });

  it('drops carriage returns of CRLF files from frames', () => {
    expect(DEPLOY_TEXT).toContain('\r\n');
    expect(renderText(reportInput())).not.toContain('\r');
    expect(CI_TEXT).not.toContain('\r');
  });
});
