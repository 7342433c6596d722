/**
 * The inventory as Markdown for people (a pull request comment, a wiki page, a job summary): an
 * overview table, then per pipeline its triggers with who can cause them, its jobs with runner,
 * permissions, OIDC, environment and secrets, and its third-party references with pin state, then
 * the secrets map. A rendering of the JSON inventory, so both always say the same thing.
 *
 * Every value that came from a scanned file is escaped: control and bidi characters become
 * visible stand-ins (as in the text report); names are code spans (literal in Markdown, with `|`
 * escaped for tables and a longer fence around backticks) and prose is backslash-escaped, so a job
 * named `<img src=x>` or `a | b` is shown as written and cannot add markup or table cells.
 */
import { type PinState, TRUST_NAMES, type Trust } from '../../model/types.js';
import { escapeMarkdown as markdownText, markdownCode as code } from '../markdown-text.js';
import type { Inventory, InventoryJob, InventoryPipeline, InventoryReference, SecretUse } from './build-inventory.js';

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
const PINNED = new Set<string>(['digest', 'commit-sha', 'integrity-hash']);
/** The inventory's name for dynamic secret access (`toJSON(secrets)`, `secrets[name]`). */
const DYNAMIC_SECRET = '*';

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

function list(values: string[]): string {
  return values.length ? values.map(code).join(', ') : '—';
}

function trust(level: number | null): string {
  return level === null ? 'no trigger reaches it' : `T${level} ${TRUST_NAMES[level as Trust] ?? ''}`.trim();
}

function pinLabel(pin: string): string {
  return PIN_LABEL[pin as PinState] ?? code(pin);
}

function runner(job: InventoryJob): string {
  const { labels, selfHosted } = job.runner;
  if (selfHosted === 'unknown') return labels.length ? `${list(labels)} (hosting unknown)` : '—';
  const hosting = selfHosted ? 'self-hosted' : 'hosted';
  return labels.length ? `${list(labels)} (${hosting})` : hosting;
}

/** A workflow without `permissions:` gets the repository's default token; other kinds have no such key. */
function permissions(job: InventoryJob, pipeline: InventoryPipeline): string {
  if (job.permissions === null) return pipeline.kind === 'workflow' ? 'not set (repository default)' : '—';
  if (typeof job.permissions === 'string') return code(job.permissions);
  const scopes = Object.entries(job.permissions).map(([scope, level]) => `${scope}: ${level}`);
  return scopes.length ? list(scopes) : 'none';
}

function environment(job: InventoryJob): string {
  if (!job.environment) return '—';
  const protection = job.environment.isProtected === 'unknown' ? '' : job.environment.isProtected ? ' (protected)' : ' (unprotected)';
  return `${code(job.environment.name)}${protection}`;
}

function jobRow(job: InventoryJob, pipeline: InventoryPipeline): string[] {
  return [
    code(job.id),
    runner(job),
    permissions(job, pipeline),
    job.oidc ? 'yes' : 'no',
    environment(job),
    list(job.secrets),
    list(job.triggers),
  ];
}

function referenceRow(reference: InventoryReference): string[] {
  return [
    reference.kind,
    code(reference.name),
    reference.ref === null ? '—' : code(reference.ref),
    pinLabel(reference.pin),
    String(reference.line),
  ];
}

function pipelineSection(pipeline: InventoryPipeline): string[] {
  const title = pipeline.name ? ` (${markdownText(pipeline.name)})` : '';
  const lines = [`## ${code(pipeline.file)}${title}`, '', `${pipeline.platform} ${pipeline.kind}`];
  if (pipeline.triggers.length) {
    const rows = pipeline.triggers.map((t) => [code(t.name), trust(t.minTrust), t.privileged ? 'yes' : 'no']);
    lines.push('', '### Triggers', '', ...table(['event', 'lowest trust that can cause it', 'privileged'], rows));
  }
  if (pipeline.jobs.length) {
    const header = ['job', 'runner', 'permissions', 'OIDC', 'environment', 'secrets', 'triggers'];
    lines.push(
      '',
      '### Jobs',
      '',
      ...table(
        header,
        pipeline.jobs.map((job) => jobRow(job, pipeline)),
      ),
    );
  }
  if (pipeline.references.length) {
    const header = ['kind', 'name', 'ref', 'pin', 'line'];
    lines.push('', '### Third-party references', '', ...table(header, pipeline.references.map(referenceRow)));
  }
  return lines;
}

function secretRow(use: SecretUse): string[] {
  return [
    code(use.secret),
    trust(use.lowestTrust),
    list(use.triggers),
    use.jobs.length ? use.jobs.map((job) => `${code(job.file)} ${code(job.job)}`).join(', ') : '—',
  ];
}

export function renderInventoryMarkdown(inventory: Inventory): string {
  const references = inventory.pipelines.flatMap((p) => p.references);
  const pinned = references.filter((r) => PINNED.has(r.pin)).length;
  const jobs = inventory.pipelines.reduce((sum, p) => sum + p.jobs.length, 0);
  const lines = [
    '# Pipeline inventory',
    '',
    `${inventory.pipelines.length} pipeline(s), ${jobs} job(s), ${inventory.secrets.length} secret(s), ` +
      `${references.length} third-party reference(s), ${pinned} of them pinned to a digest, commit or hash.`,
  ];
  if (inventory.pipelines.length) {
    const rows = inventory.pipelines.map((p) => [
      code(p.file),
      `${p.platform} ${p.kind}`,
      list(p.triggers.map((t) => t.name)),
      String(p.jobs.length),
      `${p.references.filter((r) => !PINNED.has(r.pin)).length} of ${p.references.length}`,
    ]);
    lines.push('', ...table(['file', 'kind', 'triggers', 'jobs', 'unpinned references'], rows));
  }
  for (const pipeline of inventory.pipelines) lines.push('', ...pipelineSection(pipeline));
  lines.push('', '## Secrets', '');
  if (inventory.secrets.length) {
    lines.push(...table(['secret', 'lowest trust that reaches it', 'triggers', 'jobs'], inventory.secrets.map(secretRow)));
    if (inventory.secrets.some((use) => use.secret === DYNAMIC_SECRET)) {
      lines.push('', `${code(DYNAMIC_SECRET)}: the job reads secrets by a computed name or all at once, so it may hold any of them.`);
    }
  } else {
    lines.push('No job reads a secret.');
  }
  return `${lines.join('\n')}\n`;
}
