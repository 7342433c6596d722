/**
 * Tekton end to end over examples/vulnerable-tekton: a flow from a TriggerBinding body field
 * through the TriggerTemplate, PipelineRun and Pipeline into a Task script is reported once, at
 * the step, with every hop in the flow and in the SARIF code flow; ordinary YAML beside Tekton
 * files is neither reported nor counted.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/capture-io.js';

const REPO = path.join(import.meta.dirname, '../..');
const EXAMPLE = 'examples/vulnerable-tekton';

interface SarifLocation {
  location: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; message?: { text: string } };
}

describe('tekton (CLI)', () => {
  it('reports the webhook-to-script injection once, at the task step, with every hop in the SARIF code flow', async () => {
    const io = captureIO(path.join(REPO, EXAMPLE));
    expect(await main(['scan', '.', '--format', 'sarif', '--rule', 'expression-injection'], io)).toBe(1);
    const sarif = JSON.parse(io.out());
    const results = sarif.runs[0].results.filter(
      (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        r.locations[0]?.physicalLocation.artifactLocation.uri === 'tasks/announce.yaml',
    );
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 19, startColumn: 36 });
    const hops = (result.codeFlows[0].threadFlows[0].locations as SarifLocation[]).map(
      (l) => `${l.location.physicalLocation.artifactLocation.uri}:${l.location.physicalLocation.region.startLine}`,
    );
    expect(hops).toEqual([
      'triggers/github-listener.yaml:30',
      'triggers/github-listener.yaml:29',
      'triggers/github-listener.yaml:42',
      'triggers/github-listener.yaml:56',
      'pipelines/pr-check.yaml:9',
      'pipelines/pr-check.yaml:56',
      'tasks/announce.yaml:10',
      'tasks/announce.yaml:19',
    ]);
  });

  it('leaves ordinary YAML alone: no parse issue, not counted as scanned', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-tekton-'));
    cpSync(path.join(REPO, EXAMPLE), dir, { recursive: true });
    writeFileSync(path.join(dir, 'values.yaml'), 'replicas: [1, 2\n');
    writeFileSync(path.join(dir, 'deployment.yml'), 'apiVersion: apps/v1\nkind: Deployment\n');
    const io = captureIO(dir);
    await main(['scan', '.', '--format', 'json'], io);
    const report = JSON.parse(io.out());
    expect(report.parseIssues).toEqual([]);
    expect(report.stats.filesScanned).toBe(5);
    expect(new Set(report.findings.map((f: { platform: string }) => f.platform))).toEqual(new Set(['tekton']));
  });
});
