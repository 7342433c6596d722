/**
 * ref-version-mismatch: a `uses:` pinned to a full commit SHA whose trailing version comment
 * (`# v4.2.2`) does not name that commit. Reviewers and update bots read the comment, not the
 * SHA, so a wrong one hides a downgrade, a commit from a fork network, or a pin nobody updated.
 * Found offline in three ways: the same action pinned to different commits under the same comment
 * within the scan, the same commit under comments that cannot be one release (`v3.8.1` and
 * `v3.8.2`; at least one of each is wrong), and, with `pipewarden.lock`, a comment the lock
 * contradicts (it records that version as another commit, or this commit as another version).
 * Ignores: comments that are not a bare version (`# pinned`, `# tag=v1`), partial versions that
 * the recorded version continues (`# v4` for a commit recorded as v4.2.2), local references, and
 * every SHA pin the lock knows nothing about (nothing else can be known offline).
 * Data: the lock `pipewarden pin --update` writes (model/pin-lock.ts).
 * Fix (safe, only a comment changes): the comment becomes the version the lock records for the
 * pinned commit.
 */
import type { LockedPin } from '../model/pin-lock.js';
import type { Reference } from '../model/types.js';
import { defineRule, type FixDescriptor } from './define-rule.js';
import { VERSION_COMMENT } from './fixes/pin-reference.js';

interface LockedRef {
  ref: string;
  pin: LockedPin;
}

/** Lock entries by `owner/repo` (lower case). */
function byRepository(actions: ReadonlyMap<string, LockedPin>): Map<string, LockedRef[]> {
  const out = new Map<string, LockedRef[]>();
  for (const [key, pin] of actions) {
    const at = key.lastIndexOf('@');
    if (at <= 0) continue;
    const repository = key.slice(0, at);
    out.set(repository, [...(out.get(repository) ?? []), { ref: key.slice(at + 1), pin }]);
  }
  return out;
}

/** Whether `comment` names `version` or a version it continues (`v4` -> `v4.2.2`). */
function names(comment: string, version: string): boolean {
  return comment === version || version.startsWith(`${comment}.`);
}

/** Two comments that can name the same commit: equal up to a leading `v`, or one continuing the other. */
function compatible(a: string, b: string): boolean {
  const x = a.replace(/^v/i, '');
  const y = b.replace(/^v/i, '');
  return names(x, y) || names(y, x);
}

