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
      const byCommit = new Map<string, Candidate[]>();
      for (const c of seen) {
        const key = `${c.repository}\u0000${c.sha}`;
        byCommit.set(key, [...(byCommit.get(key) ?? []), c]);
      }
      for (const group of byCommit.values()) {
        // When most pins of the commit agree, the few that do not are the stale ones; on a tie
        // nothing tells which is right, and every side is reported.
        const agreeing = (c: Candidate) => group.filter((o) => compatible(o.comment, c.comment)).length;
        const most = Math.max(...group.map(agreeing));
        const leaders = group.filter((c) => agreeing(c) === most);
        const clearMajority = leaders.every((a) => leaders.every((b) => compatible(a.comment, b.comment)));
        for (const c of group) {
          const conflicting = group.filter((o) => !compatible(o.comment, c.comment));
          const other = conflicting[0];
          if (!other) continue;
          if (clearMajority && leaders.includes(c)) continue;
          // What the lock knows about this commit is reported above, with the right version.
          if ((locked.get(c.repository) ?? []).some((e) => e.pin.sha.toLowerCase() === c.sha)) continue;
          const shown = clearMajority ? conflicting.filter((o) => leaders.includes(o)) : conflicting;
          context.report({
            messageId: 'conflictingVersions',
            data: { raw: c.reference.raw, comment: c.comment, repository: c.repository, other: (shown[0] ?? other).comment },
            at: c.reference.versionComment?.origin ?? c.reference.origin,
            severity: 'low',
            related: shown.slice(0, 5).map((o) => ({
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
        const groups = new Map<string, Candidate[]>();
        for (const c of seen) {
          const key = `${c.repository}\u0000${c.comment}`;
          groups.set(key, [...(groups.get(key) ?? []), c]);
        }
        for (const group of groups.values()) {
          const shas = new Set(group.map((c) => c.sha));
          if (shas.size < 2) continue;
          for (const c of group) {
            // What the lock already explains is reported above.
            if ((locked.get(c.repository) ?? []).some((e) => e.pin.sha.toLowerCase() === c.sha || e.ref === c.comment)) continue;
            const other = group.find((o) => o.sha !== c.sha) as Candidate;
            context.report({
              messageId: 'inconsistent',
              data: { raw: c.reference.raw, comment: c.comment, repository: c.repository, other: other.reference.raw },
              at: c.reference.versionComment?.origin ?? c.reference.origin,
              related: group.filter((o) => o.sha !== c.sha).map((o) => ({ at: o.reference.origin, note: `also commented ${o.comment}` })),
              tip: 'Find which commit the version really is (`git ls-remote --tags`), pin that one everywhere, or run `pipewarden pin --update` and `pipewarden fix`.',
            });
          }
        }
      },
    };
  },
});
