/**
 * Which Tekton and Pipelines-as-Code variables carry attacker-chosen text.
 *
 * Sources:
 * - Tekton Triggers, TriggerBinding: `$(body.*)`, `$(header.*)`, `$(extensions.*)` are copied from
 *   the incoming request (https://tekton.dev/docs/triggers/triggerbindings/).
 * - GitHub webhook payloads (https://docs.github.com/en/webhooks/webhook-events-and-payloads):
 *   titles, bodies, comments and commit messages are free text of the sender; branch names and
 *   logins are restricted to git-ref / login characters but still reach a shell.
 * - GitLab webhook events (https://docs.gitlab.com/user/project/integrations/webhook_events/):
 *   `object_attributes.title`, `description`, `note`, `last_commit.message`, `source_branch`.
 * - Pipelines-as-Code dynamic variables, substituted into the raw file before it is parsed
 *   (https://pipelinesascode.com/docs/guide/authoringprs/): `{{ body.* }}`, `{{ trigger_comment }}`, `{{ pull_request_labels }}`, `{{ source_branch }}`, `{{ git_tag }}`,
 *   `{{ files.* }}`, `{{ sender }}`, `{{ source_url }}`; `{{ revision }}`, `{{ repo_url }}`,
 *   `{{ target_branch }}`, `{{ event_type }}`, `{{ pull_request_number }}`, `{{ git_auth_secret }}`
 *   are fixed by the platform, and so are `{{ headers[...] }}` (the provider's request headers,
 *   checked against the webhook secret by the Pipelines-as-Code controller).
 * Fixed Tekton variables (`$(context.*)`, `$(workspaces.*)`, `$(results.*)`) are never sources.
 */

export type Capability = 'free-text' | 'restricted';

/** Dotted paths under `body.` (after `pull_request.` or the like) that hold free text. */
const FREE_TEXT_BODY = [
  /(^|\.)title$/,
  /(^|\.)body$/,
  /(^|\.)description$/,
  /(^|\.)message$/,
  /(^|\.)note$/,
  /^comment\./,
  /^review\./,
  /(^|\.)label(s)?(\.|$)/,
  /(^|\.)author\.(name|email)$/,
  /(^|\.)committer\.(name|email)$/,
  /^pusher\.(name|email)$/,
  /(^|\.)user\.name$/,
];

/** Paths under `body.` that hold restricted but attacker-chosen text (branch names, logins, URLs of forks). */
const RESTRICTED_BODY = [
  /(^|\.)head\.ref$/,
  /(^|\.)head\.label$/,
  /(^|\.)head\.repo\./,
  /^ref$/,
  /(^|\.)source_branch$/,
  /(^|\.)login$/,
  /(^|\.)username$/,
  /(^|\.)sender\./,
  /(^|\.)head_commit\.(id|url)$/,
];

/** A `$(body.x.y)` path (without the leading `body.`): free text, restricted text, or not attacker text. */
export function bodyFieldCapability(path: string): Capability | undefined {
  if (path === '' || path === '*') return 'free-text';
  const clean = path.replace(/\[[^\]]*\]/g, '');
  if (FREE_TEXT_BODY.some((p) => p.test(clean))) return 'free-text';
  if (RESTRICTED_BODY.some((p) => p.test(clean))) return 'restricted';
  // Whole objects (`body.pull_request`, `body.commits`) include the free-text fields above.
  if (/^(pull_request|issue|comment|review|head_commit|commits|object_attributes|merge_request)$/.test(clean)) return 'free-text';
  return undefined;
}

/** Pipelines-as-Code variables that hold attacker-chosen text on pull request and comment events. */
export const PAC_VARIABLES: Record<string, Capability> = {
  trigger_comment: 'free-text',
  pull_request_labels: 'free-text',
  source_branch: 'restricted',
  git_tag: 'restricted',
  sender: 'restricted',
  source_url: 'restricted',
};

/** Pipelines-as-Code variables the platform fixes (not attacker text). */
export const PAC_FIXED_VARIABLES = new Set([
  'revision',
  'repo_url',
  'repo_owner',
  'repo_name',
  'target_branch',
  'target_namespace',
  'event_type',
  'pull_request_number',
  'git_auth_secret',
  'git_auth_secret_key',
  'target_url',
  'trigger_comment_type',
]);
