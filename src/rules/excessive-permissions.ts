/**
 * excessive-permissions: GITHUB_TOKEN grants broader than the jobs need, in the cases that are
 * clear offline: `permissions: write-all` (workflow or job), write scopes granted at workflow level
 * in a workflow with several jobs (every job without its own `permissions:` inherits them, also
 * jobs added later), and jobs that run with the repository's default token because neither the
 * job nor the workflow sets `permissions:` (read-write by default for repositories and
 * organisations created before February 2023, and wherever an admin chose so).
 * High-impact write scopes a job holds (its own or a single-job workflow's) that none of its steps
 * can be using are reported too, but only where every step's token use is visible
 * (fixes/unused-writes.ts): known actions and scripts that neither name the token nor publish.
 * Ignores: other explicit write scopes at job level (the recommended place for them, whether the
 * job really needs them is not knowable offline), `read-all`, and missing permissions in
 * workflows only reached through `workflow_call` (their token is capped by the caller, which is
 * checked instead).
 * Severity follows the trust of whoever reaches the job (analysis/trust/exposure.ts); write-all and
 * high-impact write scopes stay at least low, missing permissions are at most medium.
 * Data: rules/data/token-scopes.ts (what each write scope allows, from GitHub's docs).
 * Fix (unsafe): `contents: read` at workflow level and least job permissions from the actions and
 * commands each job uses (fixes/permission-edits.ts, data in rules/data/action-permissions.ts).
 */
