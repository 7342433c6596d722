/**
 * Context paths that name code an outsider wrote when used as the `ref:` or `repository:` of a
 * checkout: the head of a pull request (possibly from a fork) or of the run that triggered a
 * `workflow_run`. Source: GitHub Security Lab, "Keeping your GitHub Actions and workflows secure
 * Part 1: Preventing pwn requests"
 * (https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/), and the
 * webhook payloads in GitHub Docs, "Webhook events and payloads"
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads).
 *
 * Rule-local until the adapter annotates checkouts with the ref they take (see the report to the
 * lead); platforms/github/data/checkout-actions.ts holds the same list for the platform.
 */
import { contextPathMatches, contextReads, type Expr } from '../../analysis/expressions/github-expr.js';
import type { Template } from '../../model/types.js';

export const PR_HEAD_CONTEXTS: readonly string[] = [
  'github.head_ref',
  'github.event.number',
  'github.event.pull_request.number',
  'github.event.pull_request.head.sha',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.repo.full_name',
  'github.event.pull_request.merge_commit_sha',
  'github.event.issue.number',
  'github.event.workflow_run.head_sha',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.head_repository.full_name',
  'github.event.workflow_run.pull_requests.*.head.sha',
  'github.event.workflow_run.pull_requests.*.head.ref',
  'github.event.check_suite.head_sha',
  'github.event.check_run.head_sha',
];

/** The first pull-request-head context a template reads, if any. */
export function prHeadContextIn(template: Template | undefined): string | undefined {
  if (!template) return undefined;
  for (const interpolation of template.interpolations) {
    if (!interpolation.ast) continue;
    for (const read of contextReads(interpolation.ast as Expr)) {
      if (PR_HEAD_CONTEXTS.some((pattern) => contextPathMatches(read.path, pattern))) return read.path;
    }
  }
  return undefined;
}
