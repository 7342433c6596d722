/**
 * Turns Tekton scalars into templates: each `$(...)` variable (and, in Pipelines-as-Code runs, each
 * `{{ ... }}` dynamic variable) becomes an interpolation with its exact file span, the
 * attacker-controlled sources it reads (data/variables.ts) and the links taint follows (params of
 * the enclosing unit, results of other tasks and steps).
 * Syntax: https://tekton.dev/docs/pipelines/variables/ and https://tekton.dev/docs/triggers/triggertemplates/
 */
import type { Interpolation, Origin, SinkKind, SourceFile, TaintLink, TaintSource, Template } from '../../model/types.js';
import type { ScalarNode, YamlNode } from '../../yaml/nodes.js';
import { ScalarOffsetMap } from '../../yaml/scalar-map.js';
import { bodyFieldCapability, PAC_VARIABLES } from './data/variables.js';

/** Only these roots are substituted by Tekton; anything else (`$(date)`) is shell command substitution. */
const TEKTON_VARIABLE =
  /\$\(\s*((?:params|inputs|tasks|steps|step|context|workspaces|tt|body|header|extensions|results)\b[^()\s]{0,300})\s*\)/g;
const PAC_VARIABLE = /\{\{\s*([^{}]{1,300}?)\s*\}\}/g;
const MAX_VALUE = 256 * 1024;

/** `params.x`, `params["x"]`, `params['x'][*]`, `params.x.key` -> `x`. */
function paramName(rest: string): string | undefined {
  const bracket = /^\[\s*["']([^"']+)["']\s*\]/.exec(rest);
  if (bracket) return bracket[1];
  const dotted = /^\.([A-Za-z0-9_-]+)/.exec(rest);
  return dotted?.[1];
}

export interface ParsedVariable {
  sources: Omit<TaintSource, 'origin'>[];
  /** With a placeholder origin; the template gives each the span of its expression. */
  links: TaintLink[];
}

const NOWHERE: Origin = { file: { path: '', text: '' }, span: { start: 0, end: 0 } };

/** What one `$(...)` expression reads. */
export function readTektonVariable(text: string): ParsedVariable {
  const sources: ParsedVariable['sources'] = [];
  const links: TaintLink[] = [];
  const origin = NOWHERE;
  const params = /^(?:tt\.params|params|inputs\.params)(.*)$/.exec(text);
  if (params) {
    const name = paramName(params[1] ?? '');
    if (name) links.push({ kind: 'input', name, origin });
  } else if (text.startsWith('tasks.')) {
    const match = /^tasks\.([\w-]+)\.results\.([\w-]+)/.exec(text);
    if (match) links.push({ kind: 'job-output', jobId: match[1] as string, output: match[2] as string, origin });
  } else if (text.startsWith('steps.')) {
    const match = /^steps\.([\w-]+)\.results\.([\w-]+)/.exec(text);
    if (match) links.push({ kind: 'step-output', stepId: match[1] as string, output: match[2] as string, origin });
  } else if (text === 'body' || text.startsWith('body.') || text.startsWith('body[')) {
    const capability = bodyFieldCapability(text.replace(/^body\.?/, ''));
    if (capability) sources.push({ name: text, capability, triggers: [] });
  } else if (text === 'header' || text.startsWith('header.') || text.startsWith('header[')) {
    sources.push({ name: text, capability: 'restricted', triggers: [] });
  } else if (text.startsWith('extensions.')) {
    sources.push({ name: text, capability: 'restricted', triggers: [] });
  }
  return { sources, links };
}

/** What one Pipelines-as-Code `{{ ... }}` variable reads. */
export function readPacVariable(text: string): ParsedVariable {
  const sources: ParsedVariable['sources'] = [];
  const name = text.trim();
  if (name.startsWith('body.') || name === 'body') {
    const capability = bodyFieldCapability(name.replace(/^body\.?/, ''));
    if (capability) sources.push({ name, capability, triggers: [] });
  } else if (name.startsWith('files.')) {
    sources.push({ name, capability: 'restricted', triggers: [] });
  } else if (name.startsWith('cel:')) {
    if (/\bbody\b|\bfiles\b/.test(name)) sources.push({ name, capability: 'free-text', triggers: [] });
  } else {
    const capability = PAC_VARIABLES[name];
    if (capability) sources.push({ name, capability, triggers: [] });
  }
  return { sources, links: [] };
}

export class TektonTemplates {
  constructor(
    readonly file: SourceFile,
    /** Substitute `{{ }}` too (a Pipelines-as-Code run). */
    readonly pac: boolean,
  ) {}

  origin(node: { start: number; end: number }): Origin {
    return { file: this.file, span: { start: node.start, end: node.end } };
  }

  /**
   * A template for a scalar (or for an unquoted `{{ x }}`, which YAML reads as a flow mapping but
   * Pipelines-as-Code replaces as text before parsing). Undefined for other nodes and nulls.
   */
  template(node: YamlNode | undefined, sink: SinkKind): Template | undefined {
    const scalar = this.scalar(node);
    if (!scalar || scalar.value === null) return undefined;
    const value = String(scalar.value);
    const interpolations: Interpolation[] = [];
    if (typeof scalar.value === 'string' && value.length <= MAX_VALUE && (value.includes('$(') || (this.pac && value.includes('{{')))) {
      const map = new ScalarOffsetMap(this.file.text, scalar, value);
      const add = (match: RegExpMatchArray, parsed: ParsedVariable, phase: Interpolation['phase']) => {
        const startInValue = match.index ?? 0;
        const start = map.toSource(startInValue);
        const end = Math.max(start, map.toSource(startInValue + match[0].length));
        const origin: Origin = { file: this.file, span: { start, end } };
        interpolations.push({
          text: match[1] as string,
          origin,
          phase,
          sources: parsed.sources.map((s) => ({ ...s, origin })),
          links: parsed.links.map((l) => ({ ...l, origin }) as TaintLink),
          secrets: [],
          isSafeOutput: parsed.sources.length === 0 && parsed.links.length === 0,
        });
      };
      for (const match of value.matchAll(TEKTON_VARIABLE)) add(match, readTektonVariable(match[1] as string), 'before-shell');
      if (this.pac) for (const match of value.matchAll(PAC_VARIABLE)) add(match, readPacVariable(match[1] as string), 'config-time');
      interpolations.sort((a, b) => a.origin.span.start - b.origin.span.start);
    }
    return { value, node: scalar, origin: this.origin(scalar), interpolations, sink };
  }

  /** A scalar, or the raw text of an unquoted `{{ ... }}` that YAML took for a flow mapping. */
  scalar(node: YamlNode | undefined): ScalarNode | undefined {
    if (!node) return undefined;
    if (node.kind === 'scalar') return node;
    if (node.kind === 'map' && node.flow) {
      const text = this.file.text.slice(node.start, node.end);
      if (/^\{\{[^{}]*\}\}$/.test(text)) return { kind: 'scalar', value: text, style: 'plain', start: node.start, end: node.end };
    }
    return undefined;
  }
}
