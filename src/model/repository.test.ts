import { describe, expect, it } from 'vitest';
import { groupByRepository, repositoryRootOf } from './repository.js';

describe('repositoryRootOf', () => {
  it.each([
    ['.github/workflows/ci.yml', ''],
    ['acme/app/.github/workflows/ci.yml', 'acme/app/'],
    ['acme/app/.github/actions/x/action.yml', 'acme/app/'],
    ['acme/app/.tekton/pull-request.yaml', 'acme/app/'],
    ['.tekton/push.yaml', ''],
    ['.gitlab-ci.yml', ''],
    ['group/svc/.gitlab-ci.yml', 'group/svc/'],
    ['outer/.github/vendor/inner/.github/workflows/a.yml', 'outer/'],
    ['acme/app/action.yml', undefined],
    ['acme/app/ci/build.gitlab-ci.yml', undefined],
    ['my.github/workflows/a.yml', undefined],
  ])('%s -> %s', (path, root) => {
    expect(repositoryRootOf(path)).toBe(root);
  });
});

describe('groupByRepository', () => {
  it('puts files outside the markers in the deepest repository around them, else the root group', () => {
    const paths = ['a/.github/workflows/ci.yml', 'a/tools/action.yml', 'a/b/.gitlab-ci.yml', 'a/b/ci/jobs.yml', 'lone/action.yml'];
    const groups = groupByRepository(paths, (p) => p);
    expect([...groups]).toEqual([
      ['a/', ['a/.github/workflows/ci.yml', 'a/tools/action.yml']],
      ['a/b/', ['a/b/.gitlab-ci.yml', 'a/b/ci/jobs.yml']],
      ['', ['lone/action.yml']],
    ]);
  });
});
