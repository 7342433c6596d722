/**
 * dependabot-code-execution: a `dependabot.yml` update entry with
 * `insecure-external-code-execution: allow`. For bundler, mix and pip this lets Dependabot run
 * code from the manifest (a `setup.py`, a gemspec, `mix.exs`) while it resolves updates, so a
 * change to that code, or a dependency whose metadata runs code, executes inside Dependabot's
 * update job with the credentials of the registries the entry lists.
 * Severity: medium; high when the entry also lists `registries:` (the code can use those
 * credentials). Ignores: `deny` (the default) and ecosystems the option has no effect on.
 * Data: src/rules/data/dependabot-options.ts (GitHub's Dependabot options reference).
 */
import type { Origin } from '../model/types.js';
import { asSeq, get, getPair, scalarText, type YamlNode } from '../yaml/nodes.js';
import { CODE_EXECUTING_ECOSYSTEMS, describeUpdate, ecosystemOf } from './data/dependabot-options.js';
import { defineRule } from './define-rule.js';

export default defineRule({
  meta: {
    id: 'dependabot-code-execution',
    summary: 'Dependabot allowed to run code from manifests',
    description:
      '`insecure-external-code-execution: allow` lets Dependabot execute code from the manifest (bundler, mix, pip) while it resolves updates, with access to the registries the update entry uses.',
    category: 'supply-chain',
    platforms: ['github'],
    severity: 'medium',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      allow:
        'Dependabot runs code from the {{ecosystem}} manifest while it updates ({{update}}): whatever that code or a dependency it pulls in does runs in the update job',
      registries:
        'Dependabot runs code from the {{ecosystem}} manifest while it updates ({{update}}), and that code can use the credentials of registries {{registries}}',
    },
    owasp: ['CICD-SEC-3'],
    phase: 'foundations',
    related: { zizmor: ['dependabot-execution'] },
  },
  create(context) {
    return {
      pipeline(pipeline) {
        if (pipeline.kind !== 'dependabot') return;
        for (const update of pipeline.github?.dependabot?.updates ?? []) {
          const pair = getPair(update, 'insecure-external-code-execution');
          if (!pair || scalarText(pair.value)?.trim().toLowerCase() !== 'allow') continue;
          const ecosystem = ecosystemOf(update);
          if (!ecosystem || !CODE_EXECUTING_ECOSYSTEMS.has(ecosystem)) continue;
          const registriesNode = get(update, 'registries');
          const registries = registryNames(registriesNode);
          const at: Origin = { file: pipeline.file, span: { start: pair.value.start, end: pair.value.end } };
          context.report({
            messageId: registries ? 'registries' : 'allow',
            data: { ecosystem, update: describeUpdate(update), registries: registries ?? '' },
            at,
            severity: registries ? 'high' : 'medium',
            related: registriesNode
              ? [
                  {
                    at: { file: pipeline.file, span: { start: registriesNode.start, end: registriesNode.end } },
                    note: 'registries this code can reach',
                  },
                ]
              : undefined,
            tip: 'Remove `insecure-external-code-execution: allow` (the default is deny). If updates then fail, move the code the manifest runs into static metadata (pyproject.toml instead of setup.py, a literal version in the gemspec).',
          });
        }
      },
    };
  },
});

/** `registries: "*"` or a list of names, as text for the message; undefined when none. */
function registryNames(node: YamlNode | undefined): string | undefined {
  const single = scalarText(node);
  if (single !== undefined) return single.trim() === '*' ? 'all registries of the file (`*`)' : single.trim() || undefined;
  const names = (asSeq(node)?.items ?? []).map((item) => scalarText(item)?.trim()).filter((n): n is string => !!n);
  return names.length ? names.join(', ') : undefined;
}
