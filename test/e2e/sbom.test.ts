/** `pipewarden sbom` end to end: purls, dependencies, occurrences and formulation, schema-valid. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/capture-io.js';
import { cycloneDxErrors } from '../support/cyclonedx.js';

const REPO = path.join(import.meta.dirname, '../..');
const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const WORKFLOW = `name: Release
on:
  pull_request_target:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    container: ghcr.io/acme/builder:1.2@${DIGEST}
    services:
      cache: redis
    steps:
      - uses: actions/checkout@${SHA} # v4.2.2
      - uses: github/codeql-action/init@v3
      - uses: ./.github/actions/greet
      - uses: docker://alpine:3.20
      - name: Build
        run: make
  publish:
    needs: [build]
    environment: prod
    uses: acme/shared/.github/workflows/publish.yml@main
    secrets: inherit
`;
const ACTION = `name: Greet
runs:
  using: composite
  steps:
    - run: echo hi
      shell: bash
    - uses: actions/checkout@v4
`;
const GITLAB = `include:
  - component: gitlab.com/acme/ci/lint@1.4.0
  - project: acme/templates
    ref: v2
    file: /jobs/deploy.yml
  - remote: https://example.com/ci/scan.yml
    integrity: sha256-${Buffer.from('cd'.repeat(32), 'hex').toString('base64')}
  - template: Jobs/SAST.gitlab-ci.yml
test:
  image: node:20
  script:
    - npm test
`;

let tree: string;
beforeAll(() => {
  tree = mkdtempSync(path.join(tmpdir(), 'pw-sbom-'));
  mkdirSync(path.join(tree, '.github/workflows'), { recursive: true });
  mkdirSync(path.join(tree, '.github/actions/greet'), { recursive: true });
  writeFileSync(path.join(tree, '.github/workflows/release.yml'), WORKFLOW);
  writeFileSync(path.join(tree, '.github/actions/greet/action.yml'), ACTION);
  writeFileSync(path.join(tree, '.gitlab-ci.yml'), GITLAB);
});
afterAll(() => rmSync(tree, { recursive: true, force: true }));

interface Component {
  'bom-ref': string;
  type: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  hashes?: { alg: string; content: string }[];
  evidence?: { occurrences: { location: string; line: number }[] };
}

async function sbom(args: string[], env: Record<string, string> = { SOURCE_DATE_EPOCH: '1700000000' }) {
  const io = captureIO(tree);
  Object.assign(io.env, env);
  const code = await main(['sbom', ...args], io);
  return { code, io, text: io.out() };
}

describe('pipewarden sbom', () => {
  it('writes a CycloneDX 1.6 document that the official schema accepts', async () => {
    const { code, text } = await sbom(['.']);
    expect(code).toBe(0);
    expect(await cycloneDxErrors(text)).toBeNull();
    const bom = JSON.parse(text);
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', metadata: { timestamp: '2023-11-14T22:13:20.000Z' } });
    // The validator bites: a task type outside the schema's enumeration is refused.
    bom.formulation[0].workflows[0].tasks[0].taskTypes = ['compile'];
    expect(await cycloneDxErrors(JSON.stringify(bom))).not.toBeNull();
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives every pulled-in unit the purl type of its kind, with version or digest', async () => {
    const bom = JSON.parse((await sbom(['.'])).text);
    const purls = (bom.components as Component[]).filter((c) => c.purl).map((c) => [c.type, c.purl, c.version ?? null]);
    expect(purls).toEqual(
      expect.arrayContaining([
        ['library', `pkg:githubactions/actions/checkout@${SHA}`, SHA],
        ['library', 'pkg:githubactions/actions/checkout@v4', 'v4'],
        ['library', 'pkg:githubactions/github/codeql-action%2Finit@v3', 'v3'],
        ['library', 'pkg:github/acme/shared@main#.github/workflows/publish.yml', 'main'],
        ['container', `pkg:docker/acme/builder@${DIGEST}?repository_url=ghcr.io`, '1.2'],
        ['container', 'pkg:docker/redis', null],
        ['container', 'pkg:docker/alpine@3.20', '3.20'],
        ['container', 'pkg:docker/node@20', '20'],
        ['library', 'pkg:git/gitlab.com/acme/ci@1.4.0', '1.4.0'],
        ['file', 'pkg:git/gitlab.com/acme/templates@v2#jobs/deploy.yml', 'v2'],
        ['file', 'pkg:git/gitlab.com/gitlab-org/gitlab#lib/gitlab/ci/templates/Jobs/SAST.gitlab-ci.yml', null],
      ]),
    );
    const remote = (bom.components as Component[]).find((c) => c.name === 'https://example.com/ci/scan.yml');
    expect(remote?.purl).toBe(
      `pkg:generic/scan.yml?checksum=sha256%3A${'cd'.repeat(32)}&download_url=https%3A%2F%2Fexample.com%2Fci%2Fscan.yml`,
    );
    expect(remote?.hashes).toEqual([{ alg: 'SHA-256', content: 'cd'.repeat(32) }]);
    const builder = (bom.components as Component[]).find((c) => c.name === 'ghcr.io/acme/builder');
    expect(builder?.hashes).toEqual([{ alg: 'SHA-256', content: 'ab'.repeat(32) }]);
  });

  it('records where each component is used, and one component for one purl', async () => {
    const bom = JSON.parse((await sbom(['.'])).text);
    const checkoutV4 = (bom.components as Component[]).filter((c) => c.purl === 'pkg:githubactions/actions/checkout@v4');
    expect(checkoutV4).toHaveLength(1);
    expect(checkoutV4[0]?.evidence?.occurrences).toEqual([{ location: '.github/actions/greet/action.yml', line: 7 }]);
    const pinned = (bom.components as Component[]).find((c) => c.version === SHA);
    expect(pinned?.evidence?.occurrences).toEqual([{ location: '.github/workflows/release.yml', line: 13 }]);
    expect(JSON.stringify(pinned)).toContain('"name":"pipewarden:version-comment","value":"v4.2.2"');
  });

  it('links the project to each pipeline and each pipeline to what it uses, local actions included', async () => {
    const bom = JSON.parse((await sbom(['.'])).text);
    const deps = new Map<string, string[]>(bom.dependencies.map((d: { ref: string; dependsOn?: string[] }) => [d.ref, d.dependsOn ?? []]));
    expect(deps.get('project')).toEqual([
      'pipeline:.github/actions/greet/action.yml',
      'pipeline:.github/workflows/release.yml',
      'pipeline:.gitlab-ci.yml',
    ]);
    expect(deps.get('pipeline:.github/workflows/release.yml')).toEqual(
      [
        `pkg:docker/acme/builder@${DIGEST}?repository_url=ghcr.io`,
        'pkg:docker/alpine@3.20',
        'pkg:docker/redis',
        'pkg:github/acme/shared@main#.github/workflows/publish.yml',
        `pkg:githubactions/actions/checkout@${SHA}`,
        'pkg:githubactions/github/codeql-action%2Finit@v3',
        'pipeline:.github/actions/greet/action.yml',
      ].sort(),
    );
    expect(deps.get('pipeline:.github/actions/greet/action.yml')).toEqual(['pkg:githubactions/actions/checkout@v4']);
  });

  it('describes how the pipelines run in the formulation: workflows, tasks, steps, triggers', async () => {
    const bom = JSON.parse((await sbom(['.'])).text);
    const [formula] = bom.formulation;
    const release = formula.workflows.find((w: { uid: string }) => w.uid === '.github/workflows/release.yml');
    expect(release.trigger).toMatchObject({
      type: 'webhook',
      name: 'pull_request_target, push',
      conditions: [
        { description: 'pull_request_target: anyone on the internet, privileged' },
        { description: 'push: a repository writer', expression: 'branches: main' },
      ],
    });
    expect(release.tasks.map((t: { name: string; taskTypes: string[] }) => [t.name, t.taskTypes])).toEqual([
      ['build', ['clone']],
      ['publish', ['deploy']],
    ]);
    expect(release.taskTypes).toEqual(['clone', 'deploy']);
    expect(release.taskDependencies).toEqual([
      { ref: 'task:pipeline:.github/workflows/release.yml#publish', dependsOn: ['task:pipeline:.github/workflows/release.yml#build'] },
    ]);
    const build = release.tasks[0];
    expect(
      build.steps.map((s: { name: string; commands?: { executed: string }[] }) => [s.name, s.commands?.[0]?.executed ?? null]),
    ).toEqual([
      [`actions/checkout@${SHA}`, `uses: actions/checkout@${SHA}`],
      ['github/codeql-action/init@v3', 'uses: github/codeql-action/init@v3'],
      ['./.github/actions/greet', 'uses: ./.github/actions/greet'],
      ['docker://alpine:3.20', 'uses: docker://alpine:3.20'],
      ['Build', null],
    ]);
    expect(build.resourceReferences.map((r: { ref: string }) => r.ref)).toContain('pkg:docker/redis');
    expect(JSON.stringify(bom.formulation)).not.toContain('make');
  });

  it('is byte-identical across runs with SOURCE_DATE_EPOCH, and random-serialled without', async () => {
    const first = await sbom(['.']);
    const second = await sbom(['.']);
    expect(second.text).toBe(first.text);
    const a = JSON.parse((await sbom(['.'], {})).text);
    const b = JSON.parse((await sbom(['.'], {})).text);
    expect(a.serialNumber).not.toBe(b.serialNumber);
  });

  it('writes to --output and runs on the example repository', async () => {
    const out = path.join(tree, 'bom.json');
    expect((await sbom(['.', '--output', out])).code).toBe(0);
    expect(await cycloneDxErrors(readFileSync(out, 'utf8'))).toBeNull();
    const io = captureIO(REPO);
    expect(await main(['sbom', 'examples/vulnerable-repo'], io)).toBe(0);
    expect(await cycloneDxErrors(io.out())).toBeNull();
  });

  it('rejects a malformed SOURCE_DATE_EPOCH or --gitlab-server with a usage error', async () => {
    const bad = await sbom(['.'], { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(bad.code).toBe(2);
    expect(bad.io.err()).toContain('SOURCE_DATE_EPOCH');
    expect((await sbom(['.', '--gitlab-server', 'https://x/y'])).code).toBe(2);
  });
});
