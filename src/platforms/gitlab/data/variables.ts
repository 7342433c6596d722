/**
 * Predefined GitLab CI/CD variables whose value someone outside the maintainers writes: free
 * text (merge request titles, commit messages, user names) or restricted text that is still
 * shell-active (branch and tag names may hold `$`, `;`, backticks, `|`, `&`, `(`). `triggers`
 * names the pipeline sources under which the variable is set from such input (empty: any).
 * `CI_COMMIT_REF_SLUG` is left out: GitLab reduces it to lower-case letters, digits and `-`.
 *
 * Sources: https://docs.gitlab.com/ci/variables/predefined_variables/ (what each variable holds
 * and in which pipelines), https://docs.gitlab.com/ci/variables/predefined_variables/#predefined-variables-for-merge-request-pipelines,
 * https://docs.gitlab.com/user/project/repository/branches/#name-your-branch (branch name rules),
 * https://docs.gitlab.com/ci/triggers/#pass-cicd-variables-in-the-api-call (TRIGGER_PAYLOAD),
 * https://docs.gitlab.com/ci/chatops/ (CHAT_INPUT).
 */

export interface AttackerVariable {
  capability: 'free-text' | 'restricted';
  triggers: string[];
  /** Can be expanded by `expand_vars` in inputs (variables `include` accepts). */
  includeCompatible?: boolean;
}

const MR = ['merge_request_event'];

export const ATTACKER_VARIABLES: Readonly<Record<string, AttackerVariable>> = {
  CI_MERGE_REQUEST_TITLE: { capability: 'free-text', triggers: MR },
  CI_MERGE_REQUEST_DESCRIPTION: { capability: 'free-text', triggers: MR },
  CI_MERGE_REQUEST_LABELS: { capability: 'free-text', triggers: MR },
  CI_MERGE_REQUEST_MILESTONE: { capability: 'free-text', triggers: MR },
  CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: { capability: 'restricted', triggers: MR },
  CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: { capability: 'restricted', triggers: MR },
  CI_MERGE_REQUEST_SOURCE_PROJECT_URL: { capability: 'restricted', triggers: MR },
  CI_COMMIT_MESSAGE: { capability: 'free-text', triggers: [] },
  CI_COMMIT_TITLE: { capability: 'free-text', triggers: [] },
  CI_COMMIT_DESCRIPTION: { capability: 'free-text', triggers: [] },
  CI_COMMIT_AUTHOR: { capability: 'free-text', triggers: [] },
  CI_COMMIT_TAG_MESSAGE: { capability: 'free-text', triggers: [] },
  CI_RELEASE_DESCRIPTION: { capability: 'free-text', triggers: [] },
  GITLAB_USER_NAME: { capability: 'free-text', triggers: [] },
  GITLAB_USER_EMAIL: { capability: 'restricted', triggers: [] },
  CI_COMMIT_BRANCH: { capability: 'restricted', triggers: [] },
  CI_COMMIT_REF_NAME: { capability: 'restricted', triggers: [], includeCompatible: true },
  CI_COMMIT_TAG: { capability: 'restricted', triggers: [] },
  CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME: { capability: 'restricted', triggers: ['external_pull_request_event'] },
  TRIGGER_PAYLOAD: { capability: 'free-text', triggers: ['trigger'] },
  CHAT_INPUT: { capability: 'free-text', triggers: ['chat'] },
};
