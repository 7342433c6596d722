/**
 * Every event that can trigger a GitHub Actions workflow, with who can cause it and what the run
 * gets. Source of the event list and of `GITHUB_SHA`/`GITHUB_REF` per event: GitHub Docs, "Events
 * that trigger workflows". Token and secret behaviour for forks: "Automatic token authentication"
 * and "Approving workflow runs from forks". `pull_request_comment` appears in the docs' list only
 * as a pointer to `issue_comment`, so it has no entry.
 *
 * Fields:
 * - `minTrust`: least trusted actor who can make the event fire (T0 anyone on the internet ...
 *   T4 admin, see `Trust` in model/types.ts). For events fired by GitHub or by apps on someone's
 *   behalf it is the least trusted person who can cause that.
 * - `privileged`: the run has the base repository's secrets and its normal (possibly write)
 *   `GITHUB_TOKEN` whoever caused the event. `conditionallyPrivileged` explains cases where an
 *   otherwise unprivileged event is privileged.
 * - `forkCodeByDefault`: `actions/checkout` with no `ref` checks out code an outsider wrote.
 * - `definitionSource`: where the workflow file itself is read from (model `Trigger`).
 *
 * Nuances worth keeping in mind (all from the docs above):
 * - `pull_request` from a fork is T0 but unprivileged: read-only `GITHUB_TOKEN`, no secrets
 *   except `GITHUB_TOKEN` (Dependabot PRs get Dependabot secrets). The workflow file comes from the
 *   PR's merge commit, so the author controls it entirely. On public repositories, runs for
 *   first-time contributors wait for approval by default ("Require approval for first-time
 *   contributors"); that is a speed bump, not a boundary, since one accepted typo fix clears it.
 *   Private repositories can opt in to sending write tokens and secrets to fork PRs.
 * - `pull_request_review` and `pull_request_review_comment` follow the same fork rules; but for
 *   a pull request whose head branch is in the base repository, anyone who may review (any
 *   signed-in user on a public repository) triggers a run with full secrets.
 * - `workflow_run` always runs the default branch's workflow with secrets and the normal token,
 *   but it inherits the trust of the run that triggered it: a `pull_request` run from a fork makes
 *   it reachable by anyone. Analysis should resolve the parent workflow; T0 is the safe default.
 * - `workflow_call` inherits everything from the caller; T0 until the caller is known.
 */
import { Trust, type TriggerKind } from '../../../model/types.js';

export type DefinitionSource = 'triggering-ref' | 'trusted-ref' | 'external';

export interface GithubTrigger {
  name: string;
  kind: TriggerKind;
  minTrust: Trust;
  privileged: boolean;
  forkCodeByDefault: boolean;
  definitionSource: DefinitionSource;
  conditionallyPrivileged?: string;
  note: string;
  source: string;
}

const EVENTS = 'https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows';
const ev = (anchor: string): string => `${EVENTS}#${anchor}`;

const APP_NOTE =
  'Does not fire for check suites or statuses created by GitHub Actions itself, but does for installed apps (external CI) that run on fork pull request commits; the payload then carries the fork branch and commit.';

