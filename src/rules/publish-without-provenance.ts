/**
 * publish-without-provenance: `npm publish` or `pnpm publish` in a workflow without npm
 * provenance (`--provenance`, or `NPM_CONFIG_PROVENANCE: true` in the step, job or workflow env).
 * Without it the registry shows no signed link from the package to the source commit and the
 * workflow that built it, so consumers cannot tell a release from CI from one pushed with a
 * stolen token.
 * Ignores: `--dry-run`, and `publishConfig.provenance` in package.json (not visible from the
 * workflow; the doc says so). Other ecosystems (docker push, release uploads) are not covered yet.
 * Data: npm Docs "Generating provenance statements" (`--provenance`, `NPM_CONFIG_PROVENANCE`,
 * `id-token: write`); pnpm CLI `publish` (passes npm's provenance setting through).
 */
import { scriptMentions, stepScript } from '../analysis/scripts/step-script.js';
import type { EnvVar } from '../model/types.js';
import { defineRule } from './define-rule.js';

const PUBLISHERS = new Set(['npm', 'pnpm']);

const provenanceOn = (env: EnvVar[]) =>
  env.some((v) => v.name.toUpperCase() === 'NPM_CONFIG_PROVENANCE' && v.value?.value.trim().toLowerCase() === 'true');

export default defineRule({
  meta: {
    id: 'publish-without-provenance',
    summary: 'Package published without provenance',
    description:
      'npm publish without --provenance (or NPM_CONFIG_PROVENANCE) leaves the package without a signed statement of the commit and workflow that built it.',
    category: 'supply-chain',
    platforms: ['github'],
    severity: 'low',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      npm: '`{{command}}` publishes without provenance: add `--provenance` (and `permissions: id-token: write`) so the registry records a signed link to this commit and workflow',
    },
    owasp: ['CICD-SEC-9'],
    phase: 'integrity',
    related: {},
  },
  create(context) {
    return {
      step(step, job, pipeline) {
        if (!scriptMentions(step, /publish/)) return;
        if (provenanceOn(pipeline.env) || provenanceOn(job.env) || provenanceOn(step.env)) return;
        const script = stepScript(step, job);
        if (!script) return;
        for (const command of script.facts.commands) {
          if (!PUBLISHERS.has(command.name) || command.args[0] !== 'publish') continue;
          if (command.args.some((a) => a === '--provenance' || a === '--provenance=true' || a === '--dry-run')) continue;
          context.report({
            messageId: 'npm',
            data: { command: `${command.name} publish` },
            at: script.origin(command.start, command.end),
            tip: 'Run `npm publish --provenance` from GitHub Actions with `permissions: id-token: write`, or set NPM_CONFIG_PROVENANCE: true.',
          });
        }
      },
    };
  },
});
