/**
 * Loads web-tree-sitter and the bash grammar once, and turns a parse into a
 * small plain-JS tree. The wasm tree is walked exactly once with a TreeCursor
 * (far cheaper than materialising Node objects through namedChildren) and is
 * deleted before returning, so callers never own wasm memory.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { Parser as TSParser } from 'web-tree-sitter';

/**
 * One syntax node; offsets are UTF-16 offsets into the parsed text. For
 * anonymous (punctuation / keyword) nodes `end` is `start + type.length`.
 */
export interface SNode {
  type: string;
  named: boolean;
  start: number;
  end: number;
  children: SNode[];
  parent: SNode | null;
}

export interface BashParse {
  root: SNode;
  hasError: boolean;
}

let parser: TSParser | undefined;
/** Per node-type id: its name and whether it is named (cached so the walk makes fewer wasm calls). */
let typeNames: string[] = [];
let typeNamed: boolean[] = [];
let loading: Promise<void> | undefined;

/** Loads the tree-sitter runtime and the bash grammar from node_modules (no network). Idempotent. */
export function initShellParser(): Promise<void> {
  if (parser) return Promise.resolve();
  loading ??= load().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

export function isShellParserReady(): boolean {
  return parser !== undefined;
}

async function load(): Promise<void> {
  // The grammar's wasm is large (its lexer is one huge function). V8 would recompile hot wasm
  // functions with its optimising tier in the background, which costs more CPU than a whole scan
  // of a small repository saves, and holds the process open about a second at exit. The
  // baseline tier parses fast enough for scripts of CI files. The flag is process-wide and must be
  // set before the module is compiled.
  setFlagsFromString('--liftoff-only');
  const require = createRequire(import.meta.url);
  const runtimeWasm = require.resolve('web-tree-sitter/web-tree-sitter.wasm');
  const grammarWasm = require.resolve('tree-sitter-bash/tree-sitter-bash.wasm');
  const ts = await import('web-tree-sitter');
  await ts.Parser.init({ locateFile: () => runtimeWasm });
  const language = await ts.Language.load(new Uint8Array(await readFile(grammarWasm)));
  const p = new ts.Parser();
  p.setLanguage(language);
  typeNames = [];
  typeNamed = [];
  for (let id = 0; id < language.nodeTypeCount; id++) {
    typeNames.push(language.nodeTypeForId(id) ?? 'ERROR');
    typeNamed.push(language.nodeTypeIsNamed(id));
  }
  parser = p;
}

/** Parses `text` as bash. Throws if `initShellParser()` has not completed. */
export function parseBash(text: string): BashParse {
  if (!parser) {
    throw new Error('shell parser not initialised: await initShellParser() before analysing bash/sh scripts');
  }
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree for a bash script');
  try {
    const hasError = tree.rootNode.hasError;
    const cursor = tree.walk();
    try {
      return { root: convert(cursor), hasError };
    } finally {
      cursor.delete();
    }
  } finally {
    tree.delete();
  }
}

type Cursor = ReturnType<NonNullable<ReturnType<TSParser['parse']>>['walk']>;

function snode(c: Cursor, parent: SNode | null): SNode {
  const id = c.nodeTypeId;
  const type = typeNames[id] ?? 'ERROR';
  const named = typeNamed[id] ?? true;
  const start = c.startIndex;
  // Anonymous nodes are literal tokens: their end is only approximated (saves a wasm call per token).
  const end = named ? c.endIndex : start + type.length;
  return { type, named, start, end, children: [], parent };
}

/** Named node types that are tokens in tree-sitter-bash: never any children, so no need to ask. */
const LEAF_TYPES = new Set([
  'word',
  'string_content',
  'variable_name',
  'special_variable_name',
  'raw_string',
  'ansi_c_string',
  'comment',
  'heredoc_start',
  'heredoc_end',
  'heredoc_content',
  'file_descriptor',
  'regex',
  'test_operator',
  'extglob_pattern',
]);

/** Pre-order copy of the whole tree using one cursor. */
function convert(c: Cursor): SNode {
  const root = snode(c, null);
  if (!c.gotoFirstChild()) return root;
  let parent = root;
  for (;;) {
    const node = snode(c, parent);
    parent.children.push(node);
    // Anonymous nodes are tokens, hence leaves; so are the named token types above.
    if (node.named && !LEAF_TYPES.has(node.type) && c.gotoFirstChild()) {
      parent = node;
      continue;
    }
    while (!c.gotoNextSibling()) {
      if (!c.gotoParent() || parent.parent === null) return root;
      parent = parent.parent;
    }
  }
}
