/**
 * Builds platform-neutral units from one Tekton document. Each resource is a unit (a `Pipeline`
 * of the model), and so is each inline `taskSpec` / `pipelineSpec`, so that every step lives in
 * exactly one place and params flow between units as inputs do between GitHub workflows:
 * - Task, ClusterTask, StepAction, inline taskSpec: one job whose steps and sidecars are the steps;
 * - Pipeline, inline pipelineSpec: one job per pipeline task (`tasks` and `finally`), calling the task;
 * - PipelineRun, TaskRun: one job calling the pipeline or task, passing its params;
 * - TriggerTemplate: one job per resource template (a run passing `$(tt.params.x)`);
 * - EventListener, Trigger: one job per trigger, calling its template with the bound params;
 * - TriggerBinding, ClusterTriggerBinding, Interceptor: no jobs; bindings are read by triggers.
 * Cross-file references are linked afterwards (link.ts). Field names: https://tekton.dev/docs/
 */
import type { ParseIssue } from '../../model/finding.js';
import type {
  EnvVar,
  Job,
  Origin,
  PacSettings,
  Pipeline,
  Reference,
  SecretRef,
  SourceFile,
  Step,
  StepInput,
  TektonHostAccess,
  TektonPipelineExt,
  TektonPrivilege,
  TektonVolumeKind,
  TektonWorkspace,
  Trigger,
} from '../../model/types.js';
import type { LineIndex } from '../../yaml/line-index.js';
import { asMap, asScalar, asSeq, entries, get, type MapNode, scalarText, type YamlNode } from '../../yaml/nodes.js';
import { imageReference, pacRemoteReference, resourceRef } from './references.js';
import { TektonTemplates } from './templates.js';
import { eventListenerTriggers, pacTriggers, PAC_PREFIX, runTriggers } from './trust.js';

/** What the linker needs to finish a unit: name references to resolve and bindings to read. */
export interface PendingLinks {
  refs: { reference: Reference; targetKind: string }[];
  bindings: { job: Job; name: string; kind: string; origin: Origin }[];
}

export const pending = new WeakMap<Pipeline, PendingLinks>();

const MAX_ITEMS = 2000;

function items(node: YamlNode | undefined): YamlNode[] {
  return (asSeq(node)?.items ?? []).slice(0, MAX_ITEMS);
}

class Context {
  readonly issues: ParseIssue[] = [];
  readonly units: Pipeline[] = [];
  private counter = 0;

  constructor(
    readonly file: SourceFile,
    readonly lines: LineIndex,
    readonly templates: TektonTemplates,
    readonly apiVersion: string,
    readonly pac: TektonPipelineExt['pac'],
  ) {}

  origin(node: { start: number; end: number }): Origin {
    return { file: this.file, span: { start: node.start, end: node.end } };
  }

  issue(node: { start: number }, message: string): void {
    const at = this.lines.position(node.start);
    this.issues.push({ file: this.file.path, line: at.line, column: at.column, message, code: 'INVALID_SHAPE', level: 'warning' });
  }

  unit(resourceKind: string, name: string, root: MapNode, inline: boolean): Pipeline {
    const pipeline: Pipeline = {
      id: `${this.file.path}#${this.counter++}`,
      platform: 'tekton',
      kind: 'tekton',
      file: this.file,
      root,
      name,
      triggers: [],
      env: [],
      jobs: [],
      references: [],
      declaredInputs: [],
      tekton: { resourceKind, apiVersion: this.apiVersion, name, inline, pac: this.pac },
    };
    pending.set(pipeline, { refs: [], bindings: [] });
    this.units.push(pipeline);
    return pipeline;
  }

  link(unit: Pipeline, reference: Reference, targetKind: string): void {
    pending.get(unit)?.refs.push({ reference, targetKind });
  }
}

function emptyJob(ctx: Context, id: string, node: MapNode, triggers: Trigger[]): Job {
  return bareJob(id, ctx.origin(node), node, triggers);
}

/** A job with nothing but its id, place and triggers (also for the linker's selector links). */
export function bareJob(id: string, origin: Origin, node: MapNode, triggers: Trigger[]): Job {
  return {
    id,
    name: id,
    origin,
    node,
    needs: [],
    triggers,
    gates: [],
    runner: { labels: [], selfHosted: 'unknown' },
    services: [],
    identity: { oidc: false, staticCloudKeys: [] },
    secrets: [],
    env: [],
    steps: [],
    outputs: [],
    inputs: [],
    tekton: { workspaces: [] },
  };
}

