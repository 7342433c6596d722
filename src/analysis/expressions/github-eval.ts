/**
 * Value semantics of GitHub Actions expressions (coercion, truthiness, loose
 * equality, built-in functions) and constant folding over the AST.
 */

import { contextPath } from './github-expr.js';
import type { Expr } from './github-parser.js';

export type Primitive = string | number | boolean | null;
/** Runtime values: primitives, arrays (JSON arrays or `*` filter results) and objects. */
export type Value = Primitive | Value[] | { [key: string]: Value };

/** Arrays produced by the `*` object filter; further dereferences apply element-wise. */
const filtered = new WeakSet<Value[]>();

function makeFiltered(items: Value[]): Value[] {
  filtered.add(items);
  return items;
}

function isObject(v: Value): v is { [key: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** GitHub truthiness: false, 0, -0, NaN, '' and null are falsy; everything else (incl. arrays/objects) is truthy. */
export function isTruthy(v: Value): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0 && !Number.isNaN(v);
    case 'string':
      return v.length > 0;
    default:
      return true;
  }
}

/** Number coercion: null → 0, booleans → 1/0, strings parsed (blank → 0, invalid → NaN), arrays/objects → NaN. */
export function toNumber(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return v ? 1 : 0;
    case 'number':
      return v;
    case 'string': {
      const s = v.trim();
      if (s === '') return 0;
      // Number() accepts the shapes GitHub does: signed decimals with exponents,
      // 0x hex, 0o octal, (-)Infinity; anything else is NaN.
      return Number(s);
    }
    default:
      return Number.NaN;
  }
}

function numberToString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Object.is(n, -0)) return '0';
  return String(n);
}

/** String coercion: null → '', booleans → 'true'/'false', arrays → 'Array', objects → 'Object'. */
export function toStr(v: Value): string {
  if (v === null) return '';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return numberToString(v);
    case 'string':
      return v;
    default:
      return Array.isArray(v) ? 'Array' : 'Object';
  }
}

function kindOf(v: Value): 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'boolean' || t === 'number' || t === 'string' ? t : 'object';
}

/** Case-insensitive ordinal key used for string comparisons. */
function foldCase(s: string): string {
  return s.toUpperCase();
}

/** GitHub's `==`: same-kind comparison (strings ignore case, arrays/objects by identity), otherwise numeric coercion. */
export function looseEquals(a: Value, b: Value): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === kb) {
    if (ka === 'string') return foldCase(a as string) === foldCase(b as string);
    return a === b; // NaN !== NaN as required; arrays/objects by identity
  }
  return toNumber(a) === toNumber(b);
}

/** GitHub's `<`, `<=`, `>`, `>=`: strings compare ordinally ignoring case, anything else numerically (NaN → false). */
export function compareValues(op: '<' | '<=' | '>' | '>=', a: Value, b: Value): boolean {
  let x: string | number;
  let y: string | number;
  if (typeof a === 'string' && typeof b === 'string') {
    x = foldCase(a);
    y = foldCase(b);
  } else {
    x = toNumber(a);
    y = toNumber(b);
  }
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

function getProperty(obj: Value, name: string): Value | undefined {
  if (!isObject(obj)) return undefined;
  if (Object.hasOwn(obj, name)) return obj[name] as Value;
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) {
    if (key.toLowerCase() === lower) return obj[key] as Value;
  }
  return undefined;
}

function dereference(obj: Value, key: Value): Value {
  if (Array.isArray(obj) && filtered.has(obj)) {
    const out: Value[] = [];
    for (const item of obj) {
      const v = lookup(item, key);
      if (v !== undefined) out.push(v);
    }
    return makeFiltered(out);
  }
  return lookup(obj, key) ?? null;
}

/** Property/index lookup on one value; undefined when absent. */
function lookup(obj: Value, key: Value): Value | undefined {
  if (Array.isArray(obj)) return indexArray(obj, key);
  if (isObject(obj)) {
    if (Array.isArray(key) || isObject(key)) return undefined;
    return getProperty(obj, toStr(key));
  }
  return undefined;
}

function indexArray(arr: Value[], key: Value): Value | undefined {
  if (Array.isArray(key) || isObject(key)) return undefined;
  const n = toNumber(key);
  if (!Number.isInteger(n) || n < 0 || n >= arr.length) return undefined;
  return arr[n];
}

function star(obj: Value): Value[] {
  if (Array.isArray(obj) && filtered.has(obj)) {
    const out: Value[] = [];
    for (const item of obj) {
      if (Array.isArray(item)) out.push(...item);
      else if (isObject(item)) out.push(...Object.values(item));
    }
    return makeFiltered(out);
  }
  if (Array.isArray(obj)) return makeFiltered([...obj]);
  if (isObject(obj)) return makeFiltered(Object.values(obj));
  return makeFiltered([]);
}

/** Evaluation failed at run time (GitHub would fail the step/job), so there is no constant value. */
class EvalFailure extends Error {}

/** Sentinel: the value depends on contexts, job status or the file system. */
const UNKNOWN: unique symbol = Symbol('unknown');
type Maybe = Value | typeof UNKNOWN;

