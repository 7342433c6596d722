/**
 * Files that hold credentials by their name or extension, as tools write them: the file itself
 * is the secret (a private key, a kubeconfig with a token) or a tool's login store.
 * Sources:
 * - kubeconfig (`~/.kube/config`, `KUBECONFIG`): https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
 * - Docker's credential store `~/.docker/config.json`: https://docs.docker.com/reference/cli/docker/login/
 * - `.npmrc` auth tokens: https://docs.npmjs.com/cli/configuring-npm/npmrc ; `.pypirc`: https://packaging.python.org/specifications/pypirc/
 * - `.netrc`: https://everything.curl.dev/usingcurl/netrc ; `.git-credentials`: https://git-scm.com/docs/git-credential-store
 * - Terraform state holds resource secrets in plain text: https://developer.hashicorp.com/terraform/language/state/sensitive-data
 * - Google service account keys (JSON): https://cloud.google.com/iam/docs/keys-create-delete
 * - PEM/PKCS#12/Java keystores and OpenSSH private keys (`id_rsa`, `id_ed25519`): https://man.openbsd.org/ssh-keygen
 * - dotenv files (`.env`): https://github.com/motdotla/dotenv#readme
 * - `.git/config` holds the remote URL, with the job token in it on runners that embed it:
 *   https://docs.gitlab.com/runner/configuration/feature-flags/ (FF_GIT_URLS_WITHOUT_TOKENS)
 */
export interface CredentialFile {
  /** Tested against the last path segment (or the whole path when it has a `/`). */
  pattern: RegExp;
  what: string;
  /** A file that is a credential for sure (medium), or one that often holds some (low). */
  certain: boolean;
}

export const CREDENTIAL_FILES: readonly CredentialFile[] = [
  { pattern: /^(?:kubeconfig(?:\.ya?ml)?|\.kube\/config|\.kube\/?)$/i, what: 'a kubeconfig', certain: true },
  { pattern: /^\.docker\/(?:config\.json)?$/i, what: "Docker's registry logins", certain: true },
  { pattern: /^\.(?:npmrc|pypirc|netrc|git-credentials)$/i, what: 'a login file', certain: true },
  { pattern: /^id_(?:rsa|dsa|ecdsa|ed25519)$/, what: 'an SSH private key', certain: true },
  { pattern: /\.(?:key|p12|pfx|jks|keystore)$/i, what: 'a key or keystore file', certain: true },
  // PEM files are as often public certificates as private keys.
  { pattern: /\.pem$/i, what: 'a PEM file (a private key, or a certificate)', certain: false },
  { pattern: /\.tfstate(?:\.backup)?$/i, what: 'Terraform state (resource secrets in plain text)', certain: true },
  {
    pattern: /^(?:credentials|service[-_]?account[\w.-]*|gcloud[\w.-]*key[\w.-]*)\.json$/i,
    what: 'a cloud credentials file',
    certain: true,
  },
  { pattern: /^\.env(?:\.[\w-]+)?$/i, what: 'a dotenv file', certain: false },
  { pattern: /^\.git\/?(?:config)?$/i, what: 'the git directory (its config may hold the job token)', certain: false },
];

/** The credential file a path names, if any (`deploy/kubeconfig`, `certs/*.pem`, `.env`). */
export function credentialFileOf(path: string): CredentialFile | undefined {
  const clean = path.replace(/^\.\//, '').replace(/^\$\{?CI_PROJECT_DIR\}?\//, '');
  const segments = clean.split('/').filter(Boolean);
  const last = segments[segments.length - 1] ?? '';
  const lastTwo = segments.slice(-2).join('/') + (clean.endsWith('/') ? '/' : '');
  return CREDENTIAL_FILES.find(
    (f) => f.pattern.test(last) || f.pattern.test(lastTwo) || (clean.endsWith('/') && f.pattern.test(`${last}/`)),
  );
}

/** Paths that take the whole project directory (or every file in it) into the artifact. */
export function isWholeWorkspace(path: string): boolean {
  return /^(?:\.\/?|\*|\*\*(?:\/\*)?|\.\/\*\*?(?:\/\*)?|\$\{?CI_PROJECT_DIR\}?\/?(?:\*\*?)?)$/.test(path.trim());
}
