/**
 * Actions with a published advisory (GHSA and/or CVE): compromised releases and vulnerable
 * versions. Every entry names its advisory in the GitHub Advisory Database (`source`); facts were
 * taken from the advisory text and, for the 2025 incidents, from the maintainers' own advisories
 * and incident threads (linked in `references`).
 *
 * Kinds of `affected`:
 * - `all-tags-in-window`: tags (all, or those in `refs`) were moved to malicious commits during
 *   `window`, then restored. Any mutable ref may have resolved to the malicious code in that
 *   window; today the tags point at clean commits again. `versions`, when given, is the range of
 *   tags that were moved; `commits` are the malicious objects (matched for SHA pins).
 * - `below-version`: ordinary vulnerable versions in `versions`.
 * - `commits`: only the listed commits.
 *
 * `versions` is comparator text: `<46.0.1`, `>=4.0.0 <4.1.3`, `<=8.2.1`.
 *
 * Not included for lack of an advisory: tj-actions/eslint-changed-files (a link in the March 2025
 * chain through reviewdog/action-setup@v1, but no GHSA or CVE of its own).
 */
import { actionRefOf, normalizeActionName } from './action-names.js';

export type AffectedKind = 'all-tags-in-window' | 'below-version' | 'commits';

export interface AffectedVersions {
  kind: AffectedKind;
  versions?: string;
  /** Mutable refs that were moved; undefined = every tag and branch. */
  refs?: readonly string[];
  commits?: readonly string[];
  window?: { start: string; end: string; precision: 'minute' | 'day' | 'approximate' };
}

export interface KnownVulnerableAction {
  action: string;
  affected: AffectedVersions;
  advisory: string;
  summary: string;
  fixedIn?: string;
  /** Set when the action was affected through a nested action it calls by a mutable ref. */
  transitiveVia?: string;
  note?: string;
  references?: readonly string[];
  source: string;
}

const GHSA = (id: string): string => `https://github.com/advisories/${id}`;

const REVIEWDOG_WINDOW = { start: '2025-03-11T18:42Z', end: '2025-03-11T20:31Z', precision: 'minute' } as const;
const REVIEWDOG_REFS = [
  'https://github.com/reviewdog/reviewdog/security/advisories/GHSA-qmg3-hpqr-gqvc',
  'https://github.com/reviewdog/reviewdog/issues/2079',
];
const REVIEWDOG_SUMMARY =
  'reviewdog/action-setup@v1 was pointed at a commit that dumped runner secrets into the workflow log; this action called it by the v1 tag.';

function reviewdogWrapper(action: string): KnownVulnerableAction {
  return {
    action,
    affected: { kind: 'all-tags-in-window', window: REVIEWDOG_WINDOW },
    advisory: 'GHSA-qmg3-hpqr-gqvc / CVE-2025-30154',
    summary: REVIEWDOG_SUMMARY,
    transitiveVia: 'reviewdog/action-setup@v1',
    note: 'Any version was exposed during the window, including SHA pins of this action, because it resolved the nested v1 tag at run time. Runs in that window should be treated as having leaked their secrets.',
    references: REVIEWDOG_REFS,
    source: GHSA('GHSA-qmg3-hpqr-gqvc'),
  };
}

