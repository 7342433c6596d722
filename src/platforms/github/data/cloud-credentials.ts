/**
 * Long-lived cloud and registry credentials, and the OIDC / trusted-publishing alternative each
 * provider offers to GitHub Actions. A static key in a workflow lives until someone rotates it; an
 * OIDC token is minted per job, expires in minutes and can be bound to repository, branch and
 * environment. Sources: each provider's GitHub OIDC documentation and the README of the official
 * action (see `source` and `actionInputs`).
 *
 * Name matching (`matchStaticCredentialName`): names are compared after upper-casing and turning
 * `-` into `_`. A name matches an entry when one of the entry's `names` equals it, or appears in it
 * as a run of whole `_`-separated words: `PROD_AWS_SECRET_ACCESS_KEY` and `NPM_TOKEN_CI` match,
 * `MYNPM_TOKEN` does not. Use it for `env:` keys and for `secrets.<NAME>` references alike.
 *
 * Short-lived values are deliberately absent (`AWS_SESSION_TOKEN`, `ACTIONS_ID_TOKEN_REQUEST_TOKEN`,
 * `GITHUB_TOKEN`). Providers without an OIDC option for GitHub Actions are out of scope here.
 */
import { ActionTable, actionMatches } from './action-names.js';

export interface StaticCredentialProvider {
  provider: string;
  kind: 'cloud' | 'registry' | 'secrets-manager';
  names: readonly string[];
  actionInputs?: readonly { action: string; inputs: readonly string[] }[];
  oidcAlternative: string;
  source: string;
}

export const STATIC_CREDENTIALS: readonly StaticCredentialProvider[] = [
  {
    provider: 'AWS',
    kind: 'cloud',
    names: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_KEY', 'AWS_ACCESS_KEY'],
    actionInputs: [{ action: 'aws-actions/configure-aws-credentials', inputs: ['aws-access-key-id', 'aws-secret-access-key'] }],
    oidcAlternative:
      'aws-actions/configure-aws-credentials with role-to-assume (IAM OIDC identity provider for token.actions.githubusercontent.com, permissions: id-token: write)',
    source:
      'https://docs.github.com/en/actions/deployment/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services',
  },
  {
    provider: 'Google Cloud',
    kind: 'cloud',
    names: [
      'GOOGLE_CREDENTIALS',
      'GOOGLE_APPLICATION_CREDENTIALS',
      'GCP_SA_KEY',
      'GCP_CREDENTIALS',
      'GCP_SERVICE_ACCOUNT_KEY',
      'GCLOUD_SERVICE_KEY',
      'GOOGLE_CLOUD_KEYFILE_JSON',
    ],
    actionInputs: [
      { action: 'google-github-actions/auth', inputs: ['credentials_json'] },
      { action: 'google-github-actions/setup-gcloud', inputs: ['service_account_key'] },
    ],
    oidcAlternative:
      'google-github-actions/auth with workload_identity_provider (and service_account for impersonation), permissions: id-token: write',
    source: 'https://github.com/google-github-actions/auth#readme',
  },
  {
    provider: 'Azure',
    kind: 'cloud',
    names: [
      'AZURE_CREDENTIALS',
      'AZURE_CLIENT_SECRET',
      'ARM_CLIENT_SECRET',
      'AZURE_WEBAPP_PUBLISH_PROFILE',
      'AZURE_FUNCTIONAPP_PUBLISH_PROFILE',
    ],
    actionInputs: [
      { action: 'azure/login', inputs: ['creds'] },
      { action: 'azure/webapps-deploy', inputs: ['publish-profile'] },
      { action: 'azure/functions-action', inputs: ['publish-profile'] },
    ],
    oidcAlternative:
      'azure/login with client-id, tenant-id and subscription-id and a federated credential (no secret), permissions: id-token: write; Terraform: ARM_USE_OIDC=true',
    source: 'https://learn.microsoft.com/en-us/azure/developer/github/connect-from-azure-openid-connect',
  },
  {
    provider: 'HashiCorp Vault',
    kind: 'secrets-manager',
    names: ['VAULT_TOKEN', 'VAULT_SECRET_ID', 'VAULT_ROLE_ID'],
    actionInputs: [{ action: 'hashicorp/vault-action', inputs: ['token', 'secretId', 'roleId'] }],
    oidcAlternative: "hashicorp/vault-action with method: jwt and a role bound to GitHub's OIDC claims",
    source: 'https://github.com/hashicorp/vault-action#jwt-with-github-oidc-tokens',
  },
  {
    provider: 'PyPI',
    kind: 'registry',
    names: ['PYPI_API_TOKEN', 'PYPI_TOKEN', 'PYPI_PASSWORD', 'TWINE_PASSWORD', 'TEST_PYPI_API_TOKEN'],
    actionInputs: [{ action: 'pypa/gh-action-pypi-publish', inputs: ['password'] }],
    oidcAlternative: 'PyPI trusted publishing: pypa/gh-action-pypi-publish without password, permissions: id-token: write',
    source: 'https://docs.pypi.org/trusted-publishers/',
  },
  {
    provider: 'npm',
    kind: 'registry',
    names: ['NPM_TOKEN', 'NODE_AUTH_TOKEN', 'NPM_AUTH_TOKEN', 'NPM_PUBLISH_TOKEN'],
    actionInputs: [{ action: 'js-devtools/npm-publish', inputs: ['token'] }],
    oidcAlternative: 'npm trusted publishing: npm publish (npm CLI 11.5.1 or later) with permissions: id-token: write and no token',
    source: 'https://docs.npmjs.com/trusted-publishers',
  },
  {
    provider: 'crates.io',
    kind: 'registry',
    names: ['CARGO_REGISTRY_TOKEN', 'CRATES_IO_TOKEN', 'CARGO_TOKEN'],
    oidcAlternative:
      'crates.io trusted publishing: rust-lang/crates-io-auth-action exchanges the OIDC token for a short-lived publish token',
    source: 'https://crates.io/docs/trusted-publishing',
  },
  {
    provider: 'RubyGems',
    kind: 'registry',
    names: ['GEM_HOST_API_KEY', 'RUBYGEMS_API_KEY', 'RUBYGEMS_AUTH_TOKEN'],
    oidcAlternative:
      'RubyGems trusted publishing: rubygems/release-gem or rubygems/configure-rubygems-credentials, permissions: id-token: write',
    source: 'https://guides.rubygems.org/trusted-publishing/',
  },
  {
    provider: 'NuGet',
    kind: 'registry',
    names: ['NUGET_API_KEY', 'NUGET_AUTH_TOKEN', 'NUGET_TOKEN'],
    oidcAlternative: 'nuget.org trusted publishing: NuGet/login exchanges the OIDC token for a short-lived API key',
    source: 'https://learn.microsoft.com/en-us/nuget/nuget-org/trusted-publishing',
  },
];

