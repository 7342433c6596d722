/**
 * Contexts whose value comes from a small fixed set, so `unsound-condition` can tell exactly which
 * other values a substring `contains('...', <context>)` test lets through.
 *
 * Sources:
 * - author_association: GitHub REST API and webhook payloads, "author_association" enum
 *   (https://docs.github.com/en/graphql/reference/enums#commentauthorassociation).
 * - event_name: GitHub Docs, "Events that trigger workflows"
 *   (https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows),
 *   plus `dynamic`, the event name of runs GitHub starts itself (Dependabot updates, CodeQL default setup).
 */
export const AUTHOR_ASSOCIATIONS: readonly string[] = [
  'COLLABORATOR',
  'CONTRIBUTOR',
  'FIRST_TIMER',
  'FIRST_TIME_CONTRIBUTOR',
  'MANNEQUIN',
  'MEMBER',
  'NONE',
  'OWNER',
];

export const EVENT_NAMES: readonly string[] = [
  'branch_protection_rule',
  'check_run',
  'check_suite',
  'create',
  'delete',
  'deployment',
  'deployment_status',
  'discussion',
  'discussion_comment',
  'dynamic',
  'fork',
  'gollum',
  'issue_comment',
  'issues',
  'label',
  'merge_group',
  'milestone',
  'page_build',
  'public',
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
  'pull_request_target',
  'push',
  'registry_package',
  'release',
  'repository_dispatch',
  'schedule',
  'status',
  'watch',
  'workflow_call',
  'workflow_dispatch',
  'workflow_run',
];

/** The fixed value set of a context path, if it has one. */
export function fixedValuesOf(path: string): readonly string[] | undefined {
  if (path === 'github.event_name') return EVENT_NAMES;
  if (/^github\.event\.[a-z_]+\.author_association$/.test(path)) return AUTHOR_ASSOCIATIONS;
  return undefined;
}
