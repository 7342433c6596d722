/**
 * The inventory laid out as tables, once, for every human format: each cell is a list of spans,
 * prose pipewarden wrote or a name taken from a scanned file. The Markdown and HTML renderers only
 * decide how a name is escaped (a code span, a <code> element), so the two always show the same.
 */
import type { PinState } from '../../model/types.js';
import { trustName } from '../trust-name.js';
import type { ChannelEnd, Inventory, InventoryJob, InventoryPipeline, InventoryReference, SecretUse } from './build-inventory.js';

/** Prose of ours, or `{ name }`: text from a scanned file, shown literally. */
export type Span = string | { name: string };
export type Cell = Span[];
export interface Table {
  header: string[];
  rows: Cell[][];
}

/** What a pin state means for whether the referenced code can change under the pipeline. */
const PIN_LABEL: Record<PinState, string> = {
  digest: 'pinned (digest)',
  'commit-sha': 'pinned (commit SHA)',
  'integrity-hash': 'pinned (integrity hash)',
  'immutable-version': 'exact version tag',
  'floating-version': 'floating tag',
  branch: 'branch',
  latest: 'latest',
  none: 'no version',
  dynamic: 'chosen at run time',
  local: 'local',
};
export const PINNED = new Set<string>(['digest', 'commit-sha', 'integrity-hash']);
const NONE: Cell = ['—'];

function names(values: string[]): Cell {
  if (values.length === 0) return NONE;
  return values.flatMap((value, i): Span[] => (i === 0 ? [{ name: value }] : [', ', { name: value }]));
}

export function trustLabel(level: number | null): string {
  return level === null ? 'no trigger reaches it' : `T${level} ${trustName(level)}`;
}

function pinCell(pin: string): Cell {
  const label = PIN_LABEL[pin as PinState];
  return label ? [label] : [{ name: pin }];
}

function runnerCell(job: InventoryJob): Cell {
  const { labels, selfHosted } = job.runner;
  if (selfHosted === 'unknown') return labels.length ? [...names(labels), ' (hosting unknown)'] : NONE;
  const hosting = selfHosted ? 'self-hosted' : 'hosted';
  return labels.length ? [...names(labels), ` (${hosting})`] : [hosting];
}

/** A workflow without `permissions:` gets the repository's default token; other kinds have no such key. */
function permissionsCell(job: InventoryJob, pipeline: InventoryPipeline): Cell {
  if (job.permissions === null) return pipeline.kind === 'workflow' ? ['not set (repository default)'] : NONE;
  if (typeof job.permissions === 'string') return [{ name: job.permissions }];
  const scopes = Object.entries(job.permissions).map(([scope, level]) => `${scope}: ${level}`);
  return scopes.length ? names(scopes) : ['none'];
}

function environmentCell(job: InventoryJob): Cell {
  if (!job.environment) return NONE;
  const protection = job.environment.isProtected === 'unknown' ? '' : job.environment.isProtected ? ' (protected)' : ' (unprotected)';
  return protection ? [{ name: job.environment.name }, protection] : [{ name: job.environment.name }];
}

export function overviewTable(inventory: Inventory): Table {
  return {
    header: ['file', 'kind', 'triggers', 'jobs', 'unpinned references'],
    rows: inventory.pipelines.map((p) => [
      [{ name: p.file }],
      [`${p.platform} ${p.kind}`],
      names(p.triggers.map((t) => t.name)),
      [String(p.jobs.length)],
      [`${p.references.filter((r) => !PINNED.has(r.pin)).length} of ${p.references.length}`],
    ]),
  };
}

export function triggerTable(pipeline: InventoryPipeline): Table {
  return {
    header: ['event', 'lowest trust that can cause it', 'privileged'],
    rows: pipeline.triggers.map((t) => [[{ name: t.name }], [trustLabel(t.minTrust)], [t.privileged ? 'yes' : 'no']]),
  };
}

export function jobTable(pipeline: InventoryPipeline): Table {
  return {
    header: ['job', 'runner', 'permissions', 'OIDC', 'environment', 'secrets', 'triggers'],
    rows: pipeline.jobs.map((job) => [
      [{ name: job.id }],
      runnerCell(job),
      permissionsCell(job, pipeline),
      [job.oidc ? 'yes' : 'no'],
      environmentCell(job),
      names(job.secrets),
      names(job.triggers),
    ]),
  };
}

export function referenceTable(pipeline: InventoryPipeline): Table {
  return {
    header: ['kind', 'name', 'ref', 'pin', 'line'],
    rows: pipeline.references.map((reference: InventoryReference) => [
      [reference.kind],
      [{ name: reference.name }],
      reference.ref === null ? NONE : [{ name: reference.ref }],
      pinCell(reference.pin),
      [String(reference.line)],
    ]),
  };
}

export function secretTable(inventory: Inventory): Table {
  return {
    header: ['secret', 'lowest trust that reaches it', 'triggers', 'jobs'],
    rows: inventory.secrets.map((use: SecretUse) => [
      [{ name: use.secret }],
      [trustLabel(use.lowestTrust)],
      names(use.triggers),
      use.jobs.length ? use.jobs.flatMap((job, i): Span[] => [...(i ? [', '] : []), { name: job.file }, ' ', { name: job.job }]) : NONE,
    ]),
  };
}

function ends(list: ChannelEnd[]): Cell {
  if (list.length === 0) return ['another run'];
  return list.flatMap((end, i): Span[] => {
    const trust = end.lowestTrust === null ? 'no trigger' : `T${end.lowestTrust}`;
    const facts = [
      trust,
      ...(end.privileged ? ['privileged'] : []),
      ...(end.otherRun ? ['other run'] : []),
      ...(end.pullRequestScope ? ['pull request scope'] : []),
    ];
    return [...(i ? [', '] : []), { name: end.file }, ' ', { name: end.job }, ` (${facts.join(', ')})`];
  });
}

export function channelTable(inventory: Inventory): Table {
  return {
    header: ['kind', 'name', 'shared in', 'written by', 'read by', 'crosses trust'],
    rows: inventory.channels.map((flow) => [
      [flow.kind],
      [{ name: flow.name }],
      flow.scope === '' ? ['the scanned repository'] : [{ name: flow.scope }],
      ends(flow.writers),
      flow.readers.length ? ends(flow.readers) : NONE,
      [flow.crossesTrust ? 'yes' : 'no'],
    ]),
  };
}

export function summaryLine(inventory: Inventory): string {
  const references = inventory.pipelines.flatMap((p) => p.references);
  const pinned = references.filter((r) => PINNED.has(r.pin)).length;
  const jobs = inventory.pipelines.reduce((sum, p) => sum + p.jobs.length, 0);
  return (
    `${inventory.pipelines.length} pipeline(s), ${jobs} job(s), ${inventory.secrets.length} secret(s), ` +
    `${references.length} third-party reference(s), ${pinned} of them pinned to a digest, commit or hash.`
  );
}
