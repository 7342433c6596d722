/**
 * dependabot-no-cooldown: a `dependabot.yml` update entry without a `cooldown:` period (or with
 * one that sets no number of days). Dependabot then proposes a release the moment it is published,
 * which is exactly the window in which hijacked packages and actions are live before they are
 * found and pulled (the tj-actions, Nx and "Shai-Hulud" npm compromises were found within hours
 * to days). A cooldown delays version updates by the days given; security updates are not delayed.
 * Severity: low. Ignores: entries whose version updates are off (`open-pull-requests-limit: 0`).
 * Data: src/rules/data/dependabot-options.ts (GitHub's Dependabot options reference).
 */
import type { Origin } from '../model/types.js';
import { asMap, get, getPair, scalarText } from '../yaml/nodes.js';
import { COOLDOWN_DAY_KEYS, describeUpdate, isSecurityOnly } from './data/dependabot-options.js';
import { defineRule } from './define-rule.js';

const TIP =
  'Add `cooldown: { default-days: 7 }` to the update entry (1 to 90 days; `semver-major-days` and friends refine it). Security updates are not delayed by it.';

export default defineRule({
  meta: {
    id: 'dependabot-no-cooldown',
    summary: 'Dependabot proposes new releases without a cooldown',
    description:
      'An update entry has no `cooldown:`, so Dependabot opens pull requests for releases as soon as they are published, before a compromised release is likely to be found and withdrawn.',
    category: 'supply-chain',
    platforms: ['github'],
    severity: 'low',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      missing:
        'Dependabot updates {{update}} to a release as soon as it is published (no `cooldown:`): a hijacked release reaches a pull request before anyone had time to notice it',
      empty: '`cooldown:` of {{update}} sets no number of days, so it delays nothing',
    },
    owasp: ['CICD-SEC-3'],
    phase: 'foundations',
    related: { zizmor: ['dependabot-cooldown'] },
  },
  create(context) {
    return {
      pipeline(pipeline) {
        if (pipeline.kind !== 'dependabot') return;
        for (const update of pipeline.github?.dependabot?.updates ?? []) {
          if (isSecurityOnly(update)) continue;
          const cooldown = getPair(update, 'cooldown');
          if (cooldown) {
            const days = COOLDOWN_DAY_KEYS.map((key) => Number(scalarText(get(asMap(cooldown.value), key)))).filter(
              (n) => Number.isFinite(n) && n > 0,
            );
            if (days.length) continue;
            context.report({
              messageId: 'empty',
              data: { update: describeUpdate(update) },
              at: { file: pipeline.file, span: { start: cooldown.key.start, end: cooldown.key.end } },
              tip: TIP,
            });
            continue;
          }
          // Point at `package-ecosystem` (the entry's name), or the entry when it has none.
          const key = getPair(update, 'package-ecosystem')?.key;
          const at: Origin = {
            file: pipeline.file,
            span: key ? { start: key.start, end: key.end } : { start: update.start, end: update.start },
          };
          context.report({ messageId: 'missing', data: { update: describeUpdate(update) }, at, tip: TIP });
        }
      },
    };
  },
});
