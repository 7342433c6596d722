/**
 * The posture part of the HTML report, laid out from `buildPosture` (the one place posture is
 * decided): per repository, the roadmap phases with the controls in place and missing, every
 * OWASP Top 10 CI/CD risk with its rules and findings, and all the next steps in order.
 */
import type { ControlStatus, NextStep, PhaseStatus, Posture, RepositoryPosture, RiskStatus } from '../posture/build-posture.js';
import { ENFORCEMENT_STEP } from '../posture/render-posture.js';
import { escapeHtml, escapeWithCode, safeHref } from './escape-html.js';

export function postureSection(posture: Posture): string {
  const body = posture.repositories.length === 0 ? ['<p>No pipeline files were analysed.</p>'] : posture.repositories.map(repositoryHtml);
  return ['<section id="posture">', '<h2>Posture</h2>', ...body, '</section>'].join('\n');
}

function repositoryHtml(repo: RepositoryPosture): string {
  const platforms = repo.platforms.map(escapeHtml).join(', ') || 'no platform';
  const steps = [...repo.nextSteps.map(stepHtml), escapeWithCode(ENFORCEMENT_STEP)];
  return [
    `<article class="repository" data-repository="${escapeHtml(repo.repository)}">`,
    `<h3>${escapeHtml(repo.repository)} <span class="muted">(${platforms}; ${count(repo.pipelines, 'pipeline file')}, ${count(repo.findings, 'finding')})</span></h3>`,
    '<table class="phases"><thead><tr><th>Phase</th><th>Goal</th><th>In place</th><th>Missing</th></tr></thead><tbody>',
    ...repo.phases.map(phaseRow),
    '</tbody></table>',
    '<table class="risks"><thead><tr><th>OWASP CI/CD risk</th><th>Rules</th><th>Findings</th></tr></thead><tbody>',
    ...repo.risks.map(riskRow),
    '</tbody></table>',
    '<h4>Next steps</h4>',
    `<ol class="steps">${steps.map((step) => `<li>${step}</li>`).join('')}</ol>`,
    '</article>',
  ].join('\n');
}

function phaseRow(phase: PhaseStatus): string {
  const total = phase.controls.length;
  const inPlace = total === 0 ? 'no offline check' : `${phase.inPlace}/${total}`;
  const missing = phase.controls.filter((c) => !c.inPlace).map(missingControl);
  return `<tr><td>${escapeHtml(phase.title)}</td><td>${escapeHtml(phase.goal)}</td><td class="in-place">${inPlace}</td><td class="missing">${missing.join(', ') || '-'}</td></tr>`;
}

function missingControl(control: ControlStatus): string {
  return `${link(control.ruleId, control.helpUri)} (${control.findings}, ${control.worst ?? '-'})`;
}

function riskRow(risk: RiskStatus): string {
  const found = risk.findings === 0 ? '0' : `${risk.findings} (worst ${risk.worst})`;
  const rules = risk.ruleIds.map(escapeHtml).join(', ') || '<span class="muted">no rule</span>';
  return `<tr><td>${escapeHtml(`${risk.id} ${risk.title}`)}</td><td>${rules}</td><td>${found}</td></tr>`;
}

function stepHtml(step: NextStep): string {
  const fix = step.fixable ? '; <code>pipewarden fix</code> handles some' : '';
  const what = `${count(step.findings, `${escapeHtml(step.ruleId)} finding`)} (worst ${step.worst})`;
  return `<strong>${step.phase}</strong>: ${link(step.summary, step.helpUri)}: ${what}, first at <span class="where">${escapeHtml(step.firstAt)}</span>${fix}`;
}

function link(text: string, uri: string): string {
  const href = safeHref(uri);
  return href ? `<a href="${href}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
