import { describe, expect, it } from 'vitest';
import { cycloneDxErrors } from '../test-support/cyclonedx.js';
import { emptyConfig } from '../../config/config.js';
import { analyseSources } from '../../engine/engine.js';
import { localTargets } from '../../engine/local-links.js';
import type { Pipeline } from '../../model/types.js';
import { ADAPTERS } from '../../platforms/index.js';
import { buildSbom, renderSbom, type SbomOptions } from './build-sbom.js';

const TOOL = { name: 'pipewarden', version: '9.9.9', informationUri: 'https://example.test' };
const OPTIONS: SbomOptions = { tool: TOOL, subject: 'repo', timestamp: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) };
const CI = `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: ./.github/actions/setup
      - uses: \${{ matrix.action }}
`;
const SETUP = `name: setup
runs:
  using: composite
  steps:
    - uses: actions/checkout@v4
`;

function pipelinesOf(files: Record<string, string>): Pipeline[] {
  const inputs = Object.entries(files).map(([path, text]) => ({ file: { path, text }, explicit: false }));
  return analyseSources(inputs, { config: emptyConfig(), rules: [], adapters: ADAPTERS }).pipelines;
}

type Bom = {
  serialNumber: string;
  metadata: { timestamp: string; tools: { components: { name: string; version: string }[] } };
  components: { 'bom-ref': string; name: string; evidence?: { occurrences: unknown[] } }[];
  dependencies: { ref: string; dependsOn?: string[] }[];
};
const build = (pipelines: Pipeline[], options: Partial<SbomOptions> = {}) => buildSbom(pipelines, { ...OPTIONS, ...options }) as Bom;
const dependsOn = (bom: Bom, ref: string) => bom.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];

describe('buildSbom', () => {
  const pipelines = pipelinesOf({ '.github/workflows/ci.yml': CI, '.github/actions/setup/action.yml': SETUP });

  it('stamps the timestamp and the tool it is given', () => {
    const bom = build(pipelines);
    expect(bom.metadata.timestamp).toBe('2024-01-02T03:04:05.000Z');
    expect(bom.metadata.tools.components).toMatchObject([{ name: 'pipewarden', version: '9.9.9' }]);
  });

  it('links a local action only through the lookup it is given', () => {
    const linked = build(pipelines, { localTarget: localTargets(pipelines) });
    expect(dependsOn(linked, 'pipeline:.github/workflows/ci.yml')).toContain('pipeline:.github/actions/setup/action.yml');
    const unlinked = build(pipelines);
    expect(dependsOn(unlinked, 'pipeline:.github/workflows/ci.yml')).toEqual([
      'action:${{ matrix.action }}',
      'pkg:githubactions/actions/checkout@v4',
    ]);
  });

  it('makes one component for a reference used in two files, with both occurrences', () => {
    const checkout = build(pipelines).components.filter((c) => c['bom-ref'] === 'pkg:githubactions/actions/checkout@v4');
    expect(checkout).toHaveLength(1);
    expect(checkout[0]?.evidence?.occurrences).toEqual([
      { location: '.github/actions/setup/action.yml', line: 5 },
      { location: '.github/workflows/ci.yml', line: 6 },
    ]);
  });

  it('gives pipelines of one file bom-refs told apart by pipeline id', async () => {
    const [ci] = pipelinesOf({ '.github/workflows/ci.yml': CI });
    const twice = [ci, { ...ci, id: 'second' }] as Pipeline[];
    const bom = build(twice);
    const refs = bom.components.map((c) => c['bom-ref']).filter((r) => r.startsWith('pipeline:'));
    expect(refs).toEqual([`pipeline:.github/workflows/ci.yml#${ci?.id}`, 'pipeline:.github/workflows/ci.yml#second']);
    expect(await cycloneDxErrors(renderSbom(twice, OPTIONS))).toBeNull();
  });

  it('derives the serial number from the content unless one is given', () => {
    const first = build(pipelines).serialNumber;
    expect(build(pipelinesOf({ '.github/workflows/ci.yml': CI, '.github/actions/setup/action.yml': SETUP })).serialNumber).toBe(first);
    expect(build(pipelinesOf({ '.github/workflows/ci.yml': CI })).serialNumber).not.toBe(first);
    expect(build(pipelines, { timestamp: new Date(0) }).serialNumber).not.toBe(first);
    const given = 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79';
    expect(build(pipelines, { serialNumber: given }).serialNumber).toBe(given);
  });

  it('is the same document whatever order the pipelines come in', () => {
    expect(renderSbom([...pipelines].reverse(), OPTIONS)).toBe(renderSbom(pipelines, OPTIONS));
  });

  it('describes an empty tree as a valid BOM without formulation', async () => {
    const text = renderSbom([], OPTIONS);
    expect(JSON.parse(text)).not.toHaveProperty('formulation');
    expect(JSON.parse(text).components).toEqual([]);
    expect(await cycloneDxErrors(text)).toBeNull();
  });
});