/** `params: [{name, value}]` passed to a unit: one input per scalar (array items and object fields each). */
function paramInputs(ctx: Context, node: YamlNode | undefined, note: (name: string) => string): StepInput[] {
  return paramItemInputs(ctx, items(node), note);
}

function paramItemInputs(ctx: Context, list: YamlNode[], note: (name: string) => string): StepInput[] {
  const out: StepInput[] = [];
  for (const item of list) {
    const map = asMap(item);
    const nameNode = get(map, 'name');
    const name = scalarText(nameNode);
    if (!map || !name || !nameNode) continue;
    const value = get(map, 'value');
    const values = asSeq(value) ? items(value) : asMap(value) && !asMap(value)?.flow ? entries(asMap(value)).map((p) => p.value) : [value];
    for (const v of values) {
      const template = ctx.templates.template(v, 'text');
      if (template) out.push({ name, value: template, origin: ctx.origin(nameNode), note: note(name) });
    }
  }
  return out;
}

function declaredParams(ctx: Context, spec: MapNode | undefined): Pipeline['declaredInputs'] {
  return items(get(spec, 'params')).flatMap((item) => {
    const nameNode = get(asMap(item), 'name');
    const name = scalarText(nameNode);
    if (!name || !nameNode) return [];
    const fallback = ctx.templates.template(get(asMap(item), 'default'), 'text');
    const enumNode = asSeq(get(asMap(item), 'enum'));
    const options = enumNode ? enumNode.items.flatMap((i) => scalarText(i) ?? []) : undefined;
    return [{ name, origin: ctx.origin(nameNode), type: scalarText(get(asMap(item), 'type')), default: fallback, options }];
  });
}

function shellOf(script: string): string {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(script);
  if (!shebang) return 'sh';
  const program = (shebang[1] ?? '').split('/').pop() ?? 'sh';
  const name = program === 'env' ? (shebang[2] ?? 'sh') : program;
  if (/^(ba)?sh$|^dash$|^ash$|^zsh$/.test(name)) return name === 'dash' || name === 'ash' ? 'sh' : name;
  if (/^python/.test(name)) return 'python';
  if (/^(node|nodejs)$/.test(name)) return 'node';
  if (/^pwsh|^powershell/.test(name)) return 'pwsh';
  if (name === 'win') return 'pwsh';
  return name;
}

const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da|z)?sh$/;

function envVars(ctx: Context, node: YamlNode | undefined, level: EnvVar['level'], secrets: SecretRef[]): EnvVar[] {
  const out: EnvVar[] = [];
  for (const item of items(node)) {
    const map = asMap(item);
    const nameNode = get(map, 'name');
    const name = scalarText(nameNode);
    if (!map || !name || !nameNode) continue;
    const secretRef = asMap(get(asMap(get(map, 'valueFrom')), 'secretKeyRef'));
    if (secretRef) {
      const secretName = scalarText(get(secretRef, 'name')) ?? name;
      secrets.push({ name: secretName, dynamic: false, origin: ctx.origin(nameNode) });
    }
    out.push({ name, value: ctx.templates.template(get(map, 'value'), 'env'), origin: ctx.origin(nameNode), level });
  }
  return out;
}

/** Capabilities that undo container isolation (container escape, host network control). */
const DANGEROUS_CAPABILITIES = /^(ALL|SYS_ADMIN|NET_ADMIN|SYS_PTRACE|SYS_MODULE|DAC_READ_SEARCH|SYS_RAWIO|BPF|PERFMON)$/i;

/**
 * Privileges a `securityContext` grants (https://kubernetes.io/docs/tasks/configure-pod-container/security-context/),
 * the container's own fields first, then the template's.
 */
