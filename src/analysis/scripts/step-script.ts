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

function osOf(job: Job): 'linux' | 'windows' | 'macos' | 'unknown' {
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
  const map = new ScalarOffsetMap(template.origin.file.text, node, template.value);
  const valueSpans = template.interpolations.map((interpolation) => interpolation);
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
      return valueSpans.filter((i) => i.origin.span.start >= s && i.origin.span.end <= e);
    },
  };
  cache.set(step, result);
  return result;
}
