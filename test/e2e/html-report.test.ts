/// <reference lib="dom" />
/**
 * The HTML report of examples/ in a real browser: headless Chromium from the system's packages
 * (Debian's `chromium`), driven by playwright-core. The page must load from a file:// URL with no
 * console error, no request besides itself, its style and script allowed by its own
 * Content-Security-Policy, and filters that show exactly the matching findings. A screenshot is
 * left in test-output/ for people to look at. Skipped, saying why, when no Chromium is installed.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/capture-io.js';

const REPO = path.join(import.meta.dirname, '../..');
const OUTPUT = path.join(REPO, 'test-output');
const REPORT = path.join(OUTPUT, 'html-report.html');
const SCREENSHOT = path.join(OUTPUT, 'html-report.png');
const CHROMIUM = process.env.PIPEWARDEN_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

/** A workflow whose name, path, comments and values try to break out of the page. */
const HOSTILE_FILE = '.github/workflows/<img src=x onerror=alert(1)>.yml';
const TOKEN = 'ghp_Zq8rT2vLk9Xw4Nb7Hc1Jm5Pd3Fs6Gy0Ue2Ai';
const HOSTILE = `name: "</script><script>window.__pwned = 1</script>"
on: issues
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      # <img src=x onerror="window.__pwned = 2"> <!--
      - uses: "actions/checkout@v4<svg onload=alert(3)>"
      - run: echo "\${{ github.event.issue.title }}" # </script><script>window.__pwned = 3</script>
        env:
          GH_TOKEN: ${TOKEN}
`;

if (!hasChromium) {
  console.warn(`skipping the HTML report browser test: no Chromium at ${CHROMIUM} (apt-get install chromium, or set PIPEWARDEN_CHROMIUM)`);
}