function privilegesOf(ctx: Context, own: YamlNode | undefined, template: YamlNode | undefined): TektonPrivilege[] {
  const out: TektonPrivilege[] = [];
  const field = (key: string) => get(asMap(own), key) ?? get(asMap(template), key);
  const isTrue = (node: YamlNode | undefined) => asScalar(node)?.value === true || scalarText(node) === 'true';
  const privileged = field('privileged');
  if (privileged && isTrue(privileged)) out.push({ kind: 'privileged', origin: ctx.origin(privileged) });
  const escalation = field('allowPrivilegeEscalation');
  if (escalation && isTrue(escalation)) out.push({ kind: 'privilege-escalation', origin: ctx.origin(escalation) });
  const user = field('runAsUser');
  if (user && scalarText(user) === '0') out.push({ kind: 'root', origin: ctx.origin(user) });
  const added = asSeq(get(asMap(field('capabilities')), 'add'));
  const names = (added?.items ?? [])
    .flatMap((i) => scalarText(i) ?? [])
    .filter((n) => DANGEROUS_CAPABILITIES.test(n.replace(/^CAP_/i, '')));
  if (added && names.length) out.push({ kind: 'capabilities', detail: names.join(', '), origin: ctx.origin(added) });
  return out;
}

/** hostPath volumes of a volume list. */
function hostPaths(ctx: Context, volumes: YamlNode | undefined): TektonHostAccess[] {
  return items(volumes).flatMap((volume) => {
    const hostPath = asMap(get(asMap(volume), 'hostPath'));
    const pathNode = get(hostPath, 'path');
    const path = scalarText(pathNode);
    return path && pathNode ? [{ kind: 'hostPath' as const, path, origin: ctx.origin(pathNode) }] : [];
  });
}

/** Host namespaces, hostPath volumes and a root pod security context of a run's pod templates. */
function podTemplateAccess(ctx: Context, job: Job, spec: MapNode): void {
  const templates = [
    get(spec, 'podTemplate'),
    get(asMap(get(spec, 'taskRunTemplate')), 'podTemplate'),
    ...items(get(spec, 'taskRunSpecs')).map((s) => get(asMap(s), 'podTemplate')),
  ];
  for (const template of templates) {
    const map = asMap(template);
    if (!map || !job.tekton) continue;
    job.tekton.hostAccess ??= [];
    const access = job.tekton.hostAccess;
    for (const kind of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      const node = get(map, kind);
      if (node && (asScalar(node)?.value === true || scalarText(node) === 'true')) access.push({ kind, origin: ctx.origin(node) });
    }
    access.push(...hostPaths(ctx, get(map, 'volumes')));
    const automount = get(map, 'automountServiceAccountToken');
    const automountText = scalarText(automount);
    if (automount && (automountText === 'true' || automountText === 'false') && !job.tekton.automountToken)
      job.tekton.automountToken = { value: automountText === 'true', origin: ctx.origin(automount) };
    const privileges = privilegesOf(ctx, get(map, 'securityContext'), undefined).filter((p) => p.kind === 'root');
    if (privileges.length) job.tekton.podPrivileges = [...(job.tekton.podPrivileges ?? []), ...privileges];
  }
}

/** A step or sidecar container: script, command and args, env, image, or a StepAction `ref`. */
function buildStep(
  ctx: Context,
  unit: Pipeline,
  job: Job,
  node: YamlNode,
  index: number,
  role: 'step' | 'sidecar',
  defaults: MapNode | undefined,
): Step | undefined {
  const map = asMap(node);
  if (!map) {
    ctx.issue(node, `a ${role} should be a mapping`);
    return undefined;
  }
  const name = scalarText(get(map, 'name'));
  const script = ctx.templates.template(get(map, 'script'), 'shell');
  const inputs: StepInput[] = [];
  const command = items(get(map, 'command')).length ? items(get(map, 'command')) : items(get(defaults, 'command'));
  const isShellC = SHELLS.test(scalarText(command[0]) ?? '') && command.some((c) => /^-\w*c$/.test(scalarText(c) ?? ''));
  command.forEach((c, i) => {
    const t = ctx.templates.template(c, isShellC && i > 0 && !/^-/.test(scalarText(c) ?? '') ? 'shell' : 'arguments');
    if (t) inputs.push({ name: `command[${i}]`, value: t, origin: t.origin, sink: t.sink });
  });
  const shellArgs = isShellC && command.length <= 2 && !command.slice(1).some((c) => !/^-/.test(scalarText(c) ?? ''));
  items(get(map, 'args')).forEach((a, i) => {
    // `command: [sh, -c]` takes the first argument as the script.
    const t = ctx.templates.template(a, shellArgs && i === 0 ? 'shell' : 'arguments');
    if (t) inputs.push({ name: `args[${i}]`, value: t, origin: t.origin, sink: t.sink });
  });
  const ref = asMap(get(map, 'ref'));
  let uses: Reference | undefined;
  if (ref) {
    const resolved = resourceRef(ref, 'StepAction', (n) => ctx.origin(n));
    if (resolved) {
      uses = resolved.reference;
      unit.references.push(uses);
      ctx.link(unit, uses, 'StepAction');
      inputs.push(...paramInputs(ctx, get(map, 'params'), (p) => `param ${p} of step ${name ?? index}`));
    }
  }
  // A StepAction brings its own image; stepTemplate fills in only for containers of the task.
  const imageNode = get(map, 'image') ?? (ref ? undefined : get(defaults, 'image'));
  let image: Reference | undefined;
  const imageText = scalarText(imageNode);
  if (imageText && imageNode) {
    image = imageReference(imageText, ctx.origin(imageNode));
    if (imageText.includes('$(')) image.pin = 'dynamic';
    // A stepTemplate image shared by several steps is one reference, reported once.
    const known = unit.references.find((r) => r.kind === 'image' && r.origin.span.start === imageNode.start);
    if (known) image = known;
    else unit.references.push(image);
    if (role === 'sidecar') job.services.push(image);
  }
  return {
    index,
    id: name,
    name,
    kind: ref ? 'action' : 'shell',
    origin: ctx.origin(map),
    node: map,
    script,
    shell: script ? shellOf(script.value) : command.length ? (scalarText(command[0]) ?? '').split('/').pop() : undefined,
    uses,
    inputs,
    env: envVars(ctx, get(map, 'env'), 'step', job.secrets),
    tekton: { role, image, privileges: privilegesOf(ctx, get(map, 'securityContext'), get(defaults, 'securityContext')) },
  };
}

