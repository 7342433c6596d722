/**
 * Actions and reusable workflows with a published advisory, for the known-vulnerable-action rule.
 * Every entry names its GitHub Advisory Database record (`source`); affected ranges, fixed
 * versions, compromise windows and malicious commits are taken from the advisory text and, for
 * the tag compromises, from the maintainers' advisories linked in `references`. The entries were
 * first collected for platforms/github/data/known-vulnerable-actions.ts (same facts, same
 * sources); rules cannot import the platform layer, so the rule keeps this copy.
 *
 * `affected.kind`:
 * - `tags-moved`: tags were pointed at malicious commits during `window` and later restored.
 *   `versions` limits which version tags were moved; `refs` names the only refs that were moved;
 *   with neither, every ref was exposed (actions that called a moved tag of another action).
 *   `commits` are the malicious commits, matched against SHA pins.
 * - `versions`: ordinary vulnerable releases, `versions` as comparator text (`>=4.0.0 <4.1.3`).
 *
 * `impact`: `attacker-input` when exploiting it needs attacker-controlled data in the run (a
 * branch name, a file name, an issue, a fork's artifact), so severity follows who can trigger
 * the workflow; `compromise` for malicious code shipped under the action's name; `local` for
 * weaknesses with limited reach (file permissions, log masking, a policy bypass).
 */

import type { Severity } from '../../model/finding.js';
import type { AdvisoryFact } from '../../model/online-facts.js';

export interface AffectedVersions {
  kind: 'tags-moved' | 'versions';
  versions?: string;
  refs?: readonly string[];
  commits?: readonly string[];
  window?: { start: string; end: string; precision: 'minute' | 'day' | 'approximate' };
}

export interface VulnerableAction {
  /** `owner/repo` (covers every action and workflow in the repository) or `owner/repo/path`. */
  action: string;
  affected: AffectedVersions;
  /** GHSA id, and CVE id when there is one. */
  advisory: string;
  summary: string;
  fixedIn?: string;
  impact: 'attacker-input' | 'compromise' | 'local';
  /** The nested action through which this one was affected. */
  transitiveVia?: string;
  references?: readonly string[];
  source: string;
  /** The database's severity, for advisories learned online (the table's own entries use `impact`). */
  severity?: Severity;
}

const GHSA = (id: string): string => `https://github.com/advisories/${id}`;

const REVIEWDOG_WINDOW = { start: '2025-03-11 18:42 UTC', end: '2025-03-11 20:31 UTC', precision: 'minute' } as const;
const REVIEWDOG_REFERENCES = [
  'https://github.com/reviewdog/reviewdog/security/advisories/GHSA-qmg3-hpqr-gqvc',
  'https://github.com/reviewdog/reviewdog/issues/2079',
];

function reviewdogCaller(action: string): VulnerableAction {
  return {
    action,
    affected: { kind: 'tags-moved', window: REVIEWDOG_WINDOW },
    advisory: 'GHSA-qmg3-hpqr-gqvc / CVE-2025-30154',
    summary: 'it called reviewdog/action-setup@v1, whose tag was moved to a commit that dumped runner secrets into the workflow log.',
    impact: 'compromise',
    transitiveVia: 'reviewdog/action-setup@v1',
    references: REVIEWDOG_REFERENCES,
    source: GHSA('GHSA-qmg3-hpqr-gqvc'),
  };
}

