/**
 * Write scopes a job holds that nothing in it can be using: every step is an action whose needs
 * are known (rules/data/action-permissions.ts) or a script whose token use is visible, and none
 * of them needs the scope. Whenever the job's use of its token cannot be seen, nothing is
 * claimed: an action not in the table, a local action, a call of a reusable workflow (its jobs
 * are checked where they are defined),
 * `docker://` steps, scripts that run repository code (they may push with the persisted
 * credentials), scripts that name the token or a publish, release, deploy, push or upload
 * command, a token passed to an action as an input, and a token handed to steps through `env:`.
 */
import { scriptMentions } from '../../analysis/scripts/step-script.js';
import type { EnvVar, Job, Pipeline } from '../../model/types.js';
import { workspaceExecutions } from '../data/workspace-code.js';
import { type CalleeResolver, jobNeeds } from './least-permissions.js';

const TOKEN_IN_TEXT =
  /\bgithub\.token\b|\bsecrets\.github_token\b|\$\{?(?:GITHUB_TOKEN|GH_TOKEN|ACTIONS_ID_TOKEN_REQUEST_(?:URL|TOKEN))\b/i;
/** Commands whose names say they change something outside the runner: their token use is not visible. */
const OUTWARD_WORDS = /\b(?:publish|release|deploy|push|upload|attest|sign|cosign|semantic-release|goreleaser|twine|changeset)\b/i;

function envHandsToken(levels: EnvVar[][]): boolean {
  return levels.some((vars) => vars.some((v) => TOKEN_IN_TEXT.test(v.value?.value ?? '')));
}

/** Whether everything the job does with its token is visible offline. */
function tokenUseVisible(job: Job, pipeline: Pipeline, resolve: CalleeResolver): boolean {
  // A called workflow's jobs are checked where they are defined, with their own steps in view.
  if (job.uses) return false;
  if (envHandsToken([job.env, pipeline.env])) return false;
  for (const step of job.steps) {
    if (step.uses && /^docker:\/\//i.test(step.uses.raw)) return false;
    if (envHandsToken([step.env])) return false;
    // A token passed in explicitly is used however the action likes, whatever its table entry says.
    if (step.inputs.some((input) => TOKEN_IN_TEXT.test(input.value.value))) return false;
    if (!step.script) continue;
    if (scriptMentions(step, TOKEN_IN_TEXT) || scriptMentions(step, OUTWARD_WORDS)) return false;
    if (workspaceExecutions(step, job).length > 0) return false;
  }
  return jobNeeds(job, pipeline, resolve).unknown.length === 0;
}

/** The write scopes among `scopes` that the job visibly never uses; empty when its token use is not visible. */
export function unusedWrites(job: Job, pipeline: Pipeline, scopes: string[], resolve: CalleeResolver): string[] {
  if (scopes.length === 0 || !tokenUseVisible(job, pipeline, resolve)) return [];
  const { needs } = jobNeeds(job, pipeline, resolve);
  return scopes.filter((scope) => needs[scope] !== 'write');
}
