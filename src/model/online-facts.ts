/**
 * What the online mode (`scan --online`) learned from the GitHub API about the repositories a
 * scan references, for the rules that need it. Plain data (records, not maps), so it crosses to
 * worker threads and can be written down in tests. Keys are lower-cased `owner/repo`, with `@ref`
 * or `@sha` where a fact is about one ref. A fact that could not be learned is absent: rules read
 * an absent fact as "unknown" and report nothing.
 */

/** The kinds of facts a rule can read; the CLI fetches only those its selected rules name. */
export type OnlineFactKind = 'repositories' | 'refs' | 'commits' | 'advisories' | 'definitions';

export interface RepositoryFacts {
  archived: boolean;
  defaultBranch: string;
}

export interface RefFacts {
  isBranch: boolean;
  isTag: boolean;
}

/**
 * Whether a pinned commit is in the history of a branch or tag of the repository the reference
 * names. `reachable: false` only when every branch and tag was checked.
 */
export interface CommitFacts {
  reachable: boolean;
  /** The branch or tag it was found on. */
  via?: string;
  /** Branches and tags it was compared against. */
  checked: number;
}

/** A GitHub Advisory Database record for one action (ecosystem `actions`). */
export interface AdvisoryFact {
  ghsaId: string;
  cveId?: string;
  summary: string;
  /** low, moderate, high, critical (the database's words). */
  severity: string;
  url: string;
  /** `owner/repo` or `owner/repo/path`, lower case. */
  action: string;
  /** Comparators as the database writes them (`>= 4.0.0, < 4.1.3`). */
  range: string;
  firstPatched?: string;
}

/** An action's `action.yml` or a reusable workflow, fetched at the commit its reference names. */
export interface RemoteDefinition {
  /** definitionKey of the reference. */
  key: string;
  /** `owner/repo` as written. */
  repository: string;
  /** The file inside the repository (`action.yml`, `sub/action.yaml`, `.github/workflows/x.yml`). */
  file: string;
  sha: string;
  /** Where people can read it (`https://github.com/o/r/blob/<sha>/<file>`); its display path. */
  url: string;
  text: string;
}

export interface OnlineFacts {
  /** The API the facts came from. */
  server: string;
  repositories: Record<string, RepositoryFacts>;
  refs: Record<string, RefFacts>;
  commits: Record<string, CommitFacts>;
  /** Per `owner/repo`: every advisory naming an action of that repository (empty when none). */
  advisories: Record<string, AdvisoryFact[]>;
  /** Per definitionKey: the remote actions and reusable workflows in use. */
  definitions?: Record<string, RemoteDefinition>;
}

export function emptyOnlineFacts(server: string): OnlineFacts {
  return { server, repositories: {}, refs: {}, commits: {}, advisories: {} };
}

export function repositoryKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}

/** Refs keep their case (Git refs are case-sensitive); SHAs are lower-cased. */
export function refKey(owner: string, repo: string, ref: string): string {
  return `${repositoryKey(owner, repo)}@${/^[0-9a-f]{40}$/i.test(ref) ? ref.toLowerCase() : ref}`;
}

/** How a `uses:` names a definition: `owner/repo[/path]@ref`, owner and repo lower case. */
export function definitionKey(owner: string, repo: string, path: string | undefined, ref: string): string {
  const sub = (path ?? '').replace(/^\/+|\/+$/g, '');
  return `${repositoryKey(owner, repo)}${sub ? `/${sub}` : ''}@${/^[0-9a-f]{40}$/i.test(ref) ? ref.toLowerCase() : ref}`;
}
