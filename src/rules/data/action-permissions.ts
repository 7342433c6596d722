/**
 * GITHUB_TOKEN permissions popular actions need with their default inputs, for the
 * excessive-permissions fix (least job permissions). Provenance: each entry was first written from
 * the action's own README or action.yml as remembered (the "permissions" sections those READMEs
 * carry, or the token input's documented default); `source` is where the action documents it.
 * On 2026-12-04 each entry was checked against what the project's documentation search and code
 * index hold (copies of READMEs and action.yml files, pull requests and run logs of workflows
 * that use the action); what was found is recorded in `verified`. An entry without `verified` is
 * a claim nobody has checked: the fix treats its action as unknown (it grants nothing for it and
 * names it in the review comment), as it does for actions not listed at all.
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

/** How an entry was checked. */
export interface Verification {
  /**
   * `docs`: a copy of the action's README states the scopes; `action.yml`: the action's metadata
   * shows it takes no job token, or only uses it to read public data; `reports`: workflows, pull
   * requests or the action's own error messages show the scopes it fails without.
   */
  by: 'docs' | 'action.yml' | 'reports';
  /** Where the evidence was read. */
  url: string;
}

export interface ActionPermissions {
  /** `owner/repo` or `owner/repo/path`, lower case. */
  action: string;
  needs: Record<string, Level>;
  when?: ConditionalGrant[];
  source: string;
  /** Absent: not verified (see the table's doc comment), and not used by the fix. */
  verified?: Verification;
  /** What the check found, when it needs saying (a doubt, a conflicting report). */
  note?: string;
}

const NONE = {};

