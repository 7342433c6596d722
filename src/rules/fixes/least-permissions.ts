/**
 * The GITHUB_TOKEN permissions a job needs, as far as they are known offline: the actions it uses
 * (rules/data/action-permissions.ts, verified entries only), `gh` commands and `git push` in its
 * scripts when they run with the job token. Whatever cannot be known (an action not in the table
 * or only in an unverified entry, a local action,
 * `gh api`, calls to the REST API, a reusable workflow outside the scan) is listed as unknown,
 * never guessed. A reusable workflow in the scan needs what its jobs hold.
 */
import { MENTIONS_GIT, scriptMentions, stepScript } from '../../analysis/scripts/step-script.js';
import type { EnvVar, Job, Pipeline, Step } from '../../model/types.js';
import { actionPermissions, GH_COMMAND_PERMISSIONS, type Level } from '../data/action-permissions.js';

export interface JobNeeds {
  needs: Record<string, Level>;
  /** What could not be assessed, for the comment the fix leaves (`uses: foo/bar`, `gh api`). */
  unknown: string[];
}

const JOB_TOKEN = /\bgithub\.token\b|\bsecrets\.github_token\b/i;

function grant(needs: Record<string, Level>, scope: string, level: Level): void {
  if (needs[scope] !== 'write') needs[scope] = level;
}

/** Whether `gh` in this step talks to GitHub with the job token (GH_TOKEN / GITHUB_TOKEN from github.token). */
function ghUsesJobToken(step: Step, job: Job, pipeline: Pipeline): boolean {
  for (const level of [step.env, job.env, pipeline.env] as EnvVar[][]) {
    const variable = level.find((v) => v.name === 'GH_TOKEN' || v.name === 'GITHUB_TOKEN');
    if (variable) return JOB_TOKEN.test(variable.value?.value ?? '');
  }
  return false;
}

function addAction(step: Step, result: JobNeeds): void {
  const uses = step.uses;
  if (!uses) return;
  if (/^docker:\/\//i.test(uses.raw)) return; // an image gets the token only when it is passed in
  const entry = uses.raw.startsWith('./') ? undefined : actionPermissions(uses.name);
  if (!entry) {
    result.unknown.push(`uses: ${uses.name}`);
    return;
  }
  // An entry nobody verified is a guess: the action counts as unknown (named for review, nothing granted).
  if (!entry.verified) {
    result.unknown.push(`uses: ${uses.name} (unverified table entry)`);
    return;
  }
  for (const [scope, level] of Object.entries(entry.needs)) grant(result.needs, scope, level);
  const inputs = new Set(step.inputs.map((i) => i.name.toLowerCase()));
  for (const condition of entry.when ?? []) {
    if (condition.ifInput && !condition.ifInput.some((name) => inputs.has(name))) continue;
    if (condition.unlessInput?.some((name) => inputs.has(name))) continue;
    for (const [scope, level] of Object.entries(condition.needs)) grant(result.needs, scope, level);
  }
}

function addScript(step: Step, job: Job, pipeline: Pipeline, result: JobNeeds): void {
  if (!step.script) return;
  addApiCall(step.script.value, result);
  // Only git and gh commands change what the job needs: other scripts need no shell facts.
  if (!scriptMentions(step, MENTIONS_GIT)) return;
  const script = stepScript(step, job);
  if (!script) return;
  const withToken = ghUsesJobToken(step, job, pipeline);
  for (const command of script.facts.commands) {
    const words = command.args.filter((a) => !a.startsWith('-'));
    if (command.name === 'git' && words[0] === 'push') grant(result.needs, 'contents', 'write');
    if (command.name !== 'gh' || !withToken) continue;
    const [group = '', action = ''] = words;
    const needs = GH_COMMAND_PERMISSIONS[group]?.[action];
    if (!needs) {
      result.unknown.push(`gh ${group}${action && group !== 'api' ? ` ${action}` : ''}`.trim());
      continue;
    }
    for (const [scope, level] of Object.entries(needs)) grant(result.needs, scope, level);
  }
}

function addApiCall(value: string, result: JobNeeds): void {
  if (/api\.github\.com|\$\{?GITHUB_API_URL|github\.api_url/.test(value) && /GITHUB_TOKEN|GH_TOKEN|github\.token/i.test(value)) {
    result.unknown.push('a GitHub API call in run:');
  }
}

/** Resolves a reusable workflow a job calls (the project's resolver); undefined when not in the scan. */
export type CalleeResolver = (job: Job, pipeline: Pipeline) => Pipeline | undefined;

const MAX_CALL_DEPTH = 4;

/**
 * What a called workflow's jobs hold, which the caller's token must cover (the caller's job
 * permissions cap the callee's): each job's own `permissions:`, else the callee's workflow-level
 * ones, else what the job needs.
 */
function calleeNeeds(job: Job, pipeline: Pipeline, resolve: CalleeResolver | undefined, depth: number, result: JobNeeds): void {
  const raw = job.uses?.raw ?? '';
  const callee = resolve && depth < MAX_CALL_DEPTH ? resolve(job, pipeline) : undefined;
  if (!callee || callee === pipeline) {
    result.unknown.push(`the reusable workflow ${raw}`);
    return;
  }
  for (const inner of callee.jobs) {
    const granted = inner.permissions ?? callee.permissions;
    if (granted?.shorthand === 'write-all' || granted?.shorthand === 'read-all') {
      result.unknown.push(`the reusable workflow ${raw} (\`${granted.shorthand}\`)`);
      continue;
    }
    if (granted) {
      for (const [scope, { level }] of Object.entries(granted.scopes)) if (level !== 'none') grant(result.needs, scope, level);
      continue;
    }
    const nested = jobNeeds(inner, callee, resolve, depth + 1);
    for (const [scope, level] of Object.entries(nested.needs)) grant(result.needs, scope, level);
    result.unknown.push(...nested.unknown);
  }
}

/** A job's needs, asked for by each of its fixes; a job belongs to one project, so one resolver. */
const NEEDS = new WeakMap<Job, JobNeeds>();

export function jobNeeds(job: Job, pipeline: Pipeline, resolve?: CalleeResolver, depth = 0): JobNeeds {
  const cacheable = depth === 0 && resolve !== undefined;
  const known = cacheable ? NEEDS.get(job) : undefined;
  if (known) return { needs: { ...known.needs }, unknown: [...known.unknown] };
  const result = computeNeeds(job, pipeline, resolve, depth);
  if (cacheable) NEEDS.set(job, { needs: { ...result.needs }, unknown: [...result.unknown] });
  return result;
}

function computeNeeds(job: Job, pipeline: Pipeline, resolve: CalleeResolver | undefined, depth: number): JobNeeds {
  const result: JobNeeds = { needs: {}, unknown: [] };
  if (job.uses) {
    calleeNeeds(job, pipeline, resolve, depth, result);
    result.unknown = [...new Set(result.unknown)];
    return result;
  }
  for (const step of job.steps) {
    addAction(step, result);
    addScript(step, job, pipeline, result);
  }
  result.unknown = [...new Set(result.unknown)];
  return result;
}
