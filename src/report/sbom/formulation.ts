/**
 * The CycloneDX 1.6 `formulation` of the pipelines: one workflow per pipeline, one task per job,
 * the job's steps, and the triggers that start them. The CycloneDX library does not model
 * formulation (docs/design-notes.md), so these are plain objects of the schema's shape, added to
 * the normalised BOM.
 *
 * Scripts are not copied into `commands`: a script may hold a hard-coded credential, and a bill
 * of materials is meant to be shared. A shell step says its interpreter and line instead.
 */
import type { Job, Pipeline, Step, Trigger, TriggerKind } from '../../model/types.js';
import { TRUST_NAMES } from '../../model/types.js';
import { lineOf } from '../source-line.js';

export type CdxProperty = { name: string; value: string };
type TaskType = 'clone' | 'deploy' | 'other';

export interface CdxTrigger {
  'bom-ref': string;
  uid: string;
  name: string;
  type: 'manual' | 'api' | 'webhook' | 'scheduled';
  conditions: { description: string; expression?: string }[];
  properties: CdxProperty[];
}

export interface CdxStep {
  name: string;
  description?: string;
  commands?: { executed: string }[];
  properties: CdxProperty[];
}

export interface CdxTask {
  'bom-ref': string;
  uid: string;
  name: string;
  taskTypes: TaskType[];
  resourceReferences?: { ref: string }[];
  trigger?: CdxTrigger;
  steps: CdxStep[];
  properties: CdxProperty[];
}

export interface CdxWorkflow {
  'bom-ref': string;
  uid: string;
  name: string;
  taskTypes: TaskType[];
  resourceReferences: { ref: string }[];
  trigger?: CdxTrigger;
  tasks: CdxTask[];
  taskDependencies?: { ref: string; dependsOn: string[] }[];
  properties: CdxProperty[];
}

export interface CdxFormula {
  'bom-ref': string;
  workflows: CdxWorkflow[];
}

/** How the pipeline's bom-refs are named, shared with the component side of the BOM. */
export interface FormulationRefs {
  pipelineRef(pipeline: Pipeline): string;
  /** bom-refs of the components (third-party or local pipelines) a job runs. */
  componentRefsOf(job: Job): string[];
}

/** The four sources CycloneDX knows; events from the forge (push, pull request, comment...) are webhooks. */
const TRIGGER_TYPE: Record<TriggerKind, CdxTrigger['type']> = {
  push: 'webhook',
  tag: 'webhook',
  pr: 'webhook',
  'pr-target': 'webhook',
  comment: 'webhook',
  issue: 'webhook',
  review: 'webhook',
  webhook: 'webhook',
  upstream: 'webhook',
  other: 'webhook',
  schedule: 'scheduled',
  manual: 'manual',
  api: 'api',
  call: 'api',
};

export function buildFormulation(pipelines: Pipeline[], refs: FormulationRefs): CdxFormula[] {
  const workflows = pipelines.filter((p) => p.jobs.length > 0).map((pipeline) => workflowOf(pipeline, refs));
  return workflows.length ? [{ 'bom-ref': 'formulation', workflows }] : [];
}

function workflowOf(pipeline: Pipeline, refs: FormulationRefs): CdxWorkflow {
  const uid = refs.pipelineRef(pipeline);
  const taskRef = (jobId: string) => `task:${uid}#${jobId}`;
  const tasks = pipeline.jobs.map((job) => taskOf(pipeline, job, taskRef(job.id), refs));
  const jobIds = new Set(pipeline.jobs.map((j) => j.id));
  const taskDependencies = pipeline.jobs
    .filter((job) => job.needs.some((need) => jobIds.has(need)))
    .map((job) => ({ ref: taskRef(job.id), dependsOn: [...new Set(job.needs.filter((n) => jobIds.has(n)))].map(taskRef) }));
  const workflow: CdxWorkflow = {
    'bom-ref': `workflow:${uid}`,
    uid: pipeline.file.path,
    name: pipeline.name ?? pipeline.file.path,
    taskTypes: unionOf(tasks.map((t) => t.taskTypes)),
    resourceReferences: [{ ref: uid }],
    tasks,
    properties: [
      { name: 'pipewarden:platform', value: pipeline.platform },
      { name: 'pipewarden:pipeline-kind', value: pipeline.kind },
    ],
  };
  const trigger = triggerOf(pipeline.triggers, `trigger:${uid}`, pipeline.file.path);
  if (trigger) workflow.trigger = trigger;
  if (taskDependencies.length) workflow.taskDependencies = taskDependencies;
  return workflow;
}