/** A Task (or StepAction, or inline taskSpec): one job with its steps and sidecars. */
function buildTaskUnit(ctx: Context, kind: string, name: string, spec: MapNode, root: MapNode, inline: boolean): Pipeline {
  const unit = ctx.unit(kind, name, root, inline);
  const job = emptyJob(ctx, name, spec, []);
  unit.declaredInputs = declaredParams(ctx, spec);
  const stepTemplate = asMap(get(spec, 'stepTemplate'));
  job.env = envVars(ctx, get(stepTemplate, 'env'), 'job', job.secrets);
  const stepNodes = kind === 'StepAction' ? [spec] : items(get(spec, 'steps'));
  for (const node of stepNodes) {
    const step = buildStep(ctx, unit, job, node, job.steps.length, 'step', kind === 'StepAction' ? undefined : stepTemplate);
    if (step) job.steps.push(step);
  }
  for (const node of items(get(spec, 'sidecars'))) {
    const step = buildStep(ctx, unit, job, node, job.steps.length, 'sidecar', undefined);
    if (step) job.steps.push(step);
  }
  for (const item of items(get(spec, 'workspaces'))) {
    const nameNode = get(asMap(item), 'name');
    const wsName = scalarText(nameNode);
    const readOnly = scalarText(get(asMap(item), 'readOnly')) === 'true';
    if (wsName && nameNode) job.tekton?.workspaces.push({ name: wsName, origin: ctx.origin(nameNode), ...(readOnly ? { readOnly } : {}) });
  }
  if (job.tekton) {
    job.tekton.results = items(get(spec, 'results')).flatMap((item) => {
      const nameNode = get(asMap(item), 'name');
      const name = scalarText(nameNode);
      return name && nameNode ? [{ name, origin: ctx.origin(nameNode) }] : [];
    });
  }
  const volumes = hostPaths(ctx, get(spec, 'volumes'));
  if (volumes.length && job.tekton) job.tekton.hostAccess = volumes;
  unit.jobs.push(job);
  return unit;
}