export interface OidcAuthAction {
  action: string;
  /** Inputs that select OIDC. */
  oidcInputs: readonly string[];
  /** Inputs that carry a static credential; when any is set the action does not use OIDC. */
  staticInputs: readonly string[];
  /** Set when a specific input value selects OIDC (e.g. Vault `method: jwt`). */
  oidcWhen?: { input: string; equals: string };
  note?: string;
  source: string;
}

/** Actions that authenticate with GitHub's OIDC token when configured without a static secret. */
export const OIDC_AUTH_ACTIONS: readonly OidcAuthAction[] = [
  {
    action: 'aws-actions/configure-aws-credentials',
    oidcInputs: ['role-to-assume'],
    staticInputs: ['aws-access-key-id', 'aws-secret-access-key'],
    note: 'role-to-assume together with access keys assumes the role using the static keys, not OIDC.',
    source: 'https://github.com/aws-actions/configure-aws-credentials#readme',
  },
  {
    action: 'google-github-actions/auth',
    oidcInputs: ['workload_identity_provider'],
    staticInputs: ['credentials_json'],
    source: 'https://github.com/google-github-actions/auth#readme',
  },
  {
    action: 'azure/login',
    oidcInputs: ['client-id', 'tenant-id'],
    staticInputs: ['creds'],
    note: 'A creds JSON with clientSecret is a static service principal secret.',
    source: 'https://github.com/Azure/login#readme',
  },
  {
    action: 'hashicorp/vault-action',
    oidcInputs: ['role'],
    staticInputs: ['token', 'secretId'],
    oidcWhen: { input: 'method', equals: 'jwt' },
    source: 'https://github.com/hashicorp/vault-action#jwt-with-github-oidc-tokens',
  },
  {
    action: 'pypa/gh-action-pypi-publish',
    oidcInputs: [],
    staticInputs: ['password'],
    note: 'Trusted publishing is used whenever no password is given.',
    source: 'https://github.com/pypa/gh-action-pypi-publish#trusted-publishing',
  },
  {
    action: 'rust-lang/crates-io-auth-action',
    oidcInputs: [],
    staticInputs: [],
    source: 'https://github.com/rust-lang/crates-io-auth-action#readme',
  },
  {
    action: 'rubygems/configure-rubygems-credentials',
    oidcInputs: ['role-to-assume'],
    staticInputs: [],
    source: 'https://github.com/rubygems/configure-rubygems-credentials#readme',
  },
  {
    action: 'rubygems/release-gem',
    oidcInputs: [],
    staticInputs: [],
    source: 'https://github.com/rubygems/release-gem#readme',
  },
  {
    action: 'nuget/login',
    oidcInputs: ['user'],
    staticInputs: [],
    source: 'https://learn.microsoft.com/en-us/nuget/nuget-org/trusted-publishing',
  },
];

