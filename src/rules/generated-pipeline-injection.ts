/**
 * generated-pipeline-injection: a GitLab dynamic child pipeline (`trigger: include: - artifact:`)
 * whose configuration a job of the pipeline writes with text someone else sets (GL-INJ-06): a
 * script that redirects into the artifact (`echo ... > child.yml`, `cat <<EOF > child.yml`,
 * `tee child.yml`, `./generate "$X" > child.yml`) and expands, in that command, a merge request
 * title or description, a commit message, a branch name, a Run pipeline form variable... followed
 * through `variables:` and dotenv reports. The child pipeline is YAML: a newline in the text adds
 * keys, jobs and scripts, which run with this pipeline's variables and runners. Severity scales with
 * who writes the text and who starts the pipeline (high at most, never below low); confidence is
 * high when the text is written as is (echo, printf, a heredoc) and medium when it is an argument
 * of a generator that may escape it.
 * Ignores: `$[[ inputs ]]` in the generator's script (expression-injection reports them), text
 * in single quotes or quoted heredocs (no expansion), generators that read the variables
 * themselves (`envsubst`, a script reading its environment: what they write is not in the file),
 * and artifacts of jobs not defined in this configuration.
 * Semantics: https://docs.gitlab.com/ci/pipelines/downstream_pipelines/#dynamic-child-pipelines
 * Data: platforms/gitlab/data/variables.ts (the sources, through the taint analysis).
 */
import { stepScript } from '../analysis/scripts/step-script.js';
import { fileWrites, sameFile } from '../analysis/shell/file-writes.js';
import { TaintAnalysis, type TaintPath } from '../analysis/taint/taint.js';
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import { SEVERITIES, type Severity } from '../model/finding.js';
import type { Interpolation, Job, Origin, Step } from '../model/types.js';
import { defineRule, type NotedTarget } from './define-rule.js';

/** Branch and tag names on protected refs are the maintainers' own. */
const REF_NAMES = new Set(['CI_COMMIT_BRANCH', 'CI_COMMIT_REF_NAME', 'CI_COMMIT_TAG']);

interface Candidate {
  severity: Severity;
  confidence: 'high' | 'medium';
  interpolation: Interpolation;
  path: TaintPath;
  producer: Job;
  step: Step;
  child: { path: string; origin: Origin };
}

export default defineRule({
  meta: {
    id: 'generated-pipeline-injection',
    summary: 'GitLab dynamic child pipeline written with text someone else sets',
    description:
      'A job writes the YAML of a dynamic child pipeline (trigger: include: artifact:) with a merge request title, commit message, branch name or pipeline variable expanded into it, so whoever writes that text can add jobs and scripts to the child pipeline.',
    category: 'injection',
    platforms: ['gitlab'],
    severity: 'high',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      generated:
        "Job `{{producer}}` writes `{{expression}}`, which carries {{source}} ({{capability}}){{via}}, into {{file}}, the configuration of the child pipeline job `{{trigger}}` starts: {{effect}}, and the child pipeline runs with this pipeline's variables and runners",
    },
    owasp: ['CICD-SEC-4'],
    phase: 'foundations',
    related: {},
  },
  create(context) {
    const taint = new TaintAnalysis(context.project);
    return {
      job(job, pipeline) {
        if (pipeline.platform !== 'gitlab') return;
        for (const child of job.gitlab?.trigger?.artifacts ?? []) {
          const producer = pipeline.jobs.find((j) => j.id === child.job);
          if (!producer) continue;
          let worst: Candidate | undefined;
          for (const step of producer.steps) {
            const value = step.script?.value;
            if (!value?.includes('$')) continue;
            const writes = fileWrites(value).filter((w) => !w.literalHeredoc && sameFile(w.target, child.path));
            if (writes.length === 0) continue;
            const script = stepScript(step, producer);
            if (!script) continue;
            for (const write of writes) {
              // Real shell expansions only: not in single quotes or quoted heredocs.
              const expansions = script.facts.expansions.filter((e) => e.start >= write.start && e.end <= write.end);
              for (const expansion of expansions) {
                for (const interpolation of script.interpolationsWithin(expansion.start, expansion.end)) {
                  if (interpolation.phase !== 'runtime-env') continue;
                  for (const path of taint.pathsOf(interpolation, { pipeline, job: producer, step })) {
                    if (path.inactive) continue;
                    const triggers = REF_NAMES.has(path.source.name)
                      ? path.triggers.filter((t) => t.gitlab?.ref !== 'protected-branch' && t.gitlab?.ref !== 'protected-tag')
                      : path.triggers;
                    if (triggers.length === 0) continue;
                    let severity = scaledSeverity(exposureOf(producer, pipeline, context.project, triggers), 'high');
                    if (path.source.capability === 'restricted')
                      severity = SEVERITIES[Math.max(0, SEVERITIES.indexOf(severity) - 1)] as Severity;
                    if (SEVERITIES.indexOf(severity) < SEVERITIES.indexOf('low')) severity = 'low';
                    const found: Candidate = {
                      severity,
                      confidence: write.verbatim ? 'high' : 'medium',
                      interpolation,
                      path,
                      producer,
                      step,
                      child,
                    };
                    if (!worst || SEVERITIES.indexOf(severity) > SEVERITIES.indexOf(worst.severity)) worst = found;
                  }
                }
              }
            }
          }
          if (!worst) continue;
          const { interpolation, path } = worst;
          const flow: NotedTarget[] = [
            { at: path.source.origin, note: `${path.source.name}, set by someone other than the maintainers` },
            ...path.hops.map((hop) => ({ at: hop.origin, note: hop.note })),
            { at: interpolation.origin, note: `written into ${child.path}` },
            { at: child.origin, note: `job ${job.id} runs ${child.path} as a child pipeline` },
          ];
          context.report({
            messageId: 'generated',
            data: {
              producer: worst.producer.id,
              expression: interpolation.origin.file.text.slice(interpolation.origin.span.start, interpolation.origin.span.end),
              source: path.source.name,
              capability: path.source.capability === 'free-text' ? 'arbitrary text' : 'restricted characters',
              via: path.hops.length ? ` through ${path.hops.map((h) => h.note).join(', ')}` : '',
              file: child.path,
              trigger: job.id,
              effect:
                path.source.capability === 'free-text'
                  ? 'a newline in it adds jobs and scripts'
                  : 'quotes or braces in it can change the YAML around it',
            },
            at: interpolation.origin,
            severity: worst.severity,
            confidence: worst.confidence,
            flow,
            trust: trustContext(exposureOf(worst.producer, pipeline, context.project, path.triggers)),
            tip: 'Write the child configuration from fixed text and pass untrusted values as variables of the trigger job (trigger: forward: yaml_variables), which the child jobs read as data; or check the value against a strict pattern before writing it.',
          });
        }
      },
    };
  },
});