export const KNOWN_VULNERABLE_ACTIONS: readonly KnownVulnerableAction[] = [
  {
    action: 'tj-actions/changed-files',
    affected: {
      kind: 'all-tags-in-window',
      versions: '<46.0.1',
      commits: ['0e58ed8671d6b60d0890c21b07f8835ace038e67'],
      window: { start: '2025-03-14', end: '2025-03-15', precision: 'day' },
    },
    advisory: 'GHSA-mrrh-fwg8-r2c3 / CVE-2025-30066',
    summary:
      'Tags v1 through v45.0.7 were moved to a commit that read secrets from runner memory and printed them, encoded, in the workflow log.',
    fixedIn: '46.0.1',
    note: 'The maintainer advisory (GHSA-mw4p-6x4p-x5m5) lists 46.0.0 as patched while the reviewed record says 46.0.1; the later one is used. Tags were restored afterwards, but public logs of runs on March 14-15 2025 may hold secrets.',
    references: [
      'https://github.com/tj-actions/changed-files/security/advisories/GHSA-mw4p-6x4p-x5m5',
      'https://www.cisa.gov/news-events/alerts/2025/03/18/supply-chain-compromise-third-party-tj-actionschanged-files-cve-2025-30066-and-reviewdogaction',
    ],
    source: GHSA('GHSA-mrrh-fwg8-r2c3'),
  },
  {
    action: 'tj-actions/changed-files',
    affected: { kind: 'below-version', versions: '<41.0.0' },
    advisory: 'GHSA-mcph-m25j-8j63 / CVE-2023-51664',
    summary:
      'File names from the pull request were written into outputs unescaped, so a crafted file name injects commands into steps that interpolate the outputs.',
    fixedIn: '41.0.0',
    source: GHSA('GHSA-mcph-m25j-8j63'),
  },
  {
    action: 'tj-actions/branch-names',
    affected: { kind: 'below-version', versions: '<7.0.7' },
    advisory: 'GHSA-8v8w-v8xg-79rf / CVE-2023-49291',
    summary:
      'Branch names from github.head_ref / pull_request.head.ref were used unsafely in a run step: a crafted branch name executes code.',
    fixedIn: '7.0.7',
    source: GHSA('GHSA-8v8w-v8xg-79rf'),
  },
  {
    action: 'tj-actions/branch-names',
    affected: { kind: 'below-version', versions: '<=8.2.1' },
    advisory: 'GHSA-gq52-6phf-x2r6 / CVE-2025-54416',
    summary: 'Inconsistent escaping (printf %q then eval) let crafted branch names run commands in downstream workflows.',
    fixedIn: '9.0.0',
    source: GHSA('GHSA-gq52-6phf-x2r6'),
  },
  {
    action: 'tj-actions/verify-changed-files',
    affected: { kind: 'below-version', versions: '<17.0.0' },
    advisory: 'GHSA-ghm2-rq8q-wrhc / CVE-2023-52137',
    summary: 'Changed file names were output unescaped; a file named like $(cmd).txt injects commands into steps using the output.',
    fixedIn: '17.0.0',
    source: GHSA('GHSA-ghm2-rq8q-wrhc'),
  },
  {
    action: 'reviewdog/action-setup',
    affected: {
      kind: 'all-tags-in-window',
      refs: ['v1'],
      commits: ['f0d342d24037bb11d26b9bd8496e0808ba32e9ec'],
      window: REVIEWDOG_WINDOW,
    },
    advisory: 'GHSA-qmg3-hpqr-gqvc / CVE-2025-30154',
    summary: 'The v1 tag was moved to a commit that dumped runner secrets into the workflow log.',
    note: 'Only v1 was moved (maintainer audit). Fix/retag commit: 3f401fe1d58fe77e10d665ab713057375e39b887.',
    references: REVIEWDOG_REFS,
    source: GHSA('GHSA-qmg3-hpqr-gqvc'),
  },
  reviewdogWrapper('reviewdog/action-shellcheck'),
  reviewdogWrapper('reviewdog/action-composite-template'),
  reviewdogWrapper('reviewdog/action-staticcheck'),
  reviewdogWrapper('reviewdog/action-ast-grep'),
  reviewdogWrapper('reviewdog/action-typos'),
  {
    action: 'aquasecurity/trivy-action',
    affected: {
      kind: 'all-tags-in-window',
      versions: '<0.35.0',
      window: { start: '2026-03-19T17:43Z', end: '2026-03-20T05:40Z', precision: 'approximate' },
    },
    advisory: 'GHSA-69fq-xp46-6x23 / CVE-2026-33634',
    summary:
      '76 of the 77 tags before 0.35.0 were force-pushed to credential-stealing commits; `version: latest` could also fetch the malicious Trivy v0.69.4 binary.',
    fixedIn: '0.35.0',
    note: 'Window boundaries are approximate in the maintainer advisory. Older SHA pins were still exposed through the nested setup-trivy action. Malicious commit SHAs are not recorded here.',
    references: ['https://github.com/aquasecurity/trivy/security/advisories/GHSA-69fq-xp46-6x23'],
    source: GHSA('GHSA-69fq-xp46-6x23'),
  },
  {
    action: 'aquasecurity/setup-trivy',
    affected: {
      kind: 'all-tags-in-window',
      versions: '<=0.2.6',
      window: { start: '2026-03-19T17:43Z', end: '2026-03-19T21:44Z', precision: 'approximate' },
    },
    advisory: 'GHSA-69fq-xp46-6x23 / CVE-2026-33634',
    summary:
      'All seven tags were replaced by malicious commits; v0.2.6 was recreated from a clean commit afterwards and the older tags were not restored.',
    fixedIn: '0.2.6',
    note: 'v0.2.6 had a malicious identity during the window and a clean one after it.',
    references: ['https://github.com/aquasecurity/trivy/security/advisories/GHSA-69fq-xp46-6x23'],
    source: GHSA('GHSA-69fq-xp46-6x23'),
  },
  {
    action: 'xygeni/xygeni-action',
    affected: {
      kind: 'all-tags-in-window',
      refs: ['v5'],
      commits: ['4bf1d4e19ad81a3e8d4063755ae0f482dd3baf12'],
      window: { start: '2026-03-03', end: '2026-03-10', precision: 'approximate' },
    },
    advisory: 'GHSA-f8q5-h5qh-33mh / CVE-2026-31976',
    summary: 'The v5 tag pointed at a commit from an unmerged pull request carrying a command-and-control implant.',
    fixedIn: '6.4.0',
    note: 'The v5 tag was removed; 6.4.0 is the verified safe release named by the advisory.',
    references: ['https://github.com/xygeni/xygeni-action/security/advisories/GHSA-f8q5-h5qh-33mh'],
    source: GHSA('GHSA-f8q5-h5qh-33mh'),
  },
  {
    action: 'actions/download-artifact',
    affected: { kind: 'below-version', versions: '>=4.0.0 <4.1.3' },
    advisory: 'GHSA-cxww-7g56-2vh6 / CVE-2024-42471',
    summary: 'Artifact extraction did not confine paths (zip slip): a crafted artifact writes files outside the target directory.',
    fixedIn: '4.1.3',
    source: GHSA('GHSA-cxww-7g56-2vh6'),
  },
  {
    action: 'dawidd6/action-download-artifact',
    affected: { kind: 'below-version', versions: '<6.0.0' },
    advisory: 'GHSA-5xr6-xhww-33m4',
    summary:
      'Forks were searched for matching artifacts by default, so an outsider could supply the artifact a privileged workflow downloads.',
    fixedIn: '6.0.0',
    source: GHSA('GHSA-5xr6-xhww-33m4'),
  },
  {
    action: 'gradle/gradle-build-action',
    affected: { kind: 'below-version', versions: '<2.4.2' },
    advisory: 'GHSA-h3qr-39j9-4r5v / CVE-2023-30853',
    summary:
      'With the configuration cache enabled, environment variables holding secrets were saved into the Actions cache, readable by untrusted workflow runs.',
    fixedIn: '2.4.2',
    source: GHSA('GHSA-h3qr-39j9-4r5v'),
  },
  {
    action: 'rlespinasse/github-slug-action',
    affected: { kind: 'below-version', versions: '>=4.0.0 <4.4.1' },
    advisory: 'GHSA-6q4m-7476-932w / CVE-2023-27581',
    summary: 'github.head_ref was interpolated into a script, so a crafted branch name executes code.',
    fixedIn: '4.4.1',
    source: GHSA('GHSA-6q4m-7476-932w'),
  },
  {
    action: 'atlassian/gajira-create',
    affected: { kind: 'below-version', versions: '<2.0.1' },
    advisory: 'GHSA-4xqx-pqpj-9fqw / CVE-2020-14188',
    summary: 'A crafted GitHub issue executes code on the runner.',
    fixedIn: '2.0.1',
    source: GHSA('GHSA-4xqx-pqpj-9fqw'),
  },
  {
    action: 'check-spelling/check-spelling',
    affected: { kind: 'below-version', versions: '<0.0.19' },
    advisory: 'GHSA-g86g-chm8-7r2p / CVE-2021-32724',
    summary: 'On pull_request_target, a crafted pull request (symlink) exposed the GITHUB_TOKEN.',
    fixedIn: '0.0.19',
    note: 'The fix has to reach every branch that still has the vulnerable workflow.',
    source: GHSA('GHSA-g86g-chm8-7r2p'),
  },
  {
    action: 'hashicorp/vault-action',
    affected: { kind: 'below-version', versions: '<2.2.0' },
    advisory: 'GHSA-4mgv-m5cm-f9h7 / CVE-2021-32074',
    summary: 'Multi-line secrets were not registered for log masking and could appear in logs.',
    fixedIn: '2.2.0',
    source: GHSA('GHSA-4mgv-m5cm-f9h7'),
  },
  {
    action: 'azure/setup-kubectl',
    affected: { kind: 'below-version', versions: '<3.0.0' },
    advisory: 'GHSA-p756-rfxh-x63h / CVE-2023-23939',
    summary: 'The installed kubectl binary was made world-writable (chmod 777), letting local actors replace it.',
    fixedIn: '3.0.0',
    source: GHSA('GHSA-p756-rfxh-x63h'),
  },
  {
    action: 'step-security/harden-runner',
    affected: { kind: 'below-version', versions: '>=0.12.0 <2.12.0' },
    advisory: 'GHSA-mxr3-8whj-j74r / CVE-2025-32955',
    summary: 'The disable-sudo policy could be bypassed through the docker group (privileged containers).',
    fixedIn: '2.12.0',
    source: GHSA('GHSA-mxr3-8whj-j74r'),
  },
];

