/**
 * unprotected-identity: a GitLab job that mints an OIDC token (`id_tokens:`) or pulls secrets from
 * a secrets manager (`secrets:`) and may run on refs anyone with Developer access controls:
 * unprotected branches and tags, merge request pipelines, and merge requests from forks that a
 * member runs in the parent project (the fork's code with the parent's identity). Unless the
 * cloud role or Vault policy checks the `ref_protected` claim, whoever can push a branch gets the
 * job's access. `id_tokens:` in `default:` hands a token to every job and is reported once there.
 * Ignores: jobs whose rules keep them to protected refs (`$CI_COMMIT_REF_PROTECTED == "true"`,
 * the default branch, protected tags) and jobs that never run.
 * On Tekton: a credential (a Secret workspace, a credential-named volume, `secretKeyRef` env, a
 * named service account and its token) held by a task that runs pull request code a clone task
 * fetched, in runs an outsider can start (research/platforms.md TK-SEC-01, TK-SEC-02, TK-IDN-01);
 * reported once where the run gives the credential, naming the tasks.
 * Ignores on Tekton: clones that nothing runs, and runs only writers start (pushes, direct runs).
 * Data: the job's triggers (platforms/gitlab/data/pipeline-sources.ts), rules/data/gitlab-refs.ts,
 * rules/data/tekton-checkout.ts and rules/data/tekton-credentials.ts.
 * Semantics: https://docs.gitlab.com/ci/secrets/id_token_authentication/ (claims `ref_protected`,
 * `ref_type`), https://docs.gitlab.com/ci/pipelines/merge_request_pipelines/#run-pipelines-in-the-parent-project
 */
import type { Project } from '../analysis/project.js';
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import type { Job, Origin, Pipeline, Trigger } from '../model/types.js';
import { Trust } from '../model/types.js';
import { defineRule, type NotedTarget, type ReportDescriptor } from './define-rule.js';
import { unprotectedReach } from './data/gitlab-refs.js';
import { cloneAndRunTriggers, tektonCheckouts } from './data/tekton-checkout.js';
import { type HeldCredential, heldCredentials, runCredentials } from './data/tekton-credentials.js';

interface Group {
  at: Origin;
  what: string;
  jobs: Job[];
  refs: Set<string>;
  fromForks: boolean;
  gated: boolean;
}

