/**
 * dependabot-no-cooldown: a `dependabot.yml` update entry without a `cooldown:` period (or with
 * one that sets no number of days). Dependabot then proposes a release the moment it is published,
 * which is exactly the window in which hijacked packages and actions are live before they are
 * found and pulled (the tj-actions, Nx and "Shai-Hulud" npm compromises were found within hours
 * to days). A cooldown delays version updates by the days given; security updates are not delayed.
 * Also reported: a cooldown without `default-days` (updates no `semver-*-days` key covers are not
 * delayed) and a `default-days` below the `minDays` option (7 by default: our choice, a week).
 * Severity: low. Ignores: entries whose version updates are off (`open-pull-requests-limit: 0`).
 * Data: src/rules/data/dependabot-options.ts (GitHub's Dependabot options reference).
 */
import type { Origin } from '../model/types.js';
import { asMap, get, getPair, scalarText, type YamlNode } from '../yaml/nodes.js';
import { describeUpdate, isSecurityOnly, SEMVER_DAY_KEYS } from './data/dependabot-options.js';
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
    options: {
      minDays: {
        type: 'number',
        description:
          'Fewest days of `default-days` (and of each `semver-*-days` when there is no `default-days`) that count as a cooldown.',
        default: 7,
      },
    },
    messages: {
      missing:
        'Dependabot updates {{update}} to a release as soon as it is published (no `cooldown:`): a hijacked release reaches a pull request before anyone had time to notice it',
      empty:
        '`cooldown:` of {{update}} sets no `default-days`: every update that no `semver-*-days` key covers is proposed the day it is published',
      short: '`default-days: {{days}}` delays updates of {{update}} by fewer than the {{min}} days this rule asks for (option `minDays`)',
    },
    owasp: ['CICD-SEC-3'],
    phase: 'foundations',
    related: { zizmor: ['dependabot-cooldown'] },
  },
  create(context) {
    const option = Number(context.options.minDays);
    const minDays = Number.isFinite(option) && option > 0 ? option : 7;
    return {
      pipeline(pipeline) {
        if (pipeline.kind !== 'dependabot') return;
        for (const update of pipeline.github?.dependabot?.updates ?? []) {
          if (isSecurityOnly(update)) continue;
          const cooldown = getPair(update, 'cooldown');
          if (cooldown) {
            const map = asMap(cooldown.value);
            const daysOf = (key: string): number | undefined => {
              const n = Number(scalarText(get(map, key)));
              return Number.isFinite(n) && n > 0 ? n : undefined;
            };
            const fallback = daysOf('default-days');
            if (fallback === undefined) {
              // Without default-days, only the kinds of update a semver-*-days key names are delayed.
              if (SEMVER_DAY_KEYS.every((key) => (daysOf(key) ?? 0) >= minDays)) continue;
              context.report({
                messageId: 'empty',
                data: { update: describeUpdate(update) },
                at: { file: pipeline.file, span: { start: cooldown.key.start, end: cooldown.key.end } },
                tip: TIP,
              });
            } else if (fallback < minDays) {
              const value = get(map, 'default-days') as YamlNode;
              context.report({
                messageId: 'short',
                data: { update: describeUpdate(update), days: fallback, min: minDays },
                at: { file: pipeline.file, span: { start: value.start, end: value.end } },
                tip: TIP,
              });
            }
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
