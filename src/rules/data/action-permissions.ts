/**
 * GITHUB_TOKEN permissions popular actions need with their default inputs, for the
 * excessive-permissions fix (least job permissions). Provenance: each entry was written from the
 * action's own README or action.yml as the author of this table remembers them (the "permissions"
 * sections those READMEs carry, or the token input's documented default); they were not fetched
 * and re-checked when the table was written, so the `source` is where to verify an entry, not a
 * quotation. Only actions whose needs the author could state with confidence are listed: an
 * action not listed is unknown and the fix leaves a comment instead of guessing.
 *
 * `when` makes a grant depend on inputs (OIDC only when no static key is passed, a scope only
 * with the input that uses it). An empty `needs` means the action does not use the job token
 * (it uses the runtime token of the Actions service, a secret, or nothing).
 */
export type Level = 'read' | 'write';

export interface ConditionalGrant {
  /** Input names (lower case) whose presence turns the grant on... */
  ifInput?: string[];
  /** ...and whose presence turns it off. */
  unlessInput?: string[];
  needs: Record<string, Level>;
}

export interface ActionPermissions {
  /** `owner/repo` or `owner/repo/path`, lower case. */
  action: string;
  needs: Record<string, Level>;
  when?: ConditionalGrant[];
  source: string;
}

const NONE = {};

export const ACTION_PERMISSIONS: readonly ActionPermissions[] = [
  {
    action: 'actions/attest-build-provenance',
    needs: { 'id-token': 'write', attestations: 'write' },
    source: 'https://github.com/actions/attest-build-provenance#usage',
  },
  { action: 'actions/cache', needs: NONE, source: 'https://github.com/actions/cache (uses the Actions cache service token)' },
  { action: 'actions/cache/restore', needs: NONE, source: 'https://github.com/actions/cache/tree/main/restore' },
  { action: 'actions/cache/save', needs: NONE, source: 'https://github.com/actions/cache/tree/main/save' },
  { action: 'actions/checkout', needs: { contents: 'read' }, source: 'https://github.com/actions/checkout#recommended-permissions' },
  {
    action: 'actions/create-github-app-token',
    needs: NONE,
    source: 'https://github.com/actions/create-github-app-token#usage (signs in as the app, not with the job token)',
  },
  {
    action: 'actions/deploy-pages',
    needs: { pages: 'write', 'id-token': 'write' },
    source: 'https://github.com/actions/deploy-pages#usage',
  },
  {
    action: 'actions/download-artifact',
    needs: NONE,
    when: [{ ifInput: ['run-id'], needs: { actions: 'read' } }],
    source: 'https://github.com/actions/download-artifact#download-artifacts-from-other-workflow-runs-or-repositories',
  },
  {
    action: 'actions/labeler',
    needs: { contents: 'read', 'pull-requests': 'write' },
    source: 'https://github.com/actions/labeler#permissions',
  },
  { action: 'actions/setup-dotnet', needs: NONE, source: 'https://github.com/actions/setup-dotnet/blob/main/action.yml' },
  { action: 'actions/setup-go', needs: NONE, source: 'https://github.com/actions/setup-go/blob/main/action.yml' },
  { action: 'actions/setup-java', needs: NONE, source: 'https://github.com/actions/setup-java/blob/main/action.yml' },
  { action: 'actions/setup-node', needs: NONE, source: 'https://github.com/actions/setup-node/blob/main/action.yml' },
  { action: 'actions/setup-python', needs: NONE, source: 'https://github.com/actions/setup-python/blob/main/action.yml' },
  {
    action: 'actions/upload-artifact',
    needs: NONE,
    source: 'https://github.com/actions/upload-artifact (uses the Actions artifact service token)',
  },
  { action: 'actions/upload-pages-artifact', needs: NONE, source: 'https://github.com/actions/upload-pages-artifact/blob/main/action.yml' },
  { action: 'astral-sh/setup-uv', needs: NONE, source: 'https://github.com/astral-sh/setup-uv/blob/main/action.yml' },
  {
    action: 'aws-actions/configure-aws-credentials',
    needs: NONE,
    when: [{ ifInput: ['role-to-assume'], unlessInput: ['aws-access-key-id', 'web-identity-token-file'], needs: { 'id-token': 'write' } }],
    source: 'https://github.com/aws-actions/configure-aws-credentials#oidc',
  },
  {
    action: 'codecov/codecov-action',
    needs: NONE,
    when: [{ ifInput: ['use_oidc'], needs: { 'id-token': 'write' } }],
    source: 'https://github.com/codecov/codecov-action#usage',
  },
  { action: 'denoland/setup-deno', needs: NONE, source: 'https://github.com/denoland/setup-deno/blob/main/action.yml' },
  { action: 'docker/build-push-action', needs: NONE, source: 'https://github.com/docker/build-push-action/blob/master/action.yml' },
  { action: 'docker/metadata-action', needs: NONE, source: 'https://github.com/docker/metadata-action/blob/master/action.yml' },
  { action: 'docker/setup-buildx-action', needs: NONE, source: 'https://github.com/docker/setup-buildx-action/blob/master/action.yml' },
  { action: 'docker/setup-qemu-action', needs: NONE, source: 'https://github.com/docker/setup-qemu-action/blob/master/action.yml' },
  {
    action: 'dorny/paths-filter',
    needs: { 'pull-requests': 'read' },
    source: 'https://github.com/dorny/paths-filter#usage (the pull request files API on pull_request events)',
  },
  { action: 'dtolnay/rust-toolchain', needs: NONE, source: 'https://github.com/dtolnay/rust-toolchain/blob/master/action.yml' },
  {
    action: 'github/codeql-action/analyze',
    needs: { 'security-events': 'write' },
    source: 'https://github.com/github/codeql-action#usage (actions: read is also needed in private repositories)',
  },
  {
    action: 'github/codeql-action/autobuild',
    needs: NONE,
    source: 'https://github.com/github/codeql-action/blob/main/autobuild/action.yml',
  },
  { action: 'github/codeql-action/init', needs: { 'security-events': 'write' }, source: 'https://github.com/github/codeql-action#usage' },
  {
    action: 'github/codeql-action/upload-sarif',
    needs: { 'security-events': 'write' },
    source: 'https://github.com/github/codeql-action#uploading-sarif',
  },
  {
    action: 'golangci/golangci-lint-action',
    needs: { contents: 'read' },
    when: [{ ifInput: ['only-new-issues'], needs: { 'pull-requests': 'read' } }],
    source: 'https://github.com/golangci/golangci-lint-action#how-to-use',
  },
  {
    action: 'google-github-actions/auth',
    needs: NONE,
    when: [{ ifInput: ['workload_identity_provider'], needs: { 'id-token': 'write' } }],
    source: 'https://github.com/google-github-actions/auth#prerequisites',
  },
  {
    action: 'googleapis/release-please-action',
    needs: { contents: 'write', 'pull-requests': 'write' },
    source: 'https://github.com/googleapis/release-please-action#basic-configuration',
  },
  {
    action: 'jamesives/github-pages-deploy-action',
    needs: { contents: 'write' },
    source: 'https://github.com/JamesIves/github-pages-deploy-action#getting-started-airplane',
  },
  {
    action: 'ossf/scorecard-action',
    needs: { 'security-events': 'write', 'id-token': 'write' },
    source: 'https://github.com/ossf/scorecard-action#workflow-example',
  },
  {
    action: 'peter-evans/create-pull-request',
    needs: { contents: 'write', 'pull-requests': 'write' },
    source: 'https://github.com/peter-evans/create-pull-request#token',
  },
  { action: 'pnpm/action-setup', needs: NONE, source: 'https://github.com/pnpm/action-setup/blob/master/action.yml' },
  {
    action: 'pypa/gh-action-pypi-publish',
    needs: NONE,
    when: [{ unlessInput: ['password'], needs: { 'id-token': 'write' } }],
    source: 'https://github.com/pypa/gh-action-pypi-publish#trusted-publishing',
  },
  {
    action: 'softprops/action-gh-release',
    needs: { contents: 'write' },
    source: 'https://github.com/softprops/action-gh-release#permissions',
  },
  { action: 'swatinem/rust-cache', needs: NONE, source: 'https://github.com/Swatinem/rust-cache (uses the Actions cache service token)' },
  { action: 'taiki-e/install-action', needs: NONE, source: 'https://github.com/taiki-e/install-action/blob/main/action.yml' },
];

