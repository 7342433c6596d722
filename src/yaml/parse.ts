/**
 * Fast positioned YAML parsing. js-yaml composes the values; its `listener` hook reports where
 * every node opens and closes, and we build our own positioned tree from those events. This is
 * about seven times faster than `yaml`'s parseDocument on real workflow files (DESIGN.md section 9).
 * The fixer edits the source text at these offsets (yaml/edit.ts), so it needs no second parser.
 *
 * Bounded by construction: js-yaml never expands aliases (we keep them as alias nodes), nesting is
 * capped with js-yaml's own maxDepth, and the number of aliases per file is capped here.
 */
import jsyaml from 'js-yaml';
import type { AliasNode, MapNode, PairNode, ScalarNode, ScalarStyle, SeqNode, YamlNode } from './nodes.js';

export interface YamlLimits {
  maxAliases: number;
  maxDepth: number;
  /** Nodes a document may hold once aliases are expanded (the "billion laughs" guard). */
  maxExpandedNodes: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxAliases: 1000, maxDepth: 64, maxExpandedNodes: 200_000 };

/** Size of a tree with aliases expanded, memoised per node so the walk stays linear. */
function expandedSize(node: YamlNode | undefined, memo: Map<YamlNode, number>, limit: number): number {
  if (!node) return 0;
  const known = memo.get(node);
  if (known !== undefined) return known;
  memo.set(node, limit + 1); // a node reached again while being sized is a cycle: count it as too big
  let size = 1;
  if (node.kind === 'alias') size = expandedSize(node.target, memo, limit);
  else if (node.kind === 'seq') for (const item of node.items) size += expandedSize(item, memo, limit);
  else if (node.kind === 'map')
    for (const pair of node.pairs) size += expandedSize(pair.key, memo, limit) + expandedSize(pair.value, memo, limit);
  size = Math.min(size, limit + 1);
  memo.set(node, size);
  return size;
}

export interface YamlProblem {
  code: 'YAML_SYNTAX' | 'DUPLICATE_KEY' | 'TOO_MANY_ALIASES' | 'TOO_DEEP' | 'UNKNOWN_ALIAS';
  message: string;
  offset: number;
  /** Set when js-yaml gave the position as line and column (0-based) rather than an offset. */
  fatal: boolean;
}

export interface YamlDocument {
  root: YamlNode | undefined;
  /** Offsets where the document starts and ends in the file (for multi-document files). */
  start: number;
  end: number;
}

export interface ParsedYaml {
  documents: YamlDocument[];
  problems: YamlProblem[];
}

// Accept any local tag (`!reference`, `!Ref`...) as data of its node kind rather than failing.
const anyLocalTag = ['scalar', 'sequence', 'mapping'].map(
  (kind) =>
    new jsyaml.Type('!', {
      kind: kind as 'scalar' | 'sequence' | 'mapping',
      multi: true,
      construct: (data: unknown) => data,
    }),
);
// The core schema: no timestamps or binary (CI files never need them; resolving them costs time), and
// `<<` stays a plain key that `nodes.ts` merges itself, keeping every merged node positioned.
const SCHEMA = jsyaml.CORE_SCHEMA.extend(anyLocalTag);

class LimitError extends Error {
  constructor(
    readonly code: YamlProblem['code'],
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface Frame {
  open: number;
  children: YamlNode[];
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0xfeff]);

/** Skips separation space and comments forward from `pos`, not beyond `limit`. */
function skipForward(text: string, pos: number, limit: number): number {
  let i = pos;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (SPACE.has(c)) i++;
    else if (c === 0x23 /* # */) {
      while (i < limit && text.charCodeAt(i) !== 0x0a) i++;
    } else break;
  }
  return i;
}

