/**
 * Builds the platform-neutral pipeline of one `.gitlab-ci.yml`: jobs with `extends` (multi-level,
 * several parents, later parents win), `default:` with `inherit:`, hidden jobs (`.name`, templates
 * only, never run), `!reference` tags in scripts, images and services, and `include:` entries as
 * references with a pin state. Semantics: https://docs.gitlab.com/ci/yaml/
 */
import type { ParseIssue } from '../../model/finding.js';
import type {
  CodeSelector,
  EnvVar,
  Gate,
  Job,
  Origin,
  Pipeline,
  Reference,
  SecretRef,
  SourceFile,
  Step,
  Template,
} from '../../model/types.js';
import type { YamlDocument } from '../../yaml/parse.js';
import type { ParseContext } from '../platform.js';
import { type ConfigLayer, resolveIncludes } from './includes.js';
import { staticCloudKeys } from './credentials.js';
import { PipelineIssues } from './issues.js';
import { gitlabChannels } from './channels.js';
import { jobFacts } from './job-facts.js';
import { TemplateBuilder } from './templates.js';
import { TriggerAnalysis } from './triggers.js';
import {
  asMap,
  asScalar,
  asSeq,
  deref,
  entries,
  getPair,
  type MapNode,
  type ScalarNode,
  scalarText,
  type YamlNode,
} from '../../yaml/nodes.js';
import { ATTACKER_VARIABLES } from './data/variables.js';
import { interpolateInputs } from './inputs.js';
import { componentInclude, imageReference, projectInclude, remoteInclude, templateInclude } from './references.js';

/** Top-level keys that are not jobs (https://docs.gitlab.com/ci/yaml/#global-keywords). */
const GLOBAL_KEYWORDS = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'types',
  'spec',
  'pages:deploy',
]);

/** Keys `default:` supplies to every job that does not set them and does not opt out with `inherit:`. */
const DEFAULT_KEYS = new Set([
  'after_script',
  'artifacts',
  'before_script',
  'cache',
  'hooks',
  'id_tokens',
  'image',
  'interruptible',
  'retry',
  'services',
  'tags',
  'timeout',
]);

/** GitLab's own bound on `extends` nesting. */
const MAX_EXTENDS_DEPTH = 11;
const MAX_REFERENCE_DEPTH = 10;

/** One definition of a job: the mapping and the configuration layer (file) it is written in. */
interface JobPart {
  map: MapNode;
  layer: ConfigLayer;
}

export class Builder {
  /** Each job's definitions, highest priority first (the including file over what it includes). */
  private readonly jobs = new Map<string, JobPart[]>();
  private readonly reportedExtends = new Set<YamlNode>();
  readonly references: Reference[] = [];
  private readonly images = new Map<YamlNode, Map<string, Reference>>();
  private readonly order: string[];

  constructor(
    private readonly file: SourceFile,
    readonly layers: ConfigLayer[],
    private readonly fileOf: WeakMap<YamlNode, SourceFile>,
    readonly issues: PipelineIssues,
  ) {
    // Jobs in the order a reader of the merged configuration meets them: included files first.
    const order: string[] = [];
    for (const layer of [...layers].reverse()) {
      for (const pair of entries(layer.root)) {
        if (GLOBAL_KEYWORDS.has(pair.keyText)) continue;
        const name = substituteInputs(pair.keyText, layer);
        const map = asMap(pair.value);
        if (!map) {
          if (!name.startsWith('.')) this.issue(pair.key, `job \`${name}\` should be a mapping`);
          continue;
        }
        const parts = this.jobs.get(name);
        if (parts) parts.unshift({ map, layer });
        else {
          this.jobs.set(name, [{ map, layer }]);
          order.push(name);
        }
      }
    }
    this.order = order;
  }

  fileOfNode(node: YamlNode): SourceFile {
    return this.fileOf.get(node) ?? this.file;
  }

  origin(node: YamlNode): Origin {
    return { file: this.fileOfNode(node), span: { start: node.start, end: node.end } };
  }

  private readonly reported = new Set<string>();

