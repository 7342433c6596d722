/**
 * Package registries that accept trusted publishing from GitHub Actions: the workflow proves who
 * it is with a short-lived OIDC token (`permissions: id-token: write`) and the registry hands out
 * a token that expires with the job, so no long-lived registry token needs to be stored as a
 * secret. For each: the publishing commands and actions (as `publishSites` names them), the env
 * variables and inputs that carry a long-lived token, how a custom (non-public) registry is
 * named, and how to switch.
 *
 * Sources:
 * - npm: https://docs.npmjs.com/trusted-publishers (npm CLI 11.5.1 or later; `NODE_AUTH_TOKEN`
 *   from https://github.com/actions/setup-node#usage, `YARN_NPM_AUTH_TOKEN` from
 *   https://yarnpkg.com/configuration/yarnrc#npmAuthToken)
 * - PyPI and TestPyPI: https://docs.pypi.org/trusted-publishers/ ; pypa/gh-action-pypi-publish
 *   (https://github.com/pypa/gh-action-pypi-publish#trusted-publishing: no `password` means
 *   trusted publishing); twine `TWINE_PASSWORD` (https://twine.readthedocs.io/en/stable/#environment-variables),
 *   `POETRY_PYPI_TOKEN_<NAME>` (https://python-poetry.org/docs/repositories/#configuring-credentials),
 *   `UV_PUBLISH_TOKEN` (https://docs.astral.sh/uv/reference/environment/), `HATCH_INDEX_AUTH`,
 *   `FLIT_PASSWORD`, `PDM_PUBLISH_PASSWORD` (each tool's publish docs)
 * - RubyGems: https://guides.rubygems.org/trusted-publishing/ ; rubygems/release-gem
 *   (`setup-trusted-publisher`, https://github.com/rubygems/release-gem#readme) and
 *   rubygems/configure-rubygems-credentials (`api-token`); `GEM_HOST_API_KEY`
 *   (https://guides.rubygems.org/command-reference/#gem-push)
 * - crates.io: https://crates.io/docs/trusted-publishing and rust-lang/crates-io-auth-action;
 *   `CARGO_REGISTRY_TOKEN` (https://doc.rust-lang.org/cargo/reference/config.html#registrytoken)
 * - NuGet: https://learn.microsoft.com/en-us/nuget/nuget-org/trusted-publishing and the NuGet/login
 *   action (a short-lived API key from the job's OIDC token); `--api-key`/`-k`/`-ApiKey` and
 *   `--source`/`-s`/`-Source` from https://learn.microsoft.com/en-us/dotnet/core/tools/dotnet-nuget-push
 *   and https://learn.microsoft.com/en-us/nuget/reference/cli-reference/cli-ref-push;
 *   `NUGET_AUTH_TOKEN` from https://github.com/actions/setup-dotnet#usage
 */

export interface TrustedPublishingRegistry {
  id: 'npm' | 'pypi' | 'rubygems' | 'crates.io' | 'nuget';
  name: string;
  /** `what` of a publish site (`npm publish`, `pypa/gh-action-pypi-publish`). */
  publishers: readonly string[];
  /** Env variables that hand the publisher a token. */
  tokenEnv: RegExp;
  /** Action inputs that take a token, by action. */
  tokenInputs: Readonly<Record<string, readonly string[]>>;
  /** Arguments that point the command at another registry (value follows or after `=`). */
  registryFlags: readonly string[];
  /** The public registry's hosts: a registry flag or input naming another host is a private registry. */
  publicHosts: RegExp;
  /** Action inputs naming the registry. */
  registryInputs: readonly string[];
  howTo: string;
  source: string;
}

