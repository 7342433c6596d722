/**
 * untrusted-code-selection: a GitLab value that chooses what runs expands a variable someone
 * other than the maintainers sets. GitLab (not a shell) expands `$VAR` in `image:`,
 * `services:`, `include:`, `trigger:` and `tags:`, so no quoting helps: the value picks the
 * container the scripts run in, a service container beside it, configuration merged into the
 * pipeline, the downstream project or branch, or the runner that receives the job's variables.
 * Sources: the predefined variables others write (merge request source branch and title, branch
 * and tag names on unprotected refs, `TRIGGER_PAYLOAD`...), Run pipeline form variables
 * (`variables:` with `description:`, set through the form, the API, trigger tokens, schedules
 * and push options), followed through `variables:`, `rules:variables` and
 * `workflow:rules:variables`. An include only sees the variables GitLab expands there
 * (`CI_COMMIT_REF_NAME` and pipeline variables), never YAML `variables:`.
 * Severity follows who can set the value in the situations that run the job: a fork merge
 * request run in the parent project is the worst; a branch name on a protected branch is the
 * maintainers' own and is not reported.
 * Ignores: project, group and instance variables and variables the file does not declare (they
 * are set in settings, not known offline), `CI_COMMIT_REF_SLUG` and `CI_PROJECT_*`.
 * Data: platforms/gitlab/data/variables.ts. Semantics:
 * https://docs.gitlab.com/ci/variables/where_variables_can_be_used/,
 * https://docs.gitlab.com/ci/yaml/includes/#use-variables-with-include
 */
