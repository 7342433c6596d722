/**
 * typosquat-reference: a `uses:` whose owner is not a popular action publisher but one typing slip
 * away from one (`actoins/checkout`, `dokcer/login-action`, `acti0ns/setup-node`): a dropped,
 * added, swapped or replaced character, or lookalike characters (`0` for `o`, `rn` for `m`).
 * Squatters register such accounts and publish an action under the expected name; whoever
 * mistypes it runs their code with the job's token and secrets.
 * Ignores: owners that are themselves in the table, slips of the repository name under the right
 * owner (`actions/chekout` fails to resolve rather than running someone else's code), single-edit
 * neighbours of owners shorter than five characters (too many legitimate accounts are one letter
 * away from `pnpm` or `helm`; lookalike characters still count), local references and images.
 * Data: rules/data/popular-action-owners.ts (most used publishers, with sources).
 */
import type { Reference } from '../model/types.js';
import { POPULAR_ACTION_OWNERS } from './data/popular-action-owners.js';
import { defineRule } from './define-rule.js';
import { valueOrigin } from './locate/reference-origin.js';

/** Below this length a single edit reaches too many legitimate accounts. */
const MIN_EDIT_LENGTH = 5;

const LOOKALIKES: [RegExp, string][] = [
  [/0/g, 'o'],
  [/1/g, 'l'],
  [/3/g, 'e'],
  [/5/g, 's'],
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/_/g, '-'],
];

/** The name with lookalike characters folded together, so `acti0ns` and `actions` meet. */
function skeleton(name: string): string {
  let out = name;
  for (const [pattern, to] of LOOKALIKES) out = out.replace(pattern, to);
  return out;
}

type Slip = 'a missing character' | 'an extra character' | 'a changed character' | 'two swapped characters';

/** The single edit that turns `typed` into `intended` (optimal string alignment), if there is one. */
export function singleSlip(typed: string, intended: string): Slip | undefined {
  if (typed === intended) return undefined;
  const dl = typed.length - intended.length;
  if (dl === -1 || dl === 1) {
    const [short, long] = dl === -1 ? [typed, intended] : [intended, typed];
    let i = 0;
    while (i < short.length && short[i] === long[i]) i++;
    if (short.slice(i) !== long.slice(i + 1)) return undefined;
    return dl === -1 ? 'a missing character' : 'an extra character';
  }
  if (dl !== 0) return undefined;
  const diffs: number[] = [];
  for (let i = 0; i < typed.length && diffs.length <= 2; i++) if (typed[i] !== intended[i]) diffs.push(i);
  if (diffs.length === 1) return 'a changed character';
  const [a, b] = diffs;
  if (diffs.length === 2 && a !== undefined && b === a + 1 && typed[a] === intended[b] && typed[b] === intended[a]) {
    return 'two swapped characters';
  }
  return undefined;
}

interface Squat {
  intended: string;
  how: string;
}

const POPULAR = new Set(POPULAR_ACTION_OWNERS);

/** The popular owner `owner` imitates, if any. */
export function imitatedOwner(owner: string): Squat | undefined {
  const typed = owner.toLowerCase();
  if (POPULAR.has(typed)) return undefined;
  const folded = skeleton(typed);
  for (const intended of POPULAR_ACTION_OWNERS) {
    if (folded === skeleton(intended)) return { intended, how: 'lookalike characters' };
  }
  for (const intended of POPULAR_ACTION_OWNERS) {
    if (intended.length < MIN_EDIT_LENGTH) continue;
    const slip = singleSlip(typed, intended);
    if (slip) return { intended, how: slip };
  }
  return undefined;
}

function candidate(reference: Reference): string | undefined {
  if (reference.isLocal || (reference.kind !== 'action' && reference.kind !== 'reusable-workflow')) return undefined;
  const owner = reference.owner;
  if (!owner || !/^[A-Za-z0-9_.-]+$/.test(owner)) return undefined;
  return owner;
}

export default defineRule({
  meta: {
    id: 'typosquat-reference',
    summary: 'Action owner one typing slip away from a popular publisher',
    description:
      'The `uses:` owner is not a well-known action publisher but differs from one by a single missing, extra, changed or swapped character, or by lookalike characters. Accounts like these are registered to catch mistyped references; the action they publish runs with the job’s token and secrets.',
    category: 'supply-chain',
    platforms: ['github'],
    severity: 'high',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      typosquat:
        "`{{raw}}` comes from '{{owner}}', which differs from the popular publisher '{{intended}}' by {{how}}: if it is a lookalike account, its code runs with this job's token and secrets",
    },
    owasp: ['CICD-SEC-3'],
    phase: 'integrity',
    related: { zizmor: ['typosquat-uses'] },
  },
  create(context) {
    return {
      reference(reference) {
        const owner = candidate(reference);
        if (!owner) return;
        const squat = imitatedOwner(owner);
        if (!squat) return;
        const repository = reference.repo ? `${squat.intended}/${reference.repo}` : squat.intended;
        context.report({
          messageId: 'typosquat',
          data: { raw: reference.raw, owner, intended: squat.intended, how: squat.how },
          at: valueOrigin(reference),
          tip: `Check the owner: if you meant ${repository}, correct the reference and pin its full commit SHA; if '${owner}' is the publisher you trust, suppress this finding with a comment saying so.`,
        });
      },
    };
  },
});
