import { describe, expect, it } from 'vitest';
import type { PinState, Reference, ReferenceKind } from '../../model/types.js';
import { type ComponentIdentity, identify, parseImageReference } from './component-identity.js';

const FILE = { path: 'ci.yml', text: '' };

function reference(kind: ReferenceKind, fields: Partial<Reference> & { raw: string; pin: PinState }): Reference {
  return { kind, name: fields.raw, isLocal: false, origin: { file: FILE, span: { start: 0, end: 0 } }, ...fields };
}

const DIGEST = `sha256:${'0f'.repeat(32)}`;
const CASES: [string, Reference, Partial<ComponentIdentity>][] = [
  [
    'action owner and repository are lowercased, the path is not',
    reference('action', {
      raw: 'Acme/Tools/Sub/Dir@v1',
      owner: 'Acme',
      repo: 'Tools',
      path: 'Sub/Dir',
      ref: 'v1',
      pin: 'floating-version',
    }),
    { type: 'library', group: 'acme', name: 'tools/Sub/Dir', purl: 'pkg:githubactions/acme/tools%2FSub%2FDir@v1' },
  ],
  [
    'action without a ref has no version',
    reference('action', { raw: 'acme/tool', owner: 'acme', repo: 'tool', pin: 'none' }),
    { version: undefined, purl: 'pkg:githubactions/acme/tool' },
  ],
  [
    'Docker Hub official image written with library/ and the registry',
    reference('image', { raw: `docker.io/library/node:20@${DIGEST}`, pin: 'digest' }),
    { type: 'container', version: '20', sha256: '0f'.repeat(32), purl: `pkg:docker/node@${DIGEST}` },
  ],
  [
    'localhost registry with a port',
    reference('image', { raw: 'localhost:5000/team/app:dev', pin: 'floating-version' }),
    { name: 'localhost:5000/team/app', purl: 'pkg:docker/team/app@dev?repository_url=localhost%3A5000' },
  ],
  [
    'Tekton bundle as an OCI artifact',
    reference('bundle', { raw: `gcr.io/tekton/catalog/git-clone:0.9@${DIGEST}`, pin: 'digest' }),
    { type: 'container', purl: `pkg:oci/git-clone@${DIGEST}?repository_url=gcr.io%2Ftekton%2Fcatalog%2Fgit-clone&tag=0.9` },
  ],
  [
    'task by name and version',
    reference('task', { raw: 'git-clone@0.9', name: 'git-clone', ref: '0.9', pin: 'immutable-version' }),
    { type: 'library', purl: 'pkg:generic/git-clone@0.9' },
  ],
  [
    'remote script by URL',
    reference('remote-script', { raw: 'https://get.example.com/install.sh?v=2', pin: 'none' }),
    { type: 'file', purl: 'pkg:generic/install.sh?download_url=https%3A%2F%2Fget.example.com%2Finstall.sh%3Fv%3D2' },
  ],
  [
    'remote include whose integrity is not SHA-256 gets no checksum',
    reference('include', { raw: 'https://x.test/a.yml', ref: 'sha512-AAAA', pin: 'integrity-hash' }),
    { sha256: undefined, purl: 'pkg:generic/a.yml?download_url=https%3A%2F%2Fx.test%2Fa.yml' },
  ],
  [
    'component on a self-managed instance',
    reference('component', {
      raw: 'git.example.com/a/b/c/build@~latest',
      name: 'git.example.com/a/b/c/build',
      ref: '~latest',
      pin: 'latest',
    }),
    { group: 'git.example.com/a/b/c', name: 'build', purl: 'pkg:git/git.example.com/a/b/c@~latest' },
  ],
];

describe('identify', () => {
  it.each(CASES)('%s', (_title, ref, expected) => {
    expect(identify(ref, { gitlabServer: 'gitlab.com' })).toMatchObject(expected);
  });

  it('gives a reference known only at run time no purl', () => {
    const image = reference('image', { raw: '${{ matrix.image }}', pin: 'dynamic' });
    expect(identify(image, { gitlabServer: 'gitlab.com' })).toEqual({ type: 'container', name: '${{ matrix.image }}' });
  });

  it('takes the host of project includes from the options', () => {
    const include = reference('include', { raw: 'g/p@v1', name: 'g/p', repo: 'p', path: '/a.yml', ref: 'v1', pin: 'immutable-version' });
    expect(identify(include, { gitlabServer: 'git.corp.test' }).purl).toBe('pkg:git/git.corp.test/g/p@v1#a.yml');
  });
});

describe('parseImageReference', () => {
  it.each([
    ['node', { registry: undefined, repository: 'node', tag: undefined, digest: undefined }],
    ['owner/app:1', { registry: undefined, repository: 'owner/app', tag: '1' }],
    ['quay.io/a/b@sha256:00', { registry: 'quay.io', repository: 'a/b', tag: undefined, digest: 'sha256:00' }],
    ['docker://alpine:3', { repository: 'alpine', tag: '3' }],
  ])('%s', (raw, expected) => {
    expect(parseImageReference(raw)).toMatchObject(expected);
  });
});
