/**
 * Builds the platform-neutral model of a GitHub Actions workflow file
 * (https://docs.github.com/actions/reference/workflows-and-actions/workflow-syntax).
 * Shape errors (a string where a mapping belongs) become parse issues; everything else that can
 * be understood is still modelled.
 */
import type { ParseIssue } from '../../model/finding.js';
import type {
  EnvVar,
  Environment,
  GithubJobExt,
  Identity,
  Job,
  JobOutput,
  Origin,
  Permissions,
  PermissionLevel,
  Pipeline,
  Reference,
  Runner,
  SecretRef,
  SourceFile,
  StaticCredential,
  Step,
  StepInput,
  Template,
  Trigger,
} from '../../model/types.js';
import { Trust } from '../../model/types.js';
import { asMap, asSeq, deref, entries, get, getPair, type MapNode, scalarText, type YamlNode } from '../../yaml/nodes.js';
import { channelUsesOf } from './channels.js';
import { codeExecutingInputs } from './data/code-executing-inputs.js';
import { matchStaticCredentialInput, matchStaticCredentialName, type StaticCredentialProvider } from './data/cloud-credentials.js';
import { githubTrigger } from './data/triggers.js';
import { analyseCondition, conditionExpression } from './conditions.js';
import { contextPath, type Expr } from '../../analysis/expressions/github-expr.js';
import { parseImage, parseUses } from './references.js';
import type { GithubTemplates } from './templates.js';

export class ShapeIssues {
  readonly issues: ParseIssue[] = [];
  constructor(
    private readonly file: SourceFile,
    private readonly position: (offset: number) => { line: number; column: number },
  ) {}

  expect(node: YamlNode | undefined, what: string, where: string): void {
    if (!node) return;
    const at = this.position(node.start);
    this.issues.push({
      file: this.file.path,
      line: at.line,
      column: at.column,
      message: `${where} should be ${what}`,
      code: 'INVALID_SHAPE',
      level: 'warning',
    });
  }

  add(offset: number, message: string, code: ParseIssue['code'] = 'INVALID_SHAPE'): void {
    const at = this.position(offset);
    this.issues.push({ file: this.file.path, line: at.line, column: at.column, message, code, level: 'warning' });
  }
}

export interface BuildContext {
  file: SourceFile;
  templates: GithubTemplates;
  shape: ShapeIssues;
}

const WRITE_CAPABLE = new Set(['write', 'read', 'none']);

export function buildPermissions(node: YamlNode | undefined, ctx: BuildContext, where: string): Permissions | undefined {
  const n = deref(node);
  if (!n) return undefined;
  const origin = ctx.templates.origin(n);
  if (n.kind === 'scalar') {
    const text = scalarText(n);
    if (text === 'write-all' || text === 'read-all') return { shorthand: text, scopes: {}, origin };
    if (n.value === null) return { shorthand: 'none', scopes: {}, origin };
    ctx.shape.expect(n, '`read-all`, `write-all` or a mapping of scopes', where);
    return undefined;
  }
  if (n.kind !== 'map') {
    ctx.shape.expect(n, 'a mapping of permission scopes', where);
    return undefined;
  }
  const scopes: Permissions['scopes'] = {};
  for (const pair of n.pairs) {
    const level = scalarText(pair.value);
    if (level && WRITE_CAPABLE.has(level)) {
      scopes[pair.keyText] = { level: level as PermissionLevel, origin: ctx.templates.origin(pair.key) };
    }
  }
  return n.pairs.length === 0 ? { shorthand: 'none', scopes, origin } : { scopes, origin };
}

/** A scalar holding an expression, where a mapping may be written as one (`env:`, `with:`). */
function isExpression(node: YamlNode): boolean {
  return node.kind === 'scalar' && typeof node.value === 'string' && node.value.includes('${{');
}

export function buildEnv(node: YamlNode | undefined, ctx: BuildContext, level: EnvVar['level'], where: string): EnvVar[] {
  const n = deref(node);
  if (!n) return [];
  if (n.kind !== 'map') {
    if (isExpression(n)) return [];
    ctx.shape.expect(n, 'a mapping', where);
    return [];
  }
  return entries(n).map((pair) => ({
    name: pair.keyText,
    value: ctx.templates.template(pair.value, 'env'),
    origin: ctx.templates.origin(pair.key),
    level,
  }));
}