  /** A parse issue at a node, once however many jobs read the node. */
  issue(node: YamlNode, message: string): void {
    const file = this.fileOfNode(node);
    const key = `${file.path}:${node.start}:${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.issues.add(file, node.start, message);
  }

  /**
   * Whether the configuration pulls in files that are not read offline (project, remote, template
   * and component includes): then an unknown `extends` parent or `!reference` target is most
   * likely defined there, and is not reported.
   */
  private hasExternalIncludes(): boolean {
    this.externalIncludes ??= this.layers.some((layer) => {
      const include = deref(get(layer.root, 'include'));
      const items = include?.kind === 'seq' ? include.items : include ? [include] : [];
      return items.some((item) => {
        const entry = deref(item);
        if (entry?.kind === 'scalar') return /^https?:\/\//i.test(scalarText(entry) ?? '');
        const map = asMap(entry);
        return ['project', 'remote', 'template', 'component'].some((key) => getPair(map, key) !== undefined);
      });
    });
    return this.externalIncludes;
  }

  private externalIncludes: boolean | undefined;

  private forms: Map<string, Origin> | undefined;
  private dotenv: Set<string> | undefined;

  /**
   * Names some job may write to its `artifacts:reports:dotenv` file (`echo "NAME=..." >> file`),
   * read lexically from script lines that name the file: later jobs receive them as variables.
   */
  dotenvNames(): Set<string> {
    if (this.dotenv) return this.dotenv;
    const names = new Set<string>();
    for (const [name] of this.jobEntries()) {
      const reports = get(asMap(get(asMap(this.resolve(name, 'artifacts')), 'reports')), 'dotenv');
      const files = this.listItems(reports)
        .map((i) => scalarText(i))
        .filter((t): t is string => !!t)
        .map((f) => f.split('/').pop() as string);
      if (files.length === 0) continue;
      for (const section of ['before_script', 'script', 'after_script']) {
        for (const line of this.scriptLines(this.resolve(name, section))) {
          const text = String(line.value);
          if (!files.some((f) => text.includes(f))) continue;
          for (const match of text.matchAll(/(?:^|[\s"'])([A-Za-z_][A-Za-z0-9_]*)=/g)) names.add(match[1] as string);
        }
      }
    }
    this.dotenv = names;
    return names;
  }

  /**
   * Global variables declared for the Run pipeline form (`description:` without `options:`): the
   * value is whatever the person or system starting the pipeline types, through the form, the
   * API, a trigger token, a schedule or push options. Per name, the highest-priority file decides.
   */
  formVariables(): Map<string, Origin> {
    if (this.forms) return this.forms;
    const forms = new Map<string, Origin>();
    const seen = new Set<string>();
    for (const layer of this.layers) {
      for (const pair of entries(asMap(get(layer.root, 'variables')))) {
        if (seen.has(pair.keyText)) continue;
        seen.add(pair.keyText);
        const map = asMap(pair.value);
        const description = getPair(map, 'description');
        if (description && !getPair(map, 'options')) forms.set(pair.keyText, this.origin(pair.key));
      }
    }
    this.forms = forms;
    return forms;
  }

  /** A node with a `!reference` tag replaced by what it points at (scalars such as `if:` too). */
  resolveNode(node: YamlNode | undefined, depth = 0): YamlNode | undefined {
    const n = deref(node);
    if (!n || n.tag !== '!reference' || depth > MAX_REFERENCE_DEPTH) return n;
    return this.resolveNode(this.followReference(n), depth + 1);
  }

  /** A global keyword as the merged configuration has it (the highest-priority file that sets it). */
  global(key: string): YamlNode | undefined {
    for (const layer of this.layers) {
      const hit = get(layer.root, key);
      if (hit) return hit;
    }
    return undefined;
  }

  /** A key of `default:` in the merged configuration. */
  private defaultKey(key: string): YamlNode | undefined {
    for (const layer of this.layers) {
      const hit = get(asMap(get(layer.root, 'default')), key);
      if (hit) return hit;
    }
    return undefined;
  }

  private own(name: string, key: string): YamlNode | undefined {
    for (const part of this.jobs.get(name) ?? []) {
      const hit = get(part.map, key);
      if (hit) return hit;
    }
    return undefined;
  }

  /** A job's key after `extends` (own value first, then parents from last to first, depth-first). */
  private lookup(name: string, key: string, seen: Set<string>): YamlNode | undefined {
    if (!this.jobs.has(name) || seen.has(name) || seen.size > MAX_EXTENDS_DEPTH) return undefined;
    seen.add(name);
    const own = this.own(name, key);
    if (own) return own;
    const parents = this.parentsOf(name);
    for (let i = parents.length - 1; i >= 0; i--) {
      const parent = parents[i] as { name: string; node: YamlNode };
      if (!this.jobs.has(parent.name)) {
        if (!this.reportedExtends.has(parent.node) && !this.hasExternalIncludes()) {
          this.reportedExtends.add(parent.node);
          this.issue(parent.node, `\`extends\` names \`${parent.name}\`, which is not defined in this pipeline`);
        }
        continue;
      }
      const hit = this.lookup(parent.name, key, seen);
      if (hit) return hit;
    }
    return undefined;
  }

  /** `extends` parents, at any depth, that this configuration does not define (from includes not read offline). */
  unresolvedParents(name: string, seen = new Set<string>()): string[] {
    if (seen.has(name) || seen.size > MAX_EXTENDS_DEPTH) return [];
    seen.add(name);
    const out: string[] = [];
    for (const parent of this.parentsOf(name)) {
      if (!this.jobs.has(parent.name)) out.push(parent.name);
      else out.push(...this.unresolvedParents(parent.name, seen));
    }
    return [...new Set(out)];
  }

  private parentsOf(name: string): { name: string; node: YamlNode }[] {
    const value = this.own(name, 'extends');
    if (!value) return [];
    const items = asSeq(value)?.items ?? [value];
    const out: { name: string; node: YamlNode }[] = [];
    for (const item of items) {
      const parent = scalarText(item);
      if (parent) out.push({ name: parent, node: item });
    }
    return out;
  }

  /** A job's effective key: its own or inherited through `extends`, else `default:` unless `inherit:` opts out. */
  resolve(name: string, key: string): YamlNode | undefined {
    const hit = this.lookup(name, key, new Set());
    if (hit || !DEFAULT_KEYS.has(key)) return hit;
    const inherit = this.lookup(name, 'inherit', new Set());
    const inheritDefault = get(asMap(inherit), 'default');
    const flag = asScalar(inheritDefault)?.value;
    if (flag === false) return undefined;
    const allowed = asSeq(inheritDefault);
    if (allowed && !allowed.items.some((i) => scalarText(i) === key)) return undefined;
    return this.defaultKey(key) ?? (key === 'image' || key === 'services' || key.endsWith('_script') ? this.global(key) : undefined);
  }

  readonly templates = new TemplateBuilder(this);

  /** The copy of a file a node is read in: the job's own layer when the node is written there. */
  layerFor(node: YamlNode, preferred: ConfigLayer | undefined): ConfigLayer | undefined {
    const file = this.fileOfNode(node);
    if (preferred?.file === file) return preferred;
    return this.layers.find((l) => l.file === file);
  }

  /** The layer a job's own definition (its highest-priority part) is written in. */
  layerOf(name: string): ConfigLayer | undefined {
    return this.jobs.get(name)?.[0]?.layer;
  }

  /** The items of a list with `!reference` tags and nested lists flattened (rules, paths, caches). */
  listItems(node: YamlNode | undefined, depth = 0): YamlNode[] {
    const n = deref(node);
    if (!n || depth > MAX_REFERENCE_DEPTH) return [];
    if (n.tag === '!reference') return this.listItems(this.followReference(n), depth + 1);
    if (n.kind === 'seq')
      return n.items.flatMap((item) =>
        deref(item)?.kind === 'seq' || deref(item)?.tag === '!reference' ? this.listItems(item, depth + 1) : [item],
      );
    return [n];
  }

  /** Script lines of a `script`-like value, with `!reference [job, key]` tags and nested lists flattened. */
  scriptLines(node: YamlNode | undefined, depth = 0): ScalarNode[] {
    const n = deref(node);
    if (!n || depth > MAX_REFERENCE_DEPTH) return [];
    if (n.tag === '!reference') return this.scriptLines(this.followReference(n), depth + 1);
    if (n.kind === 'scalar') return typeof n.value === 'string' ? [n] : [];
    if (n.kind === 'seq') return n.items.flatMap((item) => this.scriptLines(item, depth + 1));
    return [];
  }

  private followReference(node: YamlNode): YamlNode | undefined {
    const path = asSeq(node)?.items.map((i) => scalarText(i) ?? '') ?? [];
    if (path.length === 0) {
      this.issue(node, '`!reference` needs a list such as `[.job, script]`');
      return undefined;
    }
    const [jobName, ...keys] = path as [string, ...string[]];
    const starts: (YamlNode | undefined)[] = this.jobs.has(jobName)
      ? (this.jobs.get(jobName) ?? []).map((p) => p.map)
      : GLOBAL_KEYWORDS.has(jobName)
        ? this.layers.map((l) => get(l.root, jobName))
        : [];
    for (const start of starts) {
      let current = start;
      for (const key of keys) current = get(asMap(current), key);
      if (current) return current;
    }
    if (!this.hasExternalIncludes()) this.issue(node, `\`!reference [${path.join(', ')}]\` points at nothing defined in this pipeline`);
    return undefined;
  }

  jobEntries(): [string, MapNode][] {
    return this.order.filter((name) => !name.startsWith('.')).map((name) => [name, (this.jobs.get(name) as JobPart[])[0]?.map as MapNode]);
  }

  addReference(reference: Reference): Reference {
    this.references.push(reference);
    return reference;
  }

  /**
   * One reference per written image, however many jobs inherit it (so it is reported once), and
   * per value its `$[[ inputs ]]` take in the copy of the file (`layer`) the job reads it in.
   */
  image(node: YamlNode | undefined, layer: ConfigLayer | undefined): Reference | undefined {
    const n = deref(node);
    const nameNode = n?.kind === 'map' ? get(n, 'name') : n;
    const raw = scalarText(nameNode);
    if (!raw || !nameNode) return undefined;
    const filled = interpolateInputs(raw, this.layerFor(nameNode, layer), true) ?? raw;
    const byValue = this.images.get(nameNode) ?? new Map<string, Reference>();
    this.images.set(nameNode, byValue);
    const known = byValue.get(filled);
    if (known) return known;
    const reference = imageReference(filled, this.origin(nameNode));
    if (filled !== raw) Object.assign(reference, { raw, interpolated: filled });
    byValue.set(filled, this.addReference(reference));
    return reference;
  }
}

