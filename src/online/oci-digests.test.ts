import { describe, expect, it } from 'vitest';
import { bearerChallenge, registryOf } from './oci-digests.js';

describe('registryOf', () => {
  it.each([
    ['node', 'registry-1.docker.io', 'library/node'],
    ['bitnami/redis', 'registry-1.docker.io', 'bitnami/redis'],
    ['docker.io/library/alpine', 'registry-1.docker.io', 'library/alpine'],
    ['ghcr.io/acme/app', 'ghcr.io', 'acme/app'],
    ['localhost:5000/app', 'localhost:5000', 'app'],
    ['localhost/app', 'localhost', 'app'],
    ['mcr.microsoft.com/dotnet/sdk', 'mcr.microsoft.com', 'dotnet/sdk'],
  ])('%s is %s / %s', (repository, host, name) => {
    expect(registryOf(repository)).toEqual({ host, name });
  });
});

describe('bearerChallenge', () => {
  it('reads realm, service and scope', () => {
    expect(
      bearerChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"'),
    ).toEqual({
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:library/node:pull',
    });
  });

  it.each([[null], ['Basic realm="x"'], ['Bearer service="x"']])('ignores %s', (header) => {
    expect(bearerChallenge(header)).toBeUndefined();
  });
});
