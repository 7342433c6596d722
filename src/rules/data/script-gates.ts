/**
 * Permission checks done in a step rather than an `if:`: a permission-check action, or a script
 * (run or actions/github-script) that looks up the actor's association, collaborator permission or
 * team membership and fails or sets an output on it. Found before the step that matters in the
 * same job, or in a job it `needs` (when it does not run with always()). These cannot be verified
 * statically, so rules treat them as a weak gate (one severity step), never as proof.
 *
 * Actions (each README describes the check):
 * - https://github.com/actions-cool/check-user-permission
 * - https://github.com/prince-chrismc/check-actor-permissions-action
 * - https://github.com/lannonbr/repo-permission-check-action
 * - https://github.com/sushichop/action-repository-permission
 * - https://github.com/tspascoal/get-user-teams-membership
 * REST endpoints the scripts call: https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
 * and https://docs.github.com/en/rest/teams/members#get-team-membership-for-a-user
 */
import type { Gate, Job, Pipeline, Step } from '../../model/types.js';

export const PERMISSION_CHECK_ACTIONS: readonly string[] = [
  'actions-cool/check-user-permission',
  'prince-chrismc/check-actor-permissions-action',
  'lannonbr/repo-permission-check-action',
  'sushichop/action-repository-permission',
  'tspascoal/get-user-teams-membership',
];

const LOOKUP =
  /author_association|authorAssociation|head\.repo\.full_name|head\.repo\.fork|getCollaboratorPermissionLevel|collaborators\/[^\s'"]*\/permission|checkMembershipForUser|getMembershipForUserInOrg|orgs\/[^\s'"]*\/members\/|teams\/[^\s'"]*\/memberships\//;
const ENFORCE = /setFailed|exit 1|throw |process\.exit|GITHUB_OUTPUT|setOutput/;

function checks(step: Step): boolean {
  if (step.uses && PERMISSION_CHECK_ACTIONS.includes(step.uses.name.toLowerCase())) return true;
  const text = step.script?.value ?? step.inputs.find((i) => i.name === 'script')?.value.value;
  return text !== undefined && LOOKUP.test(text) && ENFORCE.test(text);
}

function scriptGate(step: Step, where: string): Gate {
  return {
    kind: 'actor-check',
    spoofable: false,
    note: `permission check in ${where} (done by a script, not verified)`,
    origin: step.uses?.origin ?? step.origin,
  };
}

/** Script permission checks that run before `before` (a step index) in the job, or in jobs it needs. */
export function scriptGates(job: Job, pipeline: Pipeline, before: number = job.steps.length): Gate[] {
  const out: Gate[] = [];
  for (const step of job.steps) {
    if (step.index >= before) break;
    if (checks(step)) out.push(scriptGate(step, `step ${step.name ?? step.id ?? step.index + 1}`));
  }
  const seen = new Set<Job>([job]);
  const visit = (current: Job, depth: number): void => {
    if (depth > 10 || /\b(always|failure|cancelled)\s*\(/i.test(current.condition?.value ?? '')) return;
    for (const id of current.needs) {
      const need = pipeline.jobs.find((j) => j.id === id);
      if (!need || seen.has(need)) continue;
      seen.add(need);
      for (const step of need.steps) if (checks(step)) out.push(scriptGate(step, `job ${need.id}`));
      visit(need, depth + 1);
    }
  };
  visit(job, 0);
  return out;
}
