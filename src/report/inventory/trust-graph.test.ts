import { parseFragment } from 'parse5';
import { describe, expect, it } from 'vitest';
import type { Inventory, InventoryJob, InventoryPipeline } from './build-inventory.js';
import { buildTrustGraph, renderDot, renderMermaid, type TrustGraph } from './trust-graph.js';
import { GraphTooLarge, MAX_SVG_NODES, renderSvg } from './trust-graph-svg.js';

function job(fields: Partial<InventoryJob>): InventoryJob {
  return {
    id: 'build',
    runner: { labels: ['ubuntu-latest'], selfHosted: false },
    permissions: { contents: 'read' },
    oidc: false,
    environment: null,
    secrets: [],
    triggers: [],
    channels: [],
    ...fields,
  };
}

function pipeline(fields: Partial<InventoryPipeline>): InventoryPipeline {
  return {
    file: '.github/workflows/ci.yml',
    platform: 'github',
    kind: 'workflow',
    name: null,
    triggers: [],
    jobs: [],
    references: [],
    ...fields,
  };
}

function inventory(...pipelines: InventoryPipeline[]): Inventory {
  return { version: '1', pipelines, secrets: [], channels: [] };
}

const PR_TARGET = { name: 'pull_request_target', kind: 'pr-target', minTrust: 0, privileged: true };
const PUSH = { name: 'push', kind: 'push', minTrust: 2, privileged: false };

describe('buildTrustGraph', () => {
  it('links triggers to the jobs they reach and jobs to what they hold, secrets shared across files', () => {
    const graph = buildTrustGraph(
      inventory(
        pipeline({
          triggers: [PR_TARGET, PUSH],
          jobs: [
            job({ id: 'test', triggers: ['pull_request_target', 'push'] }),
            job({
              id: 'deploy',
              triggers: ['push'],
              secrets: ['NPM_TOKEN'],
              oidc: true,
              permissions: { contents: 'write', 'id-token': 'write', issues: 'read' },
              environment: { name: 'prod', isProtected: false },
            }),
          ],
        }),
        pipeline({
          file: '.github/workflows/nightly.yml',
          triggers: [{ name: 'schedule', kind: 'schedule', minTrust: 3, privileged: false }],
          jobs: [
            job({
              id: 'sweep',
              triggers: ['schedule'],
              secrets: ['NPM_TOKEN', '*'],
              runner: { labels: ['self-hosted'], selfHosted: true },
            }),
          ],
        }),
      ),
    );
    expect(graph.groups).toEqual(['.github/workflows/ci.yml', '.github/workflows/nightly.yml']);
    expect(graph.nodes.map((n) => [n.id, n.kind, n.label])).toEqual([
      ['p0t0', 'untrusted-trigger', 'pull_request_target (anyone on the internet)'],
      ['p0t1', 'trigger', 'push (a repository writer)'],
      ['p0j0', 'job', 'job test'],
      ['p0j1', 'privileged-job', 'job deploy\nOIDC\nwrites contents, id-token'],
      ['p1t0', 'trigger', 'schedule (a maintainer of protected refs)'],
      ['p1j0', 'privileged-job', 'job sweep\nself-hosted'],
      ['n0', 'secret', 'secret NPM_TOKEN'],
      ['n1', 'environment', 'environment prod (unprotected)'],
      ['n2', 'secret', 'any secret (computed name or all at once)'],
    ]);
    expect(graph.edges).toEqual([
      { from: 'p0t0', to: 'p0j0' },
      { from: 'p0t1', to: 'p0j0' },
      { from: 'p0t1', to: 'p0j1' },
      { from: 'p0j1', to: 'n0', label: 'reads' },
      { from: 'p0j1', to: 'n1', label: 'deploys' },
      { from: 'p1t0', to: 'p1j0' },
      { from: 'p1j0', to: 'n0', label: 'reads' },
      { from: 'p1j0', to: 'n2', label: 'reads' },
    ]);
  });

  it.each<[string, Partial<InventoryJob>, string, string]>([
    ['token not set', { permissions: null }, 'job build\ndefault token', 'job'],
    ['write-all', { permissions: 'write-all' }, 'job build\nwrite-all', 'privileged-job'],
    ['read-only scopes', { permissions: { contents: 'read', packages: 'read' } }, 'job build', 'job'],
    ['secret only', { secrets: ['X'] }, 'job build', 'privileged-job'],
    ['runner unknown', { runner: { labels: ['${{ matrix.os }}'], selfHosted: 'unknown' } }, 'job build', 'job'],
  ])('labels a job: %s', (_name, fields, label, kind) => {
    const [node] = buildTrustGraph(inventory(pipeline({ jobs: [job(fields)] }))).nodes;
    expect([node?.label, node?.kind]).toEqual([label, kind]);
  });

  it('draws only the artifacts and caches that cross trust, between the jobs on each side', () => {
    const end = (file: string, job: string, lowestTrust: number, privileged = false) => ({ file, job, lowestTrust, privileged });
    const graph = buildTrustGraph({
      version: '1',
      pipelines: [
        pipeline({ file: 'a.yml', triggers: [PR_TARGET], jobs: [job({ id: 'build', triggers: ['pull_request_target'] })] }),
        pipeline({ file: 'b.yml', triggers: [PUSH], jobs: [job({ id: 'release', triggers: ['push'] })] }),
      ],
      secrets: [],
      channels: [
        {
          kind: 'cache',
          name: 'deps',
          scope: '',
          writers: [end('a.yml', 'build', 0, true)],
          readers: [end('b.yml', 'release', 2)],
          crossesTrust: true,
        },
        {
          kind: 'artifact',
          name: 'dist',
          scope: 'a.yml',
          writers: [end('a.yml', 'build', 0)],
          readers: [end('a.yml', 'build', 0)],
          crossesTrust: false,
        },
      ],
    });
    expect(graph.nodes.filter((n) => n.kind === 'channel')).toEqual([{ id: 'n0', kind: 'channel', label: 'cache deps' }]);
    expect(graph.edges.filter((e) => e.from === 'n0' || e.to === 'n0')).toEqual([
      { from: 'p0j0', to: 'n0', label: 'writes' },
      { from: 'n0', to: 'p1j0', label: 'read by' },
    ]);
  });

  it('keeps an edge only to triggers the pipeline declares', () => {
    const graph = buildTrustGraph(inventory(pipeline({ triggers: [PUSH], jobs: [job({ triggers: ['push', 'workflow_call'] })] })));
    expect(graph.edges).toEqual([{ from: 'p0t0', to: 'p0j0' }]);
  });
});

