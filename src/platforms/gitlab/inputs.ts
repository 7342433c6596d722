/**
 * `spec:inputs` of a GitLab configuration file (its header document) and the values an
 * `include:` passes to them. Values are checked against the declared type and `options` offline;
 * `regex:` is recorded but never run (a pattern from a scanned file is not executed, not even as a
 * regular expression). Semantics: https://docs.gitlab.com/ci/inputs/
 */
import type { SourceFile } from '../../model/types.js';
import { asMap, asScalar, asSeq, deref, entries, getPair, type MapNode, scalarText, type YamlNode } from '../../yaml/nodes.js';
import type { YamlDocument } from '../../yaml/parse.js';
import type { PipelineIssues } from './issues.js';

export type InputType = 'string' | 'number' | 'boolean' | 'array';

export interface InputSpec {
  name: string;
  key: YamlNode;
  type: InputType;
  default?: YamlNode;
  /** `options:` as written; a value outside them is rejected by GitLab. */
  options?: string[];
  /** `regex:` as written (GitLab anchors nothing itself). */
  regex?: string;
}

/** What `$[[ inputs.name ]]` stands for in one included copy of a file. */
export interface InputValue {
  /** The value node (passed in `include: inputs:` or the spec default). */
  node: YamlNode;
  file: SourceFile;
  fromDefault: boolean;
}

export interface InputScope {
  specs: Map<string, InputSpec>;
  values: Map<string, InputValue>;
  /** Inputs of the top-level pipeline: set by whoever runs it (run form, API, trigger, schedule, push options). */
  isPipelineInput: boolean;
}

const TYPES = new Set<InputType>(['string', 'number', 'boolean', 'array']);

/** The header document (`spec:`) of a two-document file, if any. */
export function headerOf(documents: YamlDocument[]): MapNode | undefined {
  if (documents.length < 2) return undefined;
  const first = asMap(documents[0]?.root);
  return first && getPair(first, 'spec') ? first : undefined;
}

export function readSpecs(header: MapNode | undefined, file: SourceFile, issues: PipelineIssues): Map<string, InputSpec> {
  const specs = new Map<string, InputSpec>();
  const inputs = asMap(getPair(asMap(getPair(header, 'spec')?.value), 'inputs')?.value);
  for (const pair of entries(inputs)) {
    const body = asMap(pair.value);
    const typeText = scalarText(getPair(body, 'type')?.value) ?? 'string';
    let type: InputType = 'string';
    if (TYPES.has(typeText as InputType)) type = typeText as InputType;
    else
      issues.add(
        file,
        getPair(body, 'type')?.value.start ?? pair.key.start,
        `input \`${pair.keyText}\` has unknown type \`${typeText}\``,
        'INVALID_INPUT',
      );
    const options = asSeq(getPair(body, 'options')?.value)
      ?.items.map((i) => scalarText(i))
      .filter((o): o is string => o !== undefined);
    specs.set(pair.keyText, {
      name: pair.keyText,
      key: pair.key,
      type,
      default: getPair(body, 'default')?.value,
      options,
      regex: scalarText(getPair(body, 'regex')?.value),
    });
  }
  return specs;
}

function typeOf(node: YamlNode): InputType | 'mapping' | 'null' {
  const n = deref(node);
  if (n?.kind === 'seq') return 'array';
  if (n?.kind === 'map') return 'mapping';
  const value = asScalar(n)?.value;
  if (value === null || value === undefined) return 'null';
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
}

/**
 * Binds the values an include passes (`passed`, in `from`) to the included file's specs: unknown
 * names, missing required inputs, wrong types and values outside `options` are parse issues
 * where they are written; defaults fill the rest.
 */
