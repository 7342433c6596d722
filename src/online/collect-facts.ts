/**
 * Gathers the online facts (model/online-facts.ts) for the references of a scan: for each other
 * repository an action or reusable workflow comes from, what its selected rules read, each
 * question asked once. Reachability of a pinned commit follows what the compare API documents:
 * `GET /repos/{o}/{r}/compare/{base}...{head}` answers `behind` or `identical` when head is in
 * base's history (https://docs.github.com/en/rest/commits/commits#compare-two-commits). A commit
 * pushed to a fork is served under the parent's name too (the fork network shares objects), which
 * is why "the API knows this SHA" proves nothing and the branches and tags are compared instead.
 * What cannot be learned (an error, a bound reached) is left out and named in `gaps`; an error that
 * stops every request (no network, rate limit used up) ends the gathering with that one message.
 */
import {
  type AdvisoryFact,
  type CommitFacts,
  definitionKey,
  emptyOnlineFacts,
  type OnlineFactKind,
  type OnlineFacts,
  type RefFacts,
  type RemoteDefinition,
  refKey,
  repositoryKey,
} from '../model/online-facts.js';
import type { Reference } from '../model/types.js';
import type { GithubApi, RepositoryInfo } from './github-api.js';
import { webUrlOf } from './github-url.js';
import { OnlineError } from './http-client.js';

/** Compare calls spent on one pinned commit before its reachability is left unknown. */
export const MAX_COMPARES_PER_COMMIT = 20;
/** Remote actions and reusable workflows fetched per scan, and the size of each. */
export const MAX_DEFINITIONS = 150;
export const MAX_DEFINITION_BYTES = 256 * 1024;

export interface CollectedFacts {
  facts: OnlineFacts;
  /** What could not be learned, one line each. */
  gaps: string[];
  /** Set when the API stopped answering for the whole run (the one message to show). */
  stopped?: string;
}

interface Target {
  owner: string;
  repo: string;
}

/** Other repositories' actions and reusable workflows, by what the selected rules ask of them. */
function targetsOf(references: readonly Reference[]) {
  const repositories = new Map<string, Target>();
  const refs = new Map<string, Target & { ref: string }>();
  const commits = new Map<string, Target & { sha: string }>();
  const definitions = new Map<string, Target & { written: string; ref: string; path?: string; workflow: boolean; pinned: boolean }>();
  for (const reference of references) {
    if (reference.kind !== 'action' && reference.kind !== 'reusable-workflow') continue;
    if (reference.isLocal || !reference.owner || !reference.repo || !reference.ref || reference.pin === 'dynamic') continue;
    const target = { owner: reference.owner.toLowerCase(), repo: reference.repo.toLowerCase() };
    repositories.set(repositoryKey(target.owner, target.repo), target);
    const key = definitionKey(target.owner, target.repo, reference.path, reference.ref);
    definitions.set(key, {
      ...target,
      written: `${reference.owner}/${reference.repo}`,
      ref: reference.ref,
      path: reference.path,
      workflow: reference.kind === 'reusable-workflow',
      pinned: reference.pin === 'commit-sha',
    });
    if (reference.pin === 'commit-sha')
      commits.set(refKey(target.owner, target.repo, reference.ref), { ...target, sha: reference.ref.toLowerCase() });
    else refs.set(refKey(target.owner, target.repo, reference.ref), { ...target, ref: reference.ref });
  }
  return { repositories, refs, commits, definitions };
}

