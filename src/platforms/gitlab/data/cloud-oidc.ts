/**
 * The short-lived alternative each cloud offers to GitLab jobs: an `id_tokens:` JWT exchanged
 * for temporary credentials, so no long-lived key needs to be stored in CI/CD variables.
 * Sources: https://docs.gitlab.com/ci/cloud_services/aws/,
 * https://docs.gitlab.com/ci/cloud_services/google_cloud/, https://docs.gitlab.com/ci/cloud_services/azure/
 */
export const GITLAB_OIDC_ALTERNATIVES: Readonly<Record<string, string>> = {
  AWS: 'an id_tokens: token (aud: https://sts.amazonaws.com) exchanged with aws sts assume-role-with-web-identity for a role that trusts your GitLab instance as an OIDC provider',
  'Google Cloud':
    'an id_tokens: token whose aud is your workload identity pool provider, exchanged through workload identity federation (gcloud iam workload-identity-pools create-cred-config)',
  Azure:
    'an id_tokens: token (aud: api://AzureADTokenExchange) passed to az login --federated-token for an app registration with a federated credential',
};