import { TaintAnalysis, type TaintPath } from '../analysis/taint/taint.js';
import { type Exposure, exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import type { CodeSelector, Interpolation, Job, Pipeline, TaintSource, Trigger } from '../model/types.js';
import { Trust } from '../model/types.js';
import { defineRule, type NotedTarget } from './define-rule.js';

const WHAT: Record<CodeSelector['what'], { name: string; picks: string; max: Severity; tip: string }> = {
  image: {
    name: 'the image',
    picks: 'the container every script of the job runs in',
    max: 'high',
    tip: 'Name the image in the file, pinned by digest; if a variable must choose, test it against a fixed list in `rules:` first.',
  },
  service: {
    name: 'a service image',
    picks: 'a container that runs beside the job and shares its network',
    max: 'high',
    tip: 'Name the service image in the file, pinned by digest.',
  },
  include: {
    name: 'an include',
    picks: 'configuration merged into the pipeline (jobs, scripts, images) before anything runs',
    max: 'high',
    tip: 'Include a fixed project, file and commit SHA; choose between known files with `include: rules:` instead of a variable.',
  },
  'trigger-project': {
    name: 'the downstream project',
    picks: 'which project the trigger job starts a pipeline in',
    max: 'high',
    tip: 'Write the downstream project in the file; choose between known projects with `rules:`.',
  },
  'trigger-branch': {
    name: 'the downstream branch',
    picks: "which branch's configuration the downstream pipeline runs",
    max: 'medium',
    tip: 'Trigger a fixed (protected) branch of the downstream project.',
  },
  'runner-tag': {
    name: 'a runner tag',
    picks: 'which runner takes the job, with its variables and tokens',
    max: 'medium',
    tip: 'Write runner tags in the file; use protected runners for jobs with protected variables.',
  },
};

/** Ref names the maintainers choose on protected refs (only someone else's text elsewhere). */
const REF_NAMES = new Set(['CI_COMMIT_BRANCH', 'CI_COMMIT_REF_NAME', 'CI_COMMIT_TAG']);

const PROTECTED = new Set(['protected-branch', 'protected-tag']);

/** The triggers under which the source is someone else's text. */
function liveTriggers(source: TaintSource, triggers: Trigger[]): Trigger[] {
  if (!REF_NAMES.has(source.name)) return triggers;
  return triggers.filter((t) => !PROTECTED.has(t.gitlab?.ref ?? ''));
}

function lower(severity: Severity, by: number): Severity {
  return SEVERITIES[Math.max(1, SEVERITIES.indexOf(severity) - by)] as Severity;
}

interface Candidate {
  severity: Severity;
  interpolation: Interpolation;
  selector: CodeSelector;
  path: Pick<TaintPath, 'source' | 'hops'>;
  exposure: Exposure;
  job?: Job;
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** Exposure of the whole pipeline (an include changes every job), under the given triggers. */
function pipelineExposure(triggers: Trigger[]): Exposure {
  const low = triggers.filter((t) => t.minTrust <= Trust.Contributor);
  return {
    triggers,
    minTrust: triggers.length ? (Math.min(...triggers.map((t) => t.minTrust)) as Trust) : undefined,
    privilegedAtLowTrust: low.some((t) => t.privileged),
    privileges: ['every job of the pipeline'],
    gates: [],
  };
}

export default defineRule({
  meta: {
    id: 'untrusted-code-selection',
    summary: 'Variable someone else sets chooses the image, include, downstream project or runner',
    description:
      'GitLab expands variables in image:, services:, include:, trigger: and tags: itself, so a value a merge request author, branch pusher or pipeline starter sets decides which container, configuration, downstream pipeline or runner the job gets.',
    category: 'injection',
    platforms: ['gitlab'],
    severity: 'high',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      selected:
        '{{what}} {{where}}expands `{{expression}}`, which carries {{source}} ({{capability}}){{via}}: whoever sets it picks {{picks}}',
    },
    owasp: ['CICD-SEC-4', 'CICD-SEC-3'],
    phase: 'foundations',
    related: {},
  },
  create(context) {
    const taint = new TaintAnalysis(context.project);
    const report = (found: Candidate) => {
      const { interpolation, selector, path, exposure, job } = found;
      const what = WHAT[selector.what];
      const flow: NotedTarget[] = [
        { at: path.source.origin, note: `${path.source.name}, set by someone other than the maintainers` },
        ...path.hops.map((hop) => ({ at: hop.origin, note: hop.note })),
        { at: interpolation.origin, note: `chooses ${what.name}` },
      ];
      context.report({
        messageId: 'selected',
        data: {
          what: what.name.charAt(0).toUpperCase() + what.name.slice(1),
          where: job ? `of job \`${job.id}\` ` : '',
          expression: interpolation.origin.file.text.slice(interpolation.origin.span.start, interpolation.origin.span.end),
          source: path.source.name,
          capability: path.source.capability === 'free-text' ? 'arbitrary text' : 'restricted characters',
          via: path.hops.length ? ` through ${path.hops.map((h) => h.note).join(', ')}` : '',
          picks: what.picks,
        },
        at: interpolation.origin,
        severity: found.severity,
        confidence: path.source.capability === 'free-text' && !path.source.name.startsWith('pipeline variable') ? 'high' : 'medium',
        flow,
        trust: trustContext(exposure),
        tip: what.tip,
      });
    };
    const judge = (source: TaintSource, triggers: Trigger[], exposure: (t: Trigger[]) => Exposure, max: Severity) => {
      const live = liveTriggers(source, triggers);
      if (live.length === 0) return undefined;
      const seen = exposure(live);
      let severity = scaledSeverity(seen, max);
      if (source.capability === 'restricted') severity = lower(severity, 1);
      if (rank(severity) < rank('low')) severity = 'low';
      return { severity, exposure: seen };
    };
    return {
      pipeline(pipeline: Pipeline) {
        if (pipeline.platform !== 'gitlab') return;
        // One finding per written value (a template's image is shared by the jobs that extend it): the worst job.
        const worst = new Map<string, Candidate>();
        const keep = (found: Candidate) => {
          const key = `${found.interpolation.origin.file.path}:${found.interpolation.origin.span.start}`;
          const known = worst.get(key);
          if (!known || rank(found.severity) > rank(known.severity)) worst.set(key, found);
        };
        for (const selector of pipeline.gitlab?.includeSelectors ?? []) {
          for (const interpolation of selector.template.interpolations) {
            for (const source of interpolation.sources) {
              const triggers = source.triggers.length
                ? pipeline.triggers.filter((t) => source.triggers.includes(t.name))
                : pipeline.triggers;
              const judged = judge(source, triggers, pipelineExposure, WHAT.include.max);
              if (judged) keep({ ...judged, interpolation, selector, path: { source, hops: [] } });
            }
          }
        }
        for (const job of pipeline.jobs) {
          for (const selector of job.gitlab?.selectors ?? []) {
            for (const interpolation of selector.template.interpolations) {
              for (const path of taint.pathsOf(interpolation, { pipeline, job })) {
                if (path.inactive) continue;
                const judged = judge(
                  path.source,
                  path.triggers,
                  (t) => exposureOf(job, pipeline, context.project, t),
                  WHAT[selector.what].max,
                );
                if (judged) keep({ ...judged, interpolation, selector, path, job });
              }
            }
          }
        }
        for (const found of worst.values()) report(found);
      },
    };
  },
});