const BY_NAME = new Map(ACTION_PERMISSIONS.map((entry) => [entry.action, entry]));

export function actionPermissions(name: string): ActionPermissions | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/**
 * `gh` subcommands and the scope they need with the job token (`gh <group> <command>`); from the
 * GitHub CLI manual (https://cli.github.com/manual/) and the REST endpoints each one calls, as
 * listed in "Permissions required for GitHub Apps"
 * (https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps).
 * A group or command not listed (and every `gh api`) is unknown.
 */
export const GH_COMMAND_PERMISSIONS: Record<string, Record<string, Record<string, Level>>> = {
  issue: {
    view: { issues: 'read' },
    list: { issues: 'read' },
    status: { issues: 'read' },
    comment: { issues: 'write' },
    create: { issues: 'write' },
    edit: { issues: 'write' },
    close: { issues: 'write' },
    reopen: { issues: 'write' },
    lock: { issues: 'write' },
    unlock: { issues: 'write' },
  },
  pr: {
    view: { 'pull-requests': 'read' },
    list: { 'pull-requests': 'read' },
    diff: { 'pull-requests': 'read' },
    checks: { 'pull-requests': 'read', checks: 'read' },
    status: { 'pull-requests': 'read' },
    comment: { 'pull-requests': 'write' },
    edit: { 'pull-requests': 'write' },
    review: { 'pull-requests': 'write' },
    close: { 'pull-requests': 'write' },
    reopen: { 'pull-requests': 'write' },
    ready: { 'pull-requests': 'write' },
    create: { 'pull-requests': 'write' },
    merge: { 'pull-requests': 'write', contents: 'write' },
  },
  release: {
    view: { contents: 'read' },
    list: { contents: 'read' },
    download: { contents: 'read' },
    create: { contents: 'write' },
    edit: { contents: 'write' },
    upload: { contents: 'write' },
    delete: { contents: 'write' },
    'delete-asset': { contents: 'write' },
  },
  run: {
    view: { actions: 'read' },
    list: { actions: 'read' },
    watch: { actions: 'read' },
    download: { actions: 'read' },
    rerun: { actions: 'write' },
    cancel: { actions: 'write' },
    delete: { actions: 'write' },
  },
  workflow: {
    view: { actions: 'read' },
    list: { actions: 'read' },
    run: { actions: 'write' },
    enable: { actions: 'write' },
    disable: { actions: 'write' },
  },
  label: { list: { issues: 'read' }, create: { issues: 'write' }, edit: { issues: 'write' }, delete: { issues: 'write' } },
  cache: { list: { actions: 'read' }, delete: { actions: 'write' } },
};