import type { Project } from '../analysis/project.js';
import { type Exposure, exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import { type Job, type Pipeline, TRUST_NAMES } from '../model/types.js';
import { tokenScope } from './data/token-scopes.js';
import { defineRule, sharedFix } from './define-rule.js';
import { jobWriteAllFix, workflowPermissionsFix, workflowWritesFix } from './fixes/permission-edits.js';
import { unusedWrites } from './fixes/unused-writes.js';
import { jobKeyOrigin } from './locate/job-origin.js';

const TIP_SCOPED = 'Set `permissions: {}` (or `contents: read`) at workflow level and grant each job only the scopes it uses.';

function worse(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}

/**
 * Write grants widen what any code in the job can do, whoever started it (a compromised dependency
 * or action is not a trigger actor), so strong grants stay at least low.
 */
function atLeastLow(severity: Severity): Severity {
  return worse(severity, 'low');
}

/** Who reaches the job, with the gate that holds them back when there is one. */
function actor(exposure: Exposure): string {
  if (exposure.minTrust === undefined) return 'whoever calls this workflow';
  const gate = exposure.gates.find((g) => !g.spoofable);
  return gate ? `${TRUST_NAMES[exposure.minTrust]} only when the ${gate.note}` : TRUST_NAMES[exposure.minTrust];
}

function jobList(jobs: Job[]): string {
  const names = jobs.map((j) => `'${j.id}'`);
  return names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
}

/** The worst exposure among jobs, for a grant they all receive. */
function worstOf(jobs: Job[], pipeline: Pipeline, project: Project, max: Severity) {
  let best: { exposure: Exposure; severity: Severity } | undefined;
  for (const job of jobs) {
    const exposure = exposureOf(job, pipeline, project);
    if (exposure.unreachable) continue;
    const severity = scaledSeverity(exposure, max);
    if (!best || worse(severity, best.severity) !== best.severity) best = { exposure, severity };
  }
  return best;
}

export default defineRule({
  meta: {
    id: 'excessive-permissions',
    summary: 'GITHUB_TOKEN granted write-all, broad workflow-level writes or the repository default',
    description:
      "Jobs get a GITHUB_TOKEN with the permissions of their `permissions:` block, else the workflow's, else the repository default (read-write in older repositories). Any code a job runs, including compromised dependencies and injected commands, can use every scope it holds.",
    category: 'identity',
    platforms: ['github'],
    severity: 'high',
    confidence: 'high',
    stability: 'stable',
    fix: 'unsafe',
    network: false,
    messages: {
      writeAllWorkflow:
        '`permissions: write-all` gives every job without its own `permissions:` ({{jobs}}) a token that writes to every scope: code they run, reached by {{actor}}, can push commits, publish packages and request OIDC tokens',
      writeAllJob:
        "`permissions: write-all` gives job '{{job}}' a token that writes to every scope: code it runs, reached by {{actor}}, can push commits, publish packages and request OIDC tokens",
      workflowWrite:
        '`{{scope}}: write` is granted at workflow level, so every job without its own `permissions:` ({{jobs}}) holds it: code in any of them, reached by {{actor}}, can {{impact}}',
      unusedWrite:
        "job '{{job}}' holds `{{scope}}: write`, but none of its steps uses the token for it (every action's needs are known and no script names the token or publishes): code it runs, reached by {{actor}}, could {{impact}}",
      defaultPermissions:
        "job '{{job}}' runs with the repository's default GITHUB_TOKEN permissions because neither it nor the workflow sets `permissions:`; where that default is read-write (older repositories and organisations), code it runs, reached by {{actor}}, can push commits and edit issues, pull requests and releases",
    },
    owasp: ['CICD-SEC-5'],
    phase: 'foundations',
    related: {
      zizmor: ['excessive-permissions'],
      poutine: ['default_permissions_on_risky_events'],
      scorecard: ['Token-Permissions'],
      codeql: ['actions/missing-workflow-permissions'],
    },
  },
  create(context) {
    const resolveCallee = (job: Job, pipeline: Pipeline) => (job.uses ? context.project.resolve(job.uses, pipeline) : undefined);
    return {
      pipeline(pipeline) {
        if (pipeline.kind !== 'workflow') return;
        const inheriting = pipeline.jobs.filter((job) => !job.permissions);
        const workflowPermissions = pipeline.permissions;

        if (workflowPermissions?.shorthand === 'write-all') {
          const worst = worstOf(inheriting, pipeline, context.project, 'high');
          if (worst) {
            context.report({
              messageId: 'writeAllWorkflow',
              data: { jobs: jobList(inheriting), actor: actor(worst.exposure) },
              at: workflowPermissions.origin,
              severity: atLeastLow(worst.severity),
              trust: trustContext(worst.exposure),
              tip: TIP_SCOPED,
              fix: () => workflowPermissionsFix(pipeline, 'replace', resolveCallee),
            });
          }
        } else if (workflowPermissions && pipeline.jobs.length > 1 && inheriting.length > 0) {
          const fix = sharedFix(() => workflowWritesFix(pipeline, resolveCallee));
          for (const [scope, grant] of Object.entries(workflowPermissions.scopes)) {
            if (grant.level !== 'write') continue;
            const info = tokenScope(scope);
            const worst = worstOf(inheriting, pipeline, context.project, info?.tier ?? 'medium');
            if (!worst) continue;
            context.report({
              messageId: 'workflowWrite',
              data: {
                scope,
                jobs: jobList(inheriting),
                actor: actor(worst.exposure),
                impact: info?.writeImpact ?? `use the \`${scope}\` scope`,
              },
              at: grant.origin,
              severity: info?.tier === 'high' ? atLeastLow(worst.severity) : worst.severity,
              trust: trustContext(worst.exposure),
              tip: `Move \`${scope}: write\` into the job that needs it and keep the workflow level at \`permissions: {}\` or \`contents: read\`.`,
              fix,
            });
          }
        }

        if (!workflowPermissions && !reusableOnly(pipeline)) {
          const fix = sharedFix(() => (inheriting.length > 0 ? workflowPermissionsFix(pipeline, 'add', resolveCallee) : undefined));
          for (const job of inheriting) {
            const exposure = exposureOf(job, pipeline, context.project);
            if (exposure.unreachable) continue;
            context.report({
              messageId: 'defaultPermissions',
              data: { job: job.id, actor: actor(exposure) },
              at: jobKeyOrigin(job, pipeline),
              severity: scaledSeverity(exposure, 'medium'),
              confidence: 'medium',
              trust: trustContext(exposure),
              tip: TIP_SCOPED,
              fix,
            });
          }
        }
      },
      job(job, pipeline) {
        if (pipeline.kind !== 'workflow') return;
        const granted = job.permissions ?? (pipeline.jobs.length === 1 ? pipeline.permissions : undefined);
        if (granted && !granted.shorthand) {
          const high = Object.entries(granted.scopes)
            .filter(([scope, grant]) => grant.level === 'write' && tokenScope(scope)?.tier === 'high')
            .map(([scope]) => scope);
          const unused = unusedWrites(job, pipeline, high, resolveCallee);
          const exposure = exposureOf(job, pipeline, context.project);
          if (unused.length > 0 && !exposure.unreachable) {
            for (const scope of unused) {
              const grant = granted.scopes[scope];
              if (!grant) continue;
              context.report({
                messageId: 'unusedWrite',
                data: {
                  job: job.id,
                  scope,
                  actor: actor(exposure),
                  impact: tokenScope(scope)?.writeImpact ?? `use the \`${scope}\` scope`,
                },
                at: grant.origin,
                severity: atLeastLow(scaledSeverity(exposure, 'medium')),
                confidence: 'medium',
                trust: trustContext(exposure),
                tip: `Remove \`${scope}: write\`; if a step does need it, grant it to that job only and say why in a comment.`,
              });
            }
          }
        }
        if (job.permissions?.shorthand !== 'write-all') return;
        const exposure = exposureOf(job, pipeline, context.project);
        if (exposure.unreachable) return;
        context.report({
          messageId: 'writeAllJob',
          data: { job: job.id, actor: actor(exposure) },
          at: job.permissions.origin,
          severity: atLeastLow(scaledSeverity(exposure, 'high')),
          trust: trustContext(exposure),
          tip: 'List only the scopes the job uses, for example `permissions: { contents: read, pull-requests: write }`.',
          fix: () => jobWriteAllFix(job, pipeline, resolveCallee),
        });
      },
    };
  },
});

/** Only `workflow_call` starts it: the caller's permissions cap the token. */
function reusableOnly(pipeline: Pipeline): boolean {
  return pipeline.triggers.length > 0 && pipeline.triggers.every((t) => t.name === 'workflow_call');
}
