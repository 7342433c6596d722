import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Finding, ParseIssue } from '../../model/finding.js';
import { toJsonReport } from '../json.js';
import { byClass, byTag, commentsOf, type Element, findAll, parseHtml } from '../test-support/html-dom.js';
import {
  CI,
  CURL_PIPE,
  DEPLOY,
  DEPLOY_TEXT,
  INJECTION,
  locate,
  reportInput,
  runResult,
  SECRET,
  SECRET_FINDING,
} from '../test-support/fixture.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import { contentSecurityPolicy, REPORT_DATA_ID, renderHtml } from './render-html.js';

function one(root: Element, matches: (e: Element) => boolean): Element {
  const found = findAll(root, matches);
  expect(found).toHaveLength(1);
  return found[0] as Element;
}

function articles(page: Element): Element[] {
  return findAll(page, (e) => e.tag === 'article' && byClass('finding')(e));
}

/** The text of each line of a frame, without its line-number gutter. */
function frameLines(frame: Element | undefined): string[] {
  return findAll(frame ?? parseHtml(''), byClass('line')).map((line) => line.text.replace(/^ *\d+/, ''));
}

const sha256 = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

describe('HTML report', () => {
  it('lists findings most severe first with filters, frames, related locations and flow', () => {
    const page = parseHtml(renderHtml(reportInput()));
    const found = articles(page);
    expect(found.map((a) => [a.attrs.get('data-severity'), a.attrs.get('data-rule'), a.attrs.get('data-file')])).toEqual([
      ['critical', 'expression-injection', CI],
      ['high', 'hardcoded-secret', DEPLOY],
      ['low', 'remote-script-execution', DEPLOY],
    ]);
    expect(found.every((a) => a.attrs.get('data-platform') === 'github')).toBe(true);

    const filters = findAll(page, (e) => e.tag === 'select').map((s) => [
      s.attrs.get('data-filter'),
      findAll(s, byTag('option')).map((o) => [o.attrs.get('value'), o.text]),
    ]);
    expect(filters).toEqual([
      [
        'severity',
        [
          ['', 'all'],
          ['critical', 'critical (1)'],
          ['high', 'high (1)'],
          ['low', 'low (1)'],
        ],
      ],
      [
        'rule',
        [
          ['', 'all'],
          ['expression-injection', 'expression-injection (1)'],
          ['hardcoded-secret', 'hardcoded-secret (1)'],
          ['remote-script-execution', 'remote-script-execution (1)'],
        ],
      ],
      [
        'platform',
        [
          ['', 'all'],
          ['github', 'github (3)'],
        ],
      ],
      [
        'file',
        [
          ['', 'all'],
          [CI, `${CI} (1)`],
          [DEPLOY, `${DEPLOY} (2)`],
        ],
      ],
    ]);

    const injection = found[0] as Element;
    expect(one(injection, byClass('message')).text).toBe('github.event.pull_request.title is expanded into the shell script');
    const [frame, ...stepFrames] = findAll(injection, byClass('frame'));
    expect(frameLines(frame)).toEqual([
      '        with:',
      '          ref: ${{ github.event.pull_request.head.sha }}',
      '      - run: echo "${{ github.event.pull_request.title }}"',
      '',
    ]);
    expect(findAll(frame as Element, byTag('mark')).map((m) => m.text)).toEqual(['${{ github.event.pull_request.title }}']);
    const related = one(injection, byClass('related'));
    expect(findAll(related, byClass('where')).map((w) => w.text)).toEqual([`${CI}:3:3`]);
    expect(related.text).toContain('the workflow runs with secrets for fork pull requests');
    expect(frameLines(one(related, byClass('frame')))).toEqual(['  pull_request_target:']);
    const flow = findAll(one(injection, byClass('flow')), byTag('li')).map((li) => findAll(li, byClass('where'))[0]?.text);
    expect(flow).toEqual([`${CI}:3:3`, `${CI}:11:20`]);
    expect(stepFrames).toHaveLength(3);
    const facts = findAll(injection, byTag('dd')).map((dd) => dd.text);
    expect(facts).toEqual([
      'pull_request_target (anyone on the internet)',
      'secrets, write token',
      'Move the expression into env (safe)',
      'pass the value through env: and quote "$TITLE"',
    ]);
    expect(one(injection, byClass('rule')).attrs.get('href')).toBe('https://pipewarden.dev/rules/expression-injection');
  });

  it('frames each finding with two lines either side, clipped at the ends of the file', () => {
    const first = { ...CURL_PIPE, location: locate(DEPLOY, DEPLOY_TEXT, 'on: push') };
    const page = parseHtml(renderHtml(reportInput({ result: runResult({ findings: [first], suppressed: [] }) })));
    const frame = one(page, byClass('frame'));
    expect(findAll(frame, byClass('ln')).map((n) => n.text)).toEqual(['1', '2', '3']);
    expect(one(frame, byClass('marked')).text).toBe('1on: push');
  });

  it('summarises counts per severity, suppressions, parse issues and posture', () => {
    const page = parseHtml(renderHtml(reportInput()));
    const cards = findAll(one(page, byClass('cards')), byTag('li')).map((li) => li.text);
    expect(cards).toEqual(['1critical', '1high', '0medium', '1low', '0info']);
    const summary = findAll(page, (e) => e.tag === 'section' && e.attrs.get('id') === 'summary')[0];
    expect(summary?.text).toContain('3 findings, 1 suppressed; 3 files scanned, 2 pipelines, in 12 ms; 2 file problems (below).');
    const problems = findAll(page, (e) => e.attrs.get('id') === 'problems')[0];
    expect(findAll(problems as Element, byTag('li')).map((li) => li.text)).toEqual([
      '.github/workflows/broken.yml:3:5 parse error YAML_SYNTAX a block mapping may not start here',
      `${DEPLOY}:5:5 parse warning DUPLICATE_KEY key "env" appears twice; the last one wins`,
    ]);
    const suppressed = findAll(page, (e) => e.attrs.get('id') === 'suppressed')[0];
    expect(suppressed?.text.trim()).toBe(
      `1 suppressed finding${CI}:8:15 medium unpinned-reference (inline: tags are verified by dependabot)`,
    );

    const repository = one(page, byClass('repository'));
    expect(repository.attrs.get('data-repository')).toBe('.');
    const phases = findAll(one(repository, byClass('phases')), byTag('tr')).map((tr) => findAll(tr, byTag('td')).map((td) => td.text));
    expect(phases.slice(1).map((cells) => [cells[0], cells[2], cells[3]])).toEqual([
      ['Visibility', '0/2', 'expression-injection (1, critical), hardcoded-secret (1, high)'],
      ['Foundations', '1/1', '-'],
      ['Integrity', '0/1', 'remote-script-execution (1, low)'],
      ['Enforcement', 'no offline check', '-'],
    ]);
    const risks = findAll(one(repository, byClass('risks')), byTag('tr')).slice(1);
    expect(risks).toHaveLength(10);
    const steps = findAll(one(repository, byClass('steps')), byTag('li')).map((li) => li.text);
    expect(steps[0]).toBe(
      'visibility: Untrusted input is expanded into a shell script: 1 expression-injection finding (worst critical), first at .github/workflows/ci.yml:11; pipewarden fix handles some',
    );
    expect(steps).toHaveLength(4);
    expect(steps[3]).toMatch(/^Gate merges on the audit: run pipewarden scan --fail-on high/);
  });

  it('allows only its own inline style and script, by the hashes of what the page holds', () => {
    const html = renderHtml(reportInput());
    const page = parseHtml(html);
    const csp = one(page, (e) => e.tag === 'meta' && e.attrs.get('http-equiv') === 'Content-Security-Policy').attrs.get('content');
    expect(csp).toBe(contentSecurityPolicy(PAGE_SCRIPT));
    const style = one(page, byTag('style')).text;
    const scripts = findAll(page, byTag('script'));
    expect(scripts.map((s) => s.attrs.get('type'))).toEqual(['application/json', undefined]);
    const code = scripts[1]?.text ?? '';
    expect([style, code]).toEqual([PAGE_STYLE, PAGE_SCRIPT]);
    expect(csp).toBe(`default-src 'none'; style-src '${sha256(style)}'; script-src '${sha256(code)}'; base-uri 'none'; form-action 'none'`);
    const loads = findAll(page, (e) => e.attrs.has('src') || (e.tag === 'link' && e.attrs.has('href')));
    expect(loads).toEqual([]);
    expect(JSON.parse(scripts[0]?.text ?? '')).toEqual(JSON.parse(JSON.stringify(toJsonReport(reportInput()))));
    expect(scripts[0]?.attrs.get('id')).toBe(REPORT_DATA_ID);
  });

  it('escapes hostile messages, paths, notes, triggers, tips and source lines', () => {
    const attack = `</script><script>alert(1)</script><img src=x onerror=alert(2)><!-- "' & </style>`;
    const file = `.github/workflows/"><svg onload=alert(3)>.yml`;
    const source = `on: push\njobs:\n  x:\n    steps:\n      - run: echo '${attack}'\n`;
    const location = locate(file, source, attack);
    const hostile: Finding = {
      ...INJECTION,
      message: `payload ${attack}`,
      location,
      related: [{ ...location, note: attack }],
      flow: [{ ...location, note: attack }],
      trust: { triggers: [attack], minTrust: 7, privileges: [attack] },
      tip: attack,
      fixes: [{ title: attack, safety: 'unsafe', edits: [] }],
    };
    const input = reportInput({
      result: runResult({
        findings: [hostile],
        suppressed: [],
        parseIssues: [{ ...(runResult().parseIssues[0] as ParseIssue), file, message: attack }],
      }),
      sources: new Map([[file, source]]),
    });
    const html = renderHtml(input);
    const page = parseHtml(html);
    expect(findAll(page, (e) => ['img', 'svg', 'iframe', 'object', 'embed'].includes(e.tag))).toEqual([]);
    expect(findAll(page, byTag('script'))).toHaveLength(2);
    expect(findAll(page, byTag('style'))).toHaveLength(1);
    expect(findAll(page, (e) => [...e.attrs.keys()].some((name) => name.startsWith('on')))).toEqual([]);
    expect(commentsOf(html)).toEqual([]);

    const [article] = articles(page);
    expect(article?.attrs.get('data-file')).toBe(file);
    expect(one(article as Element, byClass('message')).text).toBe(`payload ${attack}`);
    expect(findAll(article as Element, byTag('mark')).map((m) => m.text)).toEqual([attack, attack, attack]);
    expect(findAll(article as Element, byTag('dd')).map((dd) => dd.text)).toEqual([
      `${attack} (trust level 7)`,
      attack,
      `${attack} (unsafe)`,
      attack,
    ]);
    const data = one(page, (e) => e.attrs.get('id') === REPORT_DATA_ID).text;
    expect(JSON.parse(data).findings[0].message).toBe(`payload ${attack}`);
    expect(data).not.toContain('<');
  });

  it('shows control and bidi characters from scanned files as visible stand-ins', () => {
    const source = 'on: push\n# \u202Eevil\u0007\n';
    const finding = { ...CURL_PIPE, message: 'bell \u0007 here', location: locate('c.yml', source, 'evil') };
    const html = renderHtml({
      ...reportInput({ result: runResult({ findings: [finding], suppressed: [] }) }),
      sources: new Map([['c.yml', source]]),
    });
    expect(html).not.toContain('\u0007');
    expect(html).not.toContain('\u202E');
    const page = parseHtml(html);
    expect(one(page, byClass('message')).text).toBe('bell \u2407 here');
    expect(frameLines(one(page, byClass('frame')))).toEqual(['on: push', '# \uFFFDevil\u2407', '']);
  });

  it('never shows a secret, in its own frame or in the frame of another finding', () => {
    const below: Finding = { ...CURL_PIPE, location: locate(DEPLOY, DEPLOY_TEXT, 'steps:') };
    for (const result of [runResult(), runResult({ findings: [below], suppressed: [SECRET_FINDING] })]) {
      const html = renderHtml(reportInput({ result }));
      expect(html).not.toContain(SECRET);
      expect(html).not.toContain(SECRET.slice(4, 12));
      const masked = `      TOKEN: ghp_${'*'.repeat(SECRET.length - 4)}`;
      const frames = findAll(parseHtml(html), byClass('frame')).map(frameLines);
      expect(frames.some((lines) => lines.includes(masked))).toBe(true);
    }
    const page = parseHtml(renderHtml(reportInput()));
    const secret = articles(page)[1] as Element;
    expect(findAll(secret, byTag('mark')).map((m) => m.text)).toEqual([`ghp_${'*'.repeat(SECRET.length - 4)}`]);
  });

  it('says so when there are no findings and no pipelines, and links nothing but http(s)', () => {
    const input = reportInput({
      result: runResult({ findings: [], suppressed: [], parseIssues: [], analysed: [] }),
      rules: reportInput().rules.map((rule) => ({ ...rule, helpUri: 'javascript:alert(1)' })),
    });
    const page = parseHtml(renderHtml(input));
    expect(articles(page)).toEqual([]);
    expect(one(page, (e) => e.attrs.get('id') === 'findings').text).toContain('No findings.');
    expect(one(page, (e) => e.attrs.get('id') === 'posture').text).toContain('No pipeline files were analysed.');
    expect(findAll(page, (e) => e.attrs.get('id') === 'problems' || e.attrs.get('id') === 'suppressed')).toEqual([]);
    const withLinks = parseHtml(renderHtml(reportInput({ rules: input.rules })));
    expect(findAll(withLinks, (e) => (e.attrs.get('href') ?? '').startsWith('javascript:'))).toEqual([]);
    expect(one(articles(withLinks)[0] as Element, byClass('rule')).tag).toBe('span');
  });
});
