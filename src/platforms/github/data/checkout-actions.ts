/**
 * Actions and commands that bring code or data into a job or carry it out: checkout, artifacts
 * and caches. Sources are each action's README/action.yml and the GitHub changelog entries named
 * per entry. Publish and deploy targets live in publish-deploy.ts and are re-exported here.
 *
 * Recent platform changes, recorded from GitHub's changelog (not yet re-verified against the live
 * pages): actions/checkout v7 (2026-06-18, backported to v6.1.0/v5.1.0/v4.4.0) refuses to fetch
 * fork pull request code under pull_request_target and workflow_run unless
 * `allow-unsafe-pr-checkout` is set; from 2026-06-26 untrusted triggers receive read-only cache
 * tokens, and a per-job `cache-mode` (read | write | write-only | none) became GA on 2026-09-10.
 */
import { contextPathMatches } from '../../../analysis/expressions/github-expr.js';
import { ActionTable } from './action-names.js';
import { commandBaseName, matchSubcommand, operandsOf } from './command-line.js';

export interface CheckoutAction {
  action: string;
  refInput: string;
  repositoryInput: string;
  pathInput: string;
  tokenInput?: string;
  persistCredentials?: { input: string; default: boolean; note: string };
  unsafeOptIn?: { input: string; note: string; source: string };
  defaultRef: string;
  source: string;
}

export const CHECKOUT_ACTIONS: readonly CheckoutAction[] = [
  {
    action: 'actions/checkout',
    refInput: 'ref',
    repositoryInput: 'repository',
    pathInput: 'path',
    tokenInput: 'token',
    persistCredentials: {
      input: 'persist-credentials',
      default: true,
      note: 'The token stays configured for later git commands in the job (in .git/config up to v5, in a file under $RUNNER_TEMP from v6); any later step, including repository code, can use it. Uploading the workspace as an artifact can leak it.',
    },
    unsafeOptIn: {
      input: 'allow-unsafe-pr-checkout',
      note: 'From v7 (and the 2026-07 backports) fork pull request code is refused under pull_request_target and workflow_run unless this is true.',
      source: 'https://github.blog/changelog/2026-06-18-safer-pull_request_target-defaults-for-github-actions-checkout/',
    },
    defaultRef:
      'The triggering ref/SHA: the merge ref for pull_request, the base branch for pull_request_target, the default branch for issue_comment, workflow_run and other default-branch events.',
    source: 'https://github.com/actions/checkout#readme',
  },
];

export interface CheckoutCommand {
  command: string;
  subcommands: readonly string[];
  note: string;
  source: string;
}

/** Shell commands that switch the workspace to other code. */
export const CHECKOUT_COMMANDS: readonly CheckoutCommand[] = [
  {
    command: 'gh',
    subcommands: ['pr checkout'],
    note: "Checks out a pull request's head, forks included.",
    source: 'https://cli.github.com/manual/gh_pr_checkout',
  },
  {
    command: 'git',
    subcommands: ['fetch', 'checkout', 'switch', 'pull', 'reset', 'worktree add'],
    note: 'Untrusted when the ref or refspec names a pull request head (refs/pull/<n>/head or /merge, or a PR head SHA, branch or repository).',
    source: 'https://git-scm.com/docs/git-fetch',
  },
];

/** What a context names: a commit, a branch, a repository, or a number used in `refs/pull/<n>/...`. */
export type CheckoutRefKind = 'commit' | 'branch' | 'repository' | 'number';

export interface UntrustedCheckoutRef {
  /** Context path, lower case (`*` matches one segment). */
  pattern: string;
  /** Also matches every path below `pattern` (`head.repo` covers `head.repo.full_name`, `head.repo.clone_url`...). */
  below?: boolean;
  kind: CheckoutRefKind;
  /** Events under which it names outsider code. */
  triggers: readonly string[];
  note: string;
  source: string;
}

const PWN = 'https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/';
const PAYLOADS = 'https://docs.github.com/en/webhooks/webhook-events-and-payloads';
/** Events whose payload carries `pull_request` (only `pull_request_target` is privileged). */
export const PULL_REQUEST_EVENTS: readonly string[] = [
  'pull_request_target',
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
];

