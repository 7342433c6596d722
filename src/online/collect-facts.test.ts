import { afterEach, describe, expect, it } from 'vitest';
import { type Replay, startReplay } from '../../test/support/github-replay.js';
import type { Reference } from '../model/types.js';
import { collectFacts, MAX_COMPARES_PER_COMMIT } from './collect-facts.js';
import { GithubApi } from './github-api.js';

const SHA = 'c2d5a4b1e1f0a7c9d8e6f5a4b3c2d1e0f9a8b7c6';
const ORIGIN = { file: { path: 'w.yml', text: '' }, span: { start: 0, end: 0 } };

function uses(owner: string, repo: string, ref: string, pin: Reference['pin']): Reference {
  return {
    kind: 'action',
    raw: `${owner}/${repo}@${ref}`,
    name: `${owner}/${repo}`,
    owner,
    repo,
    ref,
    pin,
    isLocal: false,
    origin: ORIGIN,
  };
}

const branch = (name: string) => ({ name, commit: { sha: 'f'.repeat(40) } });

let replay: Replay | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
});

describe('collectFacts', () => {
  it('asks each question once however often a reference repeats', async () => {
    replay = await startReplay({ '/repos/acme/tool': { body: { full_name: 'acme/tool', archived: true, default_branch: 'main' } } });
    const refs = [uses('acme', 'tool', 'v1', 'floating-version'), uses('Acme', 'Tool', 'v1', 'floating-version')];
    const { facts } = await collectFacts(new GithubApi({ apiUrl: replay.url }), refs, new Set(['repositories', 'refs']));
    expect(facts.repositories).toEqual({ 'acme/tool': { archived: true, defaultBranch: 'main' } });
    expect(facts.refs).toEqual({ 'acme/tool@v1': { isBranch: false, isTag: false } });
    expect(replay.requests.map((r) => r.url).sort()).toEqual([
      '/repos/acme/tool',
      '/repos/acme/tool/git/ref/heads/v1',
      '/repos/acme/tool/git/ref/tags/v1',
    ]);
  });

  it('lists branches and tags once per repository for all its pinned commits', async () => {
    const other = 'd'.repeat(40);
    replay = await startReplay({
      '/repos/acme/tool': { body: { full_name: 'acme/tool', archived: false, default_branch: 'main' } },
      '/repos/acme/tool/branches?per_page=100': { body: [{ name: 'main', commit: { sha: SHA } }] },
      '/repos/acme/tool/tags?per_page=100': { body: [{ name: 'v1.0.0', commit: { sha: other } }] },
    });
    const refs = [uses('acme', 'tool', SHA, 'commit-sha'), uses('acme', 'tool', other, 'commit-sha')];
    const { facts } = await collectFacts(new GithubApi({ apiUrl: replay.url }), refs, new Set(['commits']));
    expect(facts.commits).toEqual({
      [`acme/tool@${SHA}`]: { reachable: true, via: 'main', checked: 0 },
      [`acme/tool@${other}`]: { reachable: true, via: 'v1.0.0', checked: 0 },
    });
    expect(replay.requests.map((r) => r.url).sort()).toEqual([
      '/repos/acme/tool',
      '/repos/acme/tool/branches?per_page=100',
      '/repos/acme/tool/tags?per_page=100',
    ]);
  });

  it('leaves reachability unknown, and says so, when the compare budget runs out', async () => {
    const many = Array.from({ length: MAX_COMPARES_PER_COMMIT + 5 }, (_, i) => branch(`b${i}`));
    replay = await startReplay({
      '/repos/acme/tool': { body: { full_name: 'acme/tool', archived: false, default_branch: 'b0' } },
      '/repos/acme/tool/branches?per_page=100': { body: many },
      '/repos/acme/tool/tags?per_page=100': { body: [] },
    });
    const collected = await collectFacts(
      new GithubApi({ apiUrl: replay.url }),
      [uses('acme', 'tool', SHA, 'commit-sha')],
      new Set(['commits']),
    );
    expect(collected.facts.commits).toEqual({});
    expect(collected.gaps).toEqual([`acme/tool@${SHA}: more branches and tags than pipewarden compares; reachability unknown`]);
    expect(replay.requests.filter((r) => r.url.includes('/compare/'))).toHaveLength(MAX_COMPARES_PER_COMMIT);
  });

  it('does not call a commit unreachable when there are more branches than one page', async () => {
    replay = await startReplay({
      '/repos/acme/tool': { body: { full_name: 'acme/tool', archived: false, default_branch: 'main' } },
      '/repos/acme/tool/branches?per_page=100': {
        headers: { link: '<https://api.github.com/repositories/1/branches?per_page=100&page=2>; rel="next"' },
        body: [branch('main')],
      },
      '/repos/acme/tool/tags?per_page=100': { body: [] },
    });
    const collected = await collectFacts(
      new GithubApi({ apiUrl: replay.url }),
      [uses('acme', 'tool', SHA, 'commit-sha')],
      new Set(['commits']),
    );
    expect(collected.facts.commits).toEqual({});
  });

  it('stops at the first answer that stops every request, with its one message', async () => {
    replay = await startReplay({
      '/repos/acme/tool': { status: 401, body: { message: 'Bad credentials' } },
    });
    const refs = [uses('acme', 'tool', 'v1', 'floating-version'), uses('acme', 'other', 'v1', 'floating-version')];
    const collected = await collectFacts(
      new GithubApi({ apiUrl: replay.url, token: 'bad', concurrency: 1 }),
      refs,
      new Set(['repositories', 'refs']),
    );
    expect(collected.stopped).toBe(`${replay.host} refused the token (401): check GH_TOKEN or GITHUB_TOKEN`);
    expect(replay.requests).toHaveLength(1);
  });
});