export function bindInputs(
  specs: Map<string, InputSpec>,
  specFile: SourceFile,
  passed: MapNode | undefined,
  entry: YamlNode,
  from: SourceFile,
  issues: PipelineIssues,
): Map<string, InputValue> {
  const values = new Map<string, InputValue>();
  for (const pair of entries(passed)) {
    const spec = specs.get(pair.keyText);
    if (!spec) {
      // A file without any spec:inputs is reported once, by the caller.
      if (specs.size > 0)
        issues.add(
          from,
          pair.key.start,
          `input \`${pair.keyText}\` is not declared in the \`spec:inputs\` of ${specFile.path}`,
          'INVALID_INPUT',
        );
      continue;
    }
    const actual = typeOf(pair.value);
    // A string may hold `$[[ inputs.x ]]` of the including file, whose type is not known here.
    const isInterpolated = actual === 'string' && /\$\[\[/.test(scalarText(pair.value) ?? '');
    if (actual !== spec.type && !isInterpolated) {
      issues.add(from, pair.value.start, `input \`${pair.keyText}\` should be a ${spec.type}, not a ${actual}`, 'INVALID_INPUT');
    } else if (spec.options && !isInterpolated && !spec.options.includes(scalarText(pair.value) ?? '')) {
      issues.add(
        from,
        pair.value.start,
        `input \`${pair.keyText}\` must be one of ${spec.options.map((o) => `\`${o}\``).join(', ')}`,
        'INVALID_INPUT',
      );
    }
    values.set(pair.keyText, { node: pair.value, file: from, fromDefault: false });
  }
  for (const spec of specs.values()) {
    if (values.has(spec.name)) continue;
    if (spec.default) values.set(spec.name, { node: spec.default, file: specFile, fromDefault: true });
    else issues.add(from, entry.start, `input \`${spec.name}\` of ${specFile.path} is required and not given`, 'INVALID_INPUT');
  }
  return values;
}

/** Defaults of the top-level pipeline's inputs (the values a run without inputs gets). */
export function pipelineInputs(specs: Map<string, InputSpec>, file: SourceFile): InputScope {
  const values = new Map<string, InputValue>();
  for (const spec of specs.values()) if (spec.default) values.set(spec.name, { node: spec.default, file, fromDefault: true });
  return { specs, values, isPipelineInput: true };
}

/** A copy of a file as input interpolation sees it: its inputs and the copy that included it. */
export interface InputLayer {
  inputs: InputScope;
  parent?: InputLayer;
}

const INPUT_REFERENCE = /\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*((?:\|[^\]]*)?)\]\]/g;
const MAX_INPUT_CHAIN = 16;

/**
 * The text `$[[ inputs.name ]]` becomes in one copy of a file: the value its include passes
 * (followed up include chains) or the default. Undefined when it is not known offline: the
 * top-level pipeline's inputs are whatever the starter passes, unless `defaultsOnly` (merge
 * request pipelines take the defaults, and a default is what runs when nobody passes one);
 * input functions (`expand_vars`, `truncate`...) are not applied.
 */
export function inputText(layer: InputLayer | undefined, name: string, defaultsOnly: boolean, depth = 0): string | undefined {
  if (!layer || depth > MAX_INPUT_CHAIN) return undefined;
  if (layer.inputs.isPipelineInput && !defaultsOnly) return undefined;
  const value = layer.inputs.values.get(name);
  const text = scalarText(deref(value?.node));
  if (text === undefined) return undefined;
  return interpolateInputs(text, layer.parent, defaultsOnly, undefined, depth + 1);
}

/**
 * A value with every `$[[ inputs.x ]]` replaced by the text it becomes in this copy of the file.
 * One not known offline (see inputText) makes the result undefined, or is replaced by `unknown`
 * when that is given.
 */
export function interpolateInputs(
  text: string,
  layer: InputLayer | undefined,
  defaultsOnly: boolean,
  unknown?: string,
  depth = 0,
): string | undefined {
  if (!text.includes('$[[')) return text;
  let known = true;
  const out = text.replace(INPUT_REFERENCE, (whole, name: string, functions: string) => {
    const value = functions ? undefined : inputText(layer, name, defaultsOnly, depth);
    if (value !== undefined) return value;
    known = false;
    return unknown ?? whole;
  });
  return known || unknown !== undefined ? out : undefined;
}
