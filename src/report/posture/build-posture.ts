/**
 * Posture: for each repository of the scan, which controls of the CI/CD security roadmap are in
 * place and which are not, mapped to the OWASP Top 10 CI/CD risks, and the next concrete steps
 * in priority order. A control is a rule: in place when the rule applies to the repository's
 * platforms and reports nothing there. Next steps go by the worst severity they clear, then by
 * the roadmap's order (visibility, foundations, integrity), then by how many findings they clear:
 * a critical injection comes before a low debug switch whatever their phases.
 */
import { type Finding, type RuleDescriptor, type RunResult, type Severity, severityRank } from '../../model/finding.js';
import { groupByRepository } from '../../model/repository.js';
import type { Platform } from '../../model/types.js';
import { OWASP_CICD_RISKS, PHASES, type Phase } from './owasp.js';

export interface ControlStatus {
  ruleId: string;
  summary: string;
  helpUri: string;
  inPlace: boolean;
  findings: number;
  worst?: Severity;
}

export interface PhaseStatus {
  phase: Phase;
  title: string;
  goal: string;
  controls: ControlStatus[];
  inPlace: number;
}

export interface RiskStatus {
  id: string;
  title: string;
  ruleIds: string[];
  findings: number;
  worst?: Severity;
}

export interface NextStep {
  phase: Phase;
  ruleId: string;
  summary: string;
  helpUri: string;
  findings: number;
  worst: Severity;
  /** Where the first (most severe) finding is, `file:line`. */
  firstAt: string;
  fixable: boolean;
}

export interface RepositoryPosture {
  /** Repository folder relative to the scan root; '.' for the root itself. */
  repository: string;
  platforms: Platform[];
  pipelines: number;
  findings: number;
  phases: PhaseStatus[];
  risks: RiskStatus[];
  nextSteps: NextStep[];
}

export interface Posture {
  repositories: RepositoryPosture[];
}

function worstOf(findings: readonly Finding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const f of findings) if (worst === undefined || severityRank(f.severity) > severityRank(worst)) worst = f.severity;
  return worst;
}

function pushTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

const PHASE_ORDER = new Map(PHASES.map((p, i) => [p.id, i]));

function repositoryPosture(
  repository: string,
  analysed: readonly RunResult['analysed'][number][],
  findings: readonly Finding[],
  rules: readonly RuleDescriptor[],
): RepositoryPosture {
  const platforms = [...new Set(analysed.map((a) => a.platform))].sort();
  const applicable = rules.filter((rule) => rule.platforms.some((p) => platforms.includes(p)));
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) pushTo(byRule, finding.ruleId, finding);

  const control = (rule: RuleDescriptor): ControlStatus => {
    const hits = byRule.get(rule.id) ?? [];
    return {
      ruleId: rule.id,
      summary: rule.summary,
      helpUri: rule.helpUri,
      inPlace: hits.length === 0,
      findings: hits.length,
      worst: worstOf(hits),
    };
  };
  const phases = PHASES.map((phase) => {
    const controls = applicable.filter((r) => r.phase === phase.id).map(control);
    return { phase: phase.id, title: phase.title, goal: phase.goal, controls, inPlace: controls.filter((c) => c.inPlace).length };
  });
  const risks = OWASP_CICD_RISKS.map((risk) => {
    const ruleIds = applicable.filter((r) => r.owasp.includes(risk.id)).map((r) => r.id);
    const hits = ruleIds.flatMap((id) => byRule.get(id) ?? []);
    return { id: risk.id, title: risk.title, ruleIds, findings: hits.length, worst: worstOf(hits) };
  });
  const nextSteps: NextStep[] = [];
  for (const rule of applicable) {
    const hits = byRule.get(rule.id);
    if (!hits?.length) continue;
    const first = [...hits].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))[0] as Finding;
    nextSteps.push({
      phase: rule.phase,
      ruleId: rule.id,
      summary: rule.summary,
      helpUri: rule.helpUri,
      findings: hits.length,
      worst: worstOf(hits) as Severity,
      firstAt: `${first.location.file}:${first.location.line}`,
      fixable: rule.fix !== 'none',
    });
  }
  nextSteps.sort(
    (a, b) =>
      severityRank(b.worst) - severityRank(a.worst) ||
      (PHASE_ORDER.get(a.phase) ?? 0) - (PHASE_ORDER.get(b.phase) ?? 0) ||
      b.findings - a.findings ||
      a.ruleId.localeCompare(b.ruleId),
  );
  return {
    repository: repository === '' ? '.' : repository.replace(/\/$/, ''),
    platforms,
    pipelines: analysed.length,
    findings: findings.length,
    phases,
    risks,
    nextSteps,
  };
}

/** Posture of every repository that has an analysed pipeline, in path order. */
export function buildPosture(result: RunResult, rules: readonly RuleDescriptor[]): Posture {
  const analysedBy = groupByRepository(result.analysed, (a) => a.file);
  const repositoryOfFile = new Map<string, string>();
  for (const [repo, files] of analysedBy) for (const a of files) repositoryOfFile.set(a.file, repo);
  // A finding in a file that is not a pipeline of its own (a GitLab local include) belongs to the
  // deepest repository folder around it.
  const roots = [...analysedBy.keys()].sort((a, b) => b.length - a.length);
  const findingsBy = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const file = finding.location.file;
    const repo = repositoryOfFile.get(file) ?? roots.find((r) => file.startsWith(r)) ?? '';
    pushTo(findingsBy, repo, finding);
  }
  const repositories = [...analysedBy.keys()].sort();
  return {
    repositories: repositories.map((repo) => repositoryPosture(repo, analysedBy.get(repo) ?? [], findingsBy.get(repo) ?? [], rules)),
  };
}