/** `$[[ inputs.x ]]` in a job name, replaced by the value bound in that copy of the file. */
function substituteInputs(text: string, layer: ConfigLayer): string {
  if (!text.includes('$[[')) return text;
  return text.replace(/\$\[\[\s*inputs\.([A-Za-z0-9_-]+)[^\]]*\]\]/g, (whole, name: string) => {
    const value = layer.inputs.values.get(name);
    return value ? (scalarText(value.node) ?? whole) : whole;
  });
}

function get(map: MapNode | undefined, key: string): YamlNode | undefined {
  return getPair(map, key)?.value;
}

function template(
  builder: Builder,
  node: ScalarNode,
  sink: Template['sink'],
  layer: ConfigLayer | undefined,
  envNames: ReadonlySet<string>,
): Template {
  return builder.templates.template(node, sink, builder.layerFor(node, layer), envNames);
}

function variableNames(node: YamlNode | undefined): string[] {
  return entries(asMap(node)).map((p) => p.keyText);
}

function variables(
  builder: Builder,
  node: YamlNode | undefined,
  level: EnvVar['level'],
  layer: ConfigLayer | undefined,
  envNames: ReadonlySet<string>,
): EnvVar[] {
  const out: EnvVar[] = [];
  for (const pair of entries(asMap(node))) {
    const valueNode = deref(pair.value);
    const scalar = asScalar(valueNode?.kind === 'map' ? get(valueNode, 'value') : valueNode);
    // `expand: false` keeps `$` literal: nothing is expanded from the value.
    const isRaw = valueNode?.kind === 'map' && asScalar(get(valueNode, 'expand'))?.value === false;
    const value = scalar && scalar.value !== null ? template(builder, scalar, 'env', layer, envNames) : undefined;
    if (value && isRaw) value.interpolations = value.interpolations.filter((i) => i.phase === 'config-time');
    out.push({
      name: pair.keyText,
      value,
      origin: builder.origin(pair.key),
      level,
    });
  }
  return out;
}

