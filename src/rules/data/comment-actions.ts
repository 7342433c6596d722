/**
 * Actions that post text to an issue or pull request (a comment, a review, a new issue), with the
 * input whose text they post. Whatever those inputs contain is readable by everyone who can read
 * the repository, unmasked (log masking does not apply to comments).
 *
 * Sources (each action's README, inputs section):
 * - peter-evans/create-or-update-comment `body`: https://github.com/peter-evans/create-or-update-comment#action-inputs
 * - peter-evans/create-issue-from-file `content-filepath` is a file, not text, and is left out.
 * - marocchino/sticky-pull-request-comment `message`: https://github.com/marocchino/sticky-pull-request-comment#inputs
 * - thollander/actions-comment-pull-request `message`: https://github.com/thollander/actions-comment-pull-request#inputs
 * - mshick/add-pr-comment `message`: https://github.com/mshick/add-pr-comment#configuration-options
 * - actions/github-script `script` when it calls an API that posts (createComment, create,
 *   createReview, update, gists.create): https://github.com/actions/github-script#readme
 */
export interface CommentAction {
  action: string;
  inputs: readonly string[];
  /** For scripts: the text must also call one of these API methods. */
  calls?: RegExp;
}

export const COMMENT_ACTIONS: readonly CommentAction[] = [
  { action: 'peter-evans/create-or-update-comment', inputs: ['body'] },
  { action: 'marocchino/sticky-pull-request-comment', inputs: ['message'] },
  { action: 'thollander/actions-comment-pull-request', inputs: ['message'] },
  { action: 'mshick/add-pr-comment', inputs: ['message'] },
  {
    action: 'actions/github-script',
    inputs: ['script'],
    calls:
      /\b(?:createComment|updateComment|createReview|createReviewComment|issues\.create|issues\.update|pulls\.create|pulls\.update|gists\.create)\s*\(/,
  },
];

export function commentActionFor(name: string): CommentAction | undefined {
  const key = name.toLowerCase();
  return COMMENT_ACTIONS.find((a) => a.action === key);
}