export const VULNERABLE_ACTIONS: readonly VulnerableAction[] = [
  {
    action: 'tj-actions/changed-files',
    affected: {
      kind: 'tags-moved',
      versions: '<46.0.1',
      commits: ['0e58ed8671d6b60d0890c21b07f8835ace038e67'],
      window: { start: '2025-03-14', end: '2025-03-15', precision: 'day' },
    },
    advisory: 'GHSA-mrrh-fwg8-r2c3 / CVE-2025-30066',
    summary:
      'its tags v1 to v45.0.7 were moved to a commit that read secrets from runner memory and printed them, encoded, in the workflow log.',
    fixedIn: '46.0.1',
    impact: 'compromise',
    references: [
      'https://github.com/tj-actions/changed-files/security/advisories/GHSA-mw4p-6x4p-x5m5',
      'https://www.cisa.gov/news-events/alerts/2025/03/18/supply-chain-compromise-third-party-tj-actionschanged-files-cve-2025-30066-and-reviewdogaction',
    ],
    source: GHSA('GHSA-mrrh-fwg8-r2c3'),
  },
  {
    action: 'tj-actions/changed-files',
    affected: { kind: 'versions', versions: '<41.0.0' },
    advisory: 'GHSA-mcph-m25j-8j63 / CVE-2023-51664',
    summary:
      'file names from the pull request reach its outputs unescaped, so a crafted file name injects commands into steps that use them.',
    fixedIn: '41.0.0',
    impact: 'attacker-input',
    source: GHSA('GHSA-mcph-m25j-8j63'),
  },
  {
    action: 'tj-actions/branch-names',
    affected: { kind: 'versions', versions: '<7.0.7' },
    advisory: 'GHSA-8v8w-v8xg-79rf / CVE-2023-49291',
    summary: 'it expands the pull request branch name in a run step, so a crafted branch name executes code.',
    fixedIn: '7.0.7',
    impact: 'attacker-input',
    source: GHSA('GHSA-8v8w-v8xg-79rf'),
  },
  {
    action: 'tj-actions/branch-names',
    affected: { kind: 'versions', versions: '<=8.2.1' },
    advisory: 'GHSA-gq52-6phf-x2r6 / CVE-2025-54416',
    summary:
      'it escapes branch names with printf %q and then evaluates them, so crafted branch names run commands in the workflows that use its outputs.',
    fixedIn: '9.0.0',
    impact: 'attacker-input',
    source: GHSA('GHSA-gq52-6phf-x2r6'),
  },
  {
    action: 'tj-actions/verify-changed-files',
    affected: { kind: 'versions', versions: '<17.0.0' },
    advisory: 'GHSA-ghm2-rq8q-wrhc / CVE-2023-52137',
    summary: 'changed file names reach its outputs unescaped; a file named like $(cmd).txt injects commands into steps that use them.',
    fixedIn: '17.0.0',
    impact: 'attacker-input',
    source: GHSA('GHSA-ghm2-rq8q-wrhc'),
  },
  {
    action: 'reviewdog/action-setup',
    affected: {
      kind: 'tags-moved',
      refs: ['v1'],
      commits: ['f0d342d24037bb11d26b9bd8496e0808ba32e9ec'],
      window: REVIEWDOG_WINDOW,
    },
    advisory: 'GHSA-qmg3-hpqr-gqvc / CVE-2025-30154',
    summary: 'its v1 tag was moved to a commit that dumped runner secrets into the workflow log.',
    impact: 'compromise',
    references: REVIEWDOG_REFERENCES,
    source: GHSA('GHSA-qmg3-hpqr-gqvc'),
  },
  reviewdogCaller('reviewdog/action-shellcheck'),
  reviewdogCaller('reviewdog/action-composite-template'),
  reviewdogCaller('reviewdog/action-staticcheck'),
  reviewdogCaller('reviewdog/action-ast-grep'),
  reviewdogCaller('reviewdog/action-typos'),
  {
    action: 'aquasecurity/trivy-action',
    affected: {
      kind: 'tags-moved',
      versions: '<0.35.0',
      window: { start: '2026-03-19 17:43 UTC', end: '2026-03-20 05:40 UTC', precision: 'approximate' },
    },
    advisory: 'GHSA-69fq-xp46-6x23 / CVE-2026-33634',
    summary: '76 of its 77 tags before 0.35.0 were force-pushed to credential-stealing commits.',
    fixedIn: '0.35.0',
    impact: 'compromise',
    references: ['https://github.com/aquasecurity/trivy/security/advisories/GHSA-69fq-xp46-6x23'],
    source: GHSA('GHSA-69fq-xp46-6x23'),
  },
  {
    action: 'aquasecurity/setup-trivy',
    affected: {
      kind: 'tags-moved',
      versions: '<=0.2.6',
      window: { start: '2026-03-19 17:43 UTC', end: '2026-03-19 21:44 UTC', precision: 'approximate' },
    },
    advisory: 'GHSA-69fq-xp46-6x23 / CVE-2026-33634',
    summary: 'all of its tags were replaced by malicious commits; v0.2.6 was recreated from a clean commit afterwards.',
    fixedIn: '0.2.6',
    impact: 'compromise',
    references: ['https://github.com/aquasecurity/trivy/security/advisories/GHSA-69fq-xp46-6x23'],
    source: GHSA('GHSA-69fq-xp46-6x23'),
  },
  {
    action: 'xygeni/xygeni-action',
    affected: {
      kind: 'tags-moved',
      refs: ['v5'],
      commits: ['4bf1d4e19ad81a3e8d4063755ae0f482dd3baf12'],
      window: { start: '2026-03-03', end: '2026-03-10', precision: 'approximate' },
    },
    advisory: 'GHSA-f8q5-h5qh-33mh / CVE-2026-31976',
    summary: 'its v5 tag pointed at a commit from an unmerged pull request carrying a command-and-control implant.',
    fixedIn: '6.4.0',
    impact: 'compromise',
    references: ['https://github.com/xygeni/xygeni-action/security/advisories/GHSA-f8q5-h5qh-33mh'],
    source: GHSA('GHSA-f8q5-h5qh-33mh'),
  },
  {
    action: 'actions/download-artifact',
    affected: { kind: 'versions', versions: '>=4.0.0 <4.1.3' },
    advisory: 'GHSA-cxww-7g56-2vh6 / CVE-2024-42471',
    summary: 'it does not confine extracted paths (zip slip), so a crafted artifact writes files outside the target directory.',
    fixedIn: '4.1.3',
    impact: 'attacker-input',
    source: GHSA('GHSA-cxww-7g56-2vh6'),
  },
  {
    action: 'dawidd6/action-download-artifact',
    affected: { kind: 'versions', versions: '<6.0.0' },
    advisory: 'GHSA-5xr6-xhww-33m4',
    summary: 'it searches forks for matching artifacts by default, so an outsider can supply the artifact a privileged workflow downloads.',
    fixedIn: '6.0.0',
    impact: 'attacker-input',
    source: GHSA('GHSA-5xr6-xhww-33m4'),
  },
  {
    action: 'gradle/gradle-build-action',
    affected: { kind: 'versions', versions: '<2.4.2' },
    advisory: 'GHSA-h3qr-39j9-4r5v / CVE-2023-30853',
    summary:
      'with the configuration cache enabled it saves environment variables holding secrets into the Actions cache, where other workflow runs can read them.',
    fixedIn: '2.4.2',
    impact: 'local',
    source: GHSA('GHSA-h3qr-39j9-4r5v'),
  },
  {
    action: 'rlespinasse/github-slug-action',
    affected: { kind: 'versions', versions: '>=4.0.0 <4.4.1' },
    advisory: 'GHSA-6q4m-7476-932w / CVE-2023-27581',
    summary: 'it expands github.head_ref into a script, so a crafted branch name executes code.',
    fixedIn: '4.4.1',
    impact: 'attacker-input',
    source: GHSA('GHSA-6q4m-7476-932w'),
  },
  {
    action: 'atlassian/gajira-create',
    affected: { kind: 'versions', versions: '<2.0.1' },
    advisory: 'GHSA-4xqx-pqpj-9fqw / CVE-2020-14188',
    summary: 'a crafted GitHub issue executes code on the runner.',
    fixedIn: '2.0.1',
    impact: 'attacker-input',
    source: GHSA('GHSA-4xqx-pqpj-9fqw'),
  },
  {
    action: 'check-spelling/check-spelling',
    affected: { kind: 'versions', versions: '<0.0.19' },
    advisory: 'GHSA-g86g-chm8-7r2p / CVE-2021-32724',
    summary: 'on pull_request_target a crafted pull request (a symlink) exposes the GITHUB_TOKEN.',
    fixedIn: '0.0.19',
    impact: 'attacker-input',
    source: GHSA('GHSA-g86g-chm8-7r2p'),
  },
  {
    action: 'hashicorp/vault-action',
    affected: { kind: 'versions', versions: '<2.2.0' },
    advisory: 'GHSA-4mgv-m5cm-f9h7 / CVE-2021-32074',
    summary: 'multi-line secrets are not registered for log masking and can appear in the workflow log.',
    fixedIn: '2.2.0',
    impact: 'local',
    source: GHSA('GHSA-4mgv-m5cm-f9h7'),
  },
  {
    action: 'azure/setup-kubectl',
    affected: { kind: 'versions', versions: '<3.0.0' },
    advisory: 'GHSA-p756-rfxh-x63h / CVE-2023-23939',
    summary: 'it installs kubectl world-writable (chmod 777), so other local processes can replace the binary.',
    fixedIn: '3.0.0',
    impact: 'local',
    source: GHSA('GHSA-p756-rfxh-x63h'),
  },
  {
    action: 'step-security/harden-runner',
    affected: { kind: 'versions', versions: '>=0.12.0 <2.12.0' },
    advisory: 'GHSA-mxr3-8whj-j74r / CVE-2025-32955',
    summary: 'its disable-sudo policy can be bypassed through the docker group.',
    fixedIn: '2.12.0',
    impact: 'local',
    source: GHSA('GHSA-mxr3-8whj-j74r'),
  },
  {
    action: 'kartverket/github-workflows',
    affected: { kind: 'versions', versions: '<2.7.5' },
    advisory: 'GHSA-f9qj-7gh3-mhj4 / CVE-2022-39326',
    summary: 'its run-terraform reusable workflow lets a pull request run arbitrary code through terraform plan.',
    fixedIn: '2.7.5',
    impact: 'attacker-input',
    references: ['https://github.com/kartverket/github-workflows/security/advisories/GHSA-f9qj-7gh3-mhj4'],
    source: GHSA('GHSA-f9qj-7gh3-mhj4'),
  },
];

