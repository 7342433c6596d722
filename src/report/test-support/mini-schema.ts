/**
 * A minimal JSON Schema (2020-12) validator for the keywords pipewarden's own schemas use, so tests
 * can check reports without a validator dependency. It throws on any keyword it does not know:
 * a schema that grows past this subset fails loudly instead of being half-checked.
 */
export type Schema = { [keyword: string]: unknown } | boolean;

const ANNOTATIONS = new Set(['$schema', '$id', '$defs', 'title', 'description']);
const ASSERTIONS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'minimum',
  'maximum',
  'minLength',
  'pattern',
  '$ref',
]);

/** Throws if any subschema, reachable by data or not, uses a keyword this validator ignores. */
export function assertSupported(schema: Schema, path = '#'): void {
  if (typeof schema === 'boolean') return;
  for (const keyword of Object.keys(schema)) {
    if (!ANNOTATIONS.has(keyword) && !ASSERTIONS.has(keyword)) {
      throw new Error(`mini-schema: unsupported keyword "${keyword}" at ${path}`);
    }
  }
  for (const group of ['properties', '$defs'] as const) {
    for (const [key, child] of Object.entries((schema[group] ?? {}) as Record<string, Schema>)) {
      assertSupported(child, `${path}/${group}/${key}`);
    }
  }
  for (const single of ['items', 'additionalProperties'] as const) {
    if (schema[single] !== undefined) assertSupported(schema[single] as Schema, `${path}/${single}`);
  }
}

export interface SchemaError {
  path: string;
  message: string;
}

export function validate(root: Schema, value: unknown): SchemaError[] {
  const errors: SchemaError[] = [];
  check(root, root, value, '$', errors);
  return errors;
}

function check(root: Schema, schema: Schema, value: unknown, path: string, errors: SchemaError[]): void {
  if (schema === true) return;
  if (schema === false) {
    errors.push({ path, message: 'not allowed' });
    return;
  }
  for (const keyword of Object.keys(schema)) {
    if (!ANNOTATIONS.has(keyword) && !ASSERTIONS.has(keyword)) {
      throw new Error(`mini-schema: unsupported keyword "${keyword}" at ${path}`);
    }
  }
  const fail = (message: string): void => {
    errors.push({ path, message });
  };

  if (typeof schema.$ref === 'string') {
    check(root, resolveRef(root, schema.$ref), value, path, errors);
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((type) => hasType(value, type))) {
      fail(`expected ${types.join(' | ')}, got ${describe(value)}`);
      return;
    }
  }
  if ('const' in schema && !deepEqual(schema.const, value)) {
    fail(`expected ${JSON.stringify(schema.const)}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => deepEqual(option, value))) {
    fail(`expected one of ${JSON.stringify(schema.enum)}, got ${JSON.stringify(value)}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail(`below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail(`above ${schema.maximum}`);
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) {
      fail(`shorter than ${schema.minLength}`);
    }
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      fail(`does not match ${schema.pattern}`);
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, index) => {
      check(root, schema.items as Schema, item, `${path}[${index}]`, errors);
    });
  }
  if (isObject(value)) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) {
      if (!(key in value)) fail(`missing required property "${key}"`);
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = `${path}.${key}`;
      const propertySchema = properties[key];
      if (propertySchema !== undefined) check(root, propertySchema, child, childPath, errors);
      else if (schema.additionalProperties !== undefined) {
        check(root, schema.additionalProperties as Schema, child, childPath, errors);
      }
    }
  }
}

function resolveRef(root: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`mini-schema: only local refs are supported: ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  if (node === undefined) throw new Error(`mini-schema: unresolved ref ${ref}`);
  return node as Schema;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      throw new Error(`mini-schema: unknown type ${type}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
