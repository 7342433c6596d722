import { describe, expect, it } from 'vitest';
import type { Inventory, InventoryJob, InventoryPipeline } from './build-inventory.js';
import { markdownCode as code } from '../markdown-text.js';
import { renderInventoryMarkdown } from './inventory-markdown.js';

function job(fields: Partial<InventoryJob>): InventoryJob {
  return {
    id: 'build',
    runner: { labels: ['ubuntu-latest'], selfHosted: false },
    permissions: null,
    oidc: false,
    environment: null,
    secrets: [],
    triggers: ['push'],
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

/** The table row of a job, rendered in a pipeline of the given kind. */
function jobRow(fields: Partial<InventoryJob>, owner: Partial<InventoryPipeline> = {}): string {
  const text = renderInventoryMarkdown({
    version: '1',
    pipelines: [pipeline({ ...owner, jobs: [job(fields)] })],
    secrets: [],
    channels: [],
  });
  return text.split('\n').find((line) => line.startsWith(`| ${code(fields.id ?? 'build')} |`)) as string;
}

describe('renderInventoryMarkdown', () => {
  it.each<[string, Partial<InventoryJob>, Partial<InventoryPipeline>, string]>([
    ['defaults of a workflow job', {}, {}, '| `build` | `ubuntu-latest` (hosted) | not set (repository default) | no | — | — | `push` |'],
    [
      'a GitLab job has no permissions key',
      {},
      { platform: 'gitlab', kind: 'gitlab-ci' },
      '| `build` | `ubuntu-latest` (hosted) | — | no | — | — | `push` |',
    ],
    [
      'a GitLab job without tags runs on the instance runners',
      { runner: { labels: [], selfHosted: false } },
      { platform: 'gitlab', kind: 'gitlab-ci' },
      '| `build` | hosted | — | no | — | — | `push` |',
    ],
    [
      'shorthand permissions',
      { permissions: 'write-all' },
      {},
      '| `build` | `ubuntu-latest` (hosted) | `write-all` | no | — | — | `push` |',
    ],
    [
      'scoped permissions, OIDC',
      { permissions: { contents: 'read', 'id-token': 'write' }, oidc: true },
      {},
      '| `build` | `ubuntu-latest` (hosted) | `contents: read`, `id-token: write` | yes | — | — | `push` |',
    ],
    ['no scopes at all', { permissions: {} }, {}, '| `build` | `ubuntu-latest` (hosted) | none | no | — | — | `push` |'],
    [
      'self-hosted runner, protected environment',
      { runner: { labels: ['self-hosted', 'linux'], selfHosted: true }, environment: { name: 'prod', isProtected: true } },
      {},
      '| `build` | `self-hosted`, `linux` (self-hosted) | not set (repository default) | no | `prod` (protected) | — | `push` |',
    ],
    [
      'runner from an expression, environment of unknown protection',
      { runner: { labels: ['${{ matrix.os }}'], selfHosted: 'unknown' }, environment: { name: 'stage', isProtected: 'unknown' } },
      {},
      '| `build` | `${{ matrix.os }}` (hosting unknown) | not set (repository default) | no | `stage` | — | `push` |',
    ],
    [
      'a job of an action: runner and token are the caller’s',
      { id: 'runs', runner: { labels: [], selfHosted: 'unknown' }, triggers: [] },
      { kind: 'action' },
      '| `runs` | — | — | no | — | — | — |',
    ],
    [
      'secrets, an unprotected environment, a hostile job id',
      { id: 'x|<b>', secrets: ['NPM_TOKEN', '*'], environment: { name: 'prod', isProtected: false } },
      {},
      '| `x\\|<b>` | `ubuntu-latest` (hosted) | not set (repository default) | no | `prod` (unprotected) | `NPM_TOKEN`, `*` | `push` |',
    ],
  ])('job row: %s', (_title, fields, owner, row) => {
    expect(jobRow(fields, owner)).toBe(row);
  });

  it('renders a whole inventory: overview, triggers with trust, references with pin state, secrets map', () => {
    const inventory: Inventory = {
      version: '1',
      pipelines: [
        pipeline({
          name: 'CI *main*',
          triggers: [
            { name: 'pull_request_target', kind: 'pr-target', minTrust: 0, privileged: true },
            { name: 'push', kind: 'push', minTrust: 2, privileged: false },
          ],
          jobs: [job({ secrets: ['*', 'NPM_TOKEN'], triggers: ['pull_request_target', 'push'] })],
          references: [
            { kind: 'action', name: 'actions/checkout', ref: '11bd71901bbe5b1630ceea73d27597364c9af683', pin: 'commit-sha', line: 9 },
            { kind: 'image', name: 'node', ref: null, pin: 'latest', line: 12 },
            { kind: 'image', name: '${{ matrix.image }}', ref: null, pin: 'dynamic', line: 14 },
          ],
        }),
        pipeline({ file: '.gitlab-ci.yml', platform: 'gitlab', kind: 'gitlab-ci' }),
      ],
      secrets: [
        { secret: '*', jobs: [{ file: '.github/workflows/ci.yml', job: 'build' }], triggers: ['pull_request_target'], lowestTrust: 0 },
        { secret: 'DEPLOY_KEY', jobs: [], triggers: [], lowestTrust: null },
      ],
      channels: [],
    };
    expect(renderInventoryMarkdown(inventory)).toBe(
      [
        '# Pipeline inventory',
        '',
        '2 pipeline(s), 1 job(s), 2 secret(s), 3 third-party reference(s), 1 of them pinned to a digest, commit or hash.',
        '',
        '| file | kind | triggers | jobs | unpinned references |',
        '|---|---|---|---|---|',
        '| `.github/workflows/ci.yml` | github workflow | `pull_request_target`, `push` | 1 | 2 of 3 |',
        '| `.gitlab-ci.yml` | gitlab gitlab-ci | — | 0 | 0 of 0 |',
        '',
        '## `.github/workflows/ci.yml` (CI \\*main\\*)',
        '',
        'github workflow',
        '',
        '### Triggers',
        '',
        '| event | lowest trust that can cause it | privileged |',
        '|---|---|---|',
        '| `pull_request_target` | T0 anyone on the internet | yes |',
        '| `push` | T2 a repository writer | no |',
        '',
        '### Jobs',
        '',
        '| job | runner | permissions | OIDC | environment | secrets | triggers |',
        '|---|---|---|---|---|---|---|',
        '| `build` | `ubuntu-latest` (hosted) | not set (repository default) | no | — | `*`, `NPM_TOKEN` | `pull_request_target`, `push` |',
        '',
        '### Third-party references',
        '',
        '| kind | name | ref | pin | line |',
        '|---|---|---|---|---|',
        '| action | `actions/checkout` | `11bd71901bbe5b1630ceea73d27597364c9af683` | pinned (commit SHA) | 9 |',
        '| image | `node` | — | latest | 12 |',
        '| image | `${{ matrix.image }}` | — | chosen at run time | 14 |',
        '',
        '## `.gitlab-ci.yml`',
        '',
        'gitlab gitlab-ci',
        '',
        '## Secrets',
        '',
        '| secret | lowest trust that reaches it | triggers | jobs |',
        '|---|---|---|---|',
        '| `*` | T0 anyone on the internet | `pull_request_target` | `.github/workflows/ci.yml` `build` |',
        '| `DEPLOY_KEY` | no trigger reaches it | — | — |',
        '',
        '`*`: the job reads secrets by a computed name or all at once, so it may hold any of them.',
        '',
        '## Artifacts and caches',
        '',
        'No job uploads or downloads an artifact or uses a cache.',
        '',
        '## Trust map',
        '',
        'Who can start what, and what it holds (red: triggers outsiders can cause; orange: jobs with secrets, OIDC or write access).',
        '',
        '```mermaid',
        'flowchart LR',
        '  classDef trigger fill:#eef,stroke:#557',
        '  classDef untrusted fill:#fdd,stroke:#c00,stroke-width:2px',
        '  classDef job fill:#fff,stroke:#777',
        '  classDef privileged fill:#ffe8cc,stroke:#c60',
        '  classDef secret fill:#fff3b0,stroke:#a80',
        '  classDef environment fill:#dfd,stroke:#393',
        '  classDef channel fill:#f3e8ff,stroke:#73c,stroke-dasharray:4',
        '  subgraph g0[".github/workflows/ci.yml"]',
        '    p0t0["pull_request_target (anyone on the internet)"]:::untrusted',
        '    p0t1["push (a repository writer)"]:::trigger',
        '    p0j0["job build<br/>default token"]:::privileged',
        '  end',
        '  n0["any secret (computed name or all at once)"]:::secret',
        '  n1["secret NPM_TOKEN"]:::secret',
        '  p0t0 --> p0j0',
        '  p0t1 --> p0j0',
        '  p0j0 -->|reads| n0',
        '  p0j0 -->|reads| n1',
        '```',
        '',
      ].join('\n'),
    );
  });

  it('leaves out a trust map GitHub could not draw, and says how to get it', () => {
    const jobs = Array.from({ length: 501 }, (_, i) => job({ id: `j${i}`, triggers: ['push'] }));
    const text = renderInventoryMarkdown({
      version: '1',
      pipelines: [pipeline({ triggers: [{ name: 'push', kind: 'push', minTrust: 2, privileged: false }], jobs })],
      secrets: [],
      channels: [],
    });
    expect(text).not.toContain('```mermaid');
    expect(text).toContain(
      'The trust map has 502 nodes and 501 edges, too many for a Markdown diagram; `pipewarden inventory --graph svg` (or `dot`) draws it.',
    );
  });

  it('lists artifacts and caches with who writes and reads them, names escaped', () => {
    const text = renderInventoryMarkdown({
      version: '1',
      pipelines: [],
      secrets: [],
      channels: [
        {
          kind: 'cache',
          name: 'deps-${{ hashFiles(`x|y`) }}',
          scope: '',
          writers: [{ file: '.github/workflows/pr.yml', job: 'build', lowestTrust: 0, privileged: true }],
          readers: [{ file: '.github/workflows/release.yml', job: 'publish', lowestTrust: 2, privileged: false }],
          crossesTrust: true,
        },
        {
          kind: 'artifact',
          name: 'dist',
          scope: 'app/',
          writers: [],
          readers: [{ file: 'app/.github/workflows/after.yml', job: 'deploy', lowestTrust: 0, privileged: true, otherRun: true }],
          crossesTrust: false,
        },
      ],
    });
    const lines = text.split('\n');
    const start = lines.indexOf('## Artifacts and caches');
    expect(lines.slice(start, start + 6)).toEqual([
      '## Artifacts and caches',
      '',
      '| kind | name | shared in | written by | read by | crosses trust |',
      '|---|---|---|---|---|---|',
      '| cache | `` deps-${{ hashFiles(`x\\|y`) }} `` | the scanned repository | `.github/workflows/pr.yml` `build` (T0, privileged) | `.github/workflows/release.yml` `publish` (T2) | yes |',
      '| artifact | `dist` | `app/` | another run | `app/.github/workflows/after.yml` `deploy` (T0, privileged, other run) | no |',
    ]);
  });

  it('says so when no job reads a secret', () => {
    const text = renderInventoryMarkdown({ version: '1', pipelines: [], secrets: [], channels: [] });
    expect(text).toBe(
      '# Pipeline inventory\n\n0 pipeline(s), 0 job(s), 0 secret(s), 0 third-party reference(s), 0 of them pinned to a digest, commit or hash.\n\n## Secrets\n\nNo job reads a secret.\n\n## Artifacts and caches\n\nNo job uploads or downloads an artifact or uses a cache.\n\n## Trust map\n\nNo pipeline to map.\n',
    );
  });
});