// ---- matching ----

const FULL_SHA = /^[0-9a-f]{40}$/i;
const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+][0-9A-Za-z.+-]*)?$/i;

/** The numeric parts written in a version tag (`v4` -> [4], `4.1.3` -> [4, 1, 3]); undefined for other refs. */
export function versionParts(ref: string): number[] | undefined {
  const m = VERSION.exec(ref.trim());
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter((p): p is string => p !== undefined).map(Number);
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether a version satisfies every comparator of `range` (`>=4.0.0 <4.1.3`). */
export function inRange(version: readonly number[], range: string): boolean {
  const comparators = range.split(/\s+/).filter(Boolean);
  return (
    comparators.length > 0 &&
    comparators.every((c) => {
      const m = /^(<=|>=|<|>|=)?v?(\d+(?:\.\d+){0,2})$/.exec(c);
      if (!m?.[2]) return false;
      const d = compare(version, m[2].split('.').map(Number));
      if (m[1] === '<') return d < 0;
      if (m[1] === '<=') return d <= 0;
      if (m[1] === '>') return d > 0;
      if (m[1] === '>=') return d >= 0;
      return d === 0;
    })
  );
}

/**
 * Whether a tag written with `parts` is affected. A partial tag (`v4`, `v4.1`) moves to the newest
 * release of its line: when the fixed release belongs to that line the tag points at fixed code
 * now; otherwise the line's first release stands for the whole line.
 */
export function versionAffected(parts: readonly number[], range: string, fixedIn: string | undefined): boolean {
  if (parts.length < 3 && fixedIn !== undefined) {
    const fixed = versionParts(fixedIn);
    if (fixed && parts.every((p, i) => fixed[i] === p)) return false;
  }
  return inRange(parts, range);
}

export type VulnerableMatchKind = 'malicious-commit' | 'moved-tag' | 'affected-version';

export interface VulnerableMatch {
  entry: VulnerableAction;
  kind: VulnerableMatchKind;
}

function entryCovers(entry: VulnerableAction, name: string): boolean {
  const action = entry.action.toLowerCase();
  return name === action || name.startsWith(`${action}/`);
}

function matchRef(entry: VulnerableAction, ref: string, version: string | undefined): VulnerableMatchKind | undefined {
  const a = entry.affected;
  if (FULL_SHA.test(ref)) {
    if ((a.commits ?? []).some((c) => c.toLowerCase() === ref.toLowerCase())) return 'malicious-commit';
    // A SHA pin is the code it names; its version comment tells which release that is.
    if (a.kind !== 'versions' || !a.versions || version === undefined) return undefined;
    const parts = versionParts(version);
    return parts && versionAffected(parts, a.versions, entry.fixedIn) ? 'affected-version' : undefined;
  }
  const parts = versionParts(ref);
  if (a.kind === 'versions')
    return parts && a.versions && versionAffected(parts, a.versions, entry.fixedIn) ? 'affected-version' : undefined;
  if (a.refs) return a.refs.some((r) => r.toLowerCase() === ref.toLowerCase()) ? 'moved-tag' : undefined;
  if (a.versions) return parts && versionAffected(parts, a.versions, entry.fixedIn) ? 'moved-tag' : undefined;
  // Exposed through a nested mutable ref: every ref of the action was.
  return 'moved-tag';
}

const ORDER: Record<VulnerableMatchKind, number> = { 'malicious-commit': 0, 'moved-tag': 1, 'affected-version': 2 };

/**
 * Advisories that apply to `name` (owner/repo[/path]) at `ref`, most serious first. `version` is
 * the release a SHA pin says it is (its trailing comment), if any.
 */
export function vulnerableMatches(
  name: string,
  ref: string | undefined,
  version?: string,
  online: readonly VulnerableAction[] = [],
): VulnerableMatch[] {
  if (ref === undefined || ref === '') return [];
  const lower = name.toLowerCase();
  const out: VulnerableMatch[] = [];
  for (const entry of online.length ? [...VULNERABLE_ACTIONS, ...online] : VULNERABLE_ACTIONS) {
    if (!entryCovers(entry, lower)) continue;
    const kind = matchRef(entry, ref.trim(), version);
    if (kind) out.push({ entry, kind });
  }
  return out.sort((x, y) => ORDER[x.kind] - ORDER[y.kind]);
}

// ---- advisories learned online ----

/** The database's `>= 4.0.0, < 4.1.3` as the comparators `inRange` reads (`>=4.0.0 <4.1.3`). */
export function rangeComparators(range: string): string | undefined {
  const parts = range
    .split(',')
    .map((p) => p.replace(/\s+/g, ''))
    .filter(Boolean);
  return parts.length && parts.every((p) => /^(<=|>=|<|>|=)?v?\d+(\.\d+){0,2}$/.test(p)) ? parts.join(' ') : undefined;
}

const DATABASE_SEVERITY: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
};

