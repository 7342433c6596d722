/**
 * The situations a GitLab pipeline can run in, with who can cause each and the predefined
 * variables its conditions see. Each `rules:`/`only:`/`workflow:rules` is evaluated once per
 * situation; a job's triggers are the situations it may run in.
 *
 * Sources:
 * - Pipeline sources (`CI_PIPELINE_SOURCE` values): https://docs.gitlab.com/ci/jobs/job_rules/#ci_pipeline_source-predefined-variable
 * - Predefined variables and when they are set: https://docs.gitlab.com/ci/variables/predefined_variables/
 * - Protected branches and tags, who may run pipelines on them (push or merge rights on the ref):
 *   https://docs.gitlab.com/ci/pipelines/#pipeline-security-on-protected-branches
 * - Merge request pipelines, and fork merge requests run in the parent project with the parent's
 *   variables and runners: https://docs.gitlab.com/ci/pipelines/merge_request_pipelines/#run-pipelines-in-the-parent-project
 * - Jobs without `rules`/`only`/`except` behave as `only: [branches, tags]` and so never run in
 *   merge request pipelines: https://docs.gitlab.com/ci/yaml/#only--except
 */
import { type GitlabRefKind, Trust, type TriggerKind } from '../../../model/types.js';

export interface PipelineSituation {
  /** The `CI_PIPELINE_SOURCE` value. */
  source: string;
  ref: GitlabRefKind;
  kind: TriggerKind;
  minTrust: Trust;
  /** Runs code and configuration from outside the project with the project's variables and runners. */
  privileged: boolean;
  note: string;
  /**
   * Values `workflow:rules:variables` may give a variable in this situation (each a literal the
   * matching rule sets); a name not listed is unknown. Set by the trust analysis, not here.
   */
  variables?: ReadonlyMap<string, readonly string[]>;
}

/** Sources started on a branch or tag the caller picks (or the one pushed). */
const REF_SOURCES: { source: string; kind: TriggerKind; who: string }[] = [
  { source: 'push', kind: 'push', who: 'a push' },
  { source: 'web', kind: 'manual', who: 'Run pipeline in the UI' },
  { source: 'api', kind: 'api', who: 'the pipelines API' },
  { source: 'trigger', kind: 'api', who: 'a trigger token' },
  { source: 'schedule', kind: 'schedule', who: 'a pipeline schedule' },
  { source: 'pipeline', kind: 'upstream', who: 'a multi-project pipeline' },
  { source: 'parent_pipeline', kind: 'upstream', who: 'a parent pipeline' },
];

const REFS: { ref: GitlabRefKind; trust: Trust; label: string; tag: boolean }[] = [
  { ref: 'protected-branch', trust: Trust.Maintainer, label: 'a protected branch', tag: false },
  { ref: 'unprotected-branch', trust: Trust.Writer, label: 'an unprotected branch', tag: false },
  { ref: 'protected-tag', trust: Trust.Maintainer, label: 'a protected tag', tag: true },
  { ref: 'unprotected-tag', trust: Trust.Writer, label: 'an unprotected tag', tag: true },
];

export const PIPELINE_SITUATIONS: readonly PipelineSituation[] = [
  ...REF_SOURCES.flatMap(({ source, kind, who }) =>
    REFS.map(({ ref, trust, label, tag }) => ({
      source,
      ref,
      kind: source === 'push' && tag ? ('tag' as const) : kind,
      minTrust: trust,
      privileged: false,
      note: `${who} on ${label}`,
    })),
  ),
  {
    source: 'merge_request_event',
    ref: 'merge-request',
    kind: 'pr',
    minTrust: Trust.Writer,
    privileged: false,
    note: 'a merge request from a branch of the project',
  },
  {
    source: 'merge_request_event',
    ref: 'fork-merge-request',
    kind: 'pr',
    minTrust: Trust.Contributor,
    privileged: true,
    note: "a merge request from a fork, run in the parent project (the fork's configuration with the parent's variables and runners)",
  },
  {
    source: 'external_pull_request_event',
    ref: 'external-pull-request',
    kind: 'pr',
    minTrust: Trust.Writer,
    privileged: false,
    note: 'a pull request on the GitHub repository the project mirrors',
  },
];

/** Branch names taken to be the default branch, which is protected unless a project changes it. */
export const DEFAULT_BRANCH_NAMES = new Set(['main', 'master']);