/** The items in groups of equal key, groups in the order their first item comes. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

function components(version: string): number {
  return version.split('.').length;
}

interface Candidate {
  reference: Reference;
  repository: string;
  sha: string;
  comment: string;
}

function candidateOf(reference: Reference): Candidate | undefined {
  if (reference.kind !== 'action' && reference.kind !== 'reusable-workflow') return undefined;
  if (reference.pin !== 'commit-sha' || reference.isLocal || !reference.owner || !reference.repo || !reference.ref) return undefined;
  const comment = reference.versionComment?.text;
  if (!comment || !VERSION_COMMENT.test(comment) || comment === 'latest') return undefined;
  return { reference, repository: `${reference.owner}/${reference.repo}`.toLowerCase(), sha: reference.ref.toLowerCase(), comment };
}

export default defineRule({
  meta: {
    id: 'ref-version-mismatch',
    summary: "A SHA pin's version comment names a different commit",
    description:
      'The `# v1.2.3` comment after a commit SHA is what reviewers and Dependabot read; when it names another commit than the pinned one, the workflow runs code nobody thinks it runs.',
    category: 'supply-chain',
    platforms: ['github'],
    severity: 'medium',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'safe',
    network: false,
    messages: {
      lockedVersion:
        '`{{raw}}` is commented `{{comment}}`, but pipewarden.lock records commit {{short}} of {{repository}} as {{version}}: the comment does not say what runs',
      lockedCommit:
        '`{{raw}}` is commented `{{comment}}`, but pipewarden.lock records {{comment}} of {{repository}} as commit {{locked}}, not {{short}}: the pinned commit is not that release (a stale comment, a moved tag, or a commit from elsewhere)',
      inconsistent:
        '`{{raw}}` is commented `{{comment}}`, and {{repository}} is pinned to another commit under the same comment elsewhere in the scan ({{other}}): at least one of the comments is wrong',
      conflictingVersions:
        '`{{raw}}` is commented `{{comment}}`, but the same commit of {{repository}} is commented `{{other}}` elsewhere in the scan: one commit is not two different releases, so at least one of the comments is wrong',
    },
    owasp: ['CICD-SEC-3'],
    phase: 'integrity',
    related: { zizmor: ['ref-version-mismatch'] },
  },
  create(context) {
    const locked = byRepository(context.pins.actions);
    const seen: Candidate[] = [];

    const commentFix = (candidate: Candidate, version: string): FixDescriptor | undefined => {
      const comment = candidate.reference.versionComment;
      if (!comment) return undefined;
      return {
        title: `Change the comment to ${version}, the version pipewarden.lock records for this commit`,
        safety: 'safe',
        edits: [{ at: comment.origin, text: version }],
      };
    };

    /** The same commit under versions that are not one release (`v3.8.1` and `v3.8.2`; `v3` and `v3.8.2` agree). */
    const reportConflictingVersions = () => {
      for (const group of groupBy(seen, (c) => `${c.repository}\u0000${c.sha}`)) {
        // Every candidate of a group is the same commit of the same repository, and what decides
        // is only its comment: the work is done per distinct comment, so a commit pinned a
        // thousand times under one comment costs one comparison, not a million.
        const counts = new Map<string, number>();
        for (const c of group) counts.set(c.comment, (counts.get(c.comment) ?? 0) + 1);
        if (counts.size < 2) continue;
        const first = group[0] as Candidate;
        // What the lock knows about this commit is reported above, with the right version.
        if ((locked.get(first.repository) ?? []).some((e) => e.pin.sha.toLowerCase() === first.sha)) continue;
        const comments = [...counts.keys()];
        const agreeing = new Map(comments.map((a) => [a, comments.reduce((n, b) => n + (compatible(a, b) ? (counts.get(b) ?? 0) : 0), 0)]));
        // When most pins of the commit agree, the few that do not are the stale ones; on a tie
        // nothing tells which is right, and every side is reported.
        const most = Math.max(...agreeing.values());
        const leaders = new Set(comments.filter((a) => agreeing.get(a) === most));
        const clearMajority = [...leaders].every((a) => [...leaders].every((b) => compatible(a, b)));
        // Per comment: the first pin it conflicts with and the pins shown beside it (the
        // majority's, when there is one).
        const conflictsFor = new Map<string, { other: Candidate | undefined; shown: Candidate[] }>();
        const conflictsOf = (comment: string) => {
          let found = conflictsFor.get(comment);
          if (!found) {
            const conflicting = group.filter((o) => !compatible(o.comment, comment));
            const shown = (clearMajority ? conflicting.filter((o) => leaders.has(o.comment)) : conflicting).slice(0, 5);
            found = { other: shown[0] ?? conflicting[0], shown };
            conflictsFor.set(comment, found);
          }
          return found;
        };
        for (const c of group) {
          if (clearMajority && leaders.has(c.comment)) continue;
          const { other, shown } = conflictsOf(c.comment);
          if (!other) continue;
          context.report({
            messageId: 'conflictingVersions',
            data: { raw: c.reference.raw, comment: c.comment, repository: c.repository, other: other.comment },
            at: c.reference.versionComment?.origin ?? c.reference.origin,
            severity: 'low',
            related: shown.map((o) => ({
              at: o.reference.versionComment?.origin ?? o.reference.origin,
              note: `the same commit commented ${o.comment}`,
            })),
            tip: 'Find which release the commit is (`git ls-remote --tags`) and correct the wrong comments, or run `pipewarden pin --update` and `pipewarden fix`.',
          });
        }
      }
    };

    return {
      reference(reference) {
        const candidate = candidateOf(reference);
        if (!candidate) return;
        seen.push(candidate);
        const entries = locked.get(candidate.repository) ?? [];
        const ofCommit = entries.filter((e) => e.pin.sha.toLowerCase() === candidate.sha);
        const data = {
          raw: reference.raw,
          comment: candidate.comment,
          repository: candidate.repository,
          short: candidate.sha.slice(0, 12),
        };
        if (ofCommit.length > 0) {
          if (ofCommit.some((e) => names(candidate.comment, e.pin.version) || e.ref === candidate.comment)) return;
          const version = ofCommit
            .map((e) => e.pin.version)
            .sort((a, b) => components(b) - components(a) || a.localeCompare(b))[0] as string;
          if (!VERSION_COMMENT.test(version)) return;
          context.report({
            messageId: 'lockedVersion',
            data: { ...data, version },
            at: candidate.reference.versionComment?.origin ?? reference.origin,
            severity: 'low',
            related: [{ at: reference.origin, note: 'the pinned commit' }],
            tip: `Write the version of the pinned commit in the comment (# ${version}), or pin the commit of ${candidate.comment}.`,
            fix: commentFix(candidate, version),
          });
          return;
        }
        const claimed = entries.find((e) => e.ref === candidate.comment || e.pin.version === candidate.comment);
        if (claimed && claimed.pin.sha.toLowerCase() !== candidate.sha) {
          context.report({
            messageId: 'lockedCommit',
            data: { ...data, locked: claimed.pin.sha.slice(0, 12) },
            at: candidate.reference.versionComment?.origin ?? reference.origin,
            related: [{ at: reference.origin, note: 'the pinned commit' }],
            tip: `Check which release commit ${data.short} is; pin ${claimed.pin.sha} for ${candidate.comment}, or correct the comment.`,
          });
        }
      },
      projectExit() {
        reportConflictingVersions();
        for (const group of groupBy(seen, (c) => `${c.repository}\u0000${c.comment}`)) {
          const bySha = groupBy(group, (c) => c.sha);
          if (bySha.length < 2) continue;
          // The other commits under this comment, per commit: computed once for each, not per pin.
          const othersOf = new Map(
            bySha.map((pins) => [(pins[0] as Candidate).sha, group.filter((o) => o.sha !== (pins[0] as Candidate).sha)]),
          );
          for (const c of group) {
            // What the lock already explains is reported above.
            if ((locked.get(c.repository) ?? []).some((e) => e.pin.sha.toLowerCase() === c.sha || e.ref === c.comment)) continue;
            const others = othersOf.get(c.sha) ?? [];
            const other = others[0] as Candidate;
            context.report({
              messageId: 'inconsistent',
              data: { raw: c.reference.raw, comment: c.comment, repository: c.repository, other: other.reference.raw },
              at: c.reference.versionComment?.origin ?? c.reference.origin,
              related: others.slice(0, 5).map((o) => ({ at: o.reference.origin, note: `also commented ${o.comment}` })),
              tip: 'Find which commit the version really is (`git ls-remote --tags`), pin that one everywhere, or run `pipewarden pin --update` and `pipewarden fix`.',
            });
          }
        }
      },
    };
  },
});