/** Implements format(): `{N}` placeholders, `{{` / `}}` escapes; malformed strings fail like GitHub. */
export function formatString(fmt: string, args: readonly Value[]): string {
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i] as string;
    if (ch === '{') {
      if (fmt[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      const m = /^\{(\d+)\}/.exec(fmt.slice(i, i + 12));
      if (!m) throw new EvalFailure(`format(): invalid placeholder at position ${i}`);
      const index = Number(m[1]);
      if (index >= args.length) throw new EvalFailure(`format(): placeholder {${index}} has no argument`);
      out += toStr(args[index] as Value);
      i += m[0].length;
      continue;
    }
    if (ch === '}') {
      if (fmt[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      throw new EvalFailure(`format(): unmatched '}' at position ${i}`);
    }
    out += ch;
    i++;
  }
  return out;
}

function callFunction(name: string, args: readonly Expr[], facts: Facts): Maybe {
  switch (name) {
    case 'success':
    case 'always':
    case 'cancelled':
    case 'failure':
    case 'hashfiles':
      return UNKNOWN;
    case 'case': {
      for (let i = 0; i + 1 < args.length; i += 2) {
        const pred = evaluate(args[i] as Expr, facts);
        if (pred === UNKNOWN) return UNKNOWN;
        if (typeof pred !== 'boolean') throw new EvalFailure('case(): predicates must evaluate to a boolean');
        if (pred) return evaluate(args[i + 1] as Expr, facts);
      }
      const last = args[args.length - 1];
      return last === undefined ? UNKNOWN : evaluate(last, facts);
    }
    default:
      break;
  }
  const values: Value[] = [];
  for (const arg of args) {
    const v = evaluate(arg, facts);
    if (v === UNKNOWN) return UNKNOWN;
    values.push(v);
  }
  const [a = null, b = null] = values;
  switch (name) {
    case 'contains':
      if (Array.isArray(a)) return a.some((item) => looseEquals(item, b));
      return foldCase(toStr(a)).includes(foldCase(toStr(b)));
    case 'startswith':
      return foldCase(toStr(a)).startsWith(foldCase(toStr(b)));
    case 'endswith':
      return foldCase(toStr(a)).endsWith(foldCase(toStr(b)));
    case 'format':
      return formatString(toStr(a), values.slice(1));
    case 'join': {
      const sep = values.length > 1 ? toStr(b) : ',';
      return Array.isArray(a) ? a.map(toStr).join(sep) : toStr(a);
    }
    case 'tojson':
      return JSON.stringify(a, null, 2) ?? 'null';
    case 'fromjson': {
      const s = toStr(a);
      try {
        return JSON.parse(s) as Value;
      } catch {
        throw new EvalFailure('fromJSON(): invalid JSON');
      }
    }
    default:
      return UNKNOWN;
  }
}

function evaluate(e: Expr, facts: Facts = NO_FACTS): Maybe {
  if (facts.size > 0 && (e.type === 'context' || e.type === 'property' || e.type === 'index')) {
    const path = contextPath(e);
    if (path !== undefined && facts.has(path.toLowerCase())) return facts.get(path.toLowerCase()) as Primitive;
  }
  switch (e.type) {
    case 'literal':
      return e.value;
    case 'context':
      return UNKNOWN;
    case 'property': {
      const obj = evaluate(e.object, facts);
      return obj === UNKNOWN ? UNKNOWN : dereference(obj, e.name);
    }
    case 'index': {
      const obj = evaluate(e.object, facts);
      if (obj === UNKNOWN) return UNKNOWN;
      const key = evaluate(e.index, facts);
      return key === UNKNOWN ? UNKNOWN : dereference(obj, key);
    }
    case 'star': {
      const obj = evaluate(e.object, facts);
      return obj === UNKNOWN ? UNKNOWN : star(obj);
    }
    case 'call':
      return callFunction(e.name.toLowerCase(), e.args, facts);
    case 'unary': {
      const v = evaluate(e.operand, facts);
      return v === UNKNOWN ? UNKNOWN : !isTruthy(v);
    }
    case 'binary': {
      const left = evaluate(e.left, facts);
      if (e.op === '&&' || e.op === '||') {
        if (left === UNKNOWN) return UNKNOWN;
        const t = isTruthy(left);
        if (e.op === '&&' ? !t : t) return left;
        return evaluate(e.right, facts);
      }
      if (left === UNKNOWN) return UNKNOWN;
      const right = evaluate(e.right, facts);
      if (right === UNKNOWN) return UNKNOWN;
      switch (e.op) {
        case '==':
          return looseEquals(left, right);
        case '!=':
          return !looseEquals(left, right);
        default:
          return compareValues(e.op, left, right);
      }
    }
  }
}

/**
 * Context values taken as known while folding (lower-case paths as contextPath writes them:
 * `github.ref_type` -> 'tag'), to ask what an expression is in one situation.
 */
export type Facts = ReadonlyMap<string, Primitive>;
const NO_FACTS: Facts = new Map();

export type ConstantResult = { known: true; value: Primitive } | { known: false };

/**
 * Folds an expression to a constant following GitHub's evaluation rules.
 * Known when evaluation needs no context value, status function or hashFiles()
 * (short-circuiting counts: `false && github.x` is known to be `false`), does not
 * fail at run time, and yields a primitive (not an array or object).
 */
export function evaluateConstant(expr: Expr, facts: Facts = NO_FACTS): ConstantResult {
  try {
    const v = evaluate(expr, facts);
    if (v === UNKNOWN || (typeof v === 'object' && v !== null)) return { known: false };
    return { known: true, value: v };
  } catch {
    return { known: false };
  }
}