/**
 * Context paths (as in contexts.ts) that name outsider code when used as a checkout ref or
 * repository: the head of a pull request (possibly from a fork) or of the run that triggered a
 * `workflow_run`. Sources: GitHub Security Lab, "Preventing pwn requests", and the webhook payloads
 * (which fields name the head commit, branch and repository per event).
 */
export const UNTRUSTED_CHECKOUT_REFS: readonly UntrustedCheckoutRef[] = [
  {
    pattern: 'github.event.pull_request.head.sha',
    kind: 'commit',
    triggers: PULL_REQUEST_EVENTS,
    note: 'Head commit of the pull request.',
    source: PWN,
  },
  {
    pattern: 'github.event.pull_request.head.ref',
    kind: 'branch',
    triggers: PULL_REQUEST_EVENTS,
    note: 'Head branch (a fork branch when used with head.repo).',
    source: PWN,
  },
  {
    pattern: 'github.event.pull_request.head.repo',
    below: true,
    kind: 'repository',
    triggers: PULL_REQUEST_EVENTS,
    note: 'The fork (full_name, clone_url...).',
    source: PWN,
  },
  {
    pattern: 'github.event.pull_request.merge_commit_sha',
    kind: 'commit',
    triggers: PULL_REQUEST_EVENTS,
    note: 'Test merge commit containing the pull request changes.',
    source: PWN,
  },
  { pattern: 'github.head_ref', kind: 'branch', triggers: PULL_REQUEST_EVENTS, note: 'Head branch of the pull request.', source: PWN },
  {
    pattern: 'github.event.pull_request.number',
    kind: 'number',
    triggers: PULL_REQUEST_EVENTS,
    note: 'Used in refs/pull/<n>/head or /merge.',
    source: PWN,
  },
  {
    pattern: 'github.event.number',
    kind: 'number',
    triggers: PULL_REQUEST_EVENTS,
    note: 'Used in refs/pull/<n>/head or /merge.',
    source: PWN,
  },
  {
    pattern: 'github.event.issue.number',
    kind: 'number',
    triggers: ['issue_comment'],
    note: 'issue_comment on a pull request: refs/pull/<n>/head.',
    source: `${PAYLOADS}#issue_comment`,
  },
  {
    pattern: 'github.event.workflow_run.head_sha',
    kind: 'commit',
    triggers: ['workflow_run'],
    note: 'Commit of the triggering run, possibly from a fork.',
    source: `${PAYLOADS}#workflow_run`,
  },
  {
    pattern: 'github.event.workflow_run.head_commit.id',
    kind: 'commit',
    triggers: ['workflow_run'],
    note: 'Commit of the triggering run, possibly from a fork.',
    source: `${PAYLOADS}#workflow_run`,
  },
  {
    pattern: 'github.event.workflow_run.head_branch',
    kind: 'branch',
    triggers: ['workflow_run'],
    note: 'Branch of the triggering run.',
    source: `${PAYLOADS}#workflow_run`,
  },
  {
    pattern: 'github.event.workflow_run.head_repository',
    below: true,
    kind: 'repository',
    triggers: ['workflow_run'],
    note: 'Repository of the triggering run: the fork.',
    source: `${PAYLOADS}#workflow_run`,
  },
  {
    pattern: 'github.event.workflow_run.pull_requests',
    below: true,
    kind: 'commit',
    triggers: ['workflow_run'],
    note: 'Pull requests of the triggering run (their head sha, ref and number).',
    source: `${PAYLOADS}#workflow_run`,
  },
  {
    pattern: 'github.event.check_suite.head_sha',
    kind: 'commit',
    triggers: ['check_suite'],
    note: 'Commit a check suite ran for.',
    source: `${PAYLOADS}#check_suite`,
  },
  {
    pattern: 'github.event.check_suite.head_branch',
    kind: 'branch',
    triggers: ['check_suite'],
    note: 'Branch a check suite ran for.',
    source: `${PAYLOADS}#check_suite`,
  },
  {
    pattern: 'github.event.check_run.head_sha',
    kind: 'commit',
    triggers: ['check_run'],
    note: 'Commit a check run ran for.',
    source: `${PAYLOADS}#check_run`,
  },
  {
    pattern: 'github.event.check_run.check_suite.head_sha',
    kind: 'commit',
    triggers: ['check_run'],
    note: 'Commit the check suite of a check run ran for.',
    source: `${PAYLOADS}#check_run`,
  },
];