/** The unit a `taskRef`/`taskSpec` (or `pipelineRef`/`pipelineSpec`) of `owner` names. */
function calledUnit(
  ctx: Context,
  unit: Pipeline,
  owner: MapNode,
  root: MapNode,
  refKey: 'taskRef' | 'pipelineRef',
  label: string,
): Reference | undefined {
  const specKey = refKey === 'taskRef' ? 'taskSpec' : 'pipelineSpec';
  const spec = asMap(get(owner, specKey));
  if (spec) {
    const inner =
      refKey === 'taskRef'
        ? buildTaskUnit(ctx, 'Task', label, asMap(get(spec, 'spec')) ?? spec, root, true)
        : buildPipelineUnit(ctx, label, spec, root, true);
    const specNode = getKeyNode(owner, specKey) ?? spec;
    return { kind: 'task', raw: specKey, name: label, pin: 'local', isLocal: true, origin: ctx.origin(specNode), unit: inner };
  }
  const refNode = asMap(get(owner, refKey));
  if (!refNode) {
    const legacy = scalarText(get(owner, refKey));
    if (legacy) ctx.issue(get(owner, refKey) as YamlNode, `\`${refKey}\` should be a mapping with a name or a resolver`);
    return undefined;
  }
  const resolved = resourceRef(refNode, refKey === 'taskRef' ? 'Task' : 'Pipeline', (n) => ctx.origin(n));
  if (!resolved) return undefined;
  unit.references.push(resolved.reference);
  ctx.link(unit, resolved.reference, resolved.targetKind);
  return resolved.reference;
}

function getKeyNode(map: MapNode, key: string): YamlNode | undefined {
  return map.pairs.find((p) => p.keyText === key)?.key;
}

/** `workspaces: [{name, workspace}]` of a pipeline task: which pipeline workspace each task workspace is. */
function workspaceMappings(ctx: Context, node: YamlNode | undefined): TektonWorkspace[] {
  return items(node).flatMap((item) => {
    const map = asMap(item);
    const nameNode = get(map, 'name');
    const name = scalarText(nameNode);
    if (!name || !nameNode) return [];
    return [{ name, binds: scalarText(get(map, 'workspace')) ?? name, origin: ctx.origin(nameNode) }];
  });
}

function buildPipelineUnit(ctx: Context, name: string, spec: MapNode, root: MapNode, inline: boolean): Pipeline {
  const unit = ctx.unit('Pipeline', name, root, inline);
  unit.declaredInputs = declaredParams(ctx, spec);
  for (const section of ['tasks', 'finally'] as const) {
    for (const item of items(get(spec, section))) {
      const task = asMap(item);
      const taskName = scalarText(get(task, 'name'));
      if (!task || !taskName) {
        ctx.issue(item, `a pipeline task needs a name`);
        continue;
      }
      const job = emptyJob(ctx, taskName, task, []);
      job.needs = items(get(task, 'runAfter')).flatMap((n) => scalarText(n) ?? []);
      job.uses = calledUnit(
        ctx,
        unit,
        task,
        root,
        asMap(get(task, 'pipelineRef')) || asMap(get(task, 'pipelineSpec')) ? 'pipelineRef' : 'taskRef',
        `${name}/${taskName}`,
      );
      job.inputs = paramInputs(ctx, get(task, 'params'), (p) => `param ${p} of pipeline task ${taskName}`);
      // A matrix fans the task out over its values: each one reaches the task as the param does.
      const matrix = asMap(get(task, 'matrix'));
      job.inputs.push(...paramInputs(ctx, get(matrix, 'params'), (p) => `matrix param ${p} of pipeline task ${taskName}`));
      for (const include of items(get(matrix, 'include')))
        job.inputs.push(
          ...paramInputs(ctx, get(asMap(include), 'params'), (p) => `matrix include param ${p} of pipeline task ${taskName}`),
        );
      job.tekton = { workspaces: workspaceMappings(ctx, get(task, 'workspaces')), isFinally: section === 'finally' };
      unit.jobs.push(job);
    }
  }
  return unit;
}

/** Where each volume kind of a workspace binding names its source. */
const VOLUME_NAMES: Record<TektonVolumeKind, string | undefined> = {
  secret: 'secretName',
  persistentVolumeClaim: 'claimName',
  configMap: 'name',
  volumeClaimTemplate: undefined,
  emptyDir: undefined,
  projected: undefined,
  csi: undefined,
};

/** What backs a workspace binding (https://tekton.dev/docs/pipelines/workspaces/#specifying-volumesources-in-workspaces). */
function volumeOf(ctx: Context, binding: MapNode): TektonWorkspace['volume'] {
  for (const [kind, key] of Object.entries(VOLUME_NAMES) as [TektonVolumeKind, string | undefined][]) {
    const node = get(binding, kind);
    if (!node) continue;
    const nameNode = key ? get(asMap(node), key) : undefined;
    const name = scalarText(nameNode);
    return { kind, name, origin: ctx.origin(nameNode ?? node) };
  }
  return undefined;
}

