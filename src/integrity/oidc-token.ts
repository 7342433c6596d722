/**
 * The OIDC identity token for keyless signing, from the CI system this runs in:
 * `SIGSTORE_ID_TOKEN` (GitLab CI `id_tokens:` with `aud: sigstore`, or any CI), else GitHub
 * Actions' token endpoint (`ACTIONS_ID_TOKEN_REQUEST_URL`, needs `permissions: id-token: write`).
 */
type Env = Record<string, string | undefined>;

export class IdentityTokenError extends Error {}

export async function identityTokenFromEnv(env: Env, timeoutMs = 10_000): Promise<string> {
  if (env.SIGSTORE_ID_TOKEN) return env.SIGSTORE_ID_TOKEN;
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer) {
    throw new IdentityTokenError(
      'no OIDC identity token: set SIGSTORE_ID_TOKEN, or in GitHub Actions grant `permissions: id-token: write`',
    );
  }
  const request = new URL(url);
  request.searchParams.set('audience', 'sigstore');
  let response: Response;
  try {
    response = await fetch(request, { headers: { Authorization: `Bearer ${bearer}` }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new IdentityTokenError(`cannot reach the GitHub OIDC token endpoint ${request.origin}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new IdentityTokenError(`the GitHub OIDC token endpoint answered HTTP ${response.status}`);
  const body = (await response.json().catch(() => undefined)) as { value?: unknown } | undefined;
  if (typeof body?.value !== 'string') throw new IdentityTokenError('the GitHub OIDC token endpoint returned no token');
  return body.value;
}
