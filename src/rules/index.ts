/** The one registry of rules, sorted by id (a meta-test keeps it complete and sorted). */
import type { Rule } from './define-rule.js';
import expressionInjection from './expression-injection.js';
import knownVulnerableAction from './known-vulnerable-action.js';
import staticCloudCredentials from './static-cloud-credentials.js';
import unpinnedImage from './unpinned-image.js';
import unpinnedReference from './unpinned-reference.js';

export const RULES: Rule[] = [expressionInjection, knownVulnerableAction, staticCloudCredentials, unpinnedImage, unpinnedReference];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
