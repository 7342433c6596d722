/**
 * Posture in words: per repository, the roadmap phases with the controls in place, the OWASP
 * CI/CD risks with findings, and the next steps in order. Text for terminals, Markdown for pull
 * request comments and job summaries (escaped: rule messages quote scanned files).
 */
import { escapeMarkdown } from '../markdown-text.js';
import type { NextStep, PhaseStatus, Posture, RepositoryPosture } from './build-posture.js';

/** Shown for the enforcement phase, which no offline rule can check. */
export const ENFORCEMENT_STEP =
  'Gate merges on the audit: run `pipewarden scan --fail-on high --format sarif` on pull requests and upload the SARIF to code scanning (skip if already in place).';

const MAX_STEPS = 5;

function stepLine(step: NextStep, format: 'text' | 'markdown'): string {
  const what = `${step.findings} ${step.ruleId} finding${step.findings === 1 ? '' : 's'} (worst ${step.worst})`;
  const fix = step.fixable ? '; `pipewarden fix` handles some' : '';
  if (format === 'text') return `[${step.phase}] ${step.summary}: ${what}, first at ${step.firstAt}${fix}`;
  return `**${step.phase}**: [${escapeMarkdown(step.summary)}](${step.helpUri}): ${what}, first at ${escapeMarkdown(step.firstAt)}${fix}`;
}

function phaseLine(phase: PhaseStatus): string {
  const total = phase.controls.length;
  if (total === 0) return `${phase.title}: no offline check (${phase.goal})`;
  const missing = phase.controls.filter((c) => !c.inPlace).map((c) => `${c.ruleId} (${c.findings}, ${c.worst})`);
  const rest = missing.length ? `; missing: ${missing.join(', ')}` : '';
  return `${phase.title}: ${phase.inPlace}/${total} controls in place${rest}`;
}

function heading(repo: RepositoryPosture): string {
  const platforms = repo.platforms.join(', ') || 'no platform';
  return `${repo.repository} (${platforms}; ${repo.pipelines} pipeline file${repo.pipelines === 1 ? '' : 's'}, ${repo.findings} finding${repo.findings === 1 ? '' : 's'})`;
}

function risksWithFindings(repo: RepositoryPosture): string[] {
  return repo.risks.filter((r) => r.findings > 0).map((r) => `${r.id} ${r.title}: ${r.findings} (worst ${r.worst})`);
}

export function renderPostureText(posture: Posture): string {
  const out: string[] = [];
  for (const repo of posture.repositories) {
    out.push(heading(repo));
    for (const phase of repo.phases) out.push(`  ${phaseLine(phase)}`);
    const risks = risksWithFindings(repo);
    out.push(`  OWASP CI/CD risks with findings:${risks.length ? '' : ' none'}`);
    for (const risk of risks) out.push(`    ${risk}`);
    out.push('  Next steps:');
    const steps = [...repo.nextSteps.slice(0, MAX_STEPS).map((s) => stepLine(s, 'text')), ENFORCEMENT_STEP];
    out.push(...steps.map((step, i) => `    ${i + 1}. ${step}`));
    if (repo.nextSteps.length > MAX_STEPS) out.push(`    (${repo.nextSteps.length - MAX_STEPS} more in the full report)`);
    out.push('');
  }
  if (posture.repositories.length === 0) out.push('No pipeline files were analysed.', '');
  return out.join('\n');
}

/**
 * Markdown posture, one section per repository (`level` is their heading level), within
 * `maxChars`: repositories that do not fit are counted at the end.
 */
export function renderPostureMarkdown(posture: Posture, level = 3, maxChars = Number.POSITIVE_INFINITY): string {
  const sections: string[] = [];
  let used = 0;
  for (const repo of posture.repositories) {
    const section = repositoryMarkdown(repo, level);
    if (used + section.length > maxChars) break;
    sections.push(section);
    used += section.length;
  }
  const hidden = posture.repositories.length - sections.length;
  if (hidden > 0) sections.push(`_${hidden} more repositor${hidden === 1 ? 'y' : 'ies'} not shown; run \`pipewarden posture\` for all._\n`);
  if (posture.repositories.length === 0) sections.push('No pipeline files were analysed.\n');
  return sections.join('\n');
}

function repositoryMarkdown(repo: RepositoryPosture, level: number): string {
  const out: string[] = [`${'#'.repeat(level)} ${escapeMarkdown(heading(repo))}`, ''];
  out.push('| Phase | In place | Missing |', '|---|---|---|');
  for (const phase of repo.phases) {
    const total = phase.controls.length;
    const missing = phase.controls
      .filter((c) => !c.inPlace)
      .map((c) => `[${c.ruleId}](${c.helpUri}) (${c.findings}, ${c.worst})`)
      .join(', ');
    out.push(`| ${phase.title} | ${total === 0 ? 'no offline check' : `${phase.inPlace}/${total}`} | ${missing || '-'} |`);
  }
  const risks = risksWithFindings(repo);
  out.push('', `OWASP CI/CD risks with findings: ${risks.length ? risks.map(escapeMarkdown).join('; ') : 'none'}.`, '');
  out.push('Next steps:', '');
  const steps = [...repo.nextSteps.slice(0, MAX_STEPS).map((s) => stepLine(s, 'markdown')), ENFORCEMENT_STEP];
  out.push(...steps.map((step, i) => `${i + 1}. ${step}`));
  out.push('');
  return out.join('\n');
}