function normalizeName(name: string): string {
  return name.trim().toUpperCase().replace(/-/g, '_');
}

/** Whether the `_`-separated words of `needle` appear, in order and adjacent, among those of `haystack`. */
function containsWords(haystack: string, needle: string): boolean {
  return `_${haystack}_`.includes(`_${needle}_`);
}

export interface StaticCredentialMatch {
  entry: StaticCredentialProvider;
  /** Same as `entry.provider`. */
  provider: string;
  /** The table name that matched. */
  name: string;
  exact: boolean;
}

/** The provider whose long-lived credential an env or secret name holds (rules in the header). */
const NAME_CACHE = new Map<string, StaticCredentialMatch | undefined>();

export function matchStaticCredentialName(name: string): StaticCredentialMatch | undefined {
  if (NAME_CACHE.has(name)) return NAME_CACHE.get(name);
  const result = matchStaticCredentialNameUncached(name);
  if (NAME_CACHE.size > 50_000) NAME_CACHE.clear();
  NAME_CACHE.set(name, result);
  return result;
}

function matchStaticCredentialNameUncached(name: string): StaticCredentialMatch | undefined {
  const n = normalizeName(name);
  if (n === '') return undefined;
  for (const entry of STATIC_CREDENTIALS) {
    const hit = entry.names.find((x) => x === n);
    if (hit !== undefined) return { entry, provider: entry.provider, name: hit, exact: true };
  }
  for (const entry of STATIC_CREDENTIALS) {
    const hit = entry.names.find((x) => containsWords(n, x));
    if (hit !== undefined) return { entry, provider: entry.provider, name: hit, exact: false };
  }
  return undefined;
}

/** The provider when `with: <input>` of action `uses` takes a static credential. */
const INPUT_CACHE = new Map<string, StaticCredentialProvider | undefined>();

export function matchStaticCredentialInput(uses: string, input: string): StaticCredentialProvider | undefined {
  const cacheKey = `${uses}\u0000${input}`;
  if (INPUT_CACHE.has(cacheKey)) return INPUT_CACHE.get(cacheKey);
  const result = matchStaticCredentialInputUncached(uses, input);
  if (INPUT_CACHE.size > 50_000) INPUT_CACHE.clear();
  INPUT_CACHE.set(cacheKey, result);
  return result;
}

function matchStaticCredentialInputUncached(uses: string, input: string): StaticCredentialProvider | undefined {
  const key = input.toLowerCase();
  return STATIC_CREDENTIALS.find((entry) =>
    (entry.actionInputs ?? []).some((ai) => actionMatches(ai.action, uses) && ai.inputs.some((i) => i.toLowerCase() === key)),
  );
}

function inputText(inputs: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const key = name.toLowerCase();
  for (const [k, v] of Object.entries(inputs)) {
    if (k.toLowerCase() === key && v !== undefined && v.trim() !== '') return v;
  }
  return undefined;
}

const OIDC_AUTH_TABLE = new ActionTable(OIDC_AUTH_ACTIONS);

/**
 * Whether a step of an OIDC-capable action authenticates with OIDC given its `with:` inputs;
 * undefined when the action is not in `OIDC_AUTH_ACTIONS`.
 */
export function usesOidc(uses: string, inputs: Readonly<Record<string, string | undefined>>): boolean | undefined {
  const entry = OIDC_AUTH_TABLE.find(uses);
  if (entry === undefined) return undefined;
  if (entry.staticInputs.some((i) => inputText(inputs, i) !== undefined)) return false;
  if (entry.oidcWhen !== undefined && inputText(inputs, entry.oidcWhen.input)?.trim().toLowerCase() !== entry.oidcWhen.equals) return false;
  return entry.oidcInputs.every((i) => inputText(inputs, i) !== undefined);
}