/** Service account and workspace bindings of a PipelineRun / TaskRun spec. */
function runIdentity(ctx: Context, job: Job, spec: MapNode): void {
  const saNode = get(asMap(get(spec, 'taskRunTemplate')), 'serviceAccountName') ?? get(spec, 'serviceAccountName');
  const sa = scalarText(saNode);
  if (sa && saNode && job.tekton) job.tekton.serviceAccount = { name: sa, origin: ctx.origin(saNode) };
  for (const item of items(get(spec, 'workspaces'))) {
    const map = asMap(item);
    const nameNode = get(map, 'name');
    const name = scalarText(nameNode);
    if (!name || !nameNode) continue;
    const secretNode = get(asMap(get(map, 'secret')), 'secretName');
    const secret = scalarText(secretNode);
    job.tekton?.workspaces.push({ name, secret, volume: map ? volumeOf(ctx, map) : undefined, origin: ctx.origin(nameNode) });
    if (secret && secretNode) job.secrets.push({ name: secret, dynamic: false, origin: ctx.origin(secretNode) });
  }
}

/** A PipelineRun or TaskRun (standalone or a TriggerTemplate resource template): one job calling what it runs. */
function buildRunJob(
  ctx: Context,
  unit: Pipeline,
  kind: string,
  name: string,
  resource: MapNode,
  root: MapNode,
  triggers: Trigger[],
): Job | undefined {
  const spec = asMap(get(resource, 'spec'));
  if (!spec) {
    ctx.issue(resource, `a ${kind} needs a spec`);
    return undefined;
  }
  const job = emptyJob(ctx, name, resource, triggers);
  job.uses = calledUnit(ctx, unit, spec, root, kind === 'TaskRun' ? 'taskRef' : 'pipelineRef', name);
  job.inputs = paramInputs(ctx, get(spec, 'params'), (p) => `param ${p} of ${kind} ${name}`);
  runIdentity(ctx, job, spec);
  podTemplateAccess(ctx, job, spec);
  return job;
}

function metadataName(resource: MapNode): string | undefined {
  const metadata = asMap(get(resource, 'metadata'));
  return scalarText(get(metadata, 'name')) ?? scalarText(get(metadata, 'generateName'));
}

/** Pipelines-as-Code annotations of a run (`pipelinesascode.tekton.dev/...`). */
export function pacAnnotations(
  ctx: { origin(node: { start: number; end: number }): Origin },
  resource: MapNode,
): Record<string, { value: string; origin: Origin }> {
  const out: Record<string, { value: string; origin: Origin }> = {};
  const annotations = asMap(get(asMap(get(resource, 'metadata')), 'annotations'));
  for (const pair of entries(annotations)) {
    if (!pair.keyText.startsWith(PAC_PREFIX)) continue;
    const value = asScalar(pair.value);
    if (value && value.value !== null)
      out[pair.keyText.slice(PAC_PREFIX.length)] = { value: String(value.value), origin: ctx.origin(value) };
  }
  return out;
}