export async function collectFacts(
  api: GithubApi,
  references: readonly Reference[],
  kinds: ReadonlySet<OnlineFactKind>,
): Promise<CollectedFacts> {
  const facts = emptyOnlineFacts(api.http.apiUrl);
  const gaps: string[] = [];
  let stopped: string | undefined;
  const { repositories, refs, commits, definitions } = targetsOf(references);
  const infos = new Map<string, Promise<RepositoryInfo | undefined>>();
  const info = (t: Target) => {
    const key = repositoryKey(t.owner, t.repo);
    let known = infos.get(key);
    if (!known) {
      known = api.repository(t.owner, t.repo);
      infos.set(key, known);
    }
    return known;
  };
  // Branches and tags are listed once per repository, however many of its commits are pinned.
  const listed = new Map<string, Promise<RefLists>>();
  const lists = (t: Target) => {
    const key = repositoryKey(t.owner, t.repo);
    let known = listed.get(key);
    if (!known) {
      known = Promise.all([api.branches(t.owner, t.repo), api.tags(t.owner, t.repo)]).then(([branches, tags]) => ({ branches, tags }));
      listed.set(key, known);
    }
    return known;
  };
  const guarded = async (task: () => Promise<void>) => {
    if (stopped) return;
    try {
      await task();
    } catch (error) {
      if (!(error instanceof OnlineError)) throw error;
      if (error.stopsRun) stopped ??= error.message;
      else gaps.push(error.message);
    }
  };

  const tasks: Promise<void>[] = [];
  for (const [key, target] of repositories) {
    if (kinds.has('repositories') || kinds.has('commits')) {
      tasks.push(
        guarded(async () => {
          const repository = await info(target);
          if (repository && kinds.has('repositories'))
            facts.repositories[key] = { archived: repository.archived, defaultBranch: repository.defaultBranch };
        }),
      );
    }
    if (kinds.has('advisories')) {
      tasks.push(
        guarded(async () => {
          facts.advisories[key] = advisoryFacts(await api.advisories(target.owner, target.repo));
        }),
      );
    }
  }
  if (kinds.has('refs')) {
    for (const [key, target] of refs) {
      tasks.push(
        guarded(async () => {
          const kinds: RefFacts = await api.refKinds(target.owner, target.repo, target.ref);
          facts.refs[key] = kinds;
        }),
      );
    }
  }
  if (kinds.has('commits')) {
    for (const [key, target] of commits) {
      tasks.push(
        guarded(async () => {
          const reachability = await reachabilityOf(api, target, await info(target), lists(target));
          if (reachability) facts.commits[key] = reachability;
          else
            gaps.push(
              `${target.owner}/${target.repo}@${target.sha}: more branches and tags than pipewarden compares; reachability unknown`,
            );
        }),
      );
    }
  }
  if (kinds.has('definitions')) {
    facts.definitions = {};
    const web = webUrlOf(api.http.apiUrl);
    const wanted = [...definitions].sort(([a], [b]) => a.localeCompare(b));
    if (wanted.length > MAX_DEFINITIONS)
      gaps.push(`${wanted.length - MAX_DEFINITIONS} remote action(s) and workflow(s) not fetched (at most ${MAX_DEFINITIONS} per scan)`);
    for (const [key, target] of wanted.slice(0, MAX_DEFINITIONS)) {
      tasks.push(
        guarded(async () => {
          const sha = target.pinned ? target.ref.toLowerCase() : await api.commitSha(target.owner, target.repo, target.ref);
          if (!sha) return;
          const base = (target.path ?? '').replace(/^\/+|\/+$/g, '');
          const candidates = target.workflow ? [base] : ['action.yml', 'action.yaml'].map((name) => (base ? `${base}/${name}` : name));
          for (const file of candidates) {
            const text = await api.fileAt(target.owner, target.repo, file, sha, MAX_DEFINITION_BYTES);
            if (text === undefined) continue;
            const url = `${web}/${target.written}/blob/${sha}/${file}`;
            (facts.definitions as Record<string, RemoteDefinition>)[key] = { key, repository: target.written, file, sha, url, text };
            return;
          }
        }),
      );
    }
  }
  await Promise.all(tasks);
  gaps.sort();
  return { facts, gaps, stopped };
}

function advisoryFacts(advisories: Awaited<ReturnType<GithubApi['advisories']>>): AdvisoryFact[] {
  const out: AdvisoryFact[] = [];
  for (const advisory of advisories) {
    for (const v of advisory.vulnerabilities) {
      out.push({
        ghsaId: advisory.ghsaId,
        cveId: advisory.cveId,
        summary: advisory.summary,
        severity: advisory.severity,
        url: advisory.url,
        action: v.name,
        range: v.range,
        firstPatched: v.firstPatched,
      });
    }
  }
  return out.sort((a, b) => a.ghsaId.localeCompare(b.ghsaId) || a.action.localeCompare(b.action));
}

/**
 * Whether the commit is on a branch or tag: a tip first (no compare needed), then the default
 * branch's history, then the other branches' and tags' histories, within the compare budget.
 * Undefined when the budget or the one page of branches and tags ran out before an answer.
 */
type RefLists = { branches: Awaited<ReturnType<GithubApi['branches']>>; tags: Awaited<ReturnType<GithubApi['tags']>> };

async function reachabilityOf(
  api: GithubApi,
  target: Target & { sha: string },
  repository: RepositoryInfo | undefined,
  refLists: Promise<RefLists>,
): Promise<CommitFacts | undefined> {
  const { owner, repo, sha } = target;
  if (!repository) return undefined;
  const { branches, tags } = await refLists;
  const tip = [...branches.items, ...tags.items].find((r) => r.commit.sha.toLowerCase() === sha);
  if (tip) return { reachable: true, via: tip.name, checked: 0 };
  const bases = [
    repository.defaultBranch,
    ...branches.items.map((b) => b.name).filter((name) => name !== repository.defaultBranch),
    ...tags.items.map((t) => t.name),
  ];
  let checked = 0;
  for (const base of bases) {
    if (checked >= MAX_COMPARES_PER_COMMIT) return undefined;
    checked++;
    const status = await api.compare(owner, repo, base, sha);
    if (status === 'behind' || status === 'identical') return { reachable: true, via: base, checked };
  }
  if (!branches.complete || !tags.complete) return undefined;
  return { reachable: false, checked };
}
