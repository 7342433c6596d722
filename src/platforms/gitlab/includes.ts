/**
 * Resolves the local `include:` entries of a GitLab pipeline into configuration layers: the
 * pipeline file and every file it pulls in (string form, `local:`, `*` and `**` wildcards), each
 * with the `rules:` of the includes that led to it and the `inputs:` bound to its `spec:inputs`.
 * Files are read through the engine's RepositoryFiles, never outside the repository; cycles, the
 * nesting depth, the number of includes, and missing or unreadable files are parse issues at the
 * include that names them. `project`, `remote`, `template` and `component` includes are left to
 * the pipeline builder, which records them as references (nothing is fetched).
 * Semantics: https://docs.gitlab.com/ci/yaml/includes/ (later includes win over earlier ones, the
 * including file over what it includes; at most 150 includes, nested at most 100 deep).
 */
import type { Origin, SourceFile } from '../../model/types.js';
import { asMap, asSeq, deref, getPair, type MapNode, type ScalarNode, scalarText, type YamlNode } from '../../yaml/nodes.js';
import { DEFAULT_YAML_LIMITS, parseYaml, type YamlDocument } from '../../yaml/parse.js';
import type { ParseContext } from '../platform.js';
import { bindInputs, headerOf, type InputScope, type InputSpec, pipelineInputs, readSpecs } from './inputs.js';
import type { PipelineIssues } from './issues.js';

export const MAX_INCLUDES = 150;
export const MAX_INCLUDE_DEPTH = 100;

export interface IncludeCondition {
  /** The `rules:` list of an include entry. */
  rules: YamlNode;
  file: SourceFile;
}

export interface ConfigLayer {
  file: SourceFile;
  root: MapNode;
  inputs: InputScope;
  /** `rules:` of the include entries that led here, outermost first (all must allow the file). */
  conditions: IncludeCondition[];
  /** The include entry that pulled the file in (undefined for the pipeline file). */
  includedAt?: Origin;
  /** The layer whose include pulled this one in (where `$[[ inputs ]]` in passed values resolve). */
  parent?: ConfigLayer;
}

export interface ResolvedConfig {
  /** Highest priority first: the pipeline file, then its includes from the last to the first. */
  layers: ConfigLayer[];
  /** The files read besides the pipeline file. */
  files: SourceFile[];
  /** The file each node of an included file belongs to (nodes of the pipeline file are absent). */
  fileOf: WeakMap<YamlNode, SourceFile>;
}

interface LocalEntry {
  entry: YamlNode;
  path: ScalarNode;
  rules?: YamlNode;
  inputs?: MapNode;
}

const isRemote = (text: string) => /^https?:\/\//i.test(text);

/** The local entries of an `include:` value, in the order written. */
function localEntries(include: YamlNode | undefined): LocalEntry[] {
  const value = deref(include);
  if (!value) return [];
  const items = value.kind === 'seq' ? value.items : [value];
  const out: LocalEntry[] = [];
  for (const item of items) {
    const entry = deref(item);
    if (entry?.kind === 'scalar') {
      const text = scalarText(entry);
      if (text && !isRemote(text)) out.push({ entry, path: entry });
      continue;
    }
    const map = asMap(entry);
    const local = deref(getPair(map, 'local')?.value);
    if (!map || local?.kind !== 'scalar' || !scalarText(local)) continue;
    out.push({ entry: map, path: local, rules: getPair(map, 'rules')?.value, inputs: asMap(getPair(map, 'inputs')?.value) });
  }
  return out;
}

/** An include whose every rule says `when: never` is never part of the pipeline. */
function isNeverIncluded(rules: YamlNode | undefined): boolean {
  const list = asSeq(rules)?.items ?? [];
  return list.length > 0 && list.every((rule) => scalarText(getPair(asMap(rule), 'when')?.value) === 'never');
}