/** Remote tasks and pipelines a Pipelines-as-Code run names in its annotations. */
function pacRemoteReferences(unit: Pipeline, annotations: Record<string, { value: string; origin: Origin }>): void {
  for (const [key, { value, origin }] of Object.entries(annotations)) {
    if (!/^(task(-\d+)?|pipeline)$/.test(key)) continue;
    const text = origin.file.text.slice(origin.span.start, origin.span.end);
    const list = value.trim().replace(/^\[/, '').replace(/\]$/, '');
    let searchFrom = 0;
    for (const raw of list.split(',')) {
      const entry = raw.trim().replace(/^["']|["']$/g, '');
      if (!entry) continue;
      const at = text.indexOf(entry, searchFrom);
      searchFrom = at >= 0 ? at + entry.length : searchFrom;
      const entryOrigin: Origin =
        at >= 0 ? { file: origin.file, span: { start: origin.span.start + at, end: origin.span.start + at + entry.length } } : origin;
      unit.references.push(pacRemoteReference(entry, entryOrigin));
    }
  }
}

function labelsOf(resource: MapNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of entries(asMap(get(asMap(get(resource, 'metadata')), 'labels')))) {
    const value = scalarText(pair.value);
    if (value !== undefined) out[pair.keyText] = value;
  }
  return out;
}

/**
 * `labelSelector` / `namespaceSelector` of an EventListener: the Trigger resources it serves
 * besides its own `triggers` (https://tekton.dev/docs/triggers/eventlisteners/).
 */
function triggerSelector(ctx: Context, spec: MapNode | undefined): TektonPipelineExt['triggerSelector'] {
  const labelNode = asMap(get(spec, 'labelSelector'));
  const namespaceNode = asMap(get(spec, 'namespaceSelector'));
  if (!labelNode && !namespaceNode) return undefined;
  const matchLabels: Record<string, string> = {};
  for (const pair of entries(asMap(get(labelNode, 'matchLabels')))) {
    const value = scalarText(pair.value);
    if (value !== undefined) matchLabels[pair.keyText] = value;
  }
  const names = asSeq(get(namespaceNode, 'matchNames'));
  return {
    matchLabels,
    // Only `matchLabels` is compared offline; expressions make the match unknown.
    hasExpressions: !!get(labelNode, 'matchExpressions'),
    namespaces: names ? names.items.flatMap((i) => scalarText(i) ?? []) : undefined,
    origin: ctx.origin((labelNode ?? namespaceNode) as MapNode),
  };
}

function teams(node: YamlNode | undefined): string[] | undefined {
  const list = asSeq(node);
  return list ? list.items.flatMap((i) => scalarText(i) ?? []) : undefined;
}

/** `spec.settings` of a Pipelines-as-Code Repository CR (https://pipelinesascode.com/docs/guide/repositorycrd/). */
function repositorySettings(ctx: Context, spec: MapNode | undefined): PacSettings {
  const settings = asMap(get(spec, 'settings'));
  const policy = asMap(get(settings, 'policy'));
  const provenanceNode = get(settings, 'pipelinerun_provenance');
  const provenance = scalarText(provenanceNode);
  return {
    provenance: provenance && provenanceNode ? { value: provenance, origin: ctx.origin(provenanceNode) } : undefined,
    okToTestTeams: teams(get(policy, 'ok_to_test')),
    pullRequestTeams: teams(get(policy, 'pull_request')),
  };
}

/** `data` of the global `pipelines-as-code` ConfigMap (https://pipelinesascode.com/docs/install/settings/). */
function configSettings(ctx: Context, resource: MapNode): PacSettings {
  const data = asMap(get(resource, 'data'));
  const flag = (key: string) => {
    const node = get(data, key);
    const text = scalarText(node);
    return node && (text === 'true' || text === 'false') ? { value: text === 'true', origin: ctx.origin(node) } : undefined;
  };
  return { rememberOkToTest: flag('remember-ok-to-test'), requireOkToTestSha: flag('require-ok-to-test-sha') };
}

export interface DocumentContext {
  file: SourceFile;
  lines: LineIndex;
  /** The file lies under `.tekton/`, where Pipelines-as-Code reads runs. */
  underTektonFolder: boolean;
}

/** All units of one Tekton document (a resource with `apiVersion` tekton.dev/* or triggers.tekton.dev/*). */
export function buildDocument(
  doc: DocumentContext,
  resource: MapNode,
  kind: string,
  apiVersion: string,
): { units: Pipeline[]; issues: ParseIssue[] } {
  const name = metadataName(resource) ?? kind.toLowerCase();
  const annotationsProbe = pacAnnotations({ origin: (n) => ({ file: doc.file, span: { start: n.start, end: n.end } }) }, resource);
  const isPac = (kind === 'PipelineRun' || kind === 'TaskRun') && (doc.underTektonFolder || Object.keys(annotationsProbe).length > 0);
  const templates = new TektonTemplates(doc.file, isPac);
  const ctx = new Context(doc.file, doc.lines, templates, apiVersion, isPac ? { annotations: annotationsProbe } : undefined);
  const spec = asMap(get(resource, 'spec'));
  switch (kind) {
    case 'Task':
    case 'ClusterTask':
    case 'StepAction':
      if (spec) buildTaskUnit(ctx, kind === 'ClusterTask' ? 'Task' : kind, name, spec, resource, false);
      else ctx.issue(resource, `a ${kind} needs a spec`);
      break;
    case 'Pipeline':
      if (spec) buildPipelineUnit(ctx, name, spec, resource, false);
      else ctx.issue(resource, 'a Pipeline needs a spec');
      break;
    case 'PipelineRun':
    case 'TaskRun': {
      const unit = ctx.unit(kind, name, resource, false);
      const triggers = isPac ? pacTriggers(annotationsProbe, ctx.origin(resource)) : runTriggers(ctx.origin(resource));
      if (isPac) pacRemoteReferences(unit, annotationsProbe);
      const job = buildRunJob(ctx, unit, kind, name, resource, resource, triggers);
      if (job) unit.jobs.push(job);
      unit.triggers = triggers;
      break;
    }
    case 'TriggerTemplate': {
      const unit = ctx.unit(kind, name, resource, false);
      unit.declaredInputs = declaredParams(ctx, spec);
      items(get(spec, 'resourcetemplates')).forEach((item, index) => {
        const template = asMap(item);
        if (!template) return;
        const templateKind = scalarText(get(template, 'kind')) ?? 'PipelineRun';
        if (templateKind !== 'PipelineRun' && templateKind !== 'TaskRun') return;
        const job = buildRunJob(ctx, unit, templateKind, metadataName(template) ?? `${name}-${index}`, template, template, []);
        if (job) unit.jobs.push(job);
      });
      break;
    }
    case 'EventListener':
    case 'Trigger': {
      const unit = ctx.unit(kind, name, resource, false);
      const entriesOf = kind === 'Trigger' ? (spec ? [spec] : []) : items(get(spec, 'triggers'));
      entriesOf.forEach((item, index) => {
        const trigger = asMap(item);
        if (!trigger) return;
        // `triggerRef` names a Trigger resource, which brings its own interceptors (and so its trust).
        const refNode = get(trigger, 'triggerRef');
        const refName = scalarText(refNode);
        if (refNode) {
          if (!refName) return;
          const job = emptyJob(ctx, refName, trigger, []);
          job.uses = { kind: 'task', raw: refName, name: refName, pin: 'local', isLocal: true, origin: ctx.origin(refNode) };
          ctx.link(unit, job.uses, 'Trigger');
          unit.jobs.push(job);
          return;
        }
        const id = scalarText(get(trigger, 'name')) ?? (kind === 'Trigger' ? name : `${name}-${index}`);
        const triggers = eventListenerTriggers(trigger, (n) => ctx.origin(n));
        const job = emptyJob(ctx, id, trigger, triggers.triggers);
        job.gates = triggers.gates;
        const templateNode = asMap(get(trigger, 'template'));
        const templateName = scalarText(get(templateNode, 'ref')) ?? scalarText(get(templateNode, 'name'));
        const templateNameNode = get(templateNode, 'ref') ?? get(templateNode, 'name');
        if (templateName && templateNameNode) {
          job.uses = {
            kind: 'task',
            raw: templateName,
            name: templateName,
            pin: 'local',
            isLocal: true,
            origin: ctx.origin(templateNameNode),
          };
          ctx.link(unit, job.uses, 'TriggerTemplate');
        }
        for (const binding of items(get(trigger, 'bindings'))) {
          const map = asMap(binding);
          const refNode = get(map, 'ref') ?? (get(map, 'value') ? undefined : get(map, 'name'));
          const refName = scalarText(refNode);
          if (refName && refNode) {
            pending
              .get(unit)
              ?.bindings.push({ job, name: refName, kind: scalarText(get(map, 'kind')) ?? 'TriggerBinding', origin: ctx.origin(refNode) });
          } else if (map && get(map, 'value')) {
            job.inputs.push(...paramItemInputs(ctx, [map], (p) => `binding ${p} of trigger ${id}`));
          }
        }
        unit.jobs.push(job);
        unit.triggers.push(...triggers.triggers);
      });
      if (unit.tekton) {
        if (kind === 'EventListener') unit.tekton.triggerSelector = triggerSelector(ctx, spec);
        else unit.tekton.labels = labelsOf(resource);
      }
      break;
    }
    case 'TriggerBinding':
    case 'ClusterTriggerBinding': {
      const unit = ctx.unit(kind, name, resource, false);
      if (unit.tekton) unit.tekton.bindingParams = paramInputs(ctx, get(spec, 'params'), (p) => `${kind} ${name} param ${p}`);
      break;
    }
    case 'Repository':
    case 'PacConfig': {
      const unit = ctx.unit(kind, name, resource, false);
      if (unit.tekton) unit.tekton.pacSettings = kind === 'Repository' ? repositorySettings(ctx, spec) : configSettings(ctx, resource);
      break;
    }
    default:
      ctx.unit(kind, name, resource, false);
  }
  return { units: ctx.units, issues: ctx.issues };
}
