/**
 * The excessive-permissions fix: the workflow gets `permissions: contents: read` (added before
 * `jobs:`, or in place of `write-all`), and each job that inherited the workflow's token and needs
 * more (least-permissions.ts) gets its own `permissions:` with exactly that. A job with something
 * whose needs are unknown gets its known needs plus the workflow baseline, and a comment that names
 * what to review. Always unsafe: the table can be wrong and a job may lose a scope it used.
 */
import type { Job, Pipeline } from '../../model/types.js';
import { columnOf, indentStepOf } from '../../yaml/edit.js';
import { asScalar, type MapNode, type PairNode } from '../../yaml/nodes.js';
import type { Level } from '../data/action-permissions.js';
import type { FixDescriptor } from '../define-rule.js';
import { replaceWithBlock } from './block-value.js';
import { type CalleeResolver, jobNeeds } from './least-permissions.js';
import { type FixEdit, ownPair } from './step-edits.js';

const BASELINE: Record<string, Level> = { contents: 'read' };

function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function startsLine(text: string, offset: number): boolean {
  return /^ *$/.test(text.slice(lineStart(text, offset), offset));
}

function scopeLines(needs: Record<string, string>, indent: number, eol: string): string {
  return Object.keys(needs)
    .sort()
    .map((scope) => `${' '.repeat(indent)}${scope}: ${needs[scope]}${eol}`)
    .join('');
}

/** `permissions:` with its scopes (or `permissions: {}`), each line ending in a line break. */
function permissionsBlock(needs: Record<string, string>, indent: number, step: number, eol: string, comment?: string): string {
  const pad = ' '.repeat(indent);
  const note = comment ? `${pad}# ${comment}${eol}` : '';
  if (Object.keys(needs).length === 0) return `${note}${pad}permissions: {}${eol}`;
  return `${note}${pad}permissions:${eol}${scopeLines(needs, indent + step, eol)}`;
}

/** `permissions: write-all` replaced by block scopes, sorted (a trailing comment stays on the key's line). */
function replaceValue(pipeline: Pipeline, pair: PairNode, scopes: Record<string, Level>, step: number): FixEdit {
  const entries = Object.keys(scopes)
    .sort()
    .map((scope): [string, string] => [scope, scopes[scope] as string]);
  return replaceWithBlock(pipeline.file, pair, entries, step);
}

function reviewComment(unknown: string[]): string | undefined {
  if (unknown.length === 0) return undefined;
  const named = unknown.length > 3 ? `${unknown.slice(0, 3).join(', ')} and ${unknown.length - 3} more` : unknown.join(', ');
  return `pipewarden: review these permissions: not known for ${named}`;
}

/** The insertion point at the start of the line of `key` in a block mapping, or undefined when the key shares its line. */
function beforeKey(text: string, map: MapNode, key: string): { start: number; end: number } | undefined {
  const pair = ownPair(map, key);
  if (!pair || map.flow || !startsLine(text, pair.key.start)) return undefined;
  const at = lineStart(text, pair.key.start);
  return { start: at, end: at };
}

interface JobPlan {
  job: Job;
  needs: Record<string, string>;
  comment?: string;
}

/** What a job should hold once the workflow grants only the baseline; undefined when the baseline suffices. */
function planJob(job: Job, pipeline: Pipeline, resolve: CalleeResolver): JobPlan | undefined {
  const { needs, unknown } = jobNeeds(job, pipeline, resolve);
  const comment = reviewComment(unknown);
  if (comment) {
    const merged = { ...BASELINE, ...needs };
    return { job, needs: merged, comment };
  }
  const beyond = Object.entries(needs).some(([scope, level]) => scope !== 'contents' || level !== 'read');
  return beyond ? { job, needs } : undefined;
}

function jobPermissionsEdit(plan: JobPlan, pipeline: Pipeline, step: number, eol: string): FixEdit | undefined {
  const text = pipeline.file.text;
  const map = plan.job.node;
  const anchor = ownPair(map, 'steps') ?? ownPair(map, 'uses');
  const first = map.pairs[0];
  if (!anchor || !first || map.flow || map.pairs.some((p) => p.keyText === '<<')) return undefined;
  const span = beforeKey(text, map, anchor.keyText);
  if (!span) return undefined;
  const block = permissionsBlock(plan.needs, columnOf(text, first.key.start), step, eol, plan.comment);
  return { at: { file: pipeline.file, span }, text: block };
}

function jobsPair(pipeline: Pipeline): PairNode | undefined {
  return ownPair(pipeline.root, 'jobs');
}

/**
 * The whole-workflow fix: the baseline at workflow level (`mode: 'add'` before `jobs:`,
 * `'replace'` in place of the workflow's `permissions:` value) and job permissions where needed.
 */