/**
 * `include:` values that expand variables or inputs. Only some variables reach an include
 * (project, group and instance variables, `CI_PROJECT_*`, `CI_COMMIT_REF_NAME`, and the variables
 * of manual, API, trigger and scheduled runs): YAML `variables:` do not, so only those sources
 * are kept. `$[[ inputs ]]` are filled in before the include is read, so they always reach it.
 * https://docs.gitlab.com/ci/yaml/includes/#use-variables-with-include
 */
function includeSelectors(builder: Builder, node: YamlNode | undefined, layer: ConfigLayer): CodeSelector[] {
  const out: CodeSelector[] = [];
  const none = new Set<string>();
  const add = (value: YamlNode | undefined) => {
    for (const item of builder.listItems(value)) {
      for (const found of selector(builder, item, 'include', layer, none)) {
        for (const interpolation of found.template.interpolations) {
          interpolation.sources = interpolation.sources.filter(
            (s) => s.name.startsWith('pipeline variable ') || s.name.startsWith('inputs.') || ATTACKER_VARIABLES[s.name]?.includeCompatible,
          );
        }
        found.template.interpolations = found.template.interpolations.filter((i) => i.sources.length > 0);
        if (found.template.interpolations.length) out.push(found);
      }
    }
  };
  for (const item of builder.listItems(node)) {
    const entry = deref(item);
    if (entry?.kind === 'scalar') add(entry);
    const map = asMap(entry);
    for (const key of ['local', 'project', 'ref', 'file', 'remote', 'component']) add(get(map, key));
  }
  return out;
}

