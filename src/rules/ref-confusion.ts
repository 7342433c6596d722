/**
 * ref-confusion: a `uses:` ref (`@v1`) that names both a branch and a tag of the action's
 * repository. The workflow says one name, the repository holds two different things under it, and
 * which commit runs is decided by how the runner resolves the ambiguity, not by the workflow.
 * Branches are usually easier to push to than release tags (more people may push them, fewer
 * rulesets protect them), so the ambiguity can hand control of the step to whoever can push a
 * branch called like a release.
 * Online only (`scan --online`): `GET /repos/{o}/{r}/git/ref/heads/NAME` and `.../tags/NAME`.
 * Ignores: SHA pins (a SHA is not ambiguous), local references, refs the API did not answer for.
 */
import { defineRule } from './define-rule.js';
import { valueOrigin } from './locate/reference-origin.js';
import { remoteReference } from './online/remote-reference.js';

export default defineRule({
  meta: {
    id: 'ref-confusion',
    summary: 'Action ref that is both a branch and a tag',
    description:
      'The ref after `@` names both a branch and a tag of the action’s repository, so which code runs is not what the workflow says, and whoever can push a branch of that name may decide it.',
    category: 'supply-chain',
    platforms: ['github'],
    severity: 'medium',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: true,
    online: ['refs'],
    messages: {
      ambiguous:
        '`{{raw}}`: `{{ref}}` is both a branch and a tag of {{repository}}, so the workflow does not say which of the two commits runs, and whoever can push that branch may decide it',
    },
    owasp: ['CICD-SEC-3'],
    phase: 'foundations',
    related: { zizmor: ['ref-confusion'] },
  },
  create(context) {
    const facts = context.online?.refs ?? {};
    return {
      reference(reference) {
        const remote = remoteReference(reference);
        if (!remote || reference.pin === 'commit-sha') return;
        const kinds = facts[remote.key];
        if (!kinds?.isBranch || !kinds.isTag) return;
        context.report({
          messageId: 'ambiguous',
          data: { raw: reference.raw, ref: remote.ref, repository: `${remote.owner}/${remote.repo}` },
          at: valueOrigin(reference),
          tip: 'Pin the full commit SHA of the release you mean, with its version as a comment (`pipewarden pin --update` then `pipewarden fix`), and ask the maintainers to delete the branch that shadows the tag.',
        });
      },
    };
  },
});
