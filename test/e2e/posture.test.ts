/** `pipewarden posture` and `scan --format markdown` end to end on the example repository. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/capture-io.js';

const REPO = path.join(import.meta.dirname, '../..');

describe('posture', () => {
  it('reports per repository in JSON, most severe steps first, and exits 0 whatever it finds', async () => {
    const io = captureIO(REPO);
    const code = await main(['posture', 'examples', '--format', 'json'], io);
    expect(code).toBe(0);
    const posture = JSON.parse(io.out());
    expect(posture.schemaVersion).toBe(1);
    expect(posture.repositories.map((r: { repository: string }) => r.repository)).toEqual([
      'vulnerable-gitlab',
      'vulnerable-repo',
      'vulnerable-tekton',
    ]);
    const [gitlab, repo, tekton] = posture.repositories;
    expect(gitlab.platforms).toEqual(['gitlab']);
    expect(gitlab.nextSteps.map((s: { rule?: string; worst: string }) => s.worst)).toContain('critical');
    expect(repo.platforms).toEqual(['github']);
    expect(tekton.platforms).toEqual(['tekton']);
    expect(tekton.nextSteps[0].worst).toBe('critical');
    expect(repo.phases.map((p: { phase: string }) => p.phase)).toEqual(['visibility', 'foundations', 'integrity', 'enforcement']);
    expect(repo.nextSteps[0].worst).toBe('critical');
    const severities = repo.nextSteps.map((s: { worst: string }) => s.worst);
    const rank = ['info', 'low', 'medium', 'high', 'critical'];
    expect(severities.map((s: string) => rank.indexOf(s))).toEqual(
      [...severities.map((s: string) => rank.indexOf(s))].sort((a: number, b: number) => b - a),
    );
    expect(repo.risks.find((r: { id: string }) => r.id === 'CICD-SEC-4').findings).toBeGreaterThan(0);
  });

  it('prints phases, risks and numbered next steps as text', async () => {
    const io = captureIO(REPO);
    expect(await main(['posture', 'examples'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/^vulnerable-gitlab \(gitlab; \d+ pipeline files?, \d+ findings\)\n {2}Visibility: /);
    expect(out).toMatch(/\nvulnerable-repo \(github; \d+ pipeline files, \d+ findings\)\n {2}Visibility: /);
    expect(out).toContain('  Next steps:\n    1. [foundations] ');
    expect(out).toContain('Gate merges on the audit');
  });

  it('rejects an unknown format with exit 2', async () => {
    const io = captureIO(REPO);
    expect(await main(['posture', 'examples', '--format', 'html'], io)).toBe(2);
    expect(io.err()).toBe('pipewarden: --format must be one of text, markdown, json\n');
  });

  it('puts the posture in the markdown scan report', async () => {
    const io = captureIO(REPO);
    const code = await main(['scan', 'examples', '--format', 'markdown'], io);
    expect(code).toBe(1);
    const out = io.out();
    expect(out).toMatch(/^## pipewarden \S+\n\n\*\*\d+ findings \(/);
    expect(out).toContain('### Findings\n\n| Severity | Rule | Location | Finding |');
    expect(out).toContain('### Posture\n\n#### vulnerable\\-gitlab \\(gitlab;');
    expect(out).toContain('#### vulnerable\\-repo \\(github;');
  });
});
