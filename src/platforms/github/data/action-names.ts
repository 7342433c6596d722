/**
 * Name handling shared by the GitHub knowledge tables. Tables name actions as `owner/repo` or
 * `owner/repo/sub/path` (GitHub's `uses:` syntax, see
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsuses).
 * Owner and repository names are case-insensitive on GitHub, so every comparison here is too.
 * Sub-paths are compared case-insensitively as well: a scanner that missed `Azure/CLI` because of
 * its spelling would be worse than one that over-matches a differently cased directory.
 */

/** `owner/repo[/path]` in lower case, without `@ref`; undefined for local, docker and malformed values. */
const NAME_CACHE = new Map<string, string | undefined>();

export function normalizeActionName(uses: string): string | undefined {
  if (NAME_CACHE.has(uses)) return NAME_CACHE.get(uses);
  const result = normalizeActionNameUncached(uses);
  if (NAME_CACHE.size > 50_000) NAME_CACHE.clear();
  NAME_CACHE.set(uses, result);
  return result;
}

function normalizeActionNameUncached(uses: string): string | undefined {
  let value = uses.trim();
  if (value === '' || value.startsWith('./') || value.startsWith('.\\') || value.startsWith('$/')) return undefined;
  if (value.toLowerCase().startsWith('docker://')) return undefined;
  const at = value.indexOf('@');
  if (at !== -1) value = value.slice(0, at);
  value = value.replace(/\/+$/, '');
  const parts = value.split('/');
  if (parts.length < 2 || parts.some((p) => p === '')) return undefined;
  return parts.join('/').toLowerCase();
}

/** The ref after `@`, if any. */
export function actionRefOf(uses: string): string | undefined {
  const at = uses.indexOf('@');
  if (at === -1) return undefined;
  const ref = uses.slice(at + 1).trim();
  return ref === '' ? undefined : ref;
}

/**
 * Whether a table entry names the action a `uses:` value refers to. Entries match their exact
 * path; with `includeSubpaths` they also match any action below it (`owner/repo` matching
 * `owner/repo/sub`).
 */
export function actionMatches(entryAction: string, uses: string, includeSubpaths = false): boolean {
  const name = normalizeActionName(uses);
  if (name === undefined) return false;
  const entry = entryAction.toLowerCase();
  return name === entry || (includeSubpaths && name.startsWith(`${entry}/`));
}

/**
 * A knowledge table looked up by `uses:` value: the first entry, in table order, that
 * `actionMatches` would pick, found through a name index instead of a scan of the table (tables
 * are asked once per step by several rules). Answers are remembered per `uses:` text.
 */
export class ActionTable<T extends { action: string; includeSubpaths?: boolean }> {
  private readonly exact = new Map<string, number>();
  private readonly subpaths = new Map<string, number>();
  private readonly answers = new Map<string, T | undefined>();

  constructor(readonly entries: readonly T[]) {
    entries.forEach((entry, index) => {
      const name = entry.action.toLowerCase();
      if (!this.exact.has(name)) this.exact.set(name, index);
      if (entry.includeSubpaths && !this.subpaths.has(name)) this.subpaths.set(name, index);
    });
  }

  find(uses: string): T | undefined {
    if (this.answers.has(uses)) return this.answers.get(uses);
    const answer = this.lookup(uses);
    if (this.answers.size > 10_000) this.answers.clear();
    this.answers.set(uses, answer);
    return answer;
  }

  private lookup(uses: string): T | undefined {
    const name = normalizeActionName(uses);
    if (name === undefined) return undefined;
    let best = this.exact.get(name) ?? Number.POSITIVE_INFINITY;
    // Entries that also match the actions below them: every proper prefix `owner/repo[/...]`.
    for (let slash = name.lastIndexOf('/'); slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
      const prefix = name.slice(0, slash);
      if (!prefix.includes('/')) break;
      const index = this.subpaths.get(prefix);
      if (index !== undefined && index < best) best = index;
    }
    return Number.isFinite(best) ? this.entries[best] : undefined;
  }
}

/** True for `uses: ./path` and the self-repository form `uses: $/path`: always code from this repository. */
export function isLocalActionRef(uses: string): boolean {
  const value = uses.trim();
  return value === '.' || value.startsWith('./') || value.startsWith('.\\') || value.startsWith('$/');
}

/** Lower-cases and checks an `owner/repo[/path]` table key, for table invariants in tests. */
export function isWellFormedActionName(name: string): boolean {
  return /^[a-z0-9_.-]+\/[a-z0-9_.-]+(\/[a-z0-9_.-]+)*$/i.test(name);
}
