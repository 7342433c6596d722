/**
 * impostor-commit: a `uses:` pinned to a commit SHA that is on no branch and no tag of the
 * repository it names. GitHub serves commits of every fork under the parent's name (the fork
 * network shares one object store), so `owner/action@<sha>` runs whatever a fork author pushed,
 * while reviewers read the trusted owner's name; a pin looks safest exactly when it is not.
 * Online only (`scan --online`): the pinned commit is compared with the default branch, the other
 * branches and the tags (`GET /repos/{o}/{r}/compare/{base}...{sha}`: `behind` or `identical`
 * means it is in that ref's history).
 * Ignores: commits whose reachability is unknown (more than one page of branches or tags, the
 * compare budget spent, an API error), which are never reported; refs that are not SHAs.
 */
import { defineRule } from './define-rule.js';
import { valueOrigin } from './locate/reference-origin.js';
import { remoteReference } from './online/remote-reference.js';

export default defineRule({
  meta: {
    id: 'impostor-commit',
    summary: 'SHA pin to a commit that is on no branch or tag of the named repository',
    description:
      'The pinned commit is not in the history of any branch or tag of the repository the reference names. GitHub serves fork commits under the parent’s name, so this is how an attacker’s commit passes for the trusted action.',
    category: 'supply-chain',
    platforms: ['github'],
    severity: 'high',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: true,
    online: ['commits'],
    messages: {
      impostor:
        '`{{raw}}`: commit {{short}} is on no branch or tag of {{repository}} ({{checked}} branches and tags compared): it may come from a fork, whose commits GitHub serves under the parent’s name',
    },
    owasp: ['CICD-SEC-3'],
    phase: 'integrity',
    related: { zizmor: ['impostor-commit'] },
  },
  create(context) {
    const facts = context.online?.commits ?? {};
    return {
      reference(reference) {
        const remote = remoteReference(reference);
        if (!remote || reference.pin !== 'commit-sha') return;
        const commit = facts[remote.key];
        if (!commit || commit.reachable) return;
        context.report({
          messageId: 'impostor',
          data: {
            raw: reference.raw,
            short: remote.ref.slice(0, 12),
            repository: `${remote.owner}/${remote.repo}`,
            checked: commit.checked,
          },
          at: valueOrigin(reference),
          tip: `Pin the SHA of a tagged release of ${remote.owner}/${remote.repo} instead (\`pipewarden pin --update\` resolves tags to SHAs). If nobody can say where this commit came from, treat the secrets its past runs could read as exposed.`,
        });
      },
    };
  },
});
