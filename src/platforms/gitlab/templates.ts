/**
 * The interpolations of a GitLab value, in its two phases:
 * - `$[[ inputs.x ]]` is replaced by text when the pipeline is created, before any shell parses
 *   the script (config time). Its taint comes from where the input's value comes from: the
 *   top-level pipeline's inputs are set by whoever runs it (run form, API, trigger, schedule, push
 *   options); an included file's inputs are what the include passes, followed up the include
 *   chain; `expand_vars` expands the variables named in that value. An input limited by
 *   `options`, a non-string type or an anchored `regex` carries no free text.
 * - `$VAR`/`${VAR}` is expanded by the shell at run time: the predefined variables someone else
 *   writes (data/variables.ts) are sources, variables defined in `variables:` are links.
 * - `%VAR%` in a script is replaced by Windows cmd in each line before it parses it: the same
 *   sources and links, in the phase before the shell.
 * Semantics: https://docs.gitlab.com/ci/inputs/, https://docs.gitlab.com/ci/variables/where_variables_can_be_used/
 */
import type { Interpolation, TaintLink, TaintSource, Template } from '../../model/types.js';
import { asScalar, type ScalarNode, scalarText, type YamlNode } from '../../yaml/nodes.js';
import { ScalarOffsetMap } from '../../yaml/scalar-map.js';
import { ATTACKER_VARIABLES } from './data/variables.js';
import type { ConfigLayer } from './includes.js';
import type { Builder } from './pipeline.js';

const INPUT = /\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*((?:\|[^\]]*)?)\]\]/g;
const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;
/** `%NAME%` (cmd); `%%` is a literal percent sign, and a name cannot start with a digit. */
const CMD_VARIABLE = /(?<!%)%([A-Za-z_][A-Za-z0-9_]*)%/g;
const MAX_INPUT_CHAIN = 16;
/**
 * Sources through which a pipeline's inputs are set: the run form, the pipelines and trigger
 * APIs, schedules, push options, and upstream pipelines. Merge request pipelines take defaults.
 */
export const INPUT_SETTERS = ['push', 'web', 'api', 'trigger', 'schedule', 'pipeline', 'parent_pipeline'];
/** `posix_escape` quotes the value for a POSIX shell (GitLab 18.x input functions). */
const ESCAPING_FUNCTIONS = /\bposix_escape\b/;

function isAnchored(regex: string | undefined): boolean {
  if (!regex) return false;
  const body = regex.replace(/^\/|\/[a-z]*$/g, '');
  return body.startsWith('^') && body.endsWith('$') && !body.includes('|');
}

export class TemplateBuilder {
  private readonly maps = new WeakMap<ScalarNode, ScalarOffsetMap>();

  constructor(private readonly builder: Builder) {}

  /**
   * A value as a template. `layer` is the copy of the file the value is read in (for inputs);
   * `envNames` are the variables defined in YAML that `$NAME` links to.
   */
  template(node: ScalarNode, sink: Template['sink'], layer: ConfigLayer | undefined, envNames: ReadonlySet<string>): Template {
    const value = String(node.value);
    const origin = this.builder.origin(node);
    const interpolations: Interpolation[] = [];
    const hasCmd = sink === 'shell' && value.includes('%');
    if (value.includes('$') || hasCmd) {
      const map = this.offsetMap(node, value);
      const span = (start: number, end: number) => ({ file: origin.file, span: { start: map.toSource(start), end: map.toSource(end) } });
      const inputSpans: [number, number][] = [];
      for (const match of value.matchAll(INPUT)) {
        const start = match.index ?? 0;
        const end = start + match[0].length;
        inputSpans.push([start, end]);
        const name = match[1] as string;
        const functions = match[2] ?? '';
        const sources = ESCAPING_FUNCTIONS.test(functions) ? [] : this.inputSources(name, layer, functions.includes('expand_vars'), 0);
        interpolations.push({
          text: match[0].slice(3, -2).trim(),
          origin: span(start, end),
          phase: 'config-time',
          sources,
          links: [],
          secrets: [],
          isSafeOutput: ESCAPING_FUNCTIONS.test(functions),
        });
      }
      const variable = (name: string, start: number, end: number, phase: Interpolation['phase']) => {
        const attacker = ATTACKER_VARIABLES[name];
        const at = span(start, end);
        const sources: TaintSource[] = attacker ? [{ name, capability: attacker.capability, triggers: attacker.triggers, origin: at }] : [];
        // A Run pipeline form variable holds what the starter types; its YAML value is only the default.
        const form = attacker ? undefined : this.builder.formVariables().get(name);
        if (form) sources.push({ name: `pipeline variable ${name}`, capability: 'free-text', triggers: INPUT_SETTERS, origin: form });
        const links: TaintLink[] = !attacker && envNames.has(name) ? [{ kind: 'env', name, origin: at }] : [];
        if (sources.length === 0 && links.length === 0) return;
        interpolations.push({ text: name, origin: at, phase, sources, links, secrets: [], isSafeOutput: false });
      };
      for (const match of value.matchAll(VARIABLE)) {
        const start = match.index ?? 0;
        if (value[start - 1] === '$' || inputSpans.some(([s, e]) => start >= s && start < e)) continue;
        variable((match[1] ?? match[2]) as string, start, start + match[0].length, 'runtime-env');
      }
      // Windows cmd replaces `%NAME%` in a line before it parses it; no other shell reads that form.
      if (hasCmd) {
        for (const match of value.matchAll(CMD_VARIABLE)) {
          const start = match.index ?? 0;
          variable(match[1] as string, start, start + match[0].length, 'before-shell');
        }
      }
      interpolations.sort((a, b) => a.origin.span.start - b.origin.span.start);
    }
    return { value, node, origin, interpolations, sink };
  }

  private offsetMap(node: ScalarNode, value: string): ScalarOffsetMap {
    let map = this.maps.get(node);
    if (!map) {
      map = new ScalarOffsetMap(this.builder.fileOfNode(node).text, node, value);
      this.maps.set(node, map);
    }
    return map;
  }

  /** Where the text of `inputs.name` in this copy of a file can come from. */
  private inputSources(name: string, layer: ConfigLayer | undefined, expandVars: boolean, depth: number): TaintSource[] {
    if (!layer || depth > MAX_INPUT_CHAIN) return [];
    const spec = layer.inputs.specs.get(name);
    if (spec && (spec.options || spec.type !== 'string' || isAnchored(spec.regex))) return [];
    if (layer.inputs.isPipelineInput) {
      if (!spec) return [];
      return [{ name: `inputs.${name}`, capability: 'free-text', triggers: INPUT_SETTERS, origin: this.builder.origin(spec.key) }];
    }
    const value = layer.inputs.values.get(name);
    const text = scalarText(asScalar(value?.node));
    if (!value || text === undefined) return [];
    const sources: TaintSource[] = [];
    for (const nested of text.matchAll(INPUT)) {
      const functions = nested[2] ?? '';
      if (ESCAPING_FUNCTIONS.test(functions)) continue;
      sources.push(...this.inputSources(nested[1] as string, layer.parent, expandVars || functions.includes('expand_vars'), depth + 1));
    }
    if (expandVars) {
      for (const match of text.matchAll(VARIABLE)) {
        const variable = (match[1] ?? match[2]) as string;
        const attacker = ATTACKER_VARIABLES[variable];
        if (attacker?.includeCompatible)
          sources.push({
            name: variable,
            capability: attacker.capability,
            triggers: attacker.triggers,
            origin: this.builder.origin(value.node as YamlNode),
          });
      }
    }
    return sources;
  }
}