export function workflowPermissionsFix(pipeline: Pipeline, mode: 'add' | 'replace', resolve: CalleeResolver): FixDescriptor | undefined {
  const text = pipeline.file.text;
  const eol = lineBreakOf(text);
  const step = indentStepOf(text, pipeline.root);
  const root = pipeline.root;
  if (root.flow || root.pairs.some((p) => p.keyText === '<<')) return undefined;
  const edits: FixEdit[] = [];
  if (mode === 'add') {
    const jobs = jobsPair(pipeline);
    if (!jobs || !startsLine(text, jobs.key.start)) return undefined;
    const at = lineStart(text, jobs.key.start);
    const previousBlank = at > 0 && /^\s*$/.test(text.slice(lineStart(text, at - 1), at - 1));
    const block = permissionsBlock(BASELINE, columnOf(text, jobs.key.start), step, eol);
    edits.push({ at: { file: pipeline.file, span: { start: at, end: at } }, text: previousBlank ? `${block}${eol}` : block });
  } else {
    const pair = ownPair(root, 'permissions');
    const value = pair && asScalar(pair.value);
    if (!pair || !value || !startsLine(text, pair.key.start)) return undefined;
    edits.push(replaceValue(pipeline, pair, BASELINE, step));
  }
  const plans = pipeline.jobs.filter((job) => !job.permissions).map((job) => planJob(job, pipeline, resolve));
  const notes: string[] = [];
  for (const plan of plans) {
    if (!plan) continue;
    const edit = jobPermissionsEdit(plan, pipeline, step, eol);
    if (!edit) return undefined; // a job that needs more and cannot get it: no fix rather than a broken one
    edits.push(edit);
    notes.push(plan.job.id);
  }
  const jobsNote = notes.length ? `, and job permissions for ${notes.map((n) => `'${n}'`).join(', ')}` : '';
  return {
    title: `Grant \`contents: read\` at workflow level${jobsNote} (computed from the actions and commands each job uses)`,
    safety: 'unsafe',
    edits,
  };
}

/** A job's `permissions: write-all` replaced by what the job needs. */
export function jobWriteAllFix(job: Job, pipeline: Pipeline, resolve: CalleeResolver): FixDescriptor | undefined {
  const text = pipeline.file.text;
  const eol = lineBreakOf(text);
  const step = indentStepOf(text, pipeline.root);
  const pair = ownPair(job.node, 'permissions');
  const value = pair && asScalar(pair.value);
  if (!pair || !value || !startsLine(text, pair.key.start)) return undefined;
  const { needs, unknown } = jobNeeds(job, pipeline, resolve);
  const comment = reviewComment(unknown);
  const granted = comment ? { ...BASELINE, ...needs } : needs;
  const indent = columnOf(text, pair.key.start);
  const edits: FixEdit[] = [replaceValue(pipeline, pair, granted, step)];
  if (comment) {
    const at = lineStart(text, pair.key.start);
    edits.push({ at: { file: pipeline.file, span: { start: at, end: at } }, text: `${' '.repeat(indent)}# ${comment}${eol}` });
  }
  const list =
    Object.keys(granted).length === 0
      ? '{}'
      : Object.entries(granted)
          .map(([s, l]) => `${s}: ${l}`)
          .join(', ');
  return { title: `Replace \`write-all\` in job '${job.id}' with ${list}`, safety: 'unsafe', edits };
}

const RANK: Record<string, number> = { none: 0, read: 1, write: 2 };

/**
 * Workflow-level write scopes in a workflow with several jobs: each `write` becomes `read`
 * (`none` for id-token, which has no read level), and every job that inherits them and needs a
 * write gets its own `permissions:` (the lowered workflow scopes plus its needs). A job with
 * unknowns keeps the original grants at job level, under a review comment.
 */
export function workflowWritesFix(pipeline: Pipeline, resolve: CalleeResolver): FixDescriptor | undefined {
  const text = pipeline.file.text;
  const eol = lineBreakOf(text);
  const step = indentStepOf(text, pipeline.root);
  const pair = ownPair(pipeline.root, 'permissions');
  const map = pair?.value.kind === 'map' ? pair.value : undefined;
  if (!map || map.pairs.some((p) => p.keyText === '<<')) return undefined;
  const original: Record<string, string> = {};
  for (const p of map.pairs) {
    const level = asScalar(p.value)?.value;
    if (typeof level !== 'string' || RANK[level] === undefined) return undefined;
    original[p.keyText] = level;
  }
  const writes = map.pairs.filter((p) => original[p.keyText] === 'write');
  if (writes.length === 0) return undefined;
  const lowered = { ...original };
  const edits: FixEdit[] = [];
  for (const p of writes) {
    const level = p.keyText === 'id-token' ? 'none' : 'read';
    lowered[p.keyText] = level;
    edits.push({ at: { file: pipeline.file, span: { start: p.value.start, end: p.value.end } }, text: level });
  }
  const granted: string[] = [];
  for (const job of pipeline.jobs) {
    if (job.permissions) continue;
    const { needs, unknown } = jobNeeds(job, pipeline, resolve);
    const comment = reviewComment(unknown);
    let block: Record<string, string> | undefined;
    if (comment) block = original;
    else if (Object.entries(needs).some(([scope, level]) => (RANK[level] ?? 0) > (RANK[lowered[scope] ?? 'none'] ?? 0))) {
      block = { ...lowered };
      for (const [scope, level] of Object.entries(needs))
        if ((RANK[level] ?? 0) > (RANK[block[scope] ?? 'none'] ?? 0)) block[scope] = level;
    }
    if (!block) continue;
    const needs2 = Object.fromEntries(Object.entries(block).filter(([, level]) => level !== 'none'));
    const edit = jobPermissionsEdit({ job, needs: needs2, comment }, pipeline, step, eol);
    if (!edit) return undefined;
    edits.push(edit);
    granted.push(job.id);
  }
  const scopes = writes.map((p) => p.keyText).join(', ');
  const jobs = granted.length ? `, and grant what needs it to ${granted.map((j) => `'${j}'`).join(', ')}` : '';
  return { title: `Lower the workflow-level write scopes (${scopes})${jobs}`, safety: 'unsafe', edits };
}