interface Shown {
  severity: string;
  rule: string;
  file: string;
}

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let requests: string[];
  let expected: Shown[];

  /** Opens a report in a fresh page, recording console messages, errors, requests and dialogs. */
  async function open(file: string): Promise<{ page: Page; problems: string[]; requests: string[] }> {
    const opened = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    opened.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    opened.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    opened.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
    opened.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    opened.on('request', (request) => requests.push(request.url()));
    await opened.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page: opened, problems, requests };
  }

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const io = captureIO(REPO);
    expect(await main(['scan', 'examples', '--format', 'html', '--output', REPORT], io)).toBe(1);
    expect(io.out()).toBe('');
    // Root (containers, CI) cannot use Chromium's sandbox.
    const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    browser = await chromium.launch({ executablePath: CHROMIUM, args });
    ({ page, problems, requests } = await open(REPORT));
    const data = JSON.parse((await page.locator('#pipewarden-report').textContent()) ?? '{}');
    expected = data.findings.map((f: { severity: string; ruleId: string; location: { file: string } }) => ({
      severity: f.severity,
      rule: f.ruleId,
      file: f.location.file,
    }));
  }, 20_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** The findings the page shows now, as the browser renders them (hidden ones left out). */
  async function shown(): Promise<Shown[]> {
    return page.locator('article.finding:visible').evaluateAll((articles) =>
      articles.map((a) => ({
        severity: a.getAttribute('data-severity') ?? '',
        rule: a.getAttribute('data-rule') ?? '',
        file: a.getAttribute('data-file') ?? '',
      })),
    );
  }

  const sortKey = (f: Shown) => `${f.severity} ${f.rule} ${f.file}`;
  const sorted = (list: Shown[]) => [...list].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

  it('loads with no console error, no request but itself, and its style and script allowed', async () => {
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(REPORT).href]);
    expect(expected.length).toBeGreaterThan(10);
    expect(sorted(await shown())).toEqual(sorted(expected));
    // The style sheet applied and the script ran: CSP hashes match what the page holds.
    expect(await page.locator('form.filters').evaluate((form) => getComputedStyle(form).display)).toBe('flex');
    expect(await page.locator('#shown-count').textContent()).toBe(String(expected.length));
  });

  it('filters by severity, rule and file, and shows all again on reset', async () => {
    await page.selectOption('select[data-filter="severity"]', 'critical');
    const critical = expected.filter((f) => f.severity === 'critical');
    expect(critical.length).toBeGreaterThan(0);
    expect(sorted(await shown())).toEqual(sorted(critical));
    expect(await page.locator('#shown-count').textContent()).toBe(String(critical.length));

    await page.selectOption('select[data-filter="severity"]', '');
    const rule = 'unpinned-reference';
    await page.selectOption('select[data-filter="rule"]', rule);
    const ofRule = expected.filter((f) => f.rule === rule);
    expect(ofRule.length).toBeGreaterThan(0);
    expect(ofRule.length).toBeLessThan(expected.length);
    expect(sorted(await shown())).toEqual(sorted(ofRule));

    const file = ofRule[0]?.file ?? '';
    await page.selectOption('select[data-filter="file"]', file);
    expect(sorted(await shown())).toEqual(sorted(ofRule.filter((f) => f.file === file)));

    await page.selectOption('select[data-filter="severity"]', 'info');
    const none = expected.filter((f) => f.rule === rule && f.file === file && f.severity === 'info');
    expect(none).toEqual([]);
    expect(await shown()).toEqual([]);
    expect(await page.locator('#no-match').isVisible()).toBe(true);

    await page.click('#reset-filters');
    expect(sorted(await shown())).toEqual(sorted(expected));
    expect(await page.locator('#no-match').isVisible()).toBe(false);
    await page.selectOption('select[data-filter="severity"]', 'critical');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('draws the trust map and folds the inventory under each pipeline', async () => {
    const map = page.locator('#trust-map svg');
    const box = await map.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    const labels = await map.locator('text').allTextContents();
    expect(labels).toContain('pull_request_target (anyone on the internet)');
    expect(labels).toContain('secret NPM_TOKEN');
    const details = page.locator('#inventory details.pipeline');
    expect(await details.count()).toBeGreaterThan(3);
    const jobs = details.filter({ hasText: 'pr-build.yml' }).locator('table').nth(1);
    expect(await jobs.isVisible()).toBe(false);
    await details.filter({ hasText: 'pr-build.yml' }).locator('summary').click();
    expect(await jobs.isVisible()).toBe(true);
    expect(await jobs.locator('td').first().textContent()).toBe('build');
    expect(problems).toEqual([]);
  });

  it('inventory --format html opens with no script at all, the map and the tables', async () => {
    const file = path.join(OUTPUT, 'inventory.html');
    expect(await main(['inventory', 'examples', '--format', 'html', '--output', file], captureIO(REPO))).toBe(0);
    const inventory = await open(file);
    expect(inventory.problems).toEqual([]);
    expect(inventory.requests).toEqual([pathToFileURL(file).href]);
    expect(await inventory.page.locator('script:not([type="application/json"])').count()).toBe(0);
    expect(await inventory.page.locator('#trust-map svg text').allTextContents()).toContain('secret NPM_TOKEN');
    expect(await inventory.page.locator('#inventory table').first().locator('tbody tr').count()).toBeGreaterThan(3);
    await inventory.page.screenshot({ path: path.join(OUTPUT, 'inventory.png'), fullPage: true });
    expect(existsSync(path.join(OUTPUT, 'inventory.png'))).toBe(true);
  });

  it('runs nothing from a hostile workflow and shows no secret', async () => {
    const tree = mkdtempSync(path.join(tmpdir(), 'pw-html-'));
    try {
      mkdirSync(path.join(tree, '.github/workflows'), { recursive: true });
      writeFileSync(path.join(tree, HOSTILE_FILE), HOSTILE);
      const report = path.join(tree, 'report.html');
      expect(await main(['scan', tree, '--format', 'html', '--output', report], captureIO(REPO))).toBe(1);
      const hostile = await open(report);
      // An injected inline script would also be refused by the CSP, which logs a console error.
      expect(hostile.problems).toEqual([]);
      expect(hostile.requests).toEqual([pathToFileURL(report).href]);
      expect(await hostile.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await hostile.page.locator('script').count()).toBe(2);
      expect(await hostile.page.locator('img, iframe, object, embed, foreignObject').count()).toBe(0);
      // The one picture is the trust map Graphviz drew; the hostile names are text inside it.
      expect(await hostile.page.locator('svg').count()).toBe(1);
      expect(await hostile.page.locator('#trust-map svg').count()).toBe(1);
      expect(await hostile.page.locator('#trust-map svg text').allTextContents()).toContain('job triage');
      const handlers = await hostile.page.evaluate(() =>
        Array.from(document.querySelectorAll('*')).flatMap((e) => e.getAttributeNames().filter((name) => name.startsWith('on'))),
      );
      expect(handlers).toEqual([]);
      const found = await hostile.page
        .locator('article.finding')
        .evaluateAll((a) => a.map((e) => [e.getAttribute('data-file'), e.getAttribute('data-rule')]));
      expect(new Set(found.map(([file]) => file))).toEqual(new Set([HOSTILE_FILE]));
      expect(found.map(([, rule]) => rule)).toContain('hardcoded-secret');
      expect(found.map(([, rule]) => rule)).toContain('expression-injection');
      const text = (await hostile.page.locator('body').textContent()) ?? '';
      expect(text).toContain('# </script><script>window.__pwned = 3</script>');
      expect(text).not.toContain(TOKEN.slice(4, 12));
      expect(await hostile.page.locator('#pipewarden-report').textContent()).not.toContain(TOKEN.slice(4, 12));
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
