/**
 * unpinned-package: a GitLab job that publishes or deploys installs packages without a version or
 * lockfile fixing them (GL-SUP-07): `npm install` instead of `npm ci`, `npm install -g <tool>`,
 * `pip install <name>` without `==`, `gem install` without `--version`, `go install ...@latest`,
 * `cargo install` without `--version`, `yarn add` / `pnpm add`. What the registry serves when the
 * job starts runs with the job's deploy or publish credentials, so a compromised or typo-squatted
 * release reaches them without a change to the repository. One finding per job, at the first such
 * install, with the others and the publishing step as related locations. Low.
 * Ignores: jobs that neither publish nor deploy, installs from a lockfile (`npm ci`, plain
 * `pnpm install` and Yarn Berry, which are frozen on CI), requirement files (`pip install -r`,
 * whose pins are not read), local paths and archives, and the installer's own upgrade
 * (`pip install --upgrade pip`).
 * Data: rules/data/package-installs.ts (commands, with sources); rules/data/publish-targets.ts
 * (what publishes or deploys).
 */
import { stepScript } from '../analysis/scripts/step-script.js';
import { exposureOf, trustContext } from '../analysis/trust/exposure.js';
import type { Job, Origin } from '../model/types.js';
import { unpinnedInstall } from './data/package-installs.js';
import { publishSites } from './data/publish-targets.js';
import { defineRule, type NotedTarget } from './define-rule.js';

const INSTALLERS = /\b(?:npm|yarn|pnpm|pip3?|gem|go|cargo)\b/;

/** What makes the job one that publishes or deploys, for the message and a related location. */
function privilegeOf(job: Job): { what: string; at: Origin } | undefined {
  for (const step of job.steps) {
    const site = publishSites(step, job)[0];
    if (site) return { what: `${site.what} (${site.target})`, at: site.at };
  }
  const tier = job.gitlab?.environmentTier;
  if (job.environment && (tier === 'production' || tier === 'staging') && (job.gitlab?.environmentAction ?? 'start') === 'start')
    return { what: `the ${tier} environment \`${job.environment.name}\``, at: job.environment.origin };
  return undefined;
}

export default defineRule({
  meta: {
    id: 'unpinned-package',
    summary: 'Deploy or publish job installing packages without a version or lockfile',
    description:
      "A job that publishes or deploys runs npm install (not npm ci), or installs a tool with npm, pip, gem, go or cargo without an exact version, so whatever the registry serves at that moment runs with the job's credentials.",
    category: 'supply-chain',
    platforms: ['gitlab'],
    severity: 'low',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      unpinned:
        'Job `{{job}}` installs {{what}} and then publishes or deploys with {{privilege}}: whatever the registry serves when the job starts runs with its credentials; use {{instead}}',
    },
    owasp: ['CICD-SEC-3'],
    phase: 'integrity',
    related: {},
  },
  create(context) {
    return {
      job(job, pipeline) {
        if (pipeline.platform !== 'gitlab' || job.triggers.length === 0) return;
        if (!job.steps.some((s) => s.script && INSTALLERS.test(s.script.value))) return;
        const privilege = privilegeOf(job);
        if (!privilege) return;
        const installs: { what: string; instead: string; at: Origin }[] = [];
        for (const step of job.steps) {
          if (!step.script || !INSTALLERS.test(step.script.value)) continue;
          const script = stepScript(step, job);
          for (const command of script?.facts.commands ?? []) {
            const found = unpinnedInstall(command);
            if (found && script) installs.push({ ...found, at: script.origin(command.start, command.end) });
          }
        }
        const first = installs[0];
        if (!first) return;
        const related: NotedTarget[] = [
          { at: privilege.at, note: `publishes or deploys with ${privilege.what}` },
          ...installs.slice(1, 4).map((i) => ({ at: i.at, note: `also installs ${i.what}` })),
        ];
        context.report({
          messageId: 'unpinned',
          data: { job: job.id, what: first.what, privilege: privilege.what, instead: first.instead },
          at: first.at,
          related,
          trust: trustContext(exposureOf(job, pipeline, context.project)),
          tip: 'Install dependencies from a lockfile (npm ci, pip install --require-hashes -r requirements.txt, bundle install --frozen) and tools at exact versions; better, build them into the job image pinned by digest.',
        });
      },
    };
  },
});