/** A repository-relative path with `.`/`..` resolved, or undefined when it climbs out. */
function inRepository(written: string): string | undefined {
  const out: string[] = [];
  for (const part of written.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.length > 0 ? out.join('/') : undefined;
}

/** GitLab's wildcard paths: `*` within a folder, `**` across folders. */
function wildcardPattern(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function indexNodes(node: YamlNode | undefined, file: SourceFile, fileOf: WeakMap<YamlNode, SourceFile>, depth = 0): void {
  if (!node || depth > 200 || fileOf.has(node)) return;
  fileOf.set(node, file);
  if (node.kind === 'seq') for (const item of node.items) indexNodes(item, file, fileOf, depth + 1);
  else if (node.kind === 'map')
    for (const pair of node.pairs) {
      indexNodes(pair.key, file, fileOf, depth + 1);
      indexNodes(pair.value, file, fileOf, depth + 1);
    }
}

export function resolveIncludes(
  file: SourceFile,
  documents: YamlDocument[],
  root: MapNode,
  repositoryRoot: string,
  context: ParseContext | undefined,
  issues: PipelineIssues,
): ResolvedConfig {
  const fileOf = new WeakMap<YamlNode, SourceFile>();
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  let count = 0;
  let reportedCount = false;
  const reader = context?.files;
  const limits = context?.yamlLimits ?? DEFAULT_YAML_LIMITS;
  const fileFor = (node: YamlNode, fallback: SourceFile) => fileOf.get(node) ?? fallback;

  const top: ConfigLayer = { file, root, inputs: pipelineInputs(readSpecs(headerOf(documents), file, issues), file), conditions: [] };

  /** The layers of `layer` and everything it includes, lowest priority first. */
  const expand = (layer: ConfigLayer, stack: string[]): ConfigLayer[] => {
    const out: ConfigLayer[] = [];
    for (const local of localEntries(getPair(layer.root, 'include')?.value)) {
      if (isNeverIncluded(local.rules)) continue;
      const at = fileFor(local.path, layer.file);
      for (const target of targetsOf(local, at)) {
        if (stack.includes(target)) {
          issues.add(at, local.path.start, `include cycle: ${[...stack, target].join(' -> ')}`, 'INCLUDE_CYCLE');
          continue;
        }
        const key = `${target}\n${local.inputs ? JSON.stringify(inputsKey(local.inputs)) : ''}`;
        if (seen.has(key)) continue;
        if (stack.length > MAX_INCLUDE_DEPTH) {
          issues.add(
            at,
            local.path.start,
            `includes nest deeper than ${MAX_INCLUDE_DEPTH} levels; \`${target}\` not read`,
            'INCLUDE_LIMIT',
          );
          continue;
        }
        if (count >= MAX_INCLUDES) {
          if (!reportedCount)
            issues.add(at, local.path.start, `more than ${MAX_INCLUDES} includes; the rest are not read`, 'INCLUDE_LIMIT');
          reportedCount = true;
          continue;
        }
        seen.add(key);
        count++;
        const child = load(target, local, layer, at);
        if (child) out.push(...expand(child, [...stack, target]));
      }
    }
    out.push(layer);
    return out;
  };

  const targetsOf = (local: LocalEntry, at: SourceFile): string[] => {
    const written = scalarText(local.path) ?? '';
    if (written.includes('$')) {
      issues.add(at, local.path.start, `include \`${written}\` names its file through variables; not resolved offline`, 'MISSING_INCLUDE');
      return [];
    }
    const relative = inRepository(written);
    if (relative === undefined) {
      issues.add(at, local.path.start, `include \`${written}\` leaves the repository; not read`, 'MISSING_INCLUDE');
      return [];
    }
    if (!relative.includes('*')) return [repositoryRoot + relative];
    const pattern = wildcardPattern(relative);
    const matches = (reader?.list(repositoryRoot.replace(/\/$/, '')) ?? [])
      .filter((p) => p.startsWith(repositoryRoot) && /\.ya?ml$/.test(p) && pattern.test(p.slice(repositoryRoot.length)))
      .sort();
    if (matches.length === 0)
      issues.add(at, local.path.start, `include \`${written}\` matches no file in the repository`, 'MISSING_INCLUDE');
    return matches;
  };

  const load = (target: string, local: LocalEntry, parent: ConfigLayer, at: SourceFile): ConfigLayer | undefined => {
    const written = scalarText(local.path) ?? target;
    if (!/\.ya?ml$/i.test(target)) {
      issues.add(at, local.path.start, `include \`${written}\` is not a .yml or .yaml file`, 'MISSING_INCLUDE');
      return undefined;
    }
    const read = reader?.read(target) ?? { ok: false as const, reason: 'file not found' };
    if (!read.ok) {
      const code = read.reason.includes('symlink') ? 'SYMLINK_OUTSIDE_ROOT' : 'MISSING_INCLUDE';
      issues.add(at, local.path.start, `include \`${written}\` cannot be read: ${read.reason}`, code);
      return undefined;
    }
    const included = read.file;
    const parsed = parsedFile(included);
    if (!parsed) return undefined;
    const { map, specs } = parsed;
    if (specs.size === 0 && local.inputs) {
      issues.add(at, local.inputs.start, `\`inputs:\` given, but ${included.path} declares no \`spec:inputs\``, 'INVALID_INPUT');
    }
    const values = bindInputs(specs, included, local.inputs, local.path, at, issues);
    const conditions = local.rules ? [...parent.conditions, { rules: local.rules, file: at }] : parent.conditions;
    return {
      file: included,
      root: map,
      inputs: { specs, values, isPipelineInput: false },
      conditions,
      includedAt: { file: at, span: { start: local.path.start, end: local.path.end } },
      parent,
    };
  };

  /** Each file parsed once, however often it is included (problems are reported once). */
  const parsedFiles = new Map<SourceFile, { header?: MapNode; map: MapNode; specs: Map<string, InputSpec> } | undefined>();
  const parsedFile = (included: SourceFile) => {
    if (parsedFiles.has(included)) return parsedFiles.get(included);
    files.push(included);
    const parsed = parseYaml(included.text, limits);
    let fatal = false;
    for (const problem of parsed.problems) {
      fatal ||= problem.fatal;
      issues.add(included, problem.offset, problem.message, problem.code, problem.fatal ? 'error' : 'warning');
    }
    let result: { header?: MapNode; map: MapNode; specs: Map<string, InputSpec> } | undefined;
    if (!fatal) {
      const header = headerOf(parsed.documents);
      indexNodes(header, included, fileOf);
      const body = parsed.documents[parsed.documents.length - 1]?.root;
      indexNodes(body, included, fileOf);
      const map = asMap(body);
      if (map) result = { header, map, specs: readSpecs(header, included, issues) };
      else if (body) issues.add(included, body.start, 'an included file should be a mapping of jobs and keywords');
    }
    parsedFiles.set(included, result);
    return result;
  };

  const lowestFirst = expand(top, [file.path]);
  return { layers: lowestFirst.reverse(), files, fileOf };
}

/** Input values as text, so one file included twice with different inputs is two layers. */
function inputsKey(inputs: MapNode): [string, string][] {
  return inputs.pairs.map((p) => [p.keyText, scalarText(p.value) ?? String(p.value.start)]);
}