/**
 * The references of one copy of a file's `include:` entries; `$[[ inputs ]]` are filled in with
 * what that copy is passed (or the defaults), and the reference describes the filled value.
 */
function includes(builder: Builder, node: YamlNode | undefined, layer: ConfigLayer): void {
  const n = deref(node);
  if (!n) return;
  const fill = (text: string | undefined) => (text === undefined ? undefined : (interpolateInputs(text, layer, true) ?? text));
  const add = (build: (value: (t: string | undefined) => string | undefined) => Reference) => {
    const written = build((t) => t);
    const filled = build(fill);
    builder.addReference(filled.raw === written.raw ? written : { ...filled, raw: written.raw, interpolated: filled.raw });
  };
  const items = n.kind === 'seq' ? n.items : [n];
  for (const item of items) {
    const entry = deref(item);
    if (entry?.kind === 'scalar') {
      const text = scalarText(entry) ?? '';
      if (/^https?:\/\//.test(text)) add((v) => remoteInclude(v(text) as string, undefined, builder.origin(entry)));
      continue;
    }
    const map = asMap(entry);
    if (!map) continue;
    const remote = get(map, 'remote');
    const project = get(map, 'project');
    const component = get(map, 'component');
    const templateName = get(map, 'template');
    if (remote && scalarText(remote)) {
      add((v) => remoteInclude(v(scalarText(remote)) as string, v(scalarText(get(map, 'integrity'))), builder.origin(remote)));
    } else if (project && scalarText(project)) {
      const ref = get(map, 'ref');
      const files = asSeq(get(map, 'file'))?.items ?? [get(map, 'file')];
      const fileText = files
        .map((f) => scalarText(f))
        .filter(Boolean)
        .join(', ');
      add((v) =>
        projectInclude(v(scalarText(project)) as string, v(scalarText(ref)), v(fileText) as string, builder.origin(ref ?? project)),
      );
    } else if (component && scalarText(component)) {
      add((v) => componentInclude(v(scalarText(component)) as string, builder.origin(component)));
    } else if (templateName && scalarText(templateName)) {
      add((v) => templateInclude(v(scalarText(templateName)) as string, builder.origin(templateName)));
    }
  }
}

/**
 * `if:` tests of a job's rules (not `when: never` ones, which exclude rather than admit) that
 * admit text others write: a pattern match (`=~`) on a free-text variable or a ref name, or free
 * text compared equal (`$CI_MERGE_REQUEST_LABELS == "deploy"`).
 */
function gatesOnText(
  builder: Builder,
  rules: YamlNode | undefined,
  layer: ConfigLayer | undefined,
): { variable: string; origin: Origin }[] {
  const out: { variable: string; origin: Origin }[] = [];
  for (const item of builder.listItems(rules)) {
    const rule = asMap(builder.resolveNode(item));
    if (!rule || scalarText(get(rule, 'when')) === 'never') continue;
    const ifNode = asScalar(builder.resolveNode(get(rule, 'if')));
    if (!ifNode || typeof ifNode.value !== 'string' || !ifNode.value.includes('$')) continue;
    const text = ifNode.value;
    for (const interpolation of template(builder, ifNode, 'text', layer, new Set()).interpolations) {
      for (const source of interpolation.sources) {
        // A pattern match admits whoever writes matching text; free text compared equal does too.
        const op = new RegExp(`\\$\\{?${source.name}\\}?\\s*(=~|==)`).exec(text)?.[1];
        if (op === '=~' || (op === '==' && source.capability === 'free-text'))
          out.push({ variable: source.name, origin: interpolation.origin });
      }
    }
  }
  return out;
}

/** The `variables:` maps of a `rules:` list (job or workflow rules), in rule order. */
function rulesVariables(builder: Builder, rules: YamlNode | undefined): YamlNode[] {
  return builder
    .listItems(rules)
    .map((rule) => getPair(asMap(builder.resolveNode(rule)), 'variables')?.value)
    .filter((v): v is YamlNode => v !== undefined);
}

/** The first declaration of each name (the one GitLab's precedence picks). */
function dedupe(env: EnvVar[]): EnvVar[] {
  const seen = new Set<string>();
  return env.filter((v) => !seen.has(v.name) && seen.add(v.name) !== undefined);
}

/** A value that chooses what runs, as a template when it expands variables. */
function selector(
  builder: Builder,
  node: YamlNode | undefined,
  what: CodeSelector['what'],
  layer: ConfigLayer | undefined,
  envNames: ReadonlySet<string>,
): CodeSelector[] {
  const scalar = asScalar(deref(node));
  if (!scalar || typeof scalar.value !== 'string' || !scalar.value.includes('$')) return [];
  const built = template(builder, scalar, 'code-selection', layer, envNames);
  return built.interpolations.length ? [{ what, template: built }] : [];
}

function jobSelectors(
  builder: Builder,
  name: string,
  tagsNode: YamlNode | undefined,
  layer: ConfigLayer | undefined,
  envNames: ReadonlySet<string>,
): CodeSelector[] {
  const nameOf = (node: YamlNode | undefined) => {
    const n = deref(node);
    return n?.kind === 'map' ? get(n, 'name') : n;
  };
  const out: CodeSelector[] = [...selector(builder, nameOf(builder.resolve(name, 'image')), 'image', layer, envNames)];
  for (const item of builder.listItems(builder.resolve(name, 'services')))
    out.push(...selector(builder, nameOf(item), 'service', layer, envNames));
  for (const item of builder.listItems(tagsNode)) out.push(...selector(builder, item, 'runner-tag', layer, envNames));
  const trigger = deref(builder.resolve(name, 'trigger'));
  if (trigger?.kind === 'scalar') out.push(...selector(builder, trigger, 'trigger-project', layer, envNames));
  const triggerMap = asMap(trigger);
  out.push(...selector(builder, get(triggerMap, 'project'), 'trigger-project', layer, envNames));
  out.push(...selector(builder, get(triggerMap, 'branch'), 'trigger-branch', layer, envNames));
  return out;
}

function buildJob(builder: Builder, name: string, map: MapNode, analysis: TriggerAnalysis, pipelineEnv: EnvVar[]): Job {
  const layer = builder.layerOf(name);
  const reach = analysis.job(name, layer);
  const variablesNode = builder.resolve(name, 'variables');
  const ruleVariableNodes = rulesVariables(builder, builder.resolve(name, 'rules'));
  const envNames = new Set([
    ...pipelineEnv.map((v) => v.name),
    ...variableNames(variablesNode),
    ...ruleVariableNodes.flatMap(variableNames),
    ...builder.dotenvNames(),
  ]);
  const facts = jobFacts(builder, name);
  if (reach.conditions) facts.conditions = builder.origin(reach.conditions);
  const textGates = gatesOnText(builder, builder.resolve(name, 'rules'), layer);
  if (textGates.length) facts.textGates = textGates;
  const unresolved = builder.unresolvedParents(name);
  if (unresolved.length > 0) facts.unresolvedExtends = unresolved;
  const channels = gitlabChannels(name, facts);
  const jobOrigin: Origin = { file: builder.origin(map).file, span: { start: map.start, end: map.end } };
  const steps: Step[] = [];
  for (const section of ['before_script', 'script', 'after_script']) {
    for (const line of builder.scriptLines(builder.resolve(name, section))) {
      steps.push({
        index: steps.length,
        name: section,
        kind: 'shell',
        origin: builder.origin(line),
        node: map,
        script: template(builder, line, 'shell', layer, envNames),
        shell: 'bash',
        inputs: [],
        env: [],
      });
    }
  }
  // `rules:variables` of the rule that matches override the job's own: listed first, so a name is
  // looked up there before the job's `variables:` (the first rule that sets a name stands for all).
  const env = dedupe([
    ...ruleVariableNodes.flatMap((node) => variables(builder, node, 'job', layer, envNames)),
    ...variables(builder, variablesNode, 'job', layer, envNames),
  ]);
  const services: Reference[] = [];
  for (const item of asSeq(builder.resolve(name, 'services'))?.items ?? []) {
    const reference = builder.image(item, layer);
    if (reference) services.push(reference);
  }
  const tagsNode = builder.resolve(name, 'tags');
  const tags = builder
    .listItems(tagsNode)
    .map((t) => scalarText(t))
    .filter((t): t is string => !!t);
  const selectors = jobSelectors(builder, name, tagsNode, layer, envNames);
  if (selectors.length) facts.selectors = selectors;
  const environmentNode = deref(builder.resolve(name, 'environment'));
  const environmentName = scalarText(environmentNode?.kind === 'map' ? get(environmentNode, 'name') : environmentNode);
  const gates: Gate[] = [...reach.gates];
  const when = builder.resolve(name, 'when');
  if (scalarText(when) === 'manual' && when)
    gates.push({ kind: 'manual', spoofable: false, note: '`when: manual`', origin: builder.origin(when) });
  const secrets: SecretRef[] = entries(asMap(builder.resolve(name, 'secrets'))).map((p) => ({
    name: p.keyText,
    dynamic: false,
    origin: builder.origin(p.key),
  }));
  const needs = (asSeq(builder.resolve(name, 'needs'))?.items ?? [])
    .map((item) => scalarText(deref(item)?.kind === 'map' ? get(asMap(item), 'job') : item))
    .filter((n): n is string => !!n);
  return {
    id: name,
    name,
    origin: jobOrigin,
    node: map,
    needs,
    triggers: reach.triggers,
    gates,
    runner: { labels: tags, selfHosted: tags.length > 0 ? 'unknown' : false },
    container: builder.image(builder.resolve(name, 'image'), layer),
    services,
    identity: { oidc: builder.resolve(name, 'id_tokens') !== undefined, staticCloudKeys: staticCloudKeys(steps, env, pipelineEnv) },
    secrets,
    environment:
      environmentName && environmentNode
        ? { name: environmentName, origin: builder.origin(environmentNode), isProtected: 'unknown' }
        : undefined,
    env,
    steps,
    outputs: [],
    inputs: [],
    ...(channels.length ? { channels } : {}),
    gitlab: facts,
  };
}

export interface GitlabBuildResult {
  pipeline: Pipeline;
  issues: ParseIssue[];
  /** Files read through local includes. */
  files: SourceFile[];
}

/**
 * The pipeline of one GitLab configuration file with its local includes merged in. Every node
 * keeps the file it is written in, so findings point into included files.
 */
export function buildGitlabPipeline(
  file: SourceFile,
  documents: YamlDocument[],
  root: MapNode,
  repositoryRoot: string,
  context?: ParseContext,
): GitlabBuildResult {
  const issues = new PipelineIssues();
  const resolved = resolveIncludes(file, documents, root, repositoryRoot, context, issues);
  const builder = new Builder(file, resolved.layers, resolved.fileOf, issues);
  for (const layer of resolved.layers) includes(builder, get(layer.root, 'include'), layer);
  const analysis = new TriggerAnalysis(builder);
  const triggers = analysis.pipeline.map((s) => s.trigger);
  const env = pipelineVariables(builder);
  const jobs = builder.jobEntries().map(([name, map]) => buildJob(builder, name, map, analysis, env));
  linkArtifacts(builder, jobs);
  const pipeline: Pipeline = {
    id: file.path,
    platform: 'gitlab',
    kind: 'gitlab-ci',
    file,
    root,
    triggers,
    env,
    jobs,
    references: builder.references,
    gitlab: { includeSelectors: resolved.layers.flatMap((layer) => includeSelectors(builder, get(layer.root, 'include'), layer)) },
    declaredInputs: [...(resolved.layers[0]?.inputs.specs.values() ?? [])].map((spec) => ({
      name: spec.name,
      origin: builder.origin(spec.key),
      type: spec.type,
    })),
  };
  return { pipeline, issues: issues.list, files: resolved.files };
}

/** GitLab's stages when `stages:` is not written; `.pre` and `.post` always open and close the list. */
const DEFAULT_STAGES = ['build', 'test', 'deploy'];

/**
 * Which jobs' artifacts (and dotenv variables) each job receives: its `needs:` (same pipeline,
 * not `artifacts: false`), else its `dependencies:`, else every job of an earlier stage.
 * https://docs.gitlab.com/ci/yaml/#dependencies, https://docs.gitlab.com/ci/yaml/#needsartifacts
 */
function linkArtifacts(builder: Builder, jobs: Job[]): void {
  const written = builder
    .listItems(builder.global('stages'))
    .map((i) => scalarText(i))
    .filter((t): t is string => !!t);
  const stages = ['.pre', ...(written.length ? written : DEFAULT_STAGES).filter((t) => t !== '.pre' && t !== '.post'), '.post'];
  const stageOf = (job: Job) => {
    const index = stages.indexOf(scalarText(builder.resolve(job.id, 'stage')) ?? 'test');
    return index < 0 ? stages.length : index;
  };
  const known = new Set(jobs.map((j) => j.id));
  for (const job of jobs) {
    if (!job.gitlab) continue;
    const needs = builder.resolve(job.id, 'needs');
    const dependencies = builder.resolve(job.id, 'dependencies');
    let from: string[];
    if (needs) {
      from = builder.listItems(needs).flatMap((item) => {
        const map = asMap(item);
        if (!map) return [scalarText(item) ?? ''];
        if (getPair(map, 'project') || getPair(map, 'pipeline') || asScalar(get(map, 'artifacts'))?.value === false) return [];
        return [scalarText(get(map, 'job')) ?? ''];
      });
    } else if (dependencies) {
      from = builder.listItems(dependencies).map((i) => scalarText(i) ?? '');
    } else {
      const mine = stageOf(job);
      from = jobs.filter((other) => other !== job && stageOf(other) < mine).map((other) => other.id);
    }
    from = [...new Set(from.filter((n) => known.has(n) && n !== job.id))];
    if (from.length) job.gitlab.artifactsFrom = from;
  }
}

/** Global `variables:` of the merged configuration: per name, the highest-priority file wins. */
function pipelineVariables(builder: Builder): EnvVar[] {
  const out: EnvVar[] = [];
  const seen = new Set<string>();
  // `workflow:rules:variables` of the matching rule override the global `variables:`.
  const workflowRules = rulesVariables(builder, getPair(asMap(builder.global('workflow')), 'rules')?.value);
  const names = new Set([
    ...builder.layers.flatMap((layer) => variableNames(get(layer.root, 'variables'))),
    ...workflowRules.flatMap(variableNames),
  ]);
  const declared = [
    ...workflowRules.map((node) => ({ node, layer: builder.layerFor(node, undefined) })),
    ...builder.layers.map((layer) => ({ node: get(layer.root, 'variables'), layer })),
  ];
  for (const { node, layer } of declared) {
    for (const variable of variables(builder, node, 'pipeline', layer, names)) {
      if (seen.has(variable.name)) continue;
      seen.add(variable.name);
      out.push(variable);
    }
  }
  return out;
}