/**
 * Table entries for the GitHub Advisory Database records `scan --online` fetched
 * (`GET /advisories?ecosystem=actions&affects=owner/repo`). A record the table already has (same
 * GHSA id) is left to the table, which knows more (compromise windows, malicious commits); a
 * range the matcher cannot read is skipped rather than guessed.
 */
export function onlineEntries(advisories: readonly AdvisoryFact[]): VulnerableAction[] {
  const known = new Set(VULNERABLE_ACTIONS.map((e) => /GHSA(-[a-z0-9]{4}){3}/i.exec(e.advisory)?.[0]?.toLowerCase()));
  const out: VulnerableAction[] = [];
  for (const advisory of advisories) {
    if (known.has(advisory.ghsaId.toLowerCase())) continue;
    const versions = rangeComparators(advisory.range);
    if (!versions) continue;
    const summary = advisory.summary.trim();
    out.push({
      action: advisory.action,
      affected: { kind: 'versions', versions },
      advisory: advisory.cveId ? `${advisory.ghsaId} / ${advisory.cveId}` : advisory.ghsaId,
      summary: /[.!?]$/.test(summary) ? summary : `${summary}.`,
      fixedIn: advisory.firstPatched,
      impact: 'local',
      severity: DATABASE_SEVERITY[advisory.severity.toLowerCase()] ?? 'medium',
      source: advisory.url,
    });
  }
  return out;
}
