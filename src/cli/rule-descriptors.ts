/** Projects rule metadata onto what reporters may see (report/ never imports rules/). */
import type { RuleDescriptor } from '../model/finding.js';
import type { Rule } from '../rules/define-rule.js';

export const DOCS_BASE = 'https://github.com/pipewarden/pipewarden/blob/main/docs/rules';

export function describeRule(rule: Rule): RuleDescriptor {
  const { meta } = rule;
  return {
    id: meta.id,
    summary: meta.summary,
    description: meta.description,
    defaultSeverity: meta.severity,
    defaultConfidence: meta.confidence,
    category: meta.category,
    platforms: meta.platforms,
    owasp: meta.owasp,
    phase: meta.phase,
    helpUri: `${DOCS_BASE}/${meta.id}.md`,
    fix: meta.fix,
    stability: meta.stability,
  };
}
