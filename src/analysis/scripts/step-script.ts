/**
 * Shell facts of a step's script, computed once per step and mapped back to file offsets.
 * The dialect follows the step's `shell:` (or the job/workflow default) and the runner's OS.
 */
import type { Job, Origin, Step, Template } from '../../model/types.js';
import { asScalar } from '../../yaml/nodes.js';
import { ScalarOffsetMap } from '../../yaml/scalar-map.js';
import { analyzeShell, dialectOf, type ShellFacts } from '../shell/shell-facts.js';

export interface StepScript {
  facts: ShellFacts;
  template: Template;
  /** File origin of a span of the script (offsets into the script's decoded value). */
  origin(start: number, end: number): Origin;
  /** Interpolations of the script lying inside a span of the script value. */
  interpolationsWithin(start: number, end: number): Template['interpolations'];
}

const cache = new WeakMap<Step, StepScript | null>();

/**
 * Cheap check on a step's raw script before asking for its facts: rules looking for one kind of
 * fact (an env-file write, a download) skip the parse of every script that cannot contain it.
 */
export function scriptMentions(step: Step, pattern: RegExp): boolean {
  return step.script !== undefined && pattern.test(step.script.value);
}

/** Scripts that may write an env file (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_PATH...). */
export const MENTIONS_ENV_FILE = /GITHUB_(?:ENV|OUTPUT|PATH|STATE|STEP_SUMMARY)/i;
/** Scripts that may run git or the GitHub CLI. */
export const MENTIONS_GIT = /\b(?:git|gh)\b/;
/** Scripts that may download something (the downloaders the shell analysis knows). */
export const MENTIONS_DOWNLOAD =
  /curl|wget|fetch|(?:^|[\s;&|(])https?\s|\bxh\b|aria2c|invoke-webrequest|\biwr\b|invoke-restmethod|\birm\b|bitstransfer|certutil|bitsadmin|downloadstring|downloadfile|webclient/i;

/** The runner's OS from its labels ('unknown' for expressions and custom self-hosted labels). */
export function osOf(job: Job): 'linux' | 'windows' | 'macos' | 'unknown' {
  const labels = job.runner.labels.map((l) => l.toLowerCase());
  if (labels.some((l) => l.startsWith('windows'))) return 'windows';
  if (labels.some((l) => l.startsWith('macos'))) return 'macos';
  if (labels.some((l) => l.startsWith('ubuntu') || l === 'linux')) return 'linux';
  return 'unknown';
}

export function stepScript(step: Step, job: Job): StepScript | undefined {
  const cached = cache.get(step);
  if (cached !== undefined) return cached ?? undefined;
  const template = step.script;
  const node = asScalar(template?.node);
  if (!template || !node) {
    cache.set(step, null);
    return undefined;
  }
  const facts = analyzeShell(template.value, dialectOf(step.shell, osOf(job)));
  const map = ScalarOffsetMap.of(template.origin.file.text, node, template.value);
  const result: StepScript = {
    facts,
    template,
    origin: (start, end) => {
      const s = map.toSource(start);
      return { file: template.origin.file, span: { start: s, end: Math.max(s, map.toSource(end)) } };
    },
    interpolationsWithin: (start, end) => {
      const s = map.toSource(start);
      const e = map.toSource(end);
      return template.interpolations.filter((i) => i.origin.span.start >= s && i.origin.span.end <= e);
    },
  };
  cache.set(step, result);
  return result;
}