/**
 * CycloneDX gives a workflow one trigger; a pipeline definition has several. The trigger takes
 * the type of the least trusted one (what matters for its security) and lists every event as a
 * condition with who can cause it.
 */
function triggerOf(triggers: Trigger[], bomRef: string, uid: string): CdxTrigger | undefined {
  if (triggers.length === 0) return undefined;
  const leastTrusted = triggers.reduce((low, t) => (t.minTrust < low.minTrust ? t : low));
  return {
    'bom-ref': bomRef,
    uid,
    name: [...new Set(triggers.map((t) => t.name))].join(', '),
    type: TRIGGER_TYPE[leastTrusted.kind],
    conditions: triggers.map((trigger) => {
      const privileged = trigger.privileged ? ', privileged' : '';
      const condition: CdxTrigger['conditions'][number] = {
        description: `${trigger.name}: ${TRUST_NAMES[trigger.minTrust]}${privileged}`,
      };
      const filters = Object.entries(trigger.filters).map(([key, values]) => `${key}: ${values.join(', ')}`);
      if (filters.length) condition.expression = filters.join('; ');
      return condition;
    }),
    properties: [{ name: 'pipewarden:lowest-trust', value: String(leastTrusted.minTrust) }],
  };
}

function taskOf(pipeline: Pipeline, job: Job, bomRef: string, refs: FormulationRefs): CdxTask {
  const task: CdxTask = {
    'bom-ref': bomRef,
    uid: `${pipeline.file.path}#${job.id}`,
    name: job.name ?? job.id,
    taskTypes: taskTypesOf(job),
    steps: job.steps.map(stepOf),
    properties: jobProperties(job),
  };
  const components = refs.componentRefsOf(job);
  if (components.length) task.resourceReferences = components.map((ref) => ({ ref }));
  // A job's own trigger only says something when its conditions leave fewer events than the pipeline's.
  const trigger = sameEvents(job.triggers, pipeline.triggers) ? undefined : triggerOf(job.triggers, `trigger:${bomRef}`, task.uid);
  if (trigger) task.trigger = trigger;
  return task;
}

function sameEvents(a: Trigger[], b: Trigger[]): boolean {
  const names = new Set(b.map((t) => t.name));
  return a.length === b.length && a.every((t) => names.has(t.name));
}

/** Only what the model knows for sure: a checkout clones, an environment deploys. */
function taskTypesOf(job: Job): TaskType[] {
  const types: TaskType[] = [];
  if (job.steps.some((step) => step.github?.checkout)) types.push('clone');
  if (job.environment) types.push('deploy');
  return types.length ? types : ['other'];
}

function unionOf(lists: TaskType[][]): TaskType[] {
  const all = new Set(lists.flat());
  if (all.size > 1) all.delete('other');
  return all.size ? [...all].sort() : ['other'];
}

function jobProperties(job: Job): CdxProperty[] {
  const properties: CdxProperty[] = [];
  if (job.runner.labels.length) properties.push({ name: 'pipewarden:runner', value: job.runner.labels.join(', ') });
  properties.push({ name: 'pipewarden:self-hosted', value: String(job.runner.selfHosted) });
  if (job.environment) properties.push({ name: 'pipewarden:environment', value: job.environment.name });
  if (job.identity.oidc) properties.push({ name: 'pipewarden:oidc', value: 'true' });
  for (const name of [...new Set(job.secrets.map((s) => (s.dynamic ? '*' : s.name)))].sort()) {
    properties.push({ name: 'pipewarden:secret', value: name });
  }
  return properties;
}

function stepOf(step: Step): CdxStep {
  const line = lineOf(step.origin.file, step.origin.span.start);
  const cdx: CdxStep = {
    name: step.name ?? step.id ?? step.uses?.raw ?? `step ${step.index + 1}`,
    properties: [{ name: 'pipewarden:line', value: String(line) }],
  };
  if (step.uses) cdx.commands = [{ executed: `uses: ${step.uses.raw}` }];
  else if (step.kind === 'shell') cdx.description = `${step.shell ?? 'shell'} script`;
  return cdx;
}
