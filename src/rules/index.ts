/** The one registry of rules, sorted by id (a meta-test keeps it complete and sorted). */
import type { Rule } from './define-rule.js';
import expressionInjection from './expression-injection.js';

export const RULES: Rule[] = [expressionInjection];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
