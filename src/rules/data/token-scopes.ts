/**
 * GITHUB_TOKEN permission scopes and what a write grant lets whoever holds the token do.
 * Scope names: GitHub Docs, "Workflow syntax for GitHub Actions" (`permissions`) and "Controlling
 * permissions for GITHUB_TOKEN"
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions).
 * What each write level allows: GitHub Docs, "Permissions required for GitHub Apps"
 * (https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps), which
 * lists the REST endpoints behind each permission; `id-token` from "About security hardening with
 * OpenID Connect" (https://docs.github.com/en/actions/concepts/security/openid-connect).
 *
 * `tier: 'high'` marks scopes whose write level changes code, releases, packages, deployments or
 * cloud access; the others change metadata (issues, checks, statuses...).
 */
export interface TokenScope {
  scope: string;
  tier: 'high' | 'medium';
  /** Completes "code holding the token can ...". */
  writeImpact: string;
}

export const TOKEN_SCOPES: readonly TokenScope[] = [
  { scope: 'actions', tier: 'high', writeImpact: 'dispatch, cancel and re-run workflows and delete caches and artifacts' },
  { scope: 'attestations', tier: 'high', writeImpact: 'create artifact attestations for builds this repository never made' },
  { scope: 'checks', tier: 'medium', writeImpact: 'create and complete check runs, reporting checks as passed' },
  { scope: 'contents', tier: 'high', writeImpact: 'push commits and tags and create releases' },
  { scope: 'deployments', tier: 'high', writeImpact: 'create deployments and deployment statuses' },
  { scope: 'discussions', tier: 'medium', writeImpact: 'create, edit and delete discussions and their comments' },
  { scope: 'id-token', tier: 'high', writeImpact: 'request OIDC tokens and sign in to every cloud account that trusts this repository' },
  { scope: 'issues', tier: 'medium', writeImpact: 'open, edit, close and comment on issues' },
  { scope: 'packages', tier: 'high', writeImpact: 'publish, overwrite and delete packages in GitHub Packages' },
  { scope: 'pages', tier: 'high', writeImpact: 'build and deploy the GitHub Pages site' },
  {
    scope: 'pull-requests',
    tier: 'high',
    writeImpact: 'open, edit, label and comment on pull requests, and approve them where the repository allows Actions to',
  },
  { scope: 'repository-projects', tier: 'medium', writeImpact: "edit the repository's classic projects" },
  { scope: 'security-events', tier: 'medium', writeImpact: 'dismiss and edit code scanning alerts' },
  { scope: 'statuses', tier: 'medium', writeImpact: 'set commit statuses, reporting checks as passed' },
];

const BY_SCOPE = new Map(TOKEN_SCOPES.map((s) => [s.scope, s]));

export function tokenScope(scope: string): TokenScope | undefined {
  return BY_SCOPE.get(scope.toLowerCase());
}
