/**
 * Online resolution of container image tags to digests for `pipewarden pin --update`, through
 * the OCI distribution API every registry serves: `HEAD /v2/<name>/manifests/<tag>` answers with
 * the digest in `Docker-Content-Digest`. Public images need an anonymous bearer token first: the
 * registry's 401 names the token service in `WWW-Authenticate` (realm, service, scope), which
 * hands one out for `repository:<name>:pull`.
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#checking-if-content-exists-in-the-registry
 * https://distribution.github.io/distribution/spec/auth/token/
 * Docker Hub names (`node`, `bitnami/redis`) live on registry-1.docker.io under `library/` for
 * single names. Only called when the user asks for it.
 */
import { PinResolveError } from './github-refs.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** A token answer is a small JSON object; anything bigger is not read. */
const MAX_TOKEN_ANSWER_BYTES = 64 * 1024;

/** The JSON of an answer of at most `limit` bytes; `{}` for a larger or broken one. */
async function boundedJson(response: Response, limit: number): Promise<unknown> {
  if (!response.body || Number(response.headers.get('content-length')) > limit) {
    await response.body?.cancel();
    return {};
  }
  const reader = response.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      size += chunk.value.length;
      if (size > limit) {
        await reader.cancel();
        return {};
      }
      chunks.push(Buffer.from(chunk.value));
    }
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return {};
  }
}
/** Manifest types a tag may resolve to; an index (multi-platform) is what a pull resolves first. */
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Registry host and repository path of an image name as written. */
export function registryOf(repository: string): { host: string; name: string } {
  const slash = repository.indexOf('/');
  const first = slash === -1 ? '' : repository.slice(0, slash);
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    return { host: first === 'docker.io' ? 'registry-1.docker.io' : first, name: repository.slice(slash + 1) };
  }
  return { host: 'registry-1.docker.io', name: slash === -1 ? `library/${repository}` : repository };
}

/** The parameters of a `Bearer realm="...",service="...",scope="..."` challenge. */
export function bearerChallenge(header: string | null): Record<string, string> | undefined {
  if (!header || !/^Bearer\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  for (const match of header.slice(header.indexOf(' ') + 1).matchAll(/(\w+)="([^"]*)"/g)) params[match[1] as string] = match[2] as string;
  return params.realm ? params : undefined;
}

export class OciDigestResolver {
  constructor(
    /** Hosts reached over plain HTTP (local test registries). */
    private readonly insecureHosts: readonly string[] = [],
    private readonly timeoutMs = 15_000,
  ) {}

  async resolve(repository: string, tag: string): Promise<string> {
    const what = `${repository}:${tag}`;
    const { host, name } = registryOf(repository);
    const scheme = this.insecureHosts.includes(host) ? 'http' : 'https';
    const url = `${scheme}://${host}/v2/${name}/manifests/${encodeURIComponent(tag)}`;
    let response = await this.request(url, {}, what);
    if (response.status === 401) {
      const challenge = bearerChallenge(response.headers.get('www-authenticate'));
      if (!challenge) throw new PinResolveError(`${what}: the registry wants credentials pipewarden does not send`);
      const token = await this.token(challenge, name, what);
      response = await this.request(url, { Authorization: `Bearer ${token}` }, what);
    }
    if (response.status === 404) throw new PinResolveError(`${what}: no such image or tag`);
    if (!response.ok) throw new PinResolveError(`${what}: the registry answered ${response.status}`);
    const digest = response.headers.get('docker-content-digest') ?? '';
    if (!DIGEST.test(digest)) throw new PinResolveError(`${what}: the registry sent no sha256 digest`);
    return digest;
  }

  private async token(challenge: Record<string, string>, name: string, what: string): Promise<string> {
    const url = new URL(challenge.realm as string);
    if (challenge.service) url.searchParams.set('service', challenge.service);
    url.searchParams.set('scope', challenge.scope ?? `repository:${name}:pull`);
    const response = await this.request(url.toString(), {}, what, 'GET');
    if (!response.ok) throw new PinResolveError(`${what}: the token service answered ${response.status}`);
    const body = (await boundedJson(response, MAX_TOKEN_ANSWER_BYTES)) as { token?: unknown; access_token?: unknown };
    const token = typeof body.token === 'string' ? body.token : typeof body.access_token === 'string' ? body.access_token : undefined;
    if (!token) throw new PinResolveError(`${what}: the token service sent no token`);
    return token;
  }

  private async request(url: string, headers: Record<string, string>, what: string, method = 'HEAD'): Promise<Response> {
    try {
      return await fetch(url, {
        method,
        headers: { Accept: MANIFEST_TYPES, 'User-Agent': 'pipewarden', ...headers },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new PinResolveError(`cannot reach the registry of ${what} (${cause}): pin --update needs network access to it`);
    }
  }
}