export default defineRule({
  meta: {
    id: 'unprotected-identity',
    summary: 'Identities and secrets in jobs that run code from unprotected refs or pull requests',
    description:
      'A GitLab job with id_tokens: or secrets: that runs for unprotected branches, tags or merge requests gives its cloud or secrets-manager identity to anyone who can push a branch, unless every trust policy checks ref_protected. A Tekton task that runs pull request code while it holds a Secret workspace, secret env or a named service account gives them to the pull request author.',
    category: 'identity',
    platforms: ['gitlab', 'tekton'],
    severity: 'high',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      identity:
        '{{holder}} {{what}} and can run for {{refs}}: whoever can push a branch{{forks}} can use it, unless every service that accepts it checks the `ref_protected` claim',
      pacDefinition:
        "{{what}} is given to every task of run `{{run}}`, and Pipelines-as-Code runs the pull request's own `.tekton/` copy of it for `{{trigger}}`: once a pull request may run, its author can rewrite the run to use the credential as they like{{extra}}",
      tektonCredential:
        "{{what}} is given to {{holder}}, where `{{tool}}` runs {{reads}} from the pull request that {{clone}} cloned, in runs `{{trigger}}` starts: the pull request author's code can read and use it{{extra}}",
    },
    owasp: ['CICD-SEC-5', 'CICD-SEC-2'],
    phase: 'foundations',
    related: {},
  },
  create(context) {
    return {
      pipeline(pipeline) {
        if (pipeline.platform === 'tekton') {
          for (const report of tektonReports(pipeline, context.project)) context.report(report);
          return;
        }
        const groups = new Map<string, Group>();
        const add = (at: Origin, what: string, job: Job) => {
          const reach = unprotectedReach(job.triggers);
          if (reach.refs.length === 0) return;
          const key = `${at.file.path}:${at.span.start}`;
          let group = groups.get(key);
          if (!group) {
            group = { at, what, jobs: [], refs: new Set(), fromForks: false, gated: true };
            groups.set(key, group);
          }
          group.jobs.push(job);
          for (const ref of reach.refs) group.refs.add(ref);
          group.fromForks ||= reach.fromForks;
          group.gated &&= job.gates.some((g) => g.kind === 'manual' && !g.spoofable);
        };
        for (const job of pipeline.jobs) {
          // Rules inherited from a template of an include not read offline are unknown.
          if (job.gitlab?.unresolvedExtends && !job.gitlab.conditions) continue;
          const token = job.gitlab?.idTokens[0];
          if (token) {
            const audiences = job.gitlab?.idTokens.flatMap((t) => t.audiences) ?? [];
            const names = job.gitlab?.idTokens.map((t) => `\`${t.name}\``).join(', ');
            add(token.origin, `OIDC token ${names}${audiences.length ? ` (aud ${audiences.join(', ')})` : ''}`, job);
          }
          const secret = job.secrets[0];
          if (secret) add(secret.origin, `secrets ${job.secrets.map((s) => `\`${s.name}\``).join(', ')} from the secrets manager`, job);
        }
        for (const group of groups.values()) {
          const [first, ...others] = group.jobs;
          if (!first) continue;
          let severity: Severity = group.fromForks ? 'high' : 'medium';
          if (group.gated) severity = severity === 'high' ? 'medium' : 'low';
          const isShared = others.length > 0;
          context.report({
            messageId: 'identity',
            data: {
              what: group.what,
              holder: isShared
                ? `${group.jobs.length} jobs (${group.jobs
                    .map((j) => j.id)
                    .slice(0, 4)
                    .join(', ')}${group.jobs.length > 4 ? ', ...' : ''}) hold`
                : `Job \`${first.id}\` holds`,
              refs: [...group.refs].join(', '),
              forks: group.fromForks ? ', or an outsider through a fork merge request a member runs in the parent project,' : '',
            },
            at: group.at,
            severity,
            related: first.gitlab?.conditions ? [{ at: first.gitlab.conditions, note: 'the rules that let the job run there' }] : [],
            trust: trustContext(exposureOf(first, pipeline, context.project)),
            tip: 'Keep the job to protected refs (rules: - if: $CI_COMMIT_REF_PROTECTED == "true"), declare id_tokens only in the jobs that need them (not in default:), and bind the cloud role or Vault role to ref_protected: true and the project path.',
          });
        }
      },
    };
  },
});

interface TektonGroup {
  credential: HeldCredential;
  holders: Job[];
  triggers: Set<Trigger>;
  first: { tool: string; reads: string; at: Origin; clone: string; cloneAt: Origin; holder: Job; unit: Pipeline };
}

const EXTRA: Record<HeldCredential['kind'], string> = {
  'secret-workspace': '',
  'credential-volume': '',
  'secret-env': '',
  'service-account': ' (its API token, and the git and docker Secrets Tekton writes into every step from it)',
  'default-token': '',
};

/** Credentials of tasks that run pull request code, one report per place a run gives one. */
type TektonMessage = 'tektonCredential' | 'pacDefinition';

function tektonReports(pipeline: Pipeline, project: Project): ReportDescriptor<TektonMessage>[] {
  return [...cloneReports(pipeline, project), ...pacDefinitionReports(pipeline, project)];
}

/** Credential sites the clone-and-run reports of a unit cover. */
function cloneSites(unit: Pipeline | undefined, project: Project): Set<string> {
  return new Set(unit ? cloneGroups(unit, project).keys() : []);
}

/**
 * A Pipelines-as-Code pull request run whose definition comes from the pull request (the default
 * `pipelinerun_provenance: source`): every credential the run binds is the author's to use once
 * the run may start (research/platforms.md TK-PAC-01). Medium at most, lowered by `/ok-to-test`.
 */