/** A graph whose labels try to break out of each syntax. */
const HOSTILE: TrustGraph = {
  groups: ['a"]; click p0 call alert(1) %%', 'empty.yml'],
  nodes: [
    {
      id: 'p0j0',
      kind: 'privileged-job',
      label: 'job x"] --> evil["<img src=x onerror=alert(1)>\n#35; `md` &amp;',
      group: 'a"]; click p0 call alert(1) %%',
    },
    { id: 'n0', kind: 'secret', label: 'secret \\N \\G "q"\u202e\u0007' },
  ],
  edges: [{ from: 'p0j0', to: 'n0', label: 'reads' }],
};

describe('renderMermaid', () => {
  it('quotes every label with markup and quotes as entity codes, skips empty groups', () => {
    expect(renderMermaid(HOSTILE).split('\n')).toEqual([
      'flowchart LR',
      '  classDef trigger fill:#eef,stroke:#557',
      '  classDef untrusted fill:#fdd,stroke:#c00,stroke-width:2px',
      '  classDef job fill:#fff,stroke:#777',
      '  classDef privileged fill:#ffe8cc,stroke:#c60',
      '  classDef secret fill:#fff3b0,stroke:#a80',
      '  classDef environment fill:#dfd,stroke:#393',
      '  classDef channel fill:#f3e8ff,stroke:#73c,stroke-dasharray:4',
      '  subgraph g0["a#34;]; click p0 call alert(1) %%"]',
      '    p0j0["job x#34;] --#62; evil[#34;#60;img src=x onerror=alert(1)#62;<br/>#35;35; #96;md#96; #38;amp;"]:::privileged',
      '  end',
      '  n0["secret \\N \\G #34;q#34;  "]:::secret',
      '  p0j0 -->|reads| n0',
      '',
    ]);
  });

  it('renders the example shape: one subgraph per file, styled nodes, labelled edges', () => {
    const text = renderMermaid(
      buildTrustGraph(inventory(pipeline({ triggers: [PR_TARGET], jobs: [job({ triggers: ['pull_request_target'], secrets: ['T'] })] }))),
    );
    expect(text).toContain(
      '  subgraph g0[".github/workflows/ci.yml"]\n    p0t0["pull_request_target (anyone on the internet)"]:::untrusted',
    );
    expect(text).toContain('  p0t0 --> p0j0\n  p0j0 -->|reads| n0\n');
  });
});

describe('renderDot', () => {
  it('escapes quotes and backslashes (no \\N expansion), keeps line breaks as \\n, drops controls', () => {
    const lines = renderDot(HOSTILE).split('\n');
    expect(lines).toContain('  subgraph cluster_0 {');
    expect(lines).toContain('    label="a\\"]; click p0 call alert(1) %%";');
    expect(lines).toContain(
      '    p0j0 [label="job x\\"] --> evil[\\"<img src=x onerror=alert(1)>\\n#35; `md` &amp;", shape=box, style=filled, fillcolor="#ffe8cc", color="#cc6600"];',
    );
    expect(lines).toContain('  n0 [label="secret \\\\N \\\\G \\"q\\"  ", shape=note, style=filled, fillcolor="#fff3b0", color="#aa8800"];');
    expect(lines).toContain('  p0j0 -> n0 [label="reads"];');
    expect(lines.filter((line) => line.startsWith('  subgraph'))).toHaveLength(1);
  });
});

describe('renderSvg', () => {
  it('lays the graph out with the WASM Graphviz; label text arrives as text, not markup', async () => {
    const svg = await renderSvg(HOSTILE);
    expect(svg.startsWith('<svg')).toBe(true);
    const texts: string[] = [];
    const elements: string[] = [];
    const walk = (node: { nodeName: string; value?: string; childNodes?: unknown[] }) => {
      if (node.nodeName === '#text' && node.value?.trim()) texts.push(node.value.trim());
      else if (!node.nodeName.startsWith('#')) elements.push(node.nodeName);
      for (const child of (node.childNodes ?? []) as (typeof node)[]) walk(child);
    };
    walk(parseFragment(svg) as never);
    expect(texts).toContain('job x"] --> evil["<img src=x onerror=alert(1)>');
    expect(texts).toContain('secret \\N \\G "q"');
    expect(elements).not.toContain('img');
    expect(elements).not.toContain('script');
  });

  it('refuses a graph too large to read, before laying it out', async () => {
    const nodes = Array.from({ length: MAX_SVG_NODES + 1 }, (_, i) => ({ id: `n${i}`, kind: 'job' as const, label: 'job' }));
    await expect(renderSvg({ groups: [], nodes, edges: [] })).rejects.toBeInstanceOf(GraphTooLarge);
  });
});