export const TRUSTED_PUBLISHING_REGISTRIES: readonly TrustedPublishingRegistry[] = [
  {
    id: 'npm',
    name: 'npm',
    publishers: [
      'npm publish',
      'pnpm publish',
      'yarn publish',
      'yarn npm publish',
      'bun publish',
      'lerna publish',
      'changeset publish',
      'js-devtools/npm-publish',
    ],
    tokenEnv: /^(NODE_AUTH_TOKEN|NPM_TOKEN|NPM_AUTH_TOKEN|NPM_CONFIG_TOKEN|YARN_NPM_AUTH_TOKEN|BUN_AUTH_TOKEN)$/i,
    tokenInputs: { 'js-devtools/npm-publish': ['token'] },
    registryFlags: ['--registry'],
    publicHosts: /^(https?:\/\/)?registry\.(npmjs\.org|yarnpkg\.com)\/?$/i,
    registryInputs: ['registry'],
    howTo:
      'add this repository and workflow as a trusted publisher in the package settings on npmjs.com, give the job `permissions: id-token: write`, publish with npm CLI 11.5.1 or later, then remove the token and revoke it',
    source: 'https://docs.npmjs.com/trusted-publishers',
  },
  {
    id: 'pypi',
    name: 'PyPI',
    publishers: [
      'twine upload',
      'poetry publish',
      'uv publish',
      'hatch publish',
      'flit publish',
      'pdm publish',
      'pypa/gh-action-pypi-publish',
    ],
    tokenEnv:
      /^(TWINE_PASSWORD|POETRY_PYPI_TOKEN_\w+|POETRY_HTTP_BASIC_PYPI_PASSWORD|UV_PUBLISH_TOKEN|UV_PUBLISH_PASSWORD|HATCH_INDEX_AUTH|FLIT_PASSWORD|PDM_PUBLISH_PASSWORD)$/i,
    tokenInputs: { 'pypa/gh-action-pypi-publish': ['password'] },
    registryFlags: ['--repository-url', '--publish-url', '--repo', '--repository', '-r'],
    publicHosts: /^((https?:\/\/)?(upload\.pypi\.org|test\.pypi\.org)(\/legacy)?\/?|pypi|testpypi)$/i,
    registryInputs: ['repository-url', 'repository_url'],
    howTo:
      "add a trusted publisher for this repository and workflow in the project's PyPI settings, give the job `permissions: id-token: write`, publish with pypa/gh-action-pypi-publish without `password` (or `uv publish --trusted-publishing always`), then delete the API token",
    source: 'https://docs.pypi.org/trusted-publishers/',
  },
  {
    id: 'rubygems',
    name: 'RubyGems',
    publishers: ['gem push', 'rubygems/release-gem', 'rubygems/configure-rubygems-credentials'],
    tokenEnv: /^(GEM_HOST_API_KEY|RUBYGEMS_API_KEY|RUBYGEMS_AUTH_TOKEN)$/i,
    tokenInputs: { 'rubygems/configure-rubygems-credentials': ['api-token'] },
    registryFlags: ['--host'],
    publicHosts: /^(https?:\/\/)?rubygems\.org\/?$/i,
    registryInputs: ['gem-server'],
    howTo:
      'add a trusted publisher for this workflow in the gem settings on rubygems.org, give the job `permissions: id-token: write`, use rubygems/release-gem (or configure-rubygems-credentials without `api-token`), then revoke the API key',
    source: 'https://guides.rubygems.org/trusted-publishing/',
  },
  {
    id: 'crates.io',
    name: 'crates.io',
    publishers: ['cargo publish'],
    tokenEnv: /^(CARGO_REGISTRY_TOKEN|CARGO_REGISTRIES_CRATES_IO_TOKEN)$/i,
    tokenInputs: {},
    registryFlags: ['--registry', '--index'],
    publicHosts: /^(crates-io|(https?:\/\/|sparse\+https:\/\/)?index\.crates\.io\/?|https:\/\/github\.com\/rust-lang\/crates\.io-index)$/i,
    registryInputs: [],
    howTo:
      'configure trusted publishing for this repository and workflow in the crate settings on crates.io, give the job `permissions: id-token: write`, get a short-lived token with rust-lang/crates-io-auth-action and pass its output to cargo publish, then revoke the API token',
    source: 'https://crates.io/docs/trusted-publishing',
  },
  {
    id: 'nuget',
    name: 'NuGet',
    publishers: ['dotnet nuget push', 'nuget push'],
    tokenEnv: /^(NUGET_AUTH_TOKEN|NUGET_API_KEY|NUGET_TOKEN)$/i,
    tokenInputs: {},
    registryFlags: ['--source', '-s', '-source'],
    publicHosts: /^((https?:\/\/)?((api|www)\.)?nuget\.org(\/v3\/index\.json|\/api\/v2\/package)?\/?|nuget\.org)$/i,
    registryInputs: [],
    howTo:
      'add a trusted publishing policy for this repository and workflow on nuget.org, give the job `permissions: id-token: write`, get a short-lived API key with NuGet/login and pass it to the push, then delete the long-lived key',
    source: 'https://learn.microsoft.com/en-us/nuget/nuget-org/trusted-publishing',
  },
];

export function registryForPublisher(what: string): TrustedPublishingRegistry | undefined {
  const key = what.toLowerCase();
  return TRUSTED_PUBLISHING_REGISTRIES.find((r) => r.publishers.includes(key));
}
