/**
 * Action repositories that their owners archived (read-only: no fixes, no security releases, often
 * stuck on a Node runtime the runner has retired), with the replacement their README or the
 * ecosystem points to where there is one. Offline knowledge only: a repository archived after this
 * table was written is not in it (the online mode can ask the API).
 *
 * Sources: each repository's "archived by the owner" notice on GitHub, cross-checked against
 * zizmor's list of archived action repositories (zizmorcore/zizmor,
 * crates/zizmor/data/archived-repos.txt, 2026). Successors from the archived repositories' own
 * READMEs (actions/create-release, actions/setup-ruby, actions-rs, gradle-build-action,
 * tibdex/github-app-token, sonarcloud-github-action) or the tool vendors' current actions.
 * Keys are lower case `owner/repo`; matching is case-insensitive, as GitHub's is.
 */
export interface ArchivedAction {
  repository: string;
  /** What to use instead, as advice text. */
  successor?: string;
}

export const ARCHIVED_ACTIONS: readonly ArchivedAction[] = [
  { repository: '8398a7/action-slack', successor: 'slackapi/slack-github-action' },
  { repository: 'actions-rs/audit-check', successor: 'rustsec/audit-check' },
  { repository: 'actions-rs/cargo', successor: 'a `run:` step calling cargo' },
  { repository: 'actions-rs/clippy-check', successor: 'a `run:` step calling `cargo clippy`' },
  { repository: 'actions-rs/components-nightly' },
  { repository: 'actions-rs/grcov' },
  { repository: 'actions-rs/install', successor: 'taiki-e/install-action' },
  { repository: 'actions-rs/tarpaulin' },
  { repository: 'actions-rs/toolchain', successor: 'dtolnay/rust-toolchain' },
  { repository: 'actions/create-release', successor: '`gh release create` or softprops/action-gh-release' },
  { repository: 'actions/setup-elixir', successor: 'erlef/setup-beam' },
  { repository: 'actions/setup-haskell', successor: 'haskell-actions/setup' },
  { repository: 'actions/setup-ruby', successor: 'ruby/setup-ruby' },
  { repository: 'actions/upload-release-asset', successor: '`gh release upload` or softprops/action-gh-release' },
  { repository: 'azure/appservice-actions', successor: 'azure/webapps-deploy' },
  { repository: 'azure/container-actions' },
  { repository: 'azure/get-keyvault-secrets', successor: 'azure/login with `az keyvault secret show`' },
  { repository: 'azure/k8s-actions', successor: 'azure/k8s-set-context and azure/k8s-deploy' },
  { repository: 'cirrus-actions/rebase' },
  { repository: 'crazy-max/ghaction-docker-buildx', successor: 'docker/setup-buildx-action' },
  { repository: 'google/mirror-branch-action' },
  { repository: 'gradle/gradle-build-action', successor: 'gradle/actions/setup-gradle' },
  { repository: 'grafana/k6-action', successor: 'grafana/setup-k6-action and grafana/run-k6-action' },
  { repository: 'hashicorp/terraform-cdk-action' },
  { repository: 'ilshidur/action-slack', successor: 'slackapi/slack-github-action' },
  { repository: 'jakejarvis/s3-sync-action', successor: 'aws-actions/configure-aws-credentials with `aws s3 sync`' },
  { repository: 'marvinpinto/action-automatic-releases', successor: 'softprops/action-gh-release' },
  { repository: 'marvinpinto/actions', successor: 'softprops/action-gh-release' },
  { repository: 'mikepenz/gradle-dependency-submission', successor: 'gradle/actions/dependency-submission' },
  { repository: 'paambaati/codeclimate-action' },
  { repository: 'repo-sync/pull-request', successor: '`gh pr create`' },
  { repository: 'secrethub/actions' },
  { repository: 'semgrep/semgrep-action', successor: 'semgrep in the semgrep/semgrep container image' },
  { repository: 'sonarsource/sonarcloud-github-action', successor: 'sonarsource/sonarqube-scan-action' },
  { repository: 'stefanprodan/kube-tools' },
  { repository: 'technote-space/get-diff-action' },
  { repository: 'tibdex/github-app-token', successor: 'actions/create-github-app-token' },
  { repository: 'youyo/aws-cdk-github-actions' },
  { repository: 'z0al/dependent-issues' },
];

const BY_REPOSITORY = new Map(ARCHIVED_ACTIONS.map((a) => [a.repository, a]));

/** The table entry of an `owner/repo`, compared case-insensitively. */
export function archivedAction(owner: string, repo: string): ArchivedAction | undefined {
  return BY_REPOSITORY.get(`${owner}/${repo}`.toLowerCase());
}
