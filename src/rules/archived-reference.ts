/**
 * archived-reference: `uses:` of an action or reusable workflow whose repository its owner has
 * archived. An archived repository gets no fixes and no security releases: a vulnerability found
 * in it stays, the runtime it targets ages out of the runner, and a takeover of the owner's
 * account is noticed by fewer people.
 * Offline this rule knows the archived repositories of a data table; with `scan --online` it also
 * reads the `archived` flag the API gives for every other repository (`GET /repos/{owner}/{repo}`).
 * Ignores: local references, images, dynamic references.
 * Data: rules/data/archived-actions.ts (archived repositories and their successors, with sources);
 * online facts (model/online-facts.ts).
 */
import { repositoryKey } from '../model/online-facts.js';
import { archivedAction } from './data/archived-actions.js';
import { defineRule } from './define-rule.js';
import { valueOrigin } from './locate/reference-origin.js';

export default defineRule({
  meta: {
    id: 'archived-reference',
    summary: 'Action or reusable workflow from an archived repository',
    description:
      'The referenced action or reusable workflow lives in a repository its owner has archived: it gets no fixes or security releases any more, and whatever it depends on ages with it.',
    category: 'supply-chain',
    platforms: ['github'],
    severity: 'medium',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: false,
    online: ['repositories'],
    messages: {
      archived: '`{{raw}}` comes from {{repository}}, which its owner has archived: it gets no fixes or security releases{{successor}}',
    },
    owasp: ['CICD-SEC-3'],
    phase: 'integrity',
    related: { zizmor: ['archived-uses'] },
  },
  create(context) {
    const facts = context.online?.repositories ?? {};
    return {
      reference(reference) {
        if (reference.isLocal || (reference.kind !== 'action' && reference.kind !== 'reusable-workflow')) return;
        if (!reference.owner || !reference.repo) return;
        const entry =
          archivedAction(reference.owner, reference.repo) ??
          (facts[repositoryKey(reference.owner, reference.repo)]?.archived
            ? { repository: `${reference.owner}/${reference.repo}` }
            : undefined);
        if (!entry) return;
        context.report({
          messageId: 'archived',
          data: {
            raw: reference.raw,
            repository: entry.repository,
            successor: entry.successor ? `; its successor is ${entry.successor}` : '',
          },
          at: valueOrigin(reference),
          tip: entry.successor
            ? `Move to ${entry.successor} and pin its full commit SHA.`
            : 'Replace it with a maintained action or a `run:` step, or vendor the code you need into the repository.',
        });
      },
    };
  },
});
