/**
 * cache-poisoning: the GitHub Actions cache carries files from one run into another, across
 * trust. A run in the default branch's cache scope can save entries that every branch's runs,
 * release runs included, later restore. Two findings:
 *   - writable: a job that outsiders can start in that scope (`pull_request_target`,
 *     `issue_comment`, `workflow_run`...) is given cache write access with `cache-mode: write` or
 *     `write-only`. GitHub makes the cache read-only for such low-trust events by default since
 *     2026-06-26 and warns when a workflow opts back in; with pull request code checked out the
 *     attacker writes whatever entries they like (high), otherwise the job's own data still
 *     flows up (medium). The `lowTrustCacheDefault: write` option treats an unset mode as write,
 *     for GitHub Enterprise Server versions without that default.
 *   - restored: a job that publishes or deploys (or runs for tag pushes and releases) restores a
 *     cache. Whatever wrote that entry in the default branch's scope ends up in the release: any
 *     compromised dependency or injection in an ordinary CI run can poison it. Medium when a
 *     writable job of the repository (above) can write caches, low otherwise.
 * Pull request runs (`pull_request`, reviews) save into their own merge ref's scope, which no
 * other branch restores, so they are not writers here.
 * Sources: https://github.blog/changelog/2026-09-10-control-github-actions-cache-access-with-cache-mode
 * and https://docs.github.com/en/actions/reference/workflows-and-actions/dependency-caching#restrictions-for-accessing-a-cache
 * Channels come from the model (Job.channels, from the cache action table with its sources).
 * On GitLab: `cache:unprotect: true`. GitLab keeps separate caches for protected and
 * unprotected refs by default; `unprotect` joins them, so a job on any branch or merge request
 * writes entries that protected-ref jobs with the same key restore. Medium, high when a job that
 * publishes or deploys restores such a cache. https://docs.gitlab.com/ci/caching/#use-the-same-cache-for-all-branches
 * On Tekton: a PersistentVolumeClaim bound by name in a run an outsider can start and in a run
 * only writers start (or in one run that both start): the claim keeps its files between runs
 * (rules/data/tekton-claims.ts). High when the trusted run holds secrets or a named service
 * account, medium otherwise; scaled by the outsider run's gates (`/ok-to-test`).
 */
