/** `pipewarden sbom` end to end: purls, dependencies, occurrences and formulation, schema-valid and reproducible. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/capture-io.js';
import { cycloneDxErrors } from '../../src/report/test-support/cyclonedx.js';

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
  tools:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    strategy:
      matrix:
        tool: [lint, audit]
    container: \${{ matrix.tool }}
    steps:
      - run: echo checking
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
// Upper case sorts before lower case by code unit, after it in most locales.
const MANUAL = `on: workflow_dispatch
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
`;
const BROKEN = `on: [push
jobs: {
`;
const GITLAB = `include:
  - component: gitlab.com/acme/ci/lint@1.4.0
  - component: $CI_SERVER_FQDN/acme/tools/scan@2.0.0
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
  writeFileSync(path.join(tree, '.github/workflows/Zed.yml'), MANUAL);
  writeFileSync(path.join(tree, '.github/workflows/broken.yml'), BROKEN);
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
  properties?: { name: string; value: string }[];
  externalReferences?: { type: string; url: string }[];
  evidence?: { occurrences: { location: string; line: number }[] };
}

async function sbom(args: string[], env: Record<string, string> = { SOURCE_DATE_EPOCH: '1700000000' }) {
  const io = captureIO(tree);
  Object.assign(io.env, env);
  const code = await main(['sbom', ...args], io);
  return { code, io, text: io.out() };
}

const BUILDER = `pkg:docker/acme/builder@${DIGEST}?repository_url=ghcr.io`;
const REMOTE = `pkg:generic/scan.yml?checksum=sha256%3A${'cd'.repeat(32)}&download_url=https%3A%2F%2Fexample.com%2Fci%2Fscan.yml`;
const pathToFileURLString = (file: string) => pathToFileURL(file).href;
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('pipewarden sbom', () => {
  it('writes a CycloneDX 1.6 document that the official schema accepts', async () => {
    const { code, text } = await sbom(['.']);
    expect(code).toBe(0);
    expect(await cycloneDxErrors(text)).toBeNull();
    const bom = JSON.parse(text);
    expect(bom).toMatchObject({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      metadata: {
        timestamp: '2023-11-14T22:13:20.000Z',
        lifecycles: [{ phase: 'pre-build' }],
        tools: { components: [{ type: 'application', name: 'pipewarden' }] },
        component: { 'bom-ref': 'project', type: 'application', name: path.basename(tree) },
      },
    });
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The validator bites: a task type outside the schema's enumeration is refused.
    bom.formulation[0].workflows[0].tasks[0].taskTypes = ['compile'];
    expect(await cycloneDxErrors(JSON.stringify(bom))).not.toBeNull();
  });

  it('gives every pulled-in unit of both platforms its purl, with version or digest', async () => {
    const bom = JSON.parse((await sbom(['.'])).text);
    const purls = (bom.components as Component[]).filter((c) => c.purl).map((c) => [c.type, c.purl, c.version ?? null]);
    expect(purls).toEqual([
      ['container', BUILDER, '1.2'],
      ['container', 'pkg:docker/alpine@3.20', '3.20'],
      ['container', 'pkg:docker/node@20', '20'],
      ['container', 'pkg:docker/redis', null],
      ['file', REMOTE, null],
      ['library', 'pkg:githubactions/acme/shared@main#.github/workflows/publish.yml', 'main'],
      ['library', `pkg:githubactions/actions/checkout@${SHA}`, SHA],
      ['library', 'pkg:githubactions/actions/checkout@v4', 'v4'],
      ['library', 'pkg:githubactions/github/codeql-action@v3#init', 'v3'],
      ['library', 'pkg:gitlab/acme/ci@1.4.0#lint', '1.4.0'],
      ['file', 'pkg:gitlab/acme/templates@v2#jobs/deploy.yml', 'v2'],
      ['library', 'pkg:gitlab/acme/tools@2.0.0#scan', '2.0.0'],
      ['file', 'pkg:gitlab/gitlab-org/gitlab#lib/gitlab/ci/templates/Jobs/SAST.gitlab-ci.yml', null],
    ]);
    const hashes = (purl: string) => (bom.components as Component[]).find((c) => c.purl === purl)?.hashes;
    expect(hashes(REMOTE)).toEqual([{ alg: 'SHA-256', content: 'cd'.repeat(32) }]);
    expect(hashes(BUILDER)).toEqual([{ alg: 'SHA-256', content: 'ab'.repeat(32) }]);
    expect(hashes('pkg:docker/node@20')).toBeUndefined();
    const links = (purl: string) => (bom.components as Component[]).find((c) => c.purl === purl)?.externalReferences;
    expect(links('pkg:githubactions/github/codeql-action@v3#init')).toEqual([
      { type: 'vcs', url: 'https://github.com/github/codeql-action' },
    ]);
    expect(links('pkg:gitlab/acme/ci@1.4.0#lint')).toEqual([{ type: 'vcs', url: 'https://gitlab.com/acme/ci' }]);
    expect(links(REMOTE)).toEqual([{ type: 'distribution', url: 'https://example.com/ci/scan.yml' }]);
    expect(links(BUILDER)).toBeUndefined();
  });

  it('describes pipeline files as applications with their hash, and a reference known only at run time by its text', async () => {
    const bom = JSON.parse((await sbom(['.'])).text);
    const pipelines = (bom.components as Component[]).filter((c) => c['bom-ref'].startsWith('pipeline:'));
    expect(pipelines.map((c) => [c.type, c.name])).toEqual([
      ['application', '.github/actions/greet/action.yml'],
      ['application', '.github/workflows/Zed.yml'],
      ['application', '.github/workflows/release.yml'],
      ['application', '.gitlab-ci.yml'],
    ]);
    expect(pipelines[3]?.hashes).toEqual([{ alg: 'SHA-256', content: createHash('sha256').update(GITLAB).digest('hex') }]);
    const matrix = (bom.components as Component[]).find((c) => c.name === '${{ matrix.tool }}');
    expect(matrix).toMatchObject({ 'bom-ref': 'image:${{ matrix.tool }}', type: 'container' });
    expect(matrix?.purl).toBeUndefined();
  });

  it('takes the host of project includes and of $CI_SERVER_FQDN components from --gitlab-server', async () => {
    const bom = JSON.parse((await sbom(['.gitlab-ci.yml', '--gitlab-server', 'git.corp.test'])).text);
    const purls = (bom.components as Component[]).map((c) => c.purl).filter((p) => p?.startsWith('pkg:gitlab/acme/'));
    expect(purls).toEqual([
      'pkg:gitlab/acme/ci@1.4.0#lint',
      'pkg:gitlab/acme/templates@v2?repository_url=https%3A%2F%2Fgit.corp.test#jobs/deploy.yml',
      'pkg:gitlab/acme/tools@2.0.0?repository_url=https%3A%2F%2Fgit.corp.test#scan',
    ]);
  });

  it('records every place a component is used, one component per purl', async () => {
    const bom = JSON.parse((await sbom(['.'])).text);
    const checkoutV4 = (bom.components as Component[]).filter((c) => c.purl === 'pkg:githubactions/actions/checkout@v4');
    expect(checkoutV4).toHaveLength(1);
    expect(checkoutV4[0]?.evidence?.occurrences).toEqual([
      { location: '.github/actions/greet/action.yml', line: 7 },
      { location: '.github/workflows/Zed.yml', line: 6 },
    ]);
    const pinned = (bom.components as Component[]).find((c) => c.version === SHA);
    expect(pinned?.evidence?.occurrences).toEqual([{ location: '.github/workflows/release.yml', line: 13 }]);
    expect(pinned?.properties).toEqual([
      { name: 'pipewarden:reference-kind', value: 'action' },
      { name: 'pipewarden:pin', value: 'commit-sha' },
      { name: 'pipewarden:version-comment', value: 'v4.2.2' },
    ]);
  });

  it('links the project to each pipeline and each pipeline to what it uses, local actions included', async () => {
    const bom = JSON.parse((await sbom(['.'])).text);
    const deps = new Map<string, string[]>(bom.dependencies.map((d: { ref: string; dependsOn?: string[] }) => [d.ref, d.dependsOn ?? []]));
    expect(deps.get('project')).toEqual([
      'pipeline:.github/actions/greet/action.yml',
      'pipeline:.github/workflows/Zed.yml',
      'pipeline:.github/workflows/release.yml',
      'pipeline:.gitlab-ci.yml',
    ]);
    expect(deps.get('pipeline:.github/workflows/release.yml')).toEqual([
      'image:${{ matrix.tool }}',
      'pipeline:.github/actions/greet/action.yml',
      BUILDER,
      'pkg:docker/alpine@3.20',
      'pkg:docker/redis',
      'pkg:githubactions/acme/shared@main#.github/workflows/publish.yml',
      `pkg:githubactions/actions/checkout@${SHA}`,
      'pkg:githubactions/github/codeql-action@v3#init',
    ]);
    expect(deps.get('pipeline:.github/actions/greet/action.yml')).toEqual(['pkg:githubactions/actions/checkout@v4']);
    expect(deps.get('pipeline:.gitlab-ci.yml')).toHaveLength(6);
    expect(deps.get(BUILDER)).toEqual([]);
  });

  it('lists components and dependencies in code-unit order, whatever the locale', async () => {
    const bom = JSON.parse((await sbom(['.'])).text);
    const refs = (bom.components as Component[]).map((c) => c['bom-ref']);
    expect(refs).toEqual([...refs].sort(byCodeUnit));
    const dependencyRefs = bom.dependencies.map((d: { ref: string }) => d.ref);
    expect(dependencyRefs).toEqual(['project', ...refs]);
  });

  it('describes how the pipelines run in the formulation: workflows, tasks, steps, triggers', async () => {
    const bom = JSON.parse((await sbom(['.'])).text);
    const [formula] = bom.formulation;
    expect(formula.workflows.map((w: { uid: string }) => w.uid)).toEqual([
      '.github/actions/greet/action.yml',
      '.github/workflows/Zed.yml',
      '.github/workflows/release.yml',
      '.gitlab-ci.yml',
    ]);
    const release = formula.workflows[2];
    expect(release).toMatchObject({ 'bom-ref': 'workflow:pipeline:.github/workflows/release.yml', name: 'Release' });
    expect(release.resourceReferences).toEqual([{ ref: 'pipeline:.github/workflows/release.yml' }]);
    expect(release.trigger).toMatchObject({
      type: 'webhook',
      name: 'pull_request_target, push',
      conditions: [
        { description: 'pull_request_target: anyone on the internet, privileged' },
        { description: 'push: a repository writer', expression: 'branches: main' },
      ],
    });
    expect(formula.workflows[1].trigger).toMatchObject({ type: 'manual', name: 'workflow_dispatch' });
    expect(release.tasks.map((t: { name: string; taskTypes: string[] }) => [t.name, t.taskTypes])).toEqual([
      ['build', ['clone']],
      ['tools', ['other']],
      ['publish', ['deploy']],
    ]);
    expect(release.taskTypes).toEqual(['clone', 'deploy']);
    expect(release.taskDependencies).toEqual([
      { ref: 'task:pipeline:.github/workflows/release.yml#publish', dependsOn: ['task:pipeline:.github/workflows/release.yml#build'] },
    ]);
    const [build, tools, publish] = release.tasks;
    expect(
      build.steps.map((s: { name: string; commands?: { executed: string }[] }) => [s.name, s.commands?.[0]?.executed ?? null]),
    ).toEqual([
      [`actions/checkout@${SHA}`, `uses: actions/checkout@${SHA}`],
      ['github/codeql-action/init@v3', 'uses: github/codeql-action/init@v3'],
      ['./.github/actions/greet', 'uses: ./.github/actions/greet'],
      ['docker://alpine:3.20', 'uses: docker://alpine:3.20'],
      ['Build', null],
    ]);
    expect(build.resourceReferences.map((r: { ref: string }) => r.ref)).toEqual([
      'pipeline:.github/actions/greet/action.yml',
      BUILDER,
      'pkg:docker/alpine@3.20',
      'pkg:docker/redis',
      `pkg:githubactions/actions/checkout@${SHA}`,
      'pkg:githubactions/github/codeql-action@v3#init',
    ]);
    expect(tools.resourceReferences).toEqual([{ ref: 'image:${{ matrix.tool }}' }]);
    // A job gets its own trigger only when its condition narrows the pipeline's events.
    expect(build.trigger).toBeUndefined();
    expect(tools.trigger).toMatchObject({ type: 'webhook', name: 'push', conditions: [{ description: 'push: a repository writer' }] });
    expect(publish.resourceReferences).toEqual([{ ref: 'pkg:githubactions/acme/shared@main#.github/workflows/publish.yml' }]);
    expect(publish.properties).toContainEqual({ name: 'pipewarden:environment', value: 'prod' });
    // Scripts stay out of a document meant to be shared: they may hold credentials.
    expect(JSON.stringify(bom.formulation)).not.toContain('make');
    expect(JSON.stringify(bom.formulation)).not.toContain('npm test');
  });

  it('is byte-identical across runs with SOURCE_DATE_EPOCH, and has a random serial without', async () => {
    const first = await sbom(['.']);
    const second = await sbom(['.']);
    expect(second.text).toBe(first.text);
    const a = JSON.parse((await sbom(['.'], {})).text);
    const b = JSON.parse((await sbom(['.'], {})).text);
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(Math.abs(Date.parse(a.metadata.timestamp) - Date.now())).toBeLessThan(60_000);
  });

  it('names the file it could not parse on stderr and describes the others', async () => {
    const { code, io, text } = await sbom(['.']);
    expect(code).toBe(0);
    expect(io.err()).toMatch(/^\.github\/workflows\/broken\.yml:\d+:\d+ parse-error YAML_SYNTAX /);
    expect(io.err().trim().split('\n')).toHaveLength(1);
    expect(text).not.toContain('broken.yml');
  });

  it('writes to --output and runs on the example repository', async () => {
    const out = path.join(tree, 'bom.json');
    const written = await sbom(['.', '--output', out]);
    expect(written.code).toBe(0);
    expect(written.text).toBe('');
    expect(await cycloneDxErrors(readFileSync(out, 'utf8'))).toBeNull();
    const io = captureIO(REPO);
    expect(await main(['sbom', 'examples/vulnerable-repo'], io)).toBe(0);
    expect(await cycloneDxErrors(io.out())).toBeNull();
    expect(JSON.parse(io.out()).metadata.component.name).toBe('vulnerable-repo');
  });

  it.each([
    [{ SOURCE_DATE_EPOCH: 'yesterday' }, [], 'SOURCE_DATE_EPOCH must be a whole number'],
    [{ SOURCE_DATE_EPOCH: '1700000000' }, ['--gitlab-server', 'https://x/y'], '--gitlab-server must be a host name'],
    [{ SOURCE_DATE_EPOCH: '1700000000' }, ['--gitlab-server', 'git lab'], '--gitlab-server must be a host name'],
  ])('refuses %o %o with a usage error', async (env, args, message) => {
    const bad = await sbom(['.', ...args], env);
    expect(bad.code).toBe(2);
    expect(bad.io.err()).toContain(message);
    expect(bad.text).toBe('');
  });

  it('says which --output it cannot write, as a usage error', async () => {
    const bad = await sbom(['.', '--output', path.join(tree, 'missing-folder', 'bom.json')]);
    expect(bad.code).toBe(2);
    expect(bad.io.err()).toMatch(/cannot write --output .*missing-folder.*: ENOENT/);
  });

  it('accepts a host with a port for --gitlab-server', async () => {
    expect((await sbom(['.gitlab-ci.yml', '--gitlab-server', 'git.corp.test:8443'])).code).toBe(0);
  });

  it('writes the same bytes in locales that sort differently (Estonian puts z before t)', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'pw-sbom-locale-'));
    try {
      mkdirSync(path.join(folder, '.github/workflows'), { recursive: true });
      const steps = ['acme/zebra@v1', 'acme/tiger@v1', 'Acme/Upper@v1', 'acme/sz@v1', 'acme/st@v1'].map((uses) => `      - uses: ${uses}`);
      writeFileSync(
        path.join(folder, '.github/workflows/ci.yml'),
        `on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n${steps.join('\n')}\n`,
      );
      const run = (locale: string, script: string) =>
        execFileSync(process.execPath, ['--import', createRequire(import.meta.url).resolve('tsx'), '--input-type=module', '-e', script], {
          cwd: folder,
          env: { ...process.env, LC_ALL: locale, LANG: locale, SOURCE_DATE_EPOCH: '1700000000' },
          encoding: 'utf8',
        });
      // The premise: this Node's collation really differs between the two locales.
      const collation = "console.log(['t', 'z'].sort((a, b) => a.localeCompare(b)).join(''))";
      expect([run('en_US.UTF-8', collation).trim(), run('et_EE.UTF-8', collation).trim()]).toEqual(['tz', 'zt']);
      const main = pathToFileURLString(path.join(REPO, 'src/cli/main.ts'));
      const sbomScript = `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(['sbom', '.']);`;
      const english = run('en_US.UTF-8', sbomScript);
      expect(JSON.parse(english).components.length).toBe(6);
      expect(run('et_EE.UTF-8', sbomScript)).toBe(english);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