function buildInputs(node: YamlNode | undefined, ctx: BuildContext, where: string, uses?: Reference): StepInput[] {
  const n = deref(node);
  if (!n) return [];
  if (n.kind !== 'map') {
    // `with: ${{ fromJSON(...) }}` is valid (the step's `with` accepts expressions): the step keeps it as dynamicInputs.
    if (isExpression(n)) return [];
    ctx.shape.expect(n, 'a mapping', where);
    return [];
  }
  const executing = uses && !uses.isLocal ? codeExecutingInputs(uses.name) : [];
  const inputs: StepInput[] = [];
  for (const pair of entries(n)) {
    const sink = executing.find((e) => e.input.toLowerCase() === pair.keyText.toLowerCase())?.sink;
    const value = ctx.templates.template(pair.value, sink ?? 'text');
    if (!value) continue;
    inputs.push({ name: pair.keyText, value, origin: ctx.templates.origin(pair.key), sink });
  }
  return inputs;
}

export function buildTriggers(node: YamlNode | undefined, ctx: BuildContext): Trigger[] {
  const n = deref(node);
  if (!n) return [];
  const events: { name: string; origin: Origin; filters: Record<string, string[]> }[] = [];
  if (n.kind === 'scalar') {
    const name = scalarText(n);
    if (name) events.push({ name, origin: ctx.templates.origin(n), filters: {} });
  } else if (n.kind === 'seq') {
    for (const item of n.items) {
      const name = scalarText(item);
      if (name) events.push({ name, origin: ctx.templates.origin(item), filters: {} });
    }
  } else if (n.kind === 'map') {
    for (const pair of entries(n)) {
      const filters: Record<string, string[]> = {};
      for (const filter of entries(asMap(pair.value))) {
        const values = asSeq(filter.value)?.items.map((i) => scalarText(i) ?? '') ?? [];
        const single = scalarText(filter.value);
        filters[filter.keyText] = single !== undefined ? [single] : values.filter(Boolean);
      }
      events.push({ name: pair.keyText, origin: ctx.templates.origin(pair.key), filters });
    }
  }
  return events.map((event) => {
    const info = githubTrigger(event.name);
    const kind = info?.kind ?? 'other';
    const privileged = info?.privileged ?? false;
    const isPr = event.name === 'pull_request';
    return {
      kind,
      name: event.name,
      minTrust: (info?.minTrust ?? Trust.Writer) as Trust,
      privileged,
      definitionSource: isPr || kind === 'push' || kind === 'tag' || kind === 'manual' ? 'triggering-ref' : 'trusted-ref',
      codeSource: isPr ? 'untrusted-ref' : privileged ? 'trusted-ref' : 'triggering-ref',
      filters: event.filters,
      origin: event.origin,
    } satisfies Trigger;
  });
}

function buildRunner(node: YamlNode | undefined, ctx: BuildContext): Runner {
  const n = deref(node);
  if (!n) return { labels: [], selfHosted: 'unknown' };
  const labels: string[] = [];
  let dynamic = false;
  const collect = (item: YamlNode | undefined) => {
    const text = scalarText(item);
    if (text === undefined) return;
    if (text.includes('${{')) dynamic = true;
    labels.push(text);
  };
  if (n.kind === 'scalar') collect(n);
  else if (n.kind === 'seq') n.items.forEach(collect);
  else if (n.kind === 'map') {
    const group = scalarText(get(n, 'group'));
    if (group) labels.push(`group:${group}`);
    const inner = deref(get(n, 'labels'));
    if (inner?.kind === 'seq') inner.items.forEach(collect);
    else collect(inner);
  }
  const lower = labels.map((l) => l.toLowerCase());
  const hostedPattern = /^(ubuntu|windows|macos)-[\w.-]+$|^(ubuntu|windows|macos)-latest$/;
  // Only GitHub's own image labels prove a hosted runner; groups, custom and computed labels may be either.
  let selfHosted: Runner['selfHosted'] = 'unknown';
  if (lower.includes('self-hosted')) selfHosted = true;
  else if (!dynamic && lower.length > 0 && lower.every((l) => hostedPattern.test(l))) selfHosted = false;
  return { labels, selfHosted, origin: ctx.templates.origin(n) };
}

/**
 * Steps in the order they start, with `parallel:` groups (GitHub parallel steps, GA 2026-06-25:
 * `- parallel: [steps...]`) opened in place. Their outputs and env writes are visible after the
 * group, so for data flow they behave like the steps they contain.
 */