import { evaluateConstant, type Facts, isTruthy } from '../analysis/expressions/github-eval.js';
import { parseGithubExpression } from '../analysis/expressions/github-parser.js';
import type { Project } from '../analysis/project.js';
import { exposureOf, reachingTriggers, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import { effectiveTriggers } from '../analysis/trust/workflow-run.js';
import { savesCacheToOwnRef } from '../model/cache-scope.js';
import type { ChannelUse, Job, Origin, Pipeline, Trigger } from '../model/types.js';
import { Trust } from '../model/types.js';
import { defineRule } from './define-rule.js';
import { PrRefResolver, untrustedCheckouts } from './data/pr-checkout.js';
import { type ClaimBinding, claimBindings } from './data/tekton-claims.js';
import { publishSites } from './data/publish-targets.js';

const WRITE_MODES = new Set(['write', 'write-only']);
const RESTORE_MODES = new Set(['read', 'write']);
/** `release` events and pushes that name tags. */
function isReleaseTrigger(trigger: Trigger): boolean {
  if (trigger.kind === 'tag') return true;
  return trigger.name === 'push' && (trigger.filters.tags?.length ?? 0) > 0;
}

interface Writable {
  job: Job;
  pipeline: Pipeline;
  triggers: Trigger[];
  explicit: boolean;
}

function cacheModeOf(job: Job, lowTrustDefault: string): { mode: string; explicit: boolean } {
  const set = job.github?.cacheMode?.mode;
  return set ? { mode: set, explicit: true } : { mode: lowTrustDefault, explicit: false };
}

/** Low-trust triggers of a job that run in the base branch's cache scope. */
function lowTrustSharedScope(job: Job, pipeline: Pipeline, project: Project): Trigger[] {
  const triggers = effectiveTriggers(reachingTriggers(job, pipeline, project), project);
  return triggers.filter((t) => t.minTrust <= Trust.Contributor && !savesCacheToOwnRef(pipeline.platform, t.kind));
}

function cacheWrites(job: Job): ChannelUse[] {
  return (job.channels ?? []).filter((c) => c.kind === 'cache' && c.access !== 'read');
}

function cacheRestores(job: Job): ChannelUse[] {
  return (job.channels ?? []).filter((c) => c.kind === 'cache' && c.access !== 'write');
}

/** What the context says in a run for a tag: a `release` event or a tag push. */
function releaseFacts(trigger: Trigger): Facts {
  return new Map<string, string>([
    ['github.event_name', trigger.name === 'release' ? 'release' : 'push'],
    ['github.ref_type', 'tag'],
    ['github.ref', 'refs/tags/v1.0.0'],
    ['github.ref_name', 'v1.0.0'],
  ]);
}

/** Off in every release run of the job: the toggle's expression is false for each release trigger. */
function offInReleases(use: ChannelUse, job: Job): boolean {
  if (!use.enabledIf) return false;
  const releases = job.triggers.filter(isReleaseTrigger);
  if (releases.length === 0) return false;
  const { ast } = parseGithubExpression(use.enabledIf);
  if (!ast) return false;
  return releases.every((trigger) => {
    const result = evaluateConstant(ast, releaseFacts(trigger));
    return result.known && !isTruthy(result.value);
  });
}

function publishes(job: Job): boolean {
  return job.steps.some((step) => publishSites(step, job).length > 0);
}

/** A job that publishes, or that release events and tag pushes reach (tags are taken to be releases). */
function isRelease(job: Job): boolean {
  return publishes(job) || job.triggers.some(isReleaseTrigger);
}

export default defineRule({
  meta: {
    id: 'cache-poisoning',
    summary: 'Cache written by runs outsiders start, or restored into releases',
    description:
      'A job outsiders can start is given write access to the Actions cache of the default branch, or a release or deploy job restores a cache that any run in that scope can write, so poisoned files reach privileged runs and releases.',
    category: 'trust',
    platforms: ['github', 'gitlab', 'tekton'],
    severity: 'high',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'none',
    network: false,
    options: {
      lowTrustCacheDefault: {
        type: 'string',
        description:
          "Cache access low-trust events get when no cache-mode is set: 'read' (GitHub.com since 2026-06-26) or 'write' (older GitHub Enterprise Server).",
        default: 'read',
        enum: ['read', 'write'],
      },
    },
    messages: {
      writable:
        'job `{{job}}` can be started by {{who}} through `{{trigger}}` and may write the default branch cache ({{mode}}){{code}}; runs that restore those entries, releases included, run what the attacker saved',
      restored:
        '`{{action}}` restores a cache in job `{{job}}`, which {{what}}: any run that can save entries in the default branch scope{{writers}} decides what this release is built from',
      sharedClaim:
        "claim `{{claim}}` is bound by {{run}}, which {{trusted}} starts, and by {{writer}}, which {{outsider}} can start: files that run leaves on the claim (pull request code, build caches, tools) are in this run's workspace with {{privileges}}",
      unprotected:
        '`unprotect: true` shares cache `{{key}}` of {{jobs}} between protected and unprotected refs: a pipeline on any branch or merge request can save entries that protected-ref jobs{{release}} restore',
    },
    owasp: ['CICD-SEC-9', 'CICD-SEC-4'],
    phase: 'foundations',
    related: { zizmor: ['cache-poisoning'], codeql: ['actions/cache-poisoning/direct-cache', 'actions/cache-poisoning/poisonable-step'] },
  },
  create(context) {
    const lowTrustDefault = (context.options.lowTrustCacheDefault as string | undefined) === 'write' ? 'write' : 'read';
    const resolver = new PrRefResolver(context.project);
    // Writable jobs per repository, found once for all the repository's release jobs.
    const writableByRepository = new Map<string, Writable[]>();
    const writableIn = (root: string): Writable[] => {
      let found = writableByRepository.get(root);
      if (found) return found;
      found = [];
      for (const pipeline of context.project.pipelinesIn(root)) {
        if (pipeline.platform !== 'github' || pipeline.kind !== 'workflow') continue;
        for (const job of pipeline.jobs) {
          const { mode, explicit } = cacheModeOf(job, lowTrustDefault);
          if (!WRITE_MODES.has(mode)) continue;
          const triggers = lowTrustSharedScope(job, pipeline, context.project);
          if (triggers.length) found.push({ job, pipeline, triggers, explicit });
        }
      }
      writableByRepository.set(root, found);
      return found;
    };
    const reportGitlab = (pipeline: Pipeline) => {
      const byPlace = new Map<string, { at: Origin; key: string; jobs: Job[] }>();
      for (const job of pipeline.jobs) {
        for (const cache of job.gitlab?.caches ?? []) {
          if (!cache.unprotectAt) continue;
          const place = `${cache.unprotectAt.file.path}:${cache.unprotectAt.span.start}`;
          const entry = byPlace.get(place) ?? { at: cache.unprotectAt, key: cache.key ?? 'default', jobs: [] };
          entry.jobs.push(job);
          byPlace.set(place, entry);
        }
      }
      for (const { at, key, jobs } of byPlace.values()) {
        const releases = jobs.filter((j) => j.steps.some((s) => publishSites(s, j).length > 0));
        const [first] = jobs;
        if (!first) continue;
        context.report({
          messageId: 'unprotected',
          data: {
            key,
            jobs:
              jobs.length === 1
                ? `job \`${first.id}\``
                : `${jobs.length} jobs (${jobs
                    .slice(0, 4)
                    .map((j) => j.id)
                    .join(', ')}${jobs.length > 4 ? ', ...' : ''})`,
            release: releases.length ? `, ${releases[0]?.id} among them, which publishes or deploys,` : '',
          },
          at,
          severity: releases.length ? 'high' : 'medium',
          trust: trustContext(exposureOf(first, pipeline, context.project)),
          tip: 'Remove unprotect: true so protected refs keep their own cache (the default), or give protected-ref jobs a key unprotected pipelines never write.',
        });
      }
    };
    const claimsByRepository = new Map<string, Map<string, ClaimBinding[]>>();
    const reportTekton = (pipeline: Pipeline) => {
      const root = context.project.repositoryOf(pipeline);
      let claims = claimsByRepository.get(root);
      if (!claims) {
        claims = claimBindings(context.project, root);
        claimsByRepository.set(root, claims);
      }
      for (const list of claims.values()) {
        for (const reader of list.filter((b) => b.pipeline === pipeline && b.trusted.length > 0)) {
          const writer = list.find((b) => b.outsiders.length > 0);
          if (!writer) continue;
          const exposure = exposureOf(writer.job, writer.pipeline, context.project, writer.outsiders);
          const readerExposure = exposureOf(reader.job, reader.pipeline, context.project, reader.trusted);
          const holds = reader.job.secrets.length > 0 || (reader.job.tekton?.serviceAccount?.name ?? 'default') !== 'default';
          const same = writer.job === reader.job;
          context.report({
            messageId: 'sharedClaim',
            data: {
              claim: reader.use.name,
              run: `run \`${reader.job.id}\``,
              trusted: `\`${[...new Set(reader.trusted.map((t) => t.name))].join('`, `')}\``,
              writer: same
                ? 'the same run'
                : `run \`${writer.job.id}\`${writer.pipeline.file === pipeline.file ? '' : ` (${writer.pipeline.file.path})`}`,
              outsider: `\`${[...new Set(writer.outsiders.map((t) => t.name))].join('`, `')}\``,
              privileges: readerExposure.privileges.join(', '),
            },
            at: reader.use.origin,
            severity: scaledSeverity(exposure, holds ? 'high' : 'medium'),
            confidence: 'medium',
            related: same ? [] : [{ at: writer.use.origin, note: `run ${writer.job.id} binds the same claim` }],
            trust: trustContext(exposure),
            tip: 'Give runs that outsiders can start their own storage: a volumeClaimTemplate (a fresh volume per run) or emptyDir, never a claim that push or release runs also bind.',
          });
        }
      }
    };
    return {
      pipeline(pipeline) {
        if (pipeline.platform === 'gitlab') reportGitlab(pipeline);
        if (pipeline.platform === 'tekton') reportTekton(pipeline);
      },
      job(job, pipeline) {
        if (pipeline.platform !== 'github' || pipeline.kind !== 'workflow') return;
        // Jobs without a cache action and without a cache-mode can neither write nor restore.
        if (!job.channels?.some((c) => c.kind === 'cache') && !job.github?.cacheMode && lowTrustDefault === 'read') return;
        const root = context.project.repositoryOf(pipeline);
        const writable = writableIn(root);
        const own = writable.find((w) => w.job === job && w.pipeline === pipeline);
        if (own) {
          const runsPrCode = untrustedCheckouts(job, pipeline, resolver).length > 0;
          // Without pull request code the attacker only steers the job's own data; only actual saves count then.
          if (runsPrCode || cacheWrites(job).length > 0) {
            const trigger = own.triggers[0] as Trigger;
            const exposure = exposureOf(job, pipeline, context.project, own.triggers);
            const mode = job.github?.cacheMode;
            context.report({
              messageId: 'writable',
              data: {
                job: job.id,
                who: trigger.minTrust === Trust.Anyone ? 'anyone' : 'any account',
                trigger: trigger.name,
                mode: own.explicit ? `cache-mode: ${mode?.mode}` : 'lowTrustCacheDefault: write',
                code: runsPrCode ? ' after checking out pull request code' : '',
              },
              at: mode?.origin ?? job.origin,
              severity: scaledSeverity(exposure, runsPrCode ? 'high' : 'medium'),
              related: cacheWrites(job)
                .slice(0, 3)
                .map((c) => ({ at: c.origin, note: `${c.via} saves cache ${c.name}` })),
              trust: trustContext(exposure),
              tip: 'Remove cache-mode: write (GitHub then gives this event read-only cache access), or set cache-mode: none; save caches only from push runs of the default branch.',
            });
          }
        }
        // Cheap checks first: whether a job publishes needs its scripts' shell facts.
        const { mode } = cacheModeOf(job, 'write');
        if (!RESTORE_MODES.has(mode)) return;
        const restores = cacheRestores(job).filter((use) => !offInReleases(use, job));
        if (restores.length === 0 || !isRelease(job)) return;
        const writers = writable.filter((w) => w.job !== job && cacheWrites(w.job).length > 0);
        const what = publishes(job) ? 'publishes or deploys' : 'runs for tags and releases';
        for (const restore of restores) {
          context.report({
            messageId: 'restored',
            data: {
              action: restore.via,
              job: job.id,
              what,
              writers: writers.length ? `, including job \`${writers[0]?.job.id}\` that outsiders can start,` : '',
            },
            at: restore.origin,
            severity: writers.length ? 'medium' : 'low',
            related: writers
              .slice(0, 3)
              .map((w) => ({ at: w.job.origin, note: `job ${w.job.id} can write the cache for ${w.triggers[0]?.name}` })),
            tip: 'Build releases from a clean state: set cache-mode: none on release and publish jobs (or turn the action cache off: cache: false, lookup-only), and never restore a cache into a job that signs or publishes.',
          });
        }
      },
    };
  },
});
