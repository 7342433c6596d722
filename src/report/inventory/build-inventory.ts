/**
 * The inventory (issue 7): per pipeline its triggers with trust, jobs with runner, permissions,
 * OIDC, environment and secrets, and third-party references with pin state; plus the secrets map
 * (secret -> jobs -> triggers -> lowest trust). A pure projection of the model into public data:
 * no model objects leak into the output, only names, paths and lines.
 */
import type { Job, Pipeline, Reference, Trigger } from '../../model/types.js';
import type { Trust } from '../../model/types.js';
import { savesCacheToOwnRef } from '../../model/cache-scope.js';
import { repositoryRootOf } from '../../model/repository.js';
import { compareText, inFileOrder } from '../stable-order.js';
import { lineOf } from '../source-line.js';

export const INVENTORY_VERSION = '1';

/** The name a job's secrets are listed under when it reads them by a computed name or all at once. */
export const DYNAMIC_SECRET = '*';
/** The artifact name of a download that takes every artifact of the run. */
const DYNAMIC_NAME = '*';

export interface InventoryTrigger {
  name: string;
  kind: string;
  minTrust: number;
  privileged: boolean;
}

export interface InventoryJob {
  id: string;
  runner: { labels: string[]; selfHosted: boolean | 'unknown' };
  permissions: string | Record<string, string> | null;
  oidc: boolean;
  environment: { name: string; isProtected: boolean | 'unknown' } | null;
  secrets: string[];
  triggers: string[];
  /** Artifacts and caches the job writes or reads. */
  channels: InventoryChannelUse[];
}

export interface InventoryChannelUse {
  kind: 'artifact' | 'cache';
  name: string;
  access: 'read' | 'write' | 'read-write';
  otherRun: boolean;
  via: string;
  line: number;
  /** Protected and unprotected refs keep separate copies (GitLab caches without `unprotect`). */
  partitioned?: true;
}

/** A job at one end of a channel, with the lowest trust that can make it run (null: no trigger). */
export interface ChannelEnd {
  file: string;
  job: string;
  lowestTrust: number | null;
  /** Some trigger that reaches the job runs it with privileges (secrets, a write token) whoever caused it. */
  privileged: boolean;
  /** A cache writer whose every run is a pull request's: its caches stay in that pull request's ref. */
  pullRequestScope?: true;
  /** A cache writer whose runs on unprotected refs keep their own copy (GitLab without `unprotect`). */
  partitioned?: true;
  /** A reader that takes the artifact from another run (by run id, or from workflow_run's trigger). */
  otherRun?: true;
}

/**
 * One artifact or cache and the jobs on each side of it. Artifacts live in one run, so they are
 * matched within a file, except downloads from another run, which match any writer of the
 * repository; caches are shared by key across the repository.
 */
export interface ChannelFlow {
  kind: 'artifact' | 'cache';
  name: string;
  /** The file (artifacts of one run) or repository folder (caches, cross-run artifacts) it lives in. */
  scope: string;
  writers: ChannelEnd[];
  readers: ChannelEnd[];
  /**
   * Data flows up: a writer can be made to run by less trust than some reader, or an outsider's
   * unprivileged run writes what a privileged run (workflow_run, pull_request_target) reads. Jobs
   * of one run share its trigger, so an artifact crosses only into readers from another run.
   */
  crossesTrust: boolean;
}

export interface InventoryReference {
  kind: string;
  name: string;
  ref: string | null;
  pin: string;
  line: number;
}

export interface InventoryPipeline {
  file: string;
  platform: string;
  kind: string;
  name: string | null;
  triggers: InventoryTrigger[];
  jobs: InventoryJob[];
  references: InventoryReference[];
}

export interface SecretUse {
  secret: string;
  jobs: { file: string; job: string }[];
  triggers: string[];
  /** Lowest trust level (0 = anyone) that can cause a job holding the secret to run; null if no trigger. */
  lowestTrust: number | null;
}