export function flattenSteps(items: YamlNode[], where: string, depth = 0): { node: YamlNode; where: string }[] {
  const out: { node: YamlNode; where: string }[] = [];
  items.forEach((item, index) => {
    const group = asSeq(get(asMap(item), 'parallel'));
    if (group && depth < 4) out.push(...flattenSteps(group.items, `${where}[${index}].parallel`, depth + 1));
    else out.push({ node: item, where: `${where}[${index}]` });
  });
  return out;
}

export function buildStep(
  node: YamlNode | undefined,
  index: number,
  ctx: BuildContext,
  defaults: { shell?: string },
  where: string,
): Step | undefined {
  const map = asMap(node);
  if (!map) {
    ctx.shape.expect(deref(node), 'a mapping', where);
    return undefined;
  }
  const usesNode = get(map, 'uses');
  const usesText = scalarText(usesNode);
  const uses = usesText && usesNode ? parseUses(usesText, ctx.templates.origin(usesNode), 'step') : undefined;
  const runNode = get(map, 'run');
  const script = ctx.templates.template(runNode, 'shell');
  const step: Step = {
    index,
    id: scalarText(get(map, 'id')),
    name: scalarText(get(map, 'name')),
    kind: script ? 'shell' : uses ? 'action' : 'builtin',
    origin: ctx.templates.origin(map),
    node: map,
    script,
    shell: scalarText(get(map, 'shell')) ?? defaults.shell,
    uses,
    inputs: buildInputs(get(map, 'with'), ctx, `${where}.with`, uses),
    env: buildEnv(get(map, 'env'), ctx, 'step', `${where}.env`),
    condition: ctx.templates.template(get(map, 'if'), 'text'),
  };
  if (node?.kind === 'alias') step.alias = ctx.templates.origin(node);
  const withNode = deref(get(map, 'with'));
  const dynamicInputs = withNode && isExpression(withNode) ? ctx.templates.template(withNode, 'text') : undefined;
  if (dynamicInputs) step.dynamicInputs = dynamicInputs;
  if (uses && /^actions\/checkout$/i.test(uses.name)) {
    const persist = scalarText(get(asMap(get(map, 'with')), 'persist-credentials'));
    step.github = {
      checkout: {
        ref: step.inputs.find((i) => i.name === 'ref')?.value,
        repository: step.inputs.find((i) => i.name === 'repository')?.value,
        persistCredentials: persist === undefined ? true : persist !== 'false',
      },
    };
  }
  return step;
}

function buildEnvironment(node: YamlNode | undefined, ctx: BuildContext): Environment | undefined {
  const n = deref(node);
  if (!n) return undefined;
  const nameNode = n.kind === 'map' ? get(n, 'name') : n;
  const name = scalarText(nameNode);
  if (!name) return undefined;
  return { name, origin: ctx.templates.origin(nameNode ?? n), isProtected: 'unknown' };
}

/** Secrets referenced anywhere in templates of a job (env, inputs, scripts, conditions). */
export function collectSecrets(templates: (Template | undefined)[]): SecretRef[] {
  const out: SecretRef[] = [];
  for (const template of templates) {
    if (!template) continue;
    for (const interpolation of template.interpolations) out.push(...interpolation.secrets);
  }
  return out;
}

export function templatesOfJob(job: Job): Template[] {
  const all: (Template | undefined)[] = [job.condition];
  for (const v of job.env) all.push(v.value);
  for (const i of job.inputs) all.push(i.value);
  for (const o of job.outputs) all.push(o.value);
  for (const step of job.steps) {
    all.push(step.script, step.condition, step.dynamicInputs);
    for (const v of step.env) all.push(v.value);
    for (const i of step.inputs) all.push(i.value);
  }
  return all.filter((t): t is Template => t !== undefined);
}

