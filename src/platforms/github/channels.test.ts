import { describe, expect, it } from 'vitest';
import type { ChannelUse } from '../../model/types.js';
import { modelOf } from '../../testing/rule-tester.js';

/** The channel uses of the one job of a workflow whose steps are `steps` (indented as list items). */
function usesOf(steps: string): [string, string, string, boolean, string, number, number][] {
  const text = `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
  const job = modelOf(text).pipelines[0]?.jobs[0];
  return (job?.channels ?? []).map((u: ChannelUse) => {
    const before = text.slice(0, u.origin.span.start).split('\n');
    return [u.kind, u.name, u.access, u.otherRun, u.via, before.length, (before.at(-1)?.length ?? 0) + 1];
  });
}

describe('GitHub channel uses', () => {
  it.each<[string, string, ReturnType<typeof usesOf>]>([
    [
      'upload with a name',
      '      - uses: actions/upload-artifact@v4\n        with:\n          name: dist\n',
      [['artifact', 'dist', 'write', false, 'actions/upload-artifact', 6, 15]],
    ],
    [
      'upload with the default name',
      '      - uses: actions/upload-artifact@v4\n',
      [['artifact', 'artifact', 'write', false, 'actions/upload-artifact', 6, 15]],
    ],
    [
      'pages artifact default',
      '      - uses: actions/upload-pages-artifact@v3\n',
      [['artifact', 'github-pages', 'write', false, 'actions/upload-pages-artifact', 6, 15]],
    ],
    [
      'download by name',
      '      - uses: actions/download-artifact@v4\n        with:\n          name: dist\n',
      [['artifact', 'dist', 'read', false, 'actions/download-artifact', 6, 15]],
    ],
    [
      'download everything',
      '      - uses: actions/download-artifact@v4\n',
      [['artifact', '*', 'read', false, 'actions/download-artifact', 6, 15]],
    ],
    [
      'download from another run',
      '      - uses: actions/download-artifact@v4\n        with:\n          name: pr\n          run-id: ${{ github.event.workflow_run.id }}\n',
      [['artifact', 'pr', 'read', true, 'actions/download-artifact', 6, 15]],
    ],
    [
      'dawidd6 always reads other runs',
      '      - uses: dawidd6/action-download-artifact@v6\n        with:\n          name: pr\n',
      [['artifact', 'pr', 'read', true, 'dawidd6/action-download-artifact', 6, 15]],
    ],
    [
      'actions/cache by key',
      "      - uses: actions/cache@v4\n        with:\n          path: ~/.npm\n          key: npm-${{ hashFiles('**/package-lock.json') }}\n",
      [['cache', "npm-${{ hashFiles('**/package-lock.json') }}", 'read-write', false, 'actions/cache', 6, 15]],
    ],
    [
      'cache restore only',
      '      - uses: actions/cache/restore@v4\n        with:\n          key: k\n',
      [['cache', 'k', 'read', false, 'actions/cache/restore', 6, 15]],
    ],
    [
      'cache save only',
      '      - uses: actions/cache/save@v4\n        with:\n          key: k\n',
      [['cache', 'k', 'write', false, 'actions/cache/save', 6, 15]],
    ],
    ['setup-node without cache', '      - uses: actions/setup-node@v4\n', []],
    [
      'setup-node with cache',
      '      - uses: actions/setup-node@v4\n        with:\n          cache: npm\n',
      [['cache', 'actions/setup-node cache', 'read-write', false, 'actions/setup-node', 6, 15]],
    ],
    [
      'setup-go caches by default',
      '      - uses: actions/setup-go@v5\n',
      [['cache', 'actions/setup-go cache', 'read-write', false, 'actions/setup-go', 6, 15]],
    ],
    ['setup-go with cache off', '      - uses: actions/setup-go@v5\n        with:\n          cache: false\n', []],
    [
      'setup-uv read-only',
      '      - uses: astral-sh/setup-uv@v6\n        with:\n          save-cache: false\n',
      [['cache', 'astral-sh/setup-uv cache', 'read', false, 'astral-sh/setup-uv', 6, 15]],
    ],
    [
      'build-push-action without the gha backend',
      '      - uses: docker/build-push-action@v6\n        with:\n          cache-to: type=registry,ref=x\n',
      [],
    ],
    [
      'build-push-action with the gha backend',
      '      - uses: docker/build-push-action@v6\n        with:\n          cache-to: type=gha,mode=max\n',
      [['cache', 'docker/build-push-action cache', 'read-write', false, 'docker/build-push-action', 6, 15]],
    ],
    [
      'setup-node from v5 caches by default',
      '      - uses: actions/setup-node@v5\n',
      [['cache', 'actions/setup-node cache', 'read-write', false, 'actions/setup-node', 6, 15]],
    ],
    [
      'setup-node pinned by SHA to v6 (version comment) caches by default',
      '      - uses: actions/setup-node@395ad3262231945c25e8478fd5baf05154b1d79f # v6.1.0\n',
      [['cache', 'actions/setup-node cache', 'read-write', false, 'actions/setup-node', 6, 15]],
    ],
    [
      'setup-node v6 with package-manager-cache off',
      '      - uses: actions/setup-node@v6\n        with:\n          package-manager-cache: false\n',
      [],
    ],
    [
      'actions/cache lookup-only restores nothing',
      '      - uses: actions/cache@v4\n        with:\n          key: k\n          lookup-only: true\n',
      [],
    ],
    [
      'maturin with sccache',
      '      - uses: PyO3/maturin-action@v1\n        with:\n          sccache: "true"\n',
      [['cache', 'pyo3/maturin-action cache', 'read-write', false, 'pyo3/maturin-action', 6, 15]],
    ],
    [
      'composer-install caches unless told not to',
      '      - uses: ramsey/composer-install@v3\n        with:\n          ignore-cache: true\n',
      [],
    ],
    ['sccache-action only with SCCACHE_GHA_ENABLED', '      - uses: mozilla-actions/sccache-action@v0.0.9\n', []],
    [
      'sccache-action with SCCACHE_GHA_ENABLED in the step env',
      '      - uses: mozilla-actions/sccache-action@v0.0.9\n        env:\n          SCCACHE_GHA_ENABLED: "true"\n',
      [['cache', 'mozilla-actions/sccache-action cache', 'read-write', false, 'mozilla-actions/sccache-action', 6, 15]],
    ],
    ['a local action moves nothing known', '      - uses: ./.github/actions/upload-artifact\n', []],
    ['a shell step moves nothing known', '      - run: tar czf dist.tgz dist\n', []],
  ])('%s', (_name, steps, expected) => {
    expect(usesOf(steps)).toEqual(expected);
  });

  it.each<[string, string, string | undefined]>([
    [
      'an enabling input',
      "      - uses: PyO3/maturin-action@v1\n        with:\n          sccache: ${{ startsWith(github.ref, 'refs/tags/') }}\n",
      "startsWith(github.ref, 'refs/tags/')",
    ],
    [
      'a disabling input that disables on true',
      "      - uses: gradle/actions/setup-gradle@v4\n        with:\n          cache-disabled: ${{ github.ref_type == 'tag' }}\n",
      "!(github.ref_type == 'tag')",
    ],
    [
      'a disabling input that disables on false',
      "      - uses: actions/setup-go@v5\n        with:\n          cache: ${{ github.event_name != 'release' }}\n",
      "github.event_name != 'release'",
    ],
    ['a literal toggle', '      - uses: PyO3/maturin-action@v1\n        with:\n          sccache: true\n', undefined],
  ])('records the expression a cache depends on: %s', (_name, steps, expected) => {
    const text = `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
    expect(modelOf(text).pipelines[0]?.jobs[0]?.channels?.map((c) => c.enabledIf)).toEqual([expected]);
  });
});