/** The entry when a context path (as produced by `contextPath`) names outsider code as a checkout ref. */
export function untrustedCheckoutRefFor(path: string): UntrustedCheckoutRef | undefined {
  return UNTRUSTED_CHECKOUT_REFS.find((entry) => contextPathMatches(path, entry.pattern, { prefix: entry.below }));
}

export interface ArtifactAction {
  action: string;
  direction: 'upload' | 'download';
  pathInput?: string;
  note?: string;
  source: string;
}

export const ARTIFACT_UPLOAD_ACTIONS: readonly ArtifactAction[] = [
  {
    action: 'actions/upload-artifact',
    direction: 'upload',
    pathInput: 'path',
    note: 'Hidden files (.git, .env...) are excluded by default since v4.4.0 unless include-hidden-files: true.',
    source: 'https://github.com/actions/upload-artifact#readme',
  },
  {
    action: 'actions/upload-artifact/merge',
    direction: 'upload',
    note: 'Merges existing artifacts into one.',
    source: 'https://github.com/actions/upload-artifact/blob/main/merge/README.md',
  },
  {
    action: 'actions/upload-pages-artifact',
    direction: 'upload',
    pathInput: 'path',
    note: 'path defaults to _site/; the artifact is what actions/deploy-pages publishes.',
    source: 'https://github.com/actions/upload-pages-artifact#readme',
  },
];

export const ARTIFACT_DOWNLOAD_ACTIONS: readonly ArtifactAction[] = [
  {
    action: 'actions/download-artifact',
    direction: 'download',
    pathInput: 'path',
    note: 'With run-id and github-token it downloads from another run (e.g. the triggering run of workflow_run).',
    source: 'https://github.com/actions/download-artifact#readme',
  },
  {
    action: 'dawidd6/action-download-artifact',
    direction: 'download',
    pathInput: 'path',
    note: 'Downloads from other workflows and runs; searched forks by default before v6 (allow_forks).',
    source: 'https://github.com/dawidd6/action-download-artifact#readme',
  },
];

export interface CacheAction {
  action: string;
  mode: 'restore-save' | 'restore' | 'save';
  enabledByDefault: boolean;
  /** Input that turns caching on when it is off by default (any non-empty, non-false value). */
  enableInput?: string;
  /** How to turn caching off. */
  disable?: { input: string; value: string };
  /** How to keep restoring but stop saving. */
  readOnly?: { input: string; value: string };
  /** Input that, when true, only checks whether an entry exists: nothing is restored or saved. */
  lookupOnly?: string;
  /** From this major version the action caches without being asked (unless `disable` says no). */
  onByDefaultSince?: number;
  /** Caching needs this environment variable set to `true` in the job (workflow, job or step env). */
  enableEnv?: string;
  note?: string;
  source: string;
}

