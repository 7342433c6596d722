/** Merges a rule's option defaults with the user's options and checks their types. */
import { ConfigError } from '../config/config.js';
import type { RuleMeta } from '../rules/define-rule.js';

export function resolveRuleOptions(meta: RuleMeta, given: Record<string, unknown>): Record<string, unknown> {
  const specs = meta.options ?? {};
  const resolved: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) resolved[name] = spec.default;
  for (const [name, value] of Object.entries(given)) {
    const spec = specs[name];
    if (!spec) throw new ConfigError(`rule "${meta.id}" has no option "${name}"`);
    const ok =
      (spec.type === 'string' && typeof value === 'string' && (!spec.enum || spec.enum.includes(value))) ||
      (spec.type === 'boolean' && typeof value === 'boolean') ||
      (spec.type === 'number' && typeof value === 'number') ||
      (spec.type === 'string-array' && Array.isArray(value) && value.every((v) => typeof v === 'string')) ||
      (spec.type === 'record' &&
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.values(value).every((v) => typeof v === 'string' && (!spec.enum || spec.enum.includes(v))));
    if (!ok) {
      const allowed = spec.enum ? ` (one of ${spec.enum.join(', ')})` : '';
      throw new ConfigError(`option "${name}" of rule "${meta.id}" must be a ${spec.type}${allowed}`);
    }
    resolved[name] = value;
  }
  return resolved;
}
