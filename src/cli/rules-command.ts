/** `pipewarden rules`: the rules and their metadata, as a table or JSON. */
import { describeRule } from './rule-descriptors.js';
import { RULES } from '../rules/index.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CliIO } from './io.js';

export function runRules(flags: { format: string }, io: CliIO): number {
  if (flags.format === 'json') {
    const rules = RULES.map((rule) => ({
      ...describeRule(rule),
      options: rule.meta.options ?? {},
      network: rule.meta.network,
      related: rule.meta.related,
    }));
    io.stdout(`${JSON.stringify({ schemaVersion: 1, rules }, null, 2)}\n`);
    return EXIT_OK;
  }
  if (flags.format !== 'text') {
    io.stderr('pipewarden: --format must be text or json\n');
    return EXIT_USAGE;
  }
  const width = Math.max(...RULES.map((r) => r.meta.id.length));
  for (const rule of RULES) {
    const { id, severity, platforms, summary, fix } = rule.meta;
    const fixable = fix === 'none' ? '' : ` [fix: ${fix}]`;
    io.stdout(`${id.padEnd(width)}  ${severity.padEnd(8)}  ${platforms.join(',').padEnd(6)}  ${summary}${fixable}\n`);
  }
  io.stdout(`\n${RULES.length} rules. Details: docs/rules/<id>.md\n`);
  return EXIT_OK;
}
