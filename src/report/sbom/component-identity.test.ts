import { describe, expect, it } from 'vitest';
import type { Origin, Reference } from '../../model/types.js';
import { parseImage, parseUses } from '../../platforms/github/references.js';
import { componentInclude, imageReference, projectInclude, remoteInclude, templateInclude } from '../../platforms/gitlab/references.js';
import { type ComponentIdentity, identify, parseImageReference } from './component-identity.js';

// References are built by the platforms' own parsers, so the table sees what a scan produces.
const ORIGIN: Origin = { file: { path: 'ci.yml', text: '' }, span: { start: 0, end: 0 } };
const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';
const DIGEST = `sha256:${'0f'.repeat(32)}`;
const SRI = `sha256-${Buffer.from('cd'.repeat(32), 'hex').toString('base64')}`;
const step = (uses: string) => parseUses(uses, ORIGIN, 'step');
const job = (uses: string) => parseUses(uses, ORIGIN, 'job');
const tekton = (kind: 'task' | 'bundle', raw: string, name: string, ref?: string): Reference => ({
  kind,
  raw,
  name,
  ref,
  pin: 'immutable-version',
  isLocal: false,
  origin: ORIGIN,
});

type Row = [written: string, reference: Reference, purl: string | undefined, version: string | undefined];
const PURLS: Row[] = [
  ['action at a tag', step('actions/checkout@v4'), 'pkg:githubactions/actions/checkout@v4', 'v4'],
  ['action at a commit', step(`actions/checkout@${SHA}`), `pkg:githubactions/actions/checkout@${SHA}`, SHA],
  ['action in a subfolder', step('github/codeql-action/init@v3'), 'pkg:githubactions/github/codeql-action@v3#init', 'v3'],
  ['owner and repository lowercased, the path kept', step('Acme/Tools/Sub/Dir@v1'), 'pkg:githubactions/acme/tools@v1#Sub/Dir', 'v1'],
  ['action without a version', step('acme/tool'), 'pkg:githubactions/acme/tool', undefined],
  [
    'reusable workflow',
    job('acme/shared/.github/workflows/publish.yml@main'),
    'pkg:githubactions/acme/shared@main#.github/workflows/publish.yml',
    'main',
  ],
  ['action at a ref from an expression', step('acme/tool@${{ inputs.ref }}'), undefined, undefined],
  ['Docker Hub official image', parseImage('node:20', ORIGIN), 'pkg:docker/node@20', '20'],
  [
    'Docker Hub image with library/ and the registry',
    parseImage(`docker.io/library/node:20@${DIGEST}`, ORIGIN),
    `pkg:docker/node@${DIGEST}`,
    '20',
  ],
  ['Docker Hub user image without a tag', parseImage('bitnami/redis', ORIGIN), 'pkg:docker/bitnami/redis', undefined],
  ['docker:// action', step('docker://alpine:3.20'), 'pkg:docker/alpine@3.20', '3.20'],
  [
    'registry image with tag and digest',
    parseImage(`ghcr.io/acme/builder:1.2@${DIGEST}`, ORIGIN),
    `pkg:docker/acme/builder@${DIGEST}?repository_url=ghcr.io`,
    '1.2',
  ],
  [
    'localhost registry with a port',
    parseImage('localhost:5000/team/app:dev', ORIGIN),
    'pkg:docker/team/app@dev?repository_url=localhost%3A5000',
    'dev',
  ],
  ['image from a matrix', parseImage('${{ matrix.image }}', ORIGIN), undefined, undefined],
  [
    'GitLab image',
    imageReference(`registry.gitlab.com/g/p/ci:2@${DIGEST}`, ORIGIN),
    `pkg:docker/g/p/ci@${DIGEST}?repository_url=registry.gitlab.com`,
    '2',
  ],
  ['GitLab image from a variable', imageReference('$CI_REGISTRY_IMAGE/ci:1', ORIGIN), undefined, undefined],
  ['GitLab component', componentInclude('gitlab.com/acme/ci/lint@1.4.0', ORIGIN), 'pkg:gitlab/acme/ci@1.4.0#lint', '1.4.0'],
  [
    'GitLab component in a subgroup on a self-managed host',
    componentInclude('git.example.com/a/b/c/build@~latest', ORIGIN),
    'pkg:gitlab/a/b/c@~latest?repository_url=https%3A%2F%2Fgit.example.com#build',
    '~latest',
  ],
  [
    'GitLab component on the instance itself',
    componentInclude('$CI_SERVER_FQDN/acme/ci/lint@2.0.0', ORIGIN),
    'pkg:gitlab/acme/ci@2.0.0?repository_url=https%3A%2F%2Fgit.corp.test#lint',
    '2.0.0',
  ],
  ['GitLab component at a variable version', componentInclude('gitlab.com/acme/ci/lint@$VERSION', ORIGIN), undefined, undefined],
  [
    'GitLab project include',
    projectInclude('acme/templates', 'v2', '/jobs/deploy.yml', ORIGIN),
    'pkg:gitlab/acme/templates@v2?repository_url=https%3A%2F%2Fgit.corp.test#jobs/deploy.yml',
    'v2',
  ],
  [
    'GitLab project include on the default branch',
    projectInclude('acme/sub/templates', undefined, 'a.yml', ORIGIN),
    'pkg:gitlab/acme/sub/templates?repository_url=https%3A%2F%2Fgit.corp.test#a.yml',
    undefined,
  ],
  ['GitLab project include of a variable project', projectInclude('$CI_PROJECT_PATH', 'main', 'a.yml', ORIGIN), undefined, undefined],
  [
    'GitLab template include',
    templateInclude('Jobs/SAST.gitlab-ci.yml', ORIGIN),
    'pkg:gitlab/gitlab-org/gitlab#lib/gitlab/ci/templates/Jobs/SAST.gitlab-ci.yml',
    undefined,
  ],
  [
    'GitLab remote include with a SHA-256 integrity',
    remoteInclude('https://example.com/ci/scan.yml', SRI, ORIGIN),
    `pkg:generic/scan.yml?checksum=sha256%3A${'cd'.repeat(32)}&download_url=https%3A%2F%2Fexample.com%2Fci%2Fscan.yml`,
    undefined,
  ],
  [
    'GitLab remote include with another integrity',
    remoteInclude('https://x.test/a.yml', 'sha512-AAAA', ORIGIN),
    'pkg:generic/a.yml?download_url=https%3A%2F%2Fx.test%2Fa.yml',
    undefined,
  ],
  [
    'remote script',
    {
      ...tekton('task', '', ''),
      kind: 'remote-script',
      raw: 'https://get.example.com/install.sh?v=2',
      name: 'https://get.example.com/install.sh?v=2',
    },
    'pkg:generic/install.sh?download_url=https%3A%2F%2Fget.example.com%2Finstall.sh%3Fv%3D2',
    undefined,
  ],
  ['Tekton task by name', tekton('task', 'git-clone@0.9', 'git-clone', '0.9'), 'pkg:generic/git-clone@0.9', '0.9'],
  [
    'Tekton bundle',
    tekton('bundle', `gcr.io/tekton/catalog/git-clone:0.9@${DIGEST}`, 'gcr.io/tekton/catalog/git-clone', DIGEST),
    `pkg:oci/git-clone@${DIGEST}?repository_url=gcr.io%2Ftekton%2Fcatalog%2Fgit-clone&tag=0.9`,
    '0.9',
  ],
];