export const CACHE_ACTIONS: readonly CacheAction[] = [
  {
    action: 'actions/cache',
    mode: 'restore-save',
    enabledByDefault: true,
    lookupOnly: 'lookup-only',
    source: 'https://github.com/actions/cache#readme',
  },
  {
    action: 'actions/cache/restore',
    mode: 'restore',
    enabledByDefault: true,
    lookupOnly: 'lookup-only',
    source: 'https://github.com/actions/cache/blob/main/restore/README.md',
  },
  {
    action: 'actions/cache/save',
    mode: 'save',
    enabledByDefault: true,
    source: 'https://github.com/actions/cache/blob/main/save/README.md',
  },
  {
    action: 'actions/setup-node',
    mode: 'restore-save',
    enabledByDefault: false,
    enableInput: 'cache',
    disable: { input: 'package-manager-cache', value: 'false' },
    onByDefaultSince: 5,
    note: 'From v5, npm caching turns on automatically when package.json names npm in packageManager/devEngines (not visible offline, so assumed); package-manager-cache: false stops it.',
    source: 'https://github.com/actions/setup-node#caching-global-packages-data',
  },
  {
    action: 'actions/setup-python',
    mode: 'restore-save',
    enabledByDefault: false,
    enableInput: 'cache',
    source: 'https://github.com/actions/setup-python#caching-packages-dependencies',
  },
  {
    action: 'actions/setup-go',
    mode: 'restore-save',
    enabledByDefault: true,
    disable: { input: 'cache', value: 'false' },
    note: 'Caching is on by default since v4.',
    source: 'https://github.com/actions/setup-go#caching-dependency-files-and-build-outputs',
  },
  {
    action: 'actions/setup-java',
    mode: 'restore-save',
    enabledByDefault: false,
    enableInput: 'cache',
    source: 'https://github.com/actions/setup-java#caching-packages-dependencies',
  },
  {
    action: 'actions/setup-dotnet',
    mode: 'restore-save',
    enabledByDefault: false,
    enableInput: 'cache',
    source: 'https://github.com/actions/setup-dotnet#caching-nuget-packages',
  },
  {
    action: 'ruby/setup-ruby',
    mode: 'restore-save',
    enabledByDefault: false,
    enableInput: 'bundler-cache',
    note: 'bundler-cache: true also runs bundle install.',
    source: 'https://github.com/ruby/setup-ruby#caching-bundle-install-automatically',
  },
  {
    action: 'astral-sh/setup-uv',
    mode: 'restore-save',
    enabledByDefault: true,
    disable: { input: 'enable-cache', value: 'false' },
    readOnly: { input: 'save-cache', value: 'false' },
    note: 'enable-cache defaults to auto: on for GitHub-hosted runners.',
    source: 'https://github.com/astral-sh/setup-uv#enable-caching',
  },
  {
    action: 'swatinem/rust-cache',
    mode: 'restore-save',
    enabledByDefault: true,
    readOnly: { input: 'save-if', value: 'false' },
    lookupOnly: 'lookup-only',
    source: 'https://github.com/Swatinem/rust-cache#readme',
  },
  {
    action: 'gradle/actions/setup-gradle',
    mode: 'restore-save',
    enabledByDefault: true,
    disable: { input: 'cache-disabled', value: 'true' },
    readOnly: { input: 'cache-read-only', value: 'true' },
    note: 'cache-read-only defaults to true except on the default branch.',
    source: 'https://github.com/gradle/actions/blob/main/docs/setup-gradle.md#caching-build-state-between-jobs',
  },
  {
    action: 'gradle/gradle-build-action',
    mode: 'restore-save',
    enabledByDefault: true,
    disable: { input: 'cache-disabled', value: 'true' },
    readOnly: { input: 'cache-read-only', value: 'true' },
    note: 'Superseded by gradle/actions/setup-gradle; same cache inputs.',
    source: 'https://github.com/gradle/gradle-build-action#readme',
  },
  {
    action: 'docker/build-push-action',
    mode: 'restore-save',
    enabledByDefault: false,
    enableInput: 'cache-to',
    note: 'Writes the Actions cache with cache-to: type=gha (reads it with cache-from: type=gha).',
    source: 'https://docs.docker.com/build/cache/backends/gha/',
  },
  {
    action: 'determinatesystems/magic-nix-cache-action',
    mode: 'restore-save',
    enabledByDefault: true,
    source: 'https://github.com/DeterminateSystems/magic-nix-cache-action#readme',
  },
  {
    action: 'mozilla-actions/sccache-action',
    mode: 'restore-save',
    enabledByDefault: false,
    enableEnv: 'SCCACHE_GHA_ENABLED',
    note: 'Uses the Actions cache when the job sets SCCACHE_GHA_ENABLED=true.',
    source: 'https://github.com/Mozilla-Actions/sccache-action#readme',
  },
  {
    action: 'pyo3/maturin-action',
    mode: 'restore-save',
    enabledByDefault: false,
    enableInput: 'sccache',
    note: 'sccache: true keeps the Rust compiler cache in the Actions cache.',
    source: 'https://github.com/PyO3/maturin-action#inputs',
  },
  {
    action: 'ramsey/composer-install',
    mode: 'restore-save',
    enabledByDefault: true,
    disable: { input: 'ignore-cache', value: 'true' },
    note: 'Caches Composer dependencies unless ignore-cache is set.',
    source: 'https://github.com/ramsey/composer-install#ignore-cache',
  },
];