// ---------------------------------------------------------------------------------------------
// Version handling.

type Version = readonly [number, number, number];

interface ParsedRef {
  kind: 'sha' | 'version' | 'other';
  /** Components actually written: `v4` -> [4], `v4.1.3` -> [4, 1, 3]. */
  parts?: number[];
}

const FULL_SHA = /^[0-9a-f]{40}$/i;
const VERSION_REF = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+_.][0-9A-Za-z._+-]*)?$/i;

export function parseActionRef(ref: string): ParsedRef {
  if (FULL_SHA.test(ref)) return { kind: 'sha' };
  const m = VERSION_REF.exec(ref);
  if (!m) return { kind: 'other' };
  const parts = [m[1], m[2], m[3]].filter((p): p is string => p !== undefined).map(Number);
  return { kind: 'version', parts };
}

function pad(parts: readonly number[]): Version {
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether a version satisfies comparator text such as `>=4.0.0 <4.1.3` (all comparators must hold). */
export function satisfiesRange(version: readonly number[], range: string): boolean {
  const v = pad(version);
  const comparators = range.split(/[\s,]+/).filter((c) => c !== '');
  if (comparators.length === 0) return false;
  return comparators.every((c) => {
    const m = /^(<=|>=|<|>|=)?v?(\d+(?:\.\d+){0,2})$/.exec(c);
    if (!m || m[2] === undefined) return false;
    const bound = pad(m[2].split('.').map(Number));
    const d = compare(v, bound);
    switch (m[1]) {
      case '<':
        return d < 0;
      case '<=':
        return d <= 0;
      case '>':
        return d > 0;
      case '>=':
        return d >= 0;
      default:
        return d === 0;
    }
  });
}

/**
 * Whether a tag written as `parts` falls in `range`. A partial tag (`v4`, `v4.1`) floats to the
 * newest release of its line: if the fix belongs to that line the tag now points at a fixed
 * release; otherwise the line's first release stands for it.
 */
function versionAffected(parts: readonly number[], range: string, fixedIn: string | undefined): boolean {
  if (parts.length < 3 && fixedIn !== undefined) {
    const fixed = fixedIn.replace(/^v/i, '').split('.').map(Number);
    if (parts.every((p, i) => fixed[i] === p)) return false;
  }
  return satisfiesRange(parts, range);
}

export type VulnerableMatchKind = 'malicious-commit' | 'affected-version' | 'mutable-ref-in-window';

export interface VulnerableActionMatch {
  entry: KnownVulnerableAction;
  match: VulnerableMatchKind;
  note: string;
}

function matchEntry(entry: KnownVulnerableAction, ref: string | undefined): VulnerableActionMatch | undefined {
  const a = entry.affected;
  if (ref === undefined) return undefined;
  const parsed = parseActionRef(ref);
  if (parsed.kind === 'sha') {
    const hit = (a.commits ?? []).some((c) => c.toLowerCase() === ref.toLowerCase());
    return hit ? { entry, match: 'malicious-commit', note: `Pinned to the malicious commit named by ${entry.advisory}.` } : undefined;
  }
  if (a.kind === 'commits') return undefined;
  if (a.kind === 'below-version') {
    if (parsed.kind !== 'version' || parsed.parts === undefined || a.versions === undefined) return undefined;
    return versionAffected(parsed.parts, a.versions, entry.fixedIn)
      ? {
          entry,
          match: 'affected-version',
          note: `${ref} is in the affected range ${a.versions}${entry.fixedIn ? `; fixed in ${entry.fixedIn}` : ''}.`,
        }
      : undefined;
  }
  // all-tags-in-window
  if (a.refs !== undefined && !a.refs.some((r) => r.toLowerCase() === ref.toLowerCase())) return undefined;
  if (a.refs === undefined && parsed.kind === 'version' && parsed.parts !== undefined && a.versions !== undefined) {
    if (!versionAffected(parsed.parts, a.versions, entry.fixedIn)) return undefined;
  }
  const window = a.window ? ` between ${a.window.start} and ${a.window.end} (${a.window.precision} precision)` : '';
  const kindOfRef = parsed.kind === 'version' ? 'tag' : 'branch or other mutable ref';
  return {
    entry,
    match: 'mutable-ref-in-window',
    note: `This ${kindOfRef} may have resolved to malicious code${window}; it points at clean code again now. Runs in that window should be treated as having leaked their secrets.`,
  };
}

/** Every advisory matching `uses` at `ref`, compromises first. */
export function findVulnerableActions(name: string, ref: string | undefined): VulnerableActionMatch[] {
  const action = normalizeActionName(name);
  if (action === undefined) return [];
  const effectiveRef = ref ?? actionRefOf(name);
  const order: Record<VulnerableMatchKind, number> = { 'malicious-commit': 0, 'mutable-ref-in-window': 1, 'affected-version': 2 };
  return KNOWN_VULNERABLE_ACTIONS.filter((e) => e.action.toLowerCase() === action)
    .map((e) => matchEntry(e, effectiveRef))
    .filter((m): m is VulnerableActionMatch => m !== undefined)
    .sort((x, y) => order[x.match] - order[y.match]);
}

/**
 * The most severe advisory matching an action (`owner/repo`, optionally with `@ref`) at `ref`.
 * Version tags compare semver-style (`v1`, `v1.2`, `v1.2.3`); branch and unknown refs match only
 * actions whose tags were moved in a window; a full SHA matches only a listed malicious commit.
 */
export function findVulnerableAction(name: string, ref: string | undefined): VulnerableActionMatch | undefined {
  return findVulnerableActions(name, ref)[0];
}
