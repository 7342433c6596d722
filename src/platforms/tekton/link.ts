/**
 * Links the Tekton units of one repository after every file is parsed: name references
 * (`taskRef: {name}`, `pipelineRef`, step `ref`, a trigger's template and bindings) to the
 * resources defined in the repository, then carries down what a caller gives the units it runs:
 * the triggers that can start it, its service account, and the Secrets bound to workspaces
 * (following each task's workspace mapping). Bounded: a fixed number of passes over the units.
 */
import type { Job, Pipeline, SecretRef, Trigger } from '../../model/types.js';
import { asMap, get, scalarText } from '../../yaml/nodes.js';
import { bareJob, pending } from './build.js';
import { pipelineTaskChannels, runChannels } from './channels.js';
import { OK_TO_TEST_NOTE } from './trust.js';

const MAX_PASSES = 12;

function keyOf(kind: string, name: string): string {
  return `${kind === 'ClusterTask' ? 'Task' : kind === 'ClusterTriggerBinding' ? 'TriggerBinding' : kind}/${name}`;
}

export function linkTekton(pipelines: Pipeline[]): void {
  const units = pipelines.filter((p) => p.platform === 'tekton' && p.tekton);
  const byName = new Map<string, Pipeline>();
  for (const unit of units) {
    const ext = unit.tekton;
    if (!ext || ext.inline) continue;
    const key = keyOf(ext.resourceKind, ext.name);
    if (!byName.has(key)) byName.set(key, unit);
  }
  for (const unit of units) {
    const links = pending.get(unit);
    if (!links) continue;
    for (const { reference, targetKind } of links.refs) {
      if (!reference.isLocal || reference.unit) continue;
      const target = byName.get(keyOf(targetKind, reference.name));
      if (target && target !== unit) reference.unit = target;
    }
    for (const binding of links.bindings) {
      const target = byName.get(keyOf(binding.kind, binding.name));
      for (const input of target?.tekton?.bindingParams ?? [])
        binding.job.inputs.push({ ...input, note: `${input.note}, bound by trigger ${binding.job.id}` });
    }
  }
  selectTriggers(units, byName);
  applyPacSettings(units);
  propagate(units);
  addChannels(units);
}

/**
 * An EventListener with a `labelSelector` (or only a `namespaceSelector`) serves the Trigger
 * resources whose labels match: one job per match, calling the Trigger. Namespaces are compared
 * only when the Trigger names its own (`metadata.namespace`).
 */
function selectTriggers(units: Pipeline[], byName: Map<string, Pipeline>): void {
  const triggers = [...byName.values()].filter((u) => u.tekton?.resourceKind === 'Trigger');
  for (const listener of units) {
    const selector = listener.tekton?.triggerSelector;
    if (!selector || selector.hasExpressions) continue;
    for (const target of triggers) {
      const labels = target.tekton?.labels ?? {};
      if (!Object.entries(selector.matchLabels).every(([k, v]) => labels[k] === v)) continue;
      const namespace = scalarText(get(asMap(get(target.root, 'metadata')), 'namespace'));
      if (selector.namespaces && namespace && !selector.namespaces.includes('*') && !selector.namespaces.includes(namespace)) continue;
      const name = target.tekton?.name ?? 'trigger';
      if (listener.jobs.some((j) => j.uses?.unit === target)) continue;
      const job = bareJob(name, selector.origin, listener.root, []);
      job.uses = { kind: 'task', raw: name, name, pin: 'local', isLocal: true, origin: selector.origin, unit: target };
      listener.jobs.push(job);
    }
  }
}

const RUN_KINDS = new Set(['PipelineRun', 'TaskRun', 'TriggerTemplate']);

/** Claims shared between runs, and pipeline workspaces shared between tasks (channels.ts). */
function addChannels(units: Pipeline[]): void {
  for (const unit of units) {
    const ext = unit.tekton;
    if (!ext) continue;
    for (const job of unit.jobs) {
      const channels = RUN_KINDS.has(ext.resourceKind)
        ? runChannels(job)
        : ext.resourceKind === 'Pipeline'
          ? pipelineTaskChannels(
              ext.name,
              job,
              (name) => job.uses?.unit?.jobs[0]?.tekton?.workspaces.some((w) => w.name === name && w.readOnly) ?? false,
            )
          : [];
      if (channels.length) job.channels = channels;
    }
  }
}