export const ACTION_PERMISSIONS: readonly ActionPermissions[] = [
  {
    action: 'actions/attest-build-provenance',
    needs: { 'id-token': 'write', attestations: 'write' },
    source: 'https://github.com/actions/attest-build-provenance#usage',
    verified: { by: 'docs', url: 'https://github.com/marketplace/actions/generate-generic-attestations' },
    note: 'The README (and the generic attest action it wraps) asks for id-token: write and attestations: write; newer releases also mention artifact-metadata: write for storage records, which this table does not grant.',
  },
  {
    action: 'actions/cache',
    needs: NONE,
    source: 'https://github.com/actions/cache (uses the Actions cache service token)',
    note: 'Not verified: the index holds a fork of the action.yml, and a 2026 report says cache writes are denied to a token without a writable scope.',
  },
  { action: 'actions/cache/restore', needs: NONE, source: 'https://github.com/actions/cache/tree/main/restore' },
  { action: 'actions/cache/save', needs: NONE, source: 'https://github.com/actions/cache/tree/main/save' },
  {
    action: 'actions/checkout',
    needs: { contents: 'read' },
    source: 'https://github.com/actions/checkout#recommended-permissions',
    verified: { by: 'reports', url: 'https://github.com/nodejs/node/commit/70be158126' },
    note: 'Users report checkout failing in private forks without contents: read; the README section was not found in the index.',
  },
  {
    action: 'actions/create-github-app-token',
    needs: NONE,
    source: 'https://github.com/actions/create-github-app-token#usage (signs in as the app, not with the job token)',
  },
  {
    action: 'actions/deploy-pages',
    needs: { pages: 'write', 'id-token': 'write' },
    source: 'https://github.com/actions/deploy-pages#usage',
    verified: { by: 'reports', url: 'https://github.com/actions/deploy-pages/issues/9' },
    note: "A maintainer confirms pages: write and id-token: write in the issue; the action's own error reads 'Ensure GITHUB_TOKEN has permission \"id-token: write\"'.",
  },
  {
    action: 'actions/download-artifact',
    needs: NONE,
    when: [{ ifInput: ['run-id'], needs: { actions: 'read' } }],
    source: 'https://github.com/actions/download-artifact#download-artifacts-from-other-workflow-runs-or-repositories',
    verified: { by: 'docs', url: 'https://raw.githubusercontent.com/actions/download-artifact/v4/README.md' },
    note: 'The README: a github-token is needed to download from another run; actions: read for that token is reported in workflows that do so.',
  },
  {
    action: 'actions/labeler',
    needs: { contents: 'read', 'pull-requests': 'write' },
    source: 'https://github.com/actions/labeler#permissions',
    verified: { by: 'docs', url: 'https://github.com/actions/labeler/pull/897' },
  },
  {
    action: 'actions/setup-dotnet',
    needs: NONE,
    source: 'https://github.com/actions/setup-dotnet/blob/main/action.yml',
    verified: { by: 'action.yml', url: 'https://github.com/actions/setup-dotnet/blob/main/action.yml' },
    note: 'The stored action.yml declares no token input.',
  },
  {
    action: 'actions/setup-go',
    needs: NONE,
    source: 'https://github.com/actions/setup-go/blob/main/action.yml',
    verified: { by: 'action.yml', url: 'https://github.com/actions/setup-go/blob/main/action.yml' },
    note: 'The token input only pulls Go distributions from actions/go-versions (public).',
  },
  {
    action: 'actions/setup-java',
    needs: NONE,
    source: 'https://github.com/actions/setup-java/blob/main/action.yml',
    verified: { by: 'action.yml', url: 'https://github.com/actions/setup-java/blob/main/action.yml' },
    note: 'The token input only fetches version manifests hosted on github.com (public).',
  },
  {
    action: 'actions/setup-node',
    needs: NONE,
    source: 'https://github.com/actions/setup-node/blob/main/action.yml',
    verified: { by: 'action.yml', url: 'https://github.com/actions/setup-node/blob/main/action.yml' },
    note: 'The token input only pulls Node distributions from actions/node-versions (public).',
  },
  {
    action: 'actions/setup-python',
    needs: NONE,
    source: 'https://github.com/actions/setup-python/blob/main/action.yml',
    verified: { by: 'action.yml', url: 'https://github.com/actions/setup-python/blob/main/action.yml' },
    note: 'The token input only fetches distributions from actions/python-versions (public).',
  },
  {
    action: 'actions/upload-artifact',
    needs: NONE,
    source: 'https://github.com/actions/upload-artifact (uses the Actions artifact service token)',
    verified: { by: 'action.yml', url: 'https://github.com/actions/upload-artifact/blob/main/action.yml' },
    note: 'The stored action.yml declares no token input (artifacts go through the runner, not the REST API).',
  },
  { action: 'actions/upload-pages-artifact', needs: NONE, source: 'https://github.com/actions/upload-pages-artifact/blob/main/action.yml' },
  { action: 'astral-sh/setup-uv', needs: NONE, source: 'https://github.com/astral-sh/setup-uv/blob/main/action.yml' },
  {
    action: 'aws-actions/configure-aws-credentials',
    needs: NONE,
    when: [{ ifInput: ['role-to-assume'], unlessInput: ['aws-access-key-id', 'web-identity-token-file'], needs: { 'id-token': 'write' } }],
    source: 'https://github.com/aws-actions/configure-aws-credentials#oidc',
    verified: {
      by: 'docs',
      url: 'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services',
    },
    note: 'GitHub issues the OIDC token only to jobs with id-token: write; the action asks for it with role-to-assume.',
  },
  {
    action: 'codecov/codecov-action',
    needs: NONE,
    when: [{ ifInput: ['use_oidc'], needs: { 'id-token': 'write' } }],
    source: 'https://github.com/codecov/codecov-action#usage',
  },
  { action: 'denoland/setup-deno', needs: NONE, source: 'https://github.com/denoland/setup-deno/blob/main/action.yml' },
  {
    action: 'docker/build-push-action',
    needs: NONE,
    source: 'https://github.com/docker/build-push-action/blob/master/action.yml',
    verified: { by: 'action.yml', url: 'https://github.com/docker/build-push-action/blob/master/action.yml' },
    note: 'The stored action.yml declares no token input; newer versions read the repository for the Git context, which contents: read covers.',
  },
  {
    action: 'docker/metadata-action',
    needs: NONE,
    source: 'https://github.com/docker/metadata-action/blob/master/action.yml',
    verified: { by: 'action.yml', url: 'https://github.com/docker/metadata-action/blob/master/action.yml' },
    note: 'Its github-token input reads repository metadata only, which the baseline contents: read covers.',
  },
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
    verified: { by: 'reports', url: 'https://github.com/opentelemetrybot/opentelemetry-python/pull/19' },
    note: 'Uploading the results fails without security-events: write; actions: read is also reported for private repositories.',
  },
  {
    action: 'github/codeql-action/autobuild',
    needs: NONE,
    source: 'https://github.com/github/codeql-action/blob/main/autobuild/action.yml',
    note: 'Not verified: a workflow comment says autobuild sends a status report that needs security-events: write.',
  },
  { action: 'github/codeql-action/init', needs: { 'security-events': 'write' }, source: 'https://github.com/github/codeql-action#usage' },
  {
    action: 'github/codeql-action/upload-sarif',
    needs: { 'security-events': 'write' },
    source: 'https://github.com/github/codeql-action#uploading-sarif',
    verified: { by: 'reports', url: 'https://github.com/github/codeql/pull/15631' },
    note: 'Uploading fails without security-events: write (actions: read in private repositories).',
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
    verified: { by: 'docs', url: 'https://github.com/google-github-actions/auth' },
    note: 'Workload Identity Federation needs the job to be able to request an OIDC token (id-token: write).',
  },
  {
    action: 'googleapis/release-please-action',
    needs: { contents: 'write', 'pull-requests': 'write' },
    source: 'https://github.com/googleapis/release-please-action#basic-configuration',
    verified: { by: 'reports', url: 'https://github.com/scop/bash-completion/pull/1459' },
    note: 'Workflows cite the README basic configuration: contents: write and pull-requests: write.',
  },
  {
    action: 'jamesives/github-pages-deploy-action',
    needs: { contents: 'write' },
    source: 'https://github.com/JamesIves/github-pages-deploy-action#getting-started-airplane',
  },
  {
    action: 'ossf/scorecard-action',
    needs: NONE,
    when: [{ ifInput: ['publish_results'], needs: { 'id-token': 'write' } }],
    source: 'https://github.com/ossf/scorecard-action#workflow-example',
    verified: { by: 'docs', url: 'https://github.com/ossf/scorecard-action' },
    note: 'The README: id-token: write is needed for publish_results: true; security-events: write in its example is for the separate upload-sarif step.',
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
    verified: { by: 'reports', url: 'https://github.com/fatiando/community/issues/141' },
    note: 'Trusted publishing (no password input) needs id-token: write, as its README section and users state.',
  },
  {
    action: 'softprops/action-gh-release',
    needs: { contents: 'write' },
    source: 'https://github.com/softprops/action-gh-release#permissions',
    verified: { by: 'reports', url: 'https://github.com/postgresql-tools/wal-g/releases/tag/v0.14.3-stable' },
    note: 'Users report 403 errors creating releases without contents: write.',
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
