import { describe, expect, it } from 'vitest';
import type { Finding } from '../../model/finding.js';
import { CURL_PIPE, INJECTION, RULES, SECRET_FINDING, runResult } from '../test-support/fixture.js';
import { buildPosture } from './build-posture.js';

/** The same finding moved to another file (and line), to place findings in other repositories. */
function at(finding: Finding, file: string, line = finding.location.line, severity = finding.severity): Finding {
  return { ...finding, severity, location: { ...finding.location, file, line } };
}

describe('buildPosture', () => {
  it('groups by repository: files outside .github join the repository around them', () => {
    const result = runResult({
      findings: [at(INJECTION, 'a/.github/workflows/ci.yml'), at(CURL_PIPE, 'a/tools/action.yml'), at(SECRET_FINDING, 'b/.gitlab-ci.yml')],
      analysed: [
        { file: 'a/.github/workflows/ci.yml', platform: 'github' },
        { file: 'a/tools/action.yml', platform: 'github' },
        { file: 'b/.gitlab-ci.yml', platform: 'gitlab' },
        { file: 'c/.github/workflows/clean.yml', platform: 'github' },
      ],
    });
    const posture = buildPosture(result, RULES);
    expect(posture.repositories.map((r) => [r.repository, r.platforms, r.pipelines, r.findings])).toEqual([
      ['a', ['github'], 2, 2],
      ['b', ['gitlab'], 1, 1],
      ['c', ['github'], 1, 0],
    ]);
  });

  it('counts a finding in a GitLab local include for the repository whose pipeline includes it', () => {
    const result = runResult({
      findings: [at(SECRET_FINDING, 'b/ci/deploy.yml'), at(CURL_PIPE, 'b/.gitlab-ci.yml')],
      analysed: [
        { file: 'a/.github/workflows/ci.yml', platform: 'github' },
        { file: 'b/.gitlab-ci.yml', platform: 'gitlab' },
      ],
    });
    expect(buildPosture(result, RULES).repositories.map((r) => [r.repository, r.findings])).toEqual([
      ['a', 0],
      ['b', 2],
    ]);
  });

  it('counts only the rules that apply to the repository platforms as controls', () => {
    const result = runResult({
      findings: [at(SECRET_FINDING, '.gitlab-ci.yml')],
      analysed: [{ file: '.gitlab-ci.yml', platform: 'gitlab' }],
    });
    const [repo] = buildPosture(result, RULES).repositories;
    const controls = repo?.phases.flatMap((p) => p.controls.map((c) => [p.phase, c.ruleId, c.inPlace, c.findings, c.worst]));
    expect(controls).toEqual([['visibility', 'hardcoded-secret', false, 1, 'high']]);
    expect(repo?.phases.map((p) => [p.phase, p.inPlace, p.controls.length])).toEqual([
      ['visibility', 0, 1],
      ['foundations', 0, 0],
      ['integrity', 0, 0],
      ['enforcement', 0, 0],
    ]);
  });

  it('marks controls with no findings as in place and maps findings to OWASP risks', () => {
    const [repo] = buildPosture(runResult(), RULES).repositories;
    const byRule = Object.fromEntries(repo?.phases.flatMap((p) => p.controls).map((c) => [c.ruleId, c.inPlace]) ?? []);
    expect(byRule).toEqual({
      'expression-injection': false,
      'hardcoded-secret': false,
      'remote-script-execution': false,
      'unpinned-reference': true,
    });
    const risks = Object.fromEntries(repo?.risks.map((r) => [r.id, [r.findings, r.worst ?? null, r.ruleIds]]) ?? []);
    expect(risks['CICD-SEC-3']).toEqual([1, 'low', ['remote-script-execution', 'unpinned-reference']]);
    expect(risks['CICD-SEC-4']).toEqual([1, 'critical', ['expression-injection']]);
    expect(risks['CICD-SEC-6']).toEqual([1, 'high', ['hardcoded-secret']]);
    expect(risks['CICD-SEC-1']).toEqual([0, null, []]);
    expect(repo?.risks).toHaveLength(10);
  });

  it('orders next steps by worst severity, then roadmap phase, then findings cleared; points at the worst finding', () => {
    const file = '.github/workflows/ci.yml';
    const result = runResult({
      findings: [
        at(CURL_PIPE, file, 3, 'high'),
        at(INJECTION, file, 9, 'medium'),
        at(INJECTION, file, 12, 'high'),
        at(SECRET_FINDING, file, 20, 'high'),
        at(SECRET_FINDING, file, 21, 'low'),
        at(SECRET_FINDING, file, 22, 'low'),
      ],
      analysed: [{ file, platform: 'github' }],
    });
    const [repo] = buildPosture(result, RULES).repositories;
    expect(repo?.nextSteps.map((s) => [s.ruleId, s.worst, s.phase, s.findings, s.firstAt, s.fixable])).toEqual([
      ['hardcoded-secret', 'high', 'visibility', 3, `${file}:20`, false],
      ['expression-injection', 'high', 'visibility', 2, `${file}:12`, true],
      ['remote-script-execution', 'high', 'integrity', 1, `${file}:3`, false],
    ]);
  });

  it('has no repositories when nothing was analysed', () => {
    expect(buildPosture(runResult({ findings: [], analysed: [] }), RULES)).toEqual({ repositories: [] });
  });
});