export interface Inventory {
  version: string;
  pipelines: InventoryPipeline[];
  secrets: SecretUse[];
  channels: ChannelFlow[];
}

function permissionsOf(job: Job, pipeline: Pipeline): InventoryJob['permissions'] {
  const permissions = job.permissions ?? pipeline.permissions;
  if (!permissions) return null;
  if (permissions.shorthand) return permissions.shorthand;
  const scopes: Record<string, string> = {};
  for (const [scope, value] of Object.entries(permissions.scopes)) scopes[scope] = value.level;
  return scopes;
}

function jobSecrets(job: Job): string[] {
  const names = new Set<string>();
  for (const secret of job.secrets) names.add(secret.dynamic ? DYNAMIC_SECRET : secret.name);
  return [...names].sort();
}

function describeReference(reference: Reference): InventoryReference {
  return {
    kind: reference.kind,
    name: reference.name,
    ref: reference.ref ?? null,
    pin: reference.pin,
    line: lineOf(reference.origin.file, reference.origin.span.start),
  };
}

function describeTrigger(trigger: Trigger): InventoryTrigger {
  return { name: trigger.name, kind: trigger.kind, minTrust: trigger.minTrust, privileged: trigger.privileged };
}

export function buildInventory(pipelines: Pipeline[]): Inventory {
  const secrets = new Map<string, { jobs: { file: string; job: string }[]; triggers: Set<string>; lowest: Trust | null }>();
  const out: InventoryPipeline[] = [];
  for (const pipeline of inFileOrder(pipelines)) {
    const jobs = pipeline.jobs.map((job): InventoryJob => {
      const names = jobSecrets(job);
      for (const name of names) {
        const entry = secrets.get(name) ?? { jobs: [], triggers: new Set<string>(), lowest: null };
        entry.jobs.push({ file: pipeline.file.path, job: job.id });
        for (const trigger of job.triggers) {
          entry.triggers.add(trigger.name);
          entry.lowest = entry.lowest === null ? trigger.minTrust : Math.min(entry.lowest, trigger.minTrust);
        }
        secrets.set(name, entry);
      }
      return {
        id: job.id,
        runner: { labels: job.runner.labels, selfHosted: job.runner.selfHosted },
        permissions: permissionsOf(job, pipeline),
        oidc: job.identity.oidc,
        environment: job.environment ? { name: job.environment.name, isProtected: job.environment.isProtected } : null,
        secrets: names,
        triggers: [...new Set(job.triggers.map((t) => t.name))].sort(),
        channels: (job.channels ?? []).map((use) => ({
          kind: use.kind,
          name: use.name,
          access: use.access,
          otherRun: use.otherRun,
          via: use.via,
          line: lineOf(use.origin.file, use.origin.span.start),
          ...(use.partitioned ? { partitioned: true as const } : {}),
        })),
      };
    });
    out.push({
      file: pipeline.file.path,
      platform: pipeline.platform,
      kind: pipeline.kind,
      name: pipeline.name ?? null,
      triggers: pipeline.triggers.map(describeTrigger),
      jobs,
      references: pipeline.references.filter((r) => !r.isLocal).map(describeReference),
    });
  }
  const secretUses = [...secrets.entries()]
    .map(([secret, entry]) => ({ secret, jobs: entry.jobs, triggers: [...entry.triggers].sort(), lowestTrust: entry.lowest }))
    .sort((a, b) => (a.lowestTrust ?? 9) - (b.lowestTrust ?? 9) || compareText(a.secret, b.secret));
  return { version: INVENTORY_VERSION, pipelines: out, secrets: secretUses, channels: channelFlows(out) };
}

