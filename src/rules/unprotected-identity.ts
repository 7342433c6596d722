/**
 * unprotected-identity: a GitLab job that mints an OIDC token (`id_tokens:`) or pulls secrets from
 * a secrets manager (`secrets:`) and may run on refs anyone with Developer access controls:
 * unprotected branches and tags, merge request pipelines, and merge requests from forks that a
 * member runs in the parent project (the fork's code with the parent's identity). Unless the
 * cloud role or Vault policy checks the `ref_protected` claim, whoever can push a branch gets the
 * job's access. `id_tokens:` in `default:` hands a token to every job and is reported once there.
 * Ignores: jobs whose rules keep them to protected refs (`$CI_COMMIT_REF_PROTECTED == "true"`,
 * the default branch, protected tags) and jobs that never run.
 * Data: the job's triggers (platforms/gitlab/data/pipeline-sources.ts) and rules/data/gitlab-refs.ts.
 * Semantics: https://docs.gitlab.com/ci/secrets/id_token_authentication/ (claims `ref_protected`,
 * `ref_type`), https://docs.gitlab.com/ci/pipelines/merge_request_pipelines/#run-pipelines-in-the-parent-project
 */
import { exposureOf, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import type { Job, Origin } from '../model/types.js';
import { defineRule } from './define-rule.js';
import { unprotectedReach } from './data/gitlab-refs.js';

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
    summary: 'OIDC tokens or vault secrets in GitLab jobs that run on unprotected refs',
    description:
      'A job with id_tokens: or secrets: that runs for unprotected branches, tags or merge requests gives its cloud or secrets-manager identity to anyone who can push a branch (or, through fork merge requests run in the parent, to outside contributors), unless every trust policy checks ref_protected.',
    category: 'identity',
    platforms: ['gitlab'],
    severity: 'high',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      identity:
        '{{holder}} {{what}} and can run for {{refs}}: whoever can push a branch{{forks}} can use it, unless every service that accepts it checks the `ref_protected` claim',
    },
    owasp: ['CICD-SEC-5', 'CICD-SEC-2'],
    phase: 'foundations',
    related: {},
  },
  create(context) {
    return {
      pipeline(pipeline) {
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
