/** The user-facing account of a fix run: what changed per file, what was refused and why, what remains. */
import type { FixFilesOutcome } from '../fix/fix-files.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : word.endsWith('x') ? 'es' : 's'}`;
}

export function renderFixSummary(outcome: FixFilesOutcome, options: { dryRun: boolean; unsafe: boolean }): string {
  const lines: string[] = [];
  let fixed = 0;
  for (const file of outcome.files) {
    if (file.applied.length > 0) {
      fixed += file.applied.length;
      lines.push(`${options.dryRun ? 'would fix' : 'fixed'} ${file.file} (${plural(file.applied.length, 'fix')})`);
      for (const applied of file.applied) {
        lines.push(`  line ${applied.line}  ${applied.ruleId}  ${applied.title}${applied.safety === 'unsafe' ? ' (unsafe)' : ''}`);
      }
    }
    for (const rejected of file.rejected) {
      lines.push(`not fixed ${file.file}:${rejected.line} ${rejected.ruleId} (${rejected.title}): ${rejected.reason}`);
    }
  }
  for (const issue of outcome.issues.filter((i) => i.level === 'error')) {
    lines.push(`skipped ${issue.file}:${issue.line}:${issue.column}: ${issue.message}`);
  }
  const remaining = outcome.final.result.findings;
  const changedFiles = outcome.files.filter((f) => f.applied.length > 0).length;
  const needUnsafe = options.unsafe ? 0 : remaining.filter((f) => f.fixes.some((x) => x.safety === 'unsafe')).length;
  const tail = [
    `${plural(fixed, 'fix')} in ${plural(changedFiles, 'file')}${options.dryRun ? ' (dry run: nothing written)' : ''}`,
    `${plural(remaining.length, 'finding')} remain${remaining.length === 1 ? 's' : ''}`,
    ...(needUnsafe > 0 ? [`${plural(needUnsafe, 'more fix')} with --unsafe`] : []),
  ];
  lines.push(`${tail.join('; ')}.`);
  return `${lines.join('\n')}\n`;
}
