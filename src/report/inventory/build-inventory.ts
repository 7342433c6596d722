/**
 * The inventory (issue 7): per pipeline its triggers with trust, jobs with runner, permissions,
 * OIDC, environment and secrets, and third-party references with pin state; plus the secrets map
 * (secret -> jobs -> triggers -> lowest trust). A pure projection of the model into public data:
 * no model objects leak into the output, only names, paths and lines.
 */
import type { Job, Pipeline, Reference, Trigger } from '../../model/types.js';
import type { Trust } from '../../model/types.js';
import { compareText, inFileOrder } from '../stable-order.js';
import { lineOf } from '../source-line.js';

export const INVENTORY_VERSION = '1';

/** The name a job's secrets are listed under when it reads them by a computed name or all at once. */
export const DYNAMIC_SECRET = '*';

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
  return { version: INVENTORY_VERSION, pipelines: out, secrets: secretUses };
}