export function buildIdentity(job: Job, pipelinePermissions: Permissions | undefined, pipelineEnv: EnvVar[] = []): Identity {
  const permissions = job.permissions ?? pipelinePermissions;
  const oidc = permissions?.scopes['id-token']?.level === 'write' || permissions?.shorthand === 'write-all';
  const staticCloudKeys: StaticCredential[] = [];
  const seen = new Set<number>();
  const add = (entry: StaticCredentialProvider, name: string, origin: Origin, via?: string) => {
    if (seen.has(origin.span.start)) return;
    seen.add(origin.span.start);
    staticCloudKeys.push({ provider: entry.provider, kind: entry.kind, name, origin, via, alternative: entry.oidcAlternative });
  };
  // A credential handed over as an env variable or action input is recorded at each secret read
  // in the value (or at the value when it holds no secret), so the secret's own name may be anything.
  const addValue = (entry: StaticCredentialProvider, value: Template, via: string, requireSecret: boolean) => {
    const reads = value.interpolations.flatMap((i) => i.secrets).filter((r) => !r.dynamic);
    for (const read of reads) add(entry, read.name, read.origin, via);
    if (reads.length === 0 && !requireSecret && value.value.trim() !== '') add(entry, via, value.origin, via);
  };
  // Workflow-level env reaches every job of the workflow.
  for (const variable of [...pipelineEnv, ...job.env, ...job.steps.flatMap((s) => s.env)]) {
    const match = matchStaticCredentialName(variable.name);
    if (match && variable.value) addValue(match.entry, variable.value, `env ${variable.name}`, true);
  }
  for (const step of job.steps) {
    if (!step.uses) continue;
    for (const input of step.inputs) {
      const match = matchStaticCredentialInput(step.uses.name, input.name);
      if (match) addValue(match, input.value, `input ${input.name} of ${step.uses.name}`, false);
    }
  }
  for (const secret of job.secrets) {
    const match = secret.dynamic ? undefined : matchStaticCredentialName(secret.name);
    if (match) add(match.entry, secret.name, secret.origin);
  }
  staticCloudKeys.sort((a, b) => a.origin.span.start - b.origin.span.start);
  return { oidc, staticCloudKeys };
}

export function buildWorkflow(file: SourceFile, root: MapNode, ctx: BuildContext, id: string): Pipeline {
  const triggers = buildTriggers(get(root, 'on'), ctx);
  if (!getPair(root, 'on')) ctx.shape.add(root.start, 'workflow has no `on:` triggers');
  const permissions = buildPermissions(get(root, 'permissions'), ctx, 'permissions');
  const env = buildEnv(get(root, 'env'), ctx, 'pipeline', 'env');
  const defaultShell = scalarText(get(asMap(get(asMap(get(root, 'defaults')), 'run')), 'shell'));
  const cacheMode = cacheModeOf(root, ctx);
  const jobsNode = deref(get(root, 'jobs'));
  const jobs: Job[] = [];
  if (jobsNode && jobsNode.kind !== 'map') ctx.shape.expect(jobsNode, 'a mapping of jobs', 'jobs');
  for (const pair of entries(asMap(jobsNode))) {
    const job = buildJob(pair.keyText, pair.value, ctx, { triggers, permissions, defaultShell, env, cacheMode });
    if (job) jobs.push(job);
  }
  inheritFromNeeds(jobs);
  const references = collectReferences(jobs);
  const declaredInputs = entries(asMap(get(asMap(get(asMap(get(root, 'on')), 'workflow_call')), 'inputs'))).map((pair) => ({
    name: pair.keyText,
    origin: ctx.templates.origin(pair.key),
    type: scalarText(get(asMap(pair.value), 'type')),
  }));
  return {
    id,
    platform: 'github',
    kind: 'workflow',
    file,
    root,
    name: scalarText(get(root, 'name')),
    triggers,
    permissions,
    env,
    jobs,
    references,
    declaredInputs,
    github: { defaultShell },
  };
}

type CacheMode = NonNullable<GithubJobExt['cacheMode']>;

/** `cache-mode:` of a workflow or job (GA 2026-09-10: https://github.blog/changelog/2026-09-10-control-github-actions-cache-access-with-cache-mode). */
function cacheModeOf(map: MapNode, ctx: BuildContext): CacheMode | undefined {
  const node = get(map, 'cache-mode');
  const mode = scalarText(node)?.trim().toLowerCase();
  return mode && node ? { mode, origin: ctx.templates.origin(node) } : undefined;
}

function withCacheMode(cacheMode: CacheMode | undefined): Pick<GithubJobExt, 'cacheMode'> {
  return cacheMode ? { cacheMode } : {};
}

/**
 * A job runs only after every job it `needs` succeeded, unless its `if:` uses always(), failure()
 * or cancelled(). Such a job can be reached only by triggers that reach all its needs, and behind
 * their gates too.
 */