/**
 * A Repository CR or the global ConfigMap found in the scan applies to every Pipelines-as-Code
 * run of the scan: `pipelinerun_provenance: default_branch` takes run definitions from the
 * default branch, `remember-ok-to-test: "true"` lets later commits of an approved pull request run
 * unapproved (so the `/ok-to-test` gate can be passed), `require-ok-to-test-sha: "true"` ties an
 * approval to one commit (a full approval), and the policy's teams say who approves.
 */
function applyPacSettings(units: Pipeline[]): void {
  const settings = units.flatMap((u) => (u.tekton?.pacSettings ? [u.tekton.pacSettings] : []));
  if (settings.length === 0) return;
  const provenance = settings.find((s) => s.provenance)?.provenance;
  const remember = settings.find((s) => s.rememberOkToTest)?.rememberOkToTest;
  const requireSha = settings.find((s) => s.requireOkToTestSha)?.requireOkToTestSha;
  const approvers = settings.find((s) => s.okToTestTeams?.length)?.okToTestTeams;
  for (const unit of units) {
    if (!unit.tekton?.pac) continue;
    for (const trigger of unit.triggers) {
      if (provenance?.value === 'default_branch') trigger.definitionSource = 'trusted-ref';
      for (const gate of trigger.gates ?? []) {
        if (!gate.note.startsWith(OK_TO_TEST_NOTE)) continue;
        if (approvers) gate.note += ` (members of ${approvers.join(', ')})`;
        // An approval that names the commit it approves cannot be raced by a later push.
        if (requireSha?.value && !remember?.value) {
          gate.kind = 'approval';
          gate.note += '; require-ok-to-test-sha ties the approval to the reviewed commit';
        }
        if (remember?.value) {
          gate.spoofable = true;
          gate.note += '; remember-ok-to-test lets commits pushed after the approval run unapproved';
        }
      }
    }
  }
}

/** Caller jobs of each unit: jobs (or steps) whose `uses` resolves to it. */
function callersOf(units: Pipeline[]): Map<Pipeline, Job[]> {
  const callers = new Map<Pipeline, Job[]>();
  const add = (target: Pipeline | undefined, job: Job) => {
    if (!target) return;
    const list = callers.get(target) ?? [];
    if (!list.includes(job)) list.push(job);
    callers.set(target, list);
  };
  for (const unit of units) {
    for (const job of unit.jobs) {
      add(job.uses?.unit, job);
      for (const step of job.steps) add(step.uses?.unit, job);
    }
  }
  return callers;
}

function addTriggers(job: Job, from: Trigger[]): boolean {
  let changed = false;
  for (const t of from) {
    if (!job.triggers.includes(t)) {
      job.triggers.push(t);
      changed = true;
    }
  }
  return changed;
}

function addSecret(job: Job, secret: SecretRef): boolean {
  if (
    job.secrets.some(
      (s) => s.name === secret.name && s.origin.span.start === secret.origin.span.start && s.origin.file === secret.origin.file,
    )
  )
    return false;
  job.secrets.push(secret);
  return true;
}

/** Secrets a caller job binds under a workspace name. */
function workspaceSecrets(caller: Job, name: string): SecretRef[] {
  const out: SecretRef[] = [];
  for (const ws of caller.tekton?.workspaces ?? []) {
    if (ws.name !== name || !ws.secret) continue;
    out.push(...caller.secrets.filter((s) => s.name === ws.secret));
  }
  return out;
}

function propagate(units: Pipeline[]): void {
  const callers = callersOf(units);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    for (const unit of units) {
      const from = callers.get(unit);
      if (!from) continue;
      for (const job of unit.jobs) {
        for (const caller of from) {
          changed = addTriggers(job, caller.triggers) || changed;
          if (job.tekton && !job.tekton.serviceAccount && caller.tekton?.serviceAccount) {
            job.tekton.serviceAccount = caller.tekton.serviceAccount;
            changed = true;
          }
          if (job.tekton && !job.tekton.automountToken && caller.tekton?.automountToken) {
            job.tekton.automountToken = caller.tekton.automountToken;
            changed = true;
          }
          for (const ws of job.tekton?.workspaces ?? []) {
            const bound = caller.tekton?.workspaces.find((w) => w.name === (ws.binds ?? ws.name) && w.volume);
            if (!ws.volume && bound?.volume) {
              ws.volume = bound.volume;
              changed = true;
            }
            for (const secret of workspaceSecrets(caller, ws.binds ?? ws.name)) {
              if (!ws.secret) ws.secret = secret.name;
              changed = addSecret(job, secret) || changed;
            }
          }
        }
      }
    }
    if (!changed) break;
  }
  for (const unit of units) {
    for (const job of unit.jobs) for (const t of job.triggers) if (!unit.triggers.includes(t)) unit.triggers.push(t);
  }
}