function inputValue(inputs: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const key = name.toLowerCase();
  for (const [k, v] of Object.entries(inputs)) if (k.toLowerCase() === key && v !== undefined) return v.trim();
  return undefined;
}

const CHECKOUT_TABLE = new ActionTable(CHECKOUT_ACTIONS);
const UPLOAD_TABLE = new ActionTable(ARTIFACT_UPLOAD_ACTIONS);
const DOWNLOAD_TABLE = new ActionTable(ARTIFACT_DOWNLOAD_ACTIONS);
const ARTIFACT_TABLE = new ActionTable([...ARTIFACT_UPLOAD_ACTIONS, ...ARTIFACT_DOWNLOAD_ACTIONS]);
const CACHE_TABLE = new ActionTable(CACHE_ACTIONS);

export function checkoutActionFor(uses: string): CheckoutAction | undefined {
  return CHECKOUT_TABLE.find(uses);
}

export function checkoutCommandFor(command: string, args: readonly string[]): CheckoutCommand | undefined {
  const name = commandBaseName(command);
  const entry = CHECKOUT_COMMANDS.find((c) => c.command === name);
  if (entry === undefined) return undefined;
  const optionsWithValue = name === 'git' ? ['-C', '-c', '--git-dir', '--work-tree'] : ['-R', '--repo'];
  return matchSubcommand(operandsOf(args, optionsWithValue), entry.subcommands) === undefined ? undefined : entry;
}

export function artifactActionFor(uses: string): ArtifactAction | undefined {
  return ARTIFACT_TABLE.find(uses);
}

export function artifactUploadActionFor(uses: string): ArtifactAction | undefined {
  return UPLOAD_TABLE.find(uses);
}

export function artifactDownloadActionFor(uses: string): ArtifactAction | undefined {
  return DOWNLOAD_TABLE.find(uses);
}

export function cacheActionFor(uses: string): CacheAction | undefined {
  return CACHE_TABLE.find(uses);
}

/**
 * What a cache-capable step does with the Actions cache given its `with:` inputs; undefined when
 * the action is not a cache action or caching is off.
 */
export function cacheBehaviour(
  uses: string,
  inputs: Readonly<Record<string, string | undefined>> = {},
): { restores: boolean; saves: boolean; entry: CacheAction } | undefined {
  const entry = cacheActionFor(uses);
  if (entry === undefined) return undefined;
  if (entry.disable !== undefined && inputValue(inputs, entry.disable.input)?.toLowerCase() === entry.disable.value) return undefined;
  if (!entry.enabledByDefault) {
    if (entry.enableInput === undefined) return undefined;
    const v = inputValue(inputs, entry.enableInput);
    if (v === undefined || v === '' || v.toLowerCase() === 'false') return undefined;
    if (entry.action === 'docker/build-push-action' && !/type=gha/.test(v)) return undefined;
  }
  let saves = entry.mode !== 'restore';
  if (entry.readOnly !== undefined && inputValue(inputs, entry.readOnly.input)?.toLowerCase() === entry.readOnly.value) saves = false;
  return { restores: entry.mode !== 'save', saves, entry };
}

export {
  PUBLISH_COMMANDS,
  PUBLISH_OR_DEPLOY_ACTIONS,
  publishCommandFor,
  publishOrDeployActionFor,
} from './publish-deploy.js';
export type { PublishCommand, PublishOrDeployAction, PublishTarget } from './publish-deploy.js';