function pacDefinitionReports(pipeline: Pipeline, project: Project): ReportDescriptor<'pacDefinition'>[] {
  const ext = pipeline.tekton;
  if (!ext?.pac || (ext.resourceKind !== 'PipelineRun' && ext.resourceKind !== 'TaskRun')) return [];
  const out: ReportDescriptor<'pacDefinition'>[] = [];
  for (const job of pipeline.jobs) {
    const triggers = job.triggers.filter(
      (t) => (t.kind === 'pr' || t.kind === 'comment') && t.minTrust <= Trust.Contributor && t.definitionSource === 'triggering-ref',
    );
    if (triggers.length === 0) continue;
    const covered = cloneSites(job.uses?.unit, project);
    for (const credential of runCredentials(job)) {
      if (covered.has(`${credential.at.file.path}:${credential.at.span.start}`)) continue;
      const exposure = exposureOf(job, pipeline, project, triggers);
      let severity = scaledSeverity(exposure, 'medium');
      if (credential.tokenUnmounted || credential.kind === 'default-token') severity = severity === 'medium' ? 'low' : 'info';
      out.push({
        messageId: 'pacDefinition',
        data: {
          what: credential.what[0]?.toUpperCase() + credential.what.slice(1),
          run: job.id,
          trigger: [...new Set(triggers.map((t) => t.name))].join('`, `'),
          extra: credential.kind === 'service-account' ? ' (its API token, and the git and docker Secrets Tekton writes from it)' : '',
        },
        at: credential.at,
        severity,
        confidence: 'medium',
        trust: trustContext(exposure),
        tip: 'Set pipelinerun_provenance: default_branch in the Repository CR (the run definition then comes from the default branch, not from the pull request), and keep credentials out of pull request runs.',
      });
    }
  }
  return out;
}

function cloneReports(pipeline: Pipeline, project: Project): ReportDescriptor<'tektonCredential'>[] {
  return [...cloneGroups(pipeline, project).values()].map((group) => groupReport(group, project));
}

function cloneGroups(pipeline: Pipeline, project: Project): Map<string, TektonGroup> {
  const groups = new Map<string, TektonGroup>();
  for (const checkout of tektonCheckouts(pipeline, project)) {
    for (const run of checkout.runs) {
      const holder = run.task ?? run.job;
      const triggers = cloneAndRunTriggers(checkout, holder);
      if (triggers.length === 0) continue;
      for (const credential of heldCredentials(run)) {
        const key = `${credential.at.file.path}:${credential.at.span.start}`;
        let group = groups.get(key);
        if (!group) {
          const { tool, reads, at } = run.execution;
          group = {
            credential,
            holders: [],
            triggers: new Set(),
            first: { tool, reads, at, clone: checkout.what, cloneAt: checkout.at, holder, unit: run.task ? checkout.unit : run.unit },
          };
          groups.set(key, group);
        }
        if (!group.holders.includes(holder)) group.holders.push(holder);
        for (const t of triggers) group.triggers.add(t);
      }
    }
  }
  return groups;
}

function groupReport(group: TektonGroup, project: Project): ReportDescriptor<'tektonCredential'> {
  const { credential, first } = group;
  const triggers = [...group.triggers];
  const exposure = exposureOf(first.holder, first.unit, project, triggers);
  // The service account's rights live in the cluster (RBAC); without its token, only the credentials Tekton attaches remain.
  let severity = scaledSeverity(exposure, 'high');
  if (credential.tokenUnmounted || credential.kind === 'default-token') severity = severity === 'high' ? 'medium' : 'low';
  const names = group.holders.map((h) => `\`${h.id}\``);
  const related: NotedTarget[] = [
    { at: first.cloneAt, note: `${first.clone} clones pull request code` },
    { at: first.at, note: `${first.tool} runs ${first.reads} with the credential` },
  ];
  return {
    messageId: 'tektonCredential' as const,
    data: {
      what: credential.what[0]?.toUpperCase() + credential.what.slice(1),
      holder: names.length > 1 ? `tasks ${names.slice(0, 4).join(', ')}${names.length > 4 ? ', ...' : ''}` : `task ${names[0]}`,
      tool: first.tool,
      reads: first.reads,
      clone: first.clone,
      trigger: [...new Set(triggers.map((t) => t.name))].join('`, `'),
      extra: credential.tokenUnmounted
        ? ' (its token is not mounted, but Tekton still writes the git and docker Secrets attached to it into every step)'
        : EXTRA[credential.kind],
    },
    at: credential.at,
    severity,
    confidence: credential.kind === 'service-account' || credential.kind === 'credential-volume' ? 'medium' : 'high',
    related,
    trust: trustContext(exposure),
    tip: 'Map Secret workspaces only into the tasks that need them (not into tasks that build or test the pull request), run pull request validation under a service account with no secrets and no rights beyond its namespace, and set automountServiceAccountToken: false in the pod template of tasks that run pull request code.',
  };
}