describe('identify: reference -> purl', () => {
  it.each(PURLS)('%s', (_title, reference, purl, version) => {
    const identity = identify(reference, { gitlabServer: 'git.corp.test' });
    expect(identity.purl).toBe(purl);
    expect(identity.version).toBe(version);
  });

  it('names an unresolved reference as written and gives it no version', () => {
    expect(identify(parseImage('${{ matrix.image }}', ORIGIN), { gitlabServer: 'gitlab.com' })).toEqual({
      type: 'container',
      name: '${{ matrix.image }}',
    });
  });

  it.each<[string, Reference, Partial<ComponentIdentity>]>([
    [
      'action',
      step('GitHub/codeql-action/init@v3'),
      { type: 'library', group: 'github', name: 'codeql-action/init', vcs: 'https://github.com/github/codeql-action' },
    ],
    ['image digest', parseImage(`node@${DIGEST}`, ORIGIN), { type: 'container', name: 'node', sha256: '0f'.repeat(32) }],
    [
      'component',
      componentInclude('gitlab.com/acme/ci/lint@1', ORIGIN),
      { type: 'library', group: 'gitlab.com/acme/ci', name: 'lint', vcs: 'https://gitlab.com/acme/ci' },
    ],
    [
      'project include',
      projectInclude('acme/t', 'v2', '/a.yml', ORIGIN),
      { type: 'file', group: 'acme/t', name: 'a.yml', vcs: 'https://gitlab.com/acme/t' },
    ],
    [
      'template include',
      templateInclude('Jobs/SAST.gitlab-ci.yml', ORIGIN),
      { type: 'file', name: 'Jobs/SAST.gitlab-ci.yml', vcs: 'https://gitlab.com/gitlab-org/gitlab' },
    ],
    [
      'remote include',
      remoteInclude('https://x.test/a.yml', SRI, ORIGIN),
      { type: 'file', sha256: 'cd'.repeat(32), download: 'https://x.test/a.yml' },
    ],
    ['remote include with a space', remoteInclude('https://x.test/a b.yml', undefined, ORIGIN), { download: 'https://x.test/a%20b.yml' }],
    ['action with a space in its owner', step('a b/c@v1'), { purl: 'pkg:githubactions/a%20b/c@v1', vcs: 'https://github.com/a%20b/c' }],
  ])('component fields of a %s', (_title, reference, expected) => {
    expect(identify(reference, { gitlabServer: 'gitlab.com' })).toMatchObject(expected);
  });

  it('leaves project includes on gitlab.com without repository_url', () => {
    const include = projectInclude('g/p', 'v1', '/a.yml', ORIGIN);
    expect(identify(include, { gitlabServer: 'gitlab.com' }).purl).toBe('pkg:gitlab/g/p@v1#a.yml');
  });
});

describe('parseImageReference', () => {
  it.each([
    ['node', { registry: undefined, repository: 'node', tag: undefined, digest: undefined }],
    ['owner/app:1', { registry: undefined, repository: 'owner/app', tag: '1', digest: undefined }],
    ['quay.io/a/b@sha256:00', { registry: 'quay.io', repository: 'a/b', tag: undefined, digest: 'sha256:00' }],
    ['localhost/app', { registry: 'localhost', repository: 'app', tag: undefined, digest: undefined }],
    ['docker://alpine:3', { registry: undefined, repository: 'alpine', tag: '3', digest: undefined }],
  ])('%s', (raw, expected) => {
    expect(parseImageReference(raw)).toEqual(expected);
  });
});