function inheritFromNeeds(jobs: Job[]): void {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const done = new Set<Job>();
  const visit = (job: Job, depth: number): void => {
    if (done.has(job) || depth > 50) return;
    done.add(job);
    if (job.needs.length === 0) return;
    if (/\b(always|failure|cancelled)\s*\(/i.test(job.condition?.value ?? '')) {
      inheritFromRanNeeds(job, byId, (need) => visit(need, depth + 1));
      return;
    }
    for (const id of job.needs) {
      const need = byId.get(id);
      if (!need) continue;
      visit(need, depth + 1);
      job.triggers = job.triggers.filter((t) => need.triggers.includes(t));
      for (const gate of need.gates) {
        if (gate.spoofable || job.gates.some((g) => g.origin.span.start === gate.origin.span.start)) continue;
        job.gates.push({ ...gate, note: `${gate.note} (through needs: ${need.id})` });
      }
    }
  };
  for (const job of jobs) visit(job, 0);
}

/**
 * A job with `always()` (or `failure()`, `cancelled()`) runs whatever its needs did, unless its
 * condition also requires, in a top-level `&&` term, a need's result other than `skipped`
 * (`needs.build.result == 'failure'`, or several such tests joined by `||`): a need that did not
 * run reports `skipped`, so one of the named needs ran, and the job is reached only by triggers
 * that reach one of them, behind the gates they all share.
 */
function inheritFromRanNeeds(job: Job, byId: Map<string, Job>, visit: (need: Job) => void): void {
  const expression = job.condition ? conditionExpression(job.condition).expression : undefined;
  if (!expression) return;
  for (const term of conjuncts(expression.ast)) {
    const ran = ranNeeds(term);
    const needs = ran?.map((id) => byId.get(id)).filter((n): n is Job => n !== undefined && job.needs.includes(n.id));
    if (!needs || needs.length === 0 || needs.length !== ran?.length) continue;
    for (const need of needs) visit(need);
    job.triggers = job.triggers.filter((t) => needs.some((need) => need.triggers.includes(t)));
    const [first, ...rest] = needs;
    for (const gate of first?.gates ?? []) {
      if (gate.spoofable || !rest.every((other) => other.gates.some((g) => g.kind === gate.kind && g.note === gate.note))) continue;
      if (job.gates.some((g) => g.kind === gate.kind && g.note.startsWith(gate.note))) continue;
      job.gates.push({ ...gate, note: `${gate.note} (through needs: ${needs.map((n) => n.id).join(' or ')})` });
    }
  }
}

function conjuncts(expr: Expr): Expr[] {
  return expr.type === 'binary' && expr.op === '&&' ? [...conjuncts(expr.left), ...conjuncts(expr.right)] : [expr];
}

/** The needs a term requires to have run: `needs.x.result == 'v'` (v not `skipped`), or an `||` of such tests. */
function ranNeeds(expr: Expr): string[] | undefined {
  if (expr.type === 'binary' && expr.op === '||') {
    const left = ranNeeds(expr.left);
    const right = ranNeeds(expr.right);
    return left && right ? [...left, ...right] : undefined;
  }
  if (expr.type !== 'binary' || expr.op !== '==') return undefined;
  const [path, literal] = expr.left.type === 'literal' ? [contextPath(expr.right), expr.left] : [contextPath(expr.left), expr.right];
  const match = /^needs\.([^.]+)\.result$/.exec(path ?? '');
  if (!match || literal.type !== 'literal' || typeof literal.value !== 'string' || literal.value.toLowerCase() === 'skipped')
    return undefined;
  return [match[1] as string];
}

export function collectReferences(jobs: Job[]): Reference[] {
  const refs: Reference[] = [];
  for (const job of jobs) {
    if (job.uses) refs.push(job.uses);
    if (job.container) refs.push(job.container);
    refs.push(...job.services);
    for (const step of job.steps) if (step.uses) refs.push(step.uses);
  }
  return refs;
}

function buildJob(
  id: string,
  node: YamlNode,
  ctx: BuildContext,
  workflow: { triggers: Trigger[]; permissions?: Permissions; defaultShell?: string; env?: EnvVar[]; cacheMode?: CacheMode },
): Job | undefined {
  const map = asMap(node);
  if (!map) {
    ctx.shape.expect(deref(node), 'a mapping', `jobs.${id}`);
    return undefined;
  }
  const where = `jobs.${id}`;
  const runner = buildRunner(get(map, 'runs-on'), ctx);
  const jobShell = scalarText(get(asMap(get(asMap(get(map, 'defaults')), 'run')), 'shell')) ?? workflow.defaultShell;
  const stepsNode = deref(get(map, 'steps'));
  if (stepsNode && stepsNode.kind !== 'seq') ctx.shape.expect(stepsNode, 'a sequence of steps', `${where}.steps`);
  const steps: Step[] = [];
  for (const { node: item, where: stepWhere } of flattenSteps(asSeq(stepsNode)?.items ?? [], `${where}.steps`)) {
    const step = buildStep(item, steps.length, ctx, { shell: jobShell }, stepWhere);
    if (step) steps.push(step);
  }
  const needsNode = deref(get(map, 'needs'));
  const needs =
    needsNode?.kind === 'seq'
      ? needsNode.items.map((i) => scalarText(i)).filter((s): s is string => !!s)
      : scalarText(needsNode)
        ? [scalarText(needsNode) as string]
        : [];
  const usesNode = get(map, 'uses');
  const usesText = scalarText(usesNode);
  const uses = usesText && usesNode ? parseUses(usesText, ctx.templates.origin(usesNode), 'job') : undefined;
  const containerNode = deref(get(map, 'container'));
  const containerImage = containerNode?.kind === 'map' ? get(containerNode, 'image') : containerNode;
  const containerText = scalarText(containerImage);
  const container = containerText && containerImage ? parseImage(containerText, ctx.templates.origin(containerImage)) : undefined;
  const services: Reference[] = [];
  for (const pair of entries(asMap(get(map, 'services')))) {
    const serviceNode = deref(pair.value);
    const imageNode = serviceNode?.kind === 'map' ? get(serviceNode, 'image') : serviceNode;
    const image = scalarText(imageNode);
    if (image && imageNode) services.push(parseImage(image, ctx.templates.origin(imageNode)));
  }
  const outputs: JobOutput[] = [];
  for (const pair of entries(asMap(get(map, 'outputs')))) {
    const value = ctx.templates.template(pair.value, 'text');
    if (value) outputs.push({ name: pair.keyText, value, origin: ctx.templates.origin(pair.key) });
  }
  const secretsNode = deref(get(map, 'secrets'));
  const secretsInherit = scalarText(secretsNode) === 'inherit' && secretsNode ? ctx.templates.origin(secretsNode) : undefined;
  const inputs = buildInputs(get(map, 'with'), ctx, `${where}.with`);
  for (const pair of entries(asMap(secretsNode))) {
    const value = ctx.templates.template(pair.value, 'text');
    if (value) inputs.push({ name: `secrets.${pair.keyText}`, value, origin: ctx.templates.origin(pair.key) });
  }
  const matrixKeys = entries(asMap(get(asMap(get(map, 'strategy')), 'matrix'))).map((p) => p.keyText);
  const condition = ctx.templates.template(get(map, 'if'), 'text');
  const job: Job = {
    id,
    name: scalarText(get(map, 'name')),
    origin: ctx.templates.origin(map),
    node: map,
    needs,
    condition,
    triggers: workflow.triggers,
    gates: [],
    runner,
    container,
    services,
    permissions: buildPermissions(get(map, 'permissions'), ctx, `${where}.permissions`),
    identity: { oidc: false, staticCloudKeys: [] },
    secrets: [],
    environment: buildEnvironment(get(map, 'environment'), ctx),
    env: buildEnv(get(map, 'env'), ctx, 'job', `${where}.env`),
    steps,
    outputs,
    uses,
    inputs,
    secretsInherit,
    github: { matrixKeys, ...withCacheMode(cacheModeOf(map, ctx) ?? workflow.cacheMode) },
  };
  job.secrets = collectSecrets(templatesOfJob(job));
  job.identity = buildIdentity(job, workflow.permissions, workflow.env);
  const channels = channelUsesOf(job);
  if (channels.length) job.channels = channels;
  const analysis = analyseCondition(condition, workflow.triggers);
  job.triggers = analysis.triggers;
  job.gates = analysis.gates;
  for (const step of job.steps) {
    if (!step.condition) continue;
    const stepAnalysis = analyseCondition(step.condition, job.triggers);
    step.triggers = stepAnalysis.triggers;
    step.gates = stepAnalysis.gates;
  }
  if (job.environment) {
    job.gates.push({
      kind: 'protected-environment',
      spoofable: false,
      note: `environment "${job.environment.name}" (protection rules are not visible offline)`,
      origin: job.environment.origin,
    });
  }
  return job;
}
