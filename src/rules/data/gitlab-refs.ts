/**
 * How the GitLab adapter's pipeline situations read in messages, and which of them anyone without
 * maintainer rights can cause: pushes and runs on unprotected branches and tags, merge requests
 * (from the project, and from forks when a member runs them in the parent project).
 * Source: the situations table, platforms/gitlab/data/pipeline-sources.ts.
 */
import type { GitlabRefKind, Trigger } from '../../model/types.js';

const UNPROTECTED: Record<GitlabRefKind, string | undefined> = {
  'protected-branch': undefined,
  'protected-tag': undefined,
  'unprotected-branch': 'unprotected branches',
  'unprotected-tag': 'unprotected tags',
  'merge-request': 'merge request pipelines',
  'fork-merge-request': 'merge requests from forks run in the parent project',
  'external-pull-request': 'external pull requests',
};

/** The unprotected situations among a job's triggers, in words, and whether forks reach it. */
export function unprotectedReach(triggers: readonly Trigger[]): { refs: string[]; fromForks: boolean } {
  const refs = new Set<string>();
  let fromForks = false;
  for (const trigger of triggers) {
    const ref = trigger.gitlab?.ref;
    const words = ref ? UNPROTECTED[ref] : undefined;
    if (!words) continue;
    refs.add(words);
    fromForks ||= ref === 'fork-merge-request';
  }
  const order = Object.values(UNPROTECTED);
  return { refs: [...refs].sort((a, b) => order.indexOf(a) - order.indexOf(b)), fromForks };
}