export const GITHUB_TRIGGERS: readonly GithubTrigger[] = [
  {
    name: 'branch_protection_rule',
    kind: 'other',
    minTrust: Trust.Admin,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Branch protection changes need admin access; runs on the default branch.',
    source: ev('branch_protection_rule'),
  },
  {
    name: 'check_run',
    kind: 'other',
    minTrust: Trust.Anyone,
    privileged: true,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: `Runs on the default branch. ${APP_NOTE}`,
    source: ev('check_run'),
  },
  {
    name: 'check_suite',
    kind: 'other',
    minTrust: Trust.Anyone,
    privileged: true,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: `Runs on the default branch. ${APP_NOTE}`,
    source: ev('check_suite'),
  },
  {
    name: 'create',
    kind: 'push',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'triggering-ref',
    note: 'Branch or tag creation needs push access; runs the workflow from the created ref.',
    source: ev('create'),
  },
  {
    name: 'delete',
    kind: 'other',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Branch or tag deletion needs push access; runs on the default branch.',
    source: ev('delete'),
  },
  {
    name: 'deployment',
    kind: 'api',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'triggering-ref',
    note: 'Deployments are created through the API by users or apps with deployments write access; runs the workflow at the deployment ref.',
    source: ev('deployment'),
  },
  {
    name: 'deployment_status',
    kind: 'api',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'triggering-ref',
    note: 'Statuses are posted by users or apps with deployments write access. Hosting integrations may post them for preview deployments of fork pull requests.',
    source: ev('deployment_status'),
  },
  {
    name: 'discussion',
    kind: 'issue',
    minTrust: Trust.Anyone,
    privileged: true,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Any signed-in user can start a discussion in a public repository with discussions on; runs on the default branch.',
    source: ev('discussion'),
  },
  {
    name: 'discussion_comment',
    kind: 'comment',
    minTrust: Trust.Anyone,
    privileged: true,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Any signed-in user can comment on a discussion; runs on the default branch.',
    source: ev('discussion_comment'),
  },
  {
    name: 'fork',
    kind: 'other',
    minTrust: Trust.Anyone,
    privileged: true,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Anyone can fork a public repository; runs on the default branch. The payload holds little the forker controls.',
    source: ev('fork'),
  },
  {
    name: 'gollum',
    kind: 'other',
    minTrust: Trust.Anyone,
    privileged: true,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Wiki page edits; public wikis are editable by any signed-in user unless editing is restricted to collaborators. Page names and titles are attacker text.',
    source: ev('gollum'),
  },
  {
    name: 'issue_comment',
    kind: 'comment',
    minTrust: Trust.Anyone,
    privileged: true,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Comments on issues and pull requests; runs on the default branch, not the pull request head. Checking out the PR head here runs outsider code with secrets.',
    source: ev('issue_comment'),
  },
  {
    name: 'issues',
    kind: 'issue',
    minTrust: Trust.Anyone,
    privileged: true,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Anyone can open or edit their own issue on a public repository; some activity types (labeled, assigned, milestoned...) need triage access. Runs on the default branch.',
    source: ev('issues'),
  },
  {
    name: 'label',
    kind: 'other',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Repository labels being created, edited or deleted (not applied); runs on the default branch.',
    source: ev('label'),
  },
  {
    name: 'merge_group',
    kind: 'pr',
    minTrust: Trust.Writer,
    privileged: true,
    forkCodeByDefault: true,
    definitionSource: 'triggering-ref',
    note: "A user who may merge adds a pull request to the merge queue. The run is on a gh-readonly-queue branch of the base repository, so it has secrets, yet it contains the pull request's changes (workflow files included), which may come from a fork.",
    source: ev('merge_group'),
  },
  {
    name: 'milestone',
    kind: 'other',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Milestones are managed by users with write access; runs on the default branch.',
    source: ev('milestone'),
  },
  {
    name: 'page_build',
    kind: 'other',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Pushes to a GitHub Pages publishing source; runs on the default branch.',
    source: ev('page_build'),
  },
  {
    name: 'project',
    kind: 'other',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Projects (classic) only, which GitHub has been retiring; runs on the default branch.',
    source: ev('project'),
  },
  {
    name: 'project_card',
    kind: 'other',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Projects (classic) only; runs on the default branch.',
    source: ev('project_card'),
  },
  {
    name: 'project_column',
    kind: 'other',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Projects (classic) only; runs on the default branch.',
    source: ev('project_column'),
  },
  {
    name: 'public',
    kind: 'other',
    minTrust: Trust.Admin,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'The repository changing from private to public; admin only.',
    source: ev('public'),
  },
  {
    name: 'pull_request',
    kind: 'pr',
    minTrust: Trust.Anyone,
    privileged: false,
    forkCodeByDefault: true,
    definitionSource: 'triggering-ref',
    conditionallyPrivileged:
      'Privileged for pull requests whose head branch is in the base repository (opened by writers), and for fork pull requests in private repositories that enable "Send write tokens/secrets to workflows from pull requests".',
    note: 'Fork pull requests get a read-only GITHUB_TOKEN and no secrets; the workflow file comes from the merge commit, so the author controls it. Public repositories hold runs of first-time contributors for approval by default.',
    source: ev('pull_request'),
  },
  {
    name: 'pull_request_review',
    kind: 'review',
    minTrust: Trust.Anyone,
    privileged: false,
    forkCodeByDefault: true,
    definitionSource: 'triggering-ref',
    conditionallyPrivileged:
      "When the pull request's head branch is in the base repository, a review by anyone (any signed-in user on a public repository) runs with secrets and the normal token, with review.body under the reviewer's control.",
    note: 'Same fork restrictions as pull_request: read-only token and no secrets when the head is a fork.',
    source: ev('pull_request_review'),
  },
  {
    name: 'pull_request_review_comment',
    kind: 'review',
    minTrust: Trust.Anyone,
    privileged: false,
    forkCodeByDefault: true,
    definitionSource: 'triggering-ref',
    conditionallyPrivileged:
      "When the pull request's head branch is in the base repository, a review comment by anyone runs with secrets and the normal token.",
    note: 'Same fork restrictions as pull_request: read-only token and no secrets when the head is a fork.',
    source: ev('pull_request_review_comment'),
  },
  {
    name: 'pull_request_target',
    kind: 'pr-target',
    minTrust: Trust.Anyone,
    privileged: true,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Runs the base branch\'s workflow with secrets and the normal token for any pull request, forks included. The default checkout is the base; checking out the PR head (see checkout-actions.ts) and then building it is the classic "pwn request".',
    source: ev('pull_request_target'),
  },
  {
    name: 'push',
    kind: 'push',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'triggering-ref',
    note: 'Needs push access; the pushed commit\'s workflow runs. Tag pushes are the same event (refine to kind "tag" from the filters).',
    source: ev('push'),
  },
  {
    name: 'registry_package',
    kind: 'other',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'triggering-ref',
    note: 'A package published or updated in GitHub Packages; needs packages write access.',
    source: ev('registry_package'),
  },
  {
    name: 'release',
    kind: 'tag',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'triggering-ref',
    note: 'Releases are created by users with write access; runs the workflow at the release tag.',
    source: ev('release'),
  },
  {
    name: 'repository_dispatch',
    kind: 'api',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Sent through the API with a token holding repository write (contents) access; client_payload is arbitrary JSON from that caller. Runs on the default branch.',
    source: ev('repository_dispatch'),
  },
  {
    name: 'schedule',
    kind: 'schedule',
    minTrust: Trust.Maintainer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: "No actor: the default branch's workflow runs on a timer, so control lies with whoever can change the default branch. Public repositories disable schedules after 60 days without activity.",
    source: ev('schedule'),
  },
  {
    name: 'status',
    kind: 'other',
    minTrust: Trust.Anyone,
    privileged: true,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: `Commit statuses; runs on the default branch. ${APP_NOTE}`,
    source: ev('status'),
  },
  {
    name: 'watch',
    kind: 'other',
    minTrust: Trust.Anyone,
    privileged: true,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: 'Anyone can star a public repository (activity type "started"); runs on the default branch.',
    source: ev('watch'),
  },
  {
    name: 'workflow_call',
    kind: 'call',
    minTrust: Trust.Anyone,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'external',
    conditionallyPrivileged: "Inherits the caller's event, token, secrets passed or inherited, and the caller's github context.",
    note: 'Reusable workflow: trust and privilege come from the calling workflow; assume the worst until the caller is resolved.',
    source: ev('workflow_call'),
  },
  {
    name: 'workflow_dispatch',
    kind: 'manual',
    minTrust: Trust.Writer,
    privileged: false,
    forkCodeByDefault: false,
    definitionSource: 'triggering-ref',
    note: 'Manual runs need write access; the runner chooses the ref and the inputs.',
    source: ev('workflow_dispatch'),
  },
  {
    name: 'workflow_run',
    kind: 'upstream',
    minTrust: Trust.Anyone,
    privileged: true,
    forkCodeByDefault: false,
    definitionSource: 'trusted-ref',
    note: "Runs the default branch's workflow with secrets and the normal token after another workflow. It inherits the trust of the triggering run: T0 when that run can come from a fork pull request. Artifacts, head_sha and head_branch of the triggering run are then attacker-supplied.",
    source: ev('workflow_run'),
  },
];

const BY_NAME = new Map(GITHUB_TRIGGERS.map((t) => [t.name, t]));

/** The table entry for an event name (case-sensitive, as GitHub's `on:` keys are). */
export function githubTrigger(name: string): GithubTrigger | undefined {
  return BY_NAME.get(name);
}