function channelEnd(job: InventoryJob, pipeline: InventoryPipeline, writesCache = false): ChannelEnd {
  const reaching = pipeline.triggers.filter((t) => job.triggers.includes(t.name));
  // Pull request runs are left out of who can write a cache others read (model/cache-scope.ts).
  const shared = reaching.filter((t) => !(writesCache && savesCacheToOwnRef(pipeline.platform, t.kind)));
  const triggers = shared.length ? shared : reaching;
  const lowestTrust = triggers.length ? Math.min(...triggers.map((t) => t.minTrust)) : null;
  const end: ChannelEnd = { file: pipeline.file, job: job.id, lowestTrust, privileged: triggers.some((t) => t.privileged) };
  if (writesCache && shared.length === 0 && reaching.length > 0) end.pullRequestScope = true;
  return end;
}

/** Trigger trust levels 0 and 1: anyone, or any account. */
const OUTSIDER = 1;

function flowsUp(writer: ChannelEnd, reader: ChannelEnd): boolean {
  if (writer.pullRequestScope || writer.partitioned || writer.lowestTrust === null || reader.lowestTrust === null) return false;
  return writer.lowestTrust < reader.lowestTrust || (writer.lowestTrust <= OUTSIDER && !writer.privileged && reader.privileged);
}

/** Artifacts and caches with their writers and readers, matched as ChannelFlow describes. */
export function channelFlows(pipelines: InventoryPipeline[]): ChannelFlow[] {
  const flows = new Map<string, ChannelFlow>();
  const flow = (kind: ChannelFlow['kind'], scope: string, name: string): ChannelFlow => {
    const key = JSON.stringify([kind, scope, name]);
    let found = flows.get(key);
    if (!found) {
      found = { kind, name, scope, writers: [], readers: [], crossesTrust: false };
      flows.set(key, found);
    }
    return found;
  };
  const repositoryOf = (file: string) => repositoryRootOf(file) ?? '';
  // Reads that match by name only once every writer is known: downloads from another run (any
  // writer in the repository) and downloads of every artifact of the run (any writer in the file).
  const deferred: { use: InventoryChannelUse; end: ChannelEnd; repository: string }[] = [];
  for (const pipeline of pipelines) {
    for (const job of pipeline.jobs) {
      const end = channelEnd(job, pipeline);
      for (const use of job.channels) {
        if (use.kind === 'artifact' && use.access === 'read' && (use.otherRun || use.name === DYNAMIC_NAME)) {
          deferred.push({ use, end, repository: repositoryOf(pipeline.file) });
          continue;
        }
        const target = flow(use.kind, use.kind === 'cache' ? repositoryOf(pipeline.file) : pipeline.file, use.name);
        if (use.access !== 'read') {
          const writer = use.kind === 'cache' ? channelEnd(job, pipeline, true) : end;
          if (use.partitioned) writer.partitioned = true;
          target.writers.push(writer);
        }
        if (use.access !== 'write') target.readers.push(end);
      }
    }
  }
  for (const { use, end, repository } of deferred) {
    const inScope = (f: ChannelFlow) => (use.otherRun ? repositoryOf(f.scope) === repository : f.scope === end.file);
    const matches = [...flows.values()].filter(
      (f) => f.kind === 'artifact' && f.writers.length > 0 && inScope(f) && (use.name === DYNAMIC_NAME || f.name === use.name),
    );
    const reader: ChannelEnd = use.otherRun ? { ...end, otherRun: true } : end;
    if (matches.length === 0) flow('artifact', use.otherRun ? repository : end.file, use.name).readers.push(reader);
    for (const match of matches) match.readers.push(reader);
  }
  const result = [...flows.values()].filter((f) => f.readers.length > 0 || f.writers.length > 0);
  for (const f of result) {
    const readers = f.readers.filter((r) => f.kind === 'cache' || r.otherRun);
    f.crossesTrust = f.writers.some((w) => readers.some((r) => flowsUp(w, r)));
  }
  return result.sort(
    (a, b) => Number(b.crossesTrust) - Number(a.crossesTrust) || compareText(a.scope, b.scope) || compareText(a.name, b.name),
  );
}