function trimBack(text: string, end: number, start: number): number {
  let i = end;
  while (i > start && SPACE.has(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Skips `&anchor` and `!tag` properties in front of a node's content. */
function skipProperties(text: string, pos: number, limit: number): { pos: number; anchor?: string; tag?: string } {
  let i = pos;
  let anchor: string | undefined;
  let tag: string | undefined;
  for (let guard = 0; guard < 4 && i < limit; guard++) {
    const c = text.charCodeAt(i);
    if (c !== 0x26 /* & */ && c !== 0x21 /* ! */) break;
    let j = i + 1;
    while (j < limit && !SPACE.has(text.charCodeAt(j)) && !',[]{}'.includes(text[j] as string)) j++;
    if (c === 0x26) anchor = text.slice(i + 1, j);
    else tag = text.slice(i, j);
    i = skipForward(text, j, limit);
  }
  return { pos: i, anchor, tag };
}

function styleAt(text: string, pos: number): ScalarStyle {
  switch (text[pos]) {
    case "'":
      return 'single';
    case '"':
      return 'double';
    case '|':
      return 'literal';
    case '>':
      return 'folded';
    default:
      return 'plain';
  }
}

function keyTextOf(node: YamlNode): string {
  if (node.kind === 'scalar') return node.value === null ? '' : String(node.value);
  return `\u0000${node.kind}@${node.start}`;
}

export function parseYaml(text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): ParsedYaml {
  const documents: YamlDocument[] = [];
  const problems: YamlProblem[] = [];
  const anchors = new Map<string, YamlNode>();
  let aliasCount = 0;
  let stack: Frame[] = [];
  let docStart = 0;

  const listener = (type: 'open' | 'close', state: jsyaml.State & Record<string, unknown>) => {
    const position = state.position as number;
    if (type === 'open') {
      if (stack.length === 0) docStart = position;
      if (stack.length >= limits.maxDepth) {
        throw new LimitError('TOO_DEEP', `nesting deeper than ${limits.maxDepth} levels`, position);
      }
      stack.push({ open: position, children: [] });
      return;
    }
    const frame = stack.pop() as Frame;
    const node = buildNode(frame, position, state);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else {
      documents.push({ root: node, start: docStart, end: position });
      anchors.clear();
    }
  };

  const buildNode = (frame: Frame, close: number, state: Record<string, unknown>): YamlNode => {
    const kind = state.kind as string | null;
    const contentStart = skipForward(text, frame.open, Math.max(close, frame.open));
    const props = skipProperties(text, contentStart, Math.max(close, contentStart));
    const start = contentStart;
    let node: YamlNode;
    if (text.charCodeAt(props.pos) === 0x2a /* * */ && kind !== 'scalar') {
      aliasCount++;
      if (aliasCount > limits.maxAliases) {
        throw new LimitError('TOO_MANY_ALIASES', `more than ${limits.maxAliases} aliases`, props.pos);
      }
      let j = props.pos + 1;
      while (j < close && !SPACE.has(text.charCodeAt(j)) && !',[]{}'.includes(text[j] as string)) j++;
      const name = text.slice(props.pos + 1, j);
      const alias: AliasNode = { kind: 'alias', name, target: anchors.get(name), start, end: j };
      if (!alias.target) {
        problems.push({ code: 'UNKNOWN_ALIAS', message: `unknown alias *${name}`, offset: start, fatal: false });
      }
      node = alias;
    } else if (kind === 'mapping') {
      const pairs: PairNode[] = [];
      const seen = new Set<string>();
      const kids = frame.children;
      for (let i = 0; i + 1 < kids.length; i += 2) {
        const key = kids[i] as YamlNode;
        const value = kids[i + 1] as YamlNode;
        const keyText = keyTextOf(key);
        if (seen.has(keyText) && keyText !== '<<') {
          problems.push({
            code: 'DUPLICATE_KEY',
            message: `duplicate key "${keyText}" (the last one wins)`,
            offset: key.start,
            fatal: false,
          });
        }
        seen.add(keyText);
        pairs.push({ key, keyText, value });
      }
      const flow = text.charCodeAt(props.pos) === 0x7b; /* { */
      const last = pairs[pairs.length - 1];
      const end = flow ? trimBack(text, close, start) : last ? last.value.end : trimBack(text, close, start);
      const map: MapNode = { kind: 'map', pairs, flow, start, end };
      node = map;
    } else if (kind === 'sequence') {
      const flow = text.charCodeAt(props.pos) === 0x5b; /* [ */
      const items = frame.children;
      const last = items[items.length - 1];
      const end = flow ? trimBack(text, close, start) : last ? last.end : trimBack(text, close, start);
      const seq: SeqNode = { kind: 'seq', items, flow, start, end };
      node = seq;
    } else {
      // Scalars, and empty nodes (js-yaml reports kind null and result null for `key:`).
      const isEmpty = kind === null || props.pos >= close;
      const style = isEmpty ? 'plain' : styleAt(text, props.pos);
      const valueStart = isEmpty ? frame.open : start;
      const end = isEmpty ? frame.open : trimBack(text, close, valueStart);
      const raw = state.result;
      const value = raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : String(raw);
      const scalar: ScalarNode = { kind: 'scalar', value, style, start: valueStart, end };
      node = scalar;
    }
    if (props.anchor) {
      node.anchor = props.anchor;
      anchors.set(props.anchor, node);
    }
    if (props.tag) node.tag = props.tag;
    return node;
  };

  try {
    // maxDepth exists in js-yaml 4.3 but not yet in its published types.
    const options = { schema: SCHEMA, json: true, maxDepth: limits.maxDepth + 8, listener } as unknown as jsyaml.LoadOptions;
    jsyaml.loadAll(text, undefined, options);
  } catch (error) {
    if (error instanceof LimitError) {
      problems.push({ code: error.code, message: error.message, offset: error.offset, fatal: true });
    } else if (error instanceof jsyaml.YAMLException) {
      const mark = (error as jsyaml.YAMLException & { mark?: { position?: number } }).mark;
      const reason = (error as jsyaml.YAMLException & { reason?: string }).reason ?? error.message;
      const tooDeep = /maxDepth/.test(reason);
      problems.push({
        code: tooDeep ? 'TOO_DEEP' : 'YAML_SYNTAX',
        message: tooDeep ? `nesting deeper than ${limits.maxDepth} levels` : reason,
        offset: Math.min(mark?.position ?? 0, text.length),
        fatal: true,
      });
    } else if (error instanceof RangeError) {
      problems.push({ code: 'TOO_DEEP', message: 'nesting too deep to parse', offset: 0, fatal: true });
    } else {
      throw error;
    }
    stack = [];
  }
  if (aliasCount > 0) {
    for (const document of documents) {
      if (expandedSize(document.root, new Map(), limits.maxExpandedNodes) > limits.maxExpandedNodes) {
        problems.push({
          code: 'TOO_MANY_ALIASES',
          message: `aliases expand to more than ${limits.maxExpandedNodes} nodes (an alias bomb); not analysed`,
          offset: document.start,
          fatal: true,
        });
        return { documents: [], problems };
      }
    }
  }
  return { documents, problems };
}
