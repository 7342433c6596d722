import { describe, expect, it } from 'vitest';
import type { Inventory } from '../inventory/build-inventory.js';
import { drawTrustMap } from '../inventory/trust-map.js';
import { MAX_SVG_NODES } from '../inventory/trust-graph-svg.js';
import { byTag, commentsOf, type Element, findAll, parseHtml } from '../test-support/html-dom.js';
import { reportInput } from '../test-support/fixture.js';
import { contentSecurityPolicy, renderHtml } from './render-html.js';
import { INVENTORY_DATA_ID, renderInventoryHtml } from './render-inventory-html.js';

const ATTACK = `</script><img src=x onerror=alert(1)><!-- "'&`;
const TOOL = { name: 'pipewarden', version: '9.9.9', informationUri: 'https://example.invalid' };

const INVENTORY: Inventory = {
  version: '1',
  pipelines: [
    {
      file: `.github/workflows/${ATTACK}.yml`,
      platform: 'github',
      kind: 'workflow',
      name: ATTACK,
      triggers: [{ name: 'pull_request_target', kind: 'pr-target', minTrust: 0, privileged: true }],
      jobs: [
        {
          id: ATTACK,
          runner: { labels: ['self-hosted'], selfHosted: true },
          permissions: { contents: 'write' },
          oidc: true,
          environment: { name: 'prod', isProtected: false },
          secrets: ['NPM_TOKEN', '*'],
          triggers: ['pull_request_target'],
          channels: [],
        },
      ],
      references: [{ kind: 'action', name: `actions/checkout${ATTACK}`, ref: 'v4', pin: 'floating-version', line: 9 }],
    },
  ],
  secrets: [
    {
      secret: 'NPM_TOKEN',
      jobs: [{ file: `.github/workflows/${ATTACK}.yml`, job: ATTACK }],
      triggers: ['pull_request_target'],
      lowestTrust: 0,
    },
    { secret: '*', jobs: [{ file: `.github/workflows/${ATTACK}.yml`, job: ATTACK }], triggers: ['pull_request_target'], lowestTrust: 0 },
  ],
  channels: [],
};

function rowsOf(table: Element | undefined): string[][] {
  return findAll(table as Element, byTag('tr')).map((tr) => tr.children.map((cell) => cell.text));
}

describe('inventory --format html', () => {
  it('lays out the map and every table with hostile names as text, no script and no comment', async () => {
    const html = renderInventoryHtml(INVENTORY, await drawTrustMap(INVENTORY), TOOL);
    const page = parseHtml(html);
    const scripts = findAll(page, byTag('script'));
    expect(scripts.map((s) => [s.attrs.get('type'), s.attrs.get('id')])).toEqual([['application/json', INVENTORY_DATA_ID]]);
    expect(JSON.parse(scripts[0]?.text ?? '')).toEqual(INVENTORY);
    const csp = findAll(page, (e) => e.attrs.get('http-equiv') === 'Content-Security-Policy')[0]?.attrs.get('content');
    expect(csp).toBe(contentSecurityPolicy(undefined));
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; script-src 'none'; base-uri 'none'; form-action 'none'$/);
    expect(findAll(page, (e) => ['img', 'iframe', 'object', 'embed', 'foreignObject'].includes(e.tag))).toEqual([]);
    expect(findAll(page, (e) => [...e.attrs.keys()].some((name) => name.startsWith('on')))).toEqual([]);
    expect(commentsOf(html)).toEqual([]);

    const svgs = findAll(page, byTag('svg'));
    expect(svgs).toHaveLength(1);
    const labels = findAll(svgs[0] as Element, byTag('text')).map((t) => t.text);
    expect(labels).toContain('secret NPM_TOKEN');
    expect(labels).toContain('any secret (computed name or all at once)');
    expect(labels.join('\n')).toContain('img src=x onerror=alert(1)');

    const tables = findAll(page, byTag('table'));
    expect(rowsOf(tables[0])).toEqual([
      ['file', 'kind', 'triggers', 'jobs', 'unpinned references'],
      [`.github/workflows/${ATTACK}.yml`, 'github workflow', 'pull_request_target', '1', '1 of 1'],
    ]);
    expect(rowsOf(tables[2])[1]).toEqual([
      ATTACK,
      'self-hosted (self-hosted)',
      'contents: write',
      'yes',
      'prod (unprotected)',
      'NPM_TOKEN, *',
      'pull_request_target',
    ]);
    expect(rowsOf(tables[3])[1]).toEqual(['action', `actions/checkout${ATTACK}`, 'v4', 'floating tag', '9']);
    expect(rowsOf(tables[4])).toEqual([
      ['secret', 'lowest trust that reaches it', 'triggers', 'jobs'],
      ['NPM_TOKEN', 'T0 anyone on the internet', 'pull_request_target', `.github/workflows/${ATTACK}.yml ${ATTACK}`],
      ['*', 'T0 anyone on the internet', 'pull_request_target', `.github/workflows/${ATTACK}.yml ${ATTACK}`],
    ]);
  });

  it('says why a map too large to draw is left out', async () => {
    const jobs = Array.from({ length: MAX_SVG_NODES }, (_, i) => ({
      ...(INVENTORY.pipelines[0]?.jobs[0] as Inventory['pipelines'][0]['jobs'][0]),
      id: `j${i}`,
    }));
    const big: Inventory = { ...INVENTORY, pipelines: [{ ...(INVENTORY.pipelines[0] as Inventory['pipelines'][0]), jobs }] };
    const picture = await drawTrustMap(big);
    expect(picture).toEqual({
      omitted: `The trust map has ${MAX_SVG_NODES + 4} nodes, too many to draw legibly: run pipewarden inventory --graph dot on one repository.`,
    });
    const page = parseHtml(renderInventoryHtml(big, picture, TOOL));
    expect(findAll(page, byTag('svg'))).toEqual([]);
  });
});

describe('scan --format html with the inventory', () => {
  it('places the trust map after the findings and the inventory after the posture', async () => {
    const visibility = { inventory: INVENTORY, trustMap: await drawTrustMap(INVENTORY) };
    const page = parseHtml(renderHtml({ ...reportInput(), visibility }));
    const sections = findAll(page, byTag('section')).map((s) => s.attrs.get('id'));
    expect(sections).toEqual(['summary', 'findings', 'trust-map', 'posture', 'inventory', 'problems', 'suppressed']);
    const without = findAll(parseHtml(renderHtml(reportInput())), byTag('section')).map((s) => s.attrs.get('id'));
    expect(without).toEqual(['summary', 'findings', 'posture', 'problems', 'suppressed']);
  });
});
