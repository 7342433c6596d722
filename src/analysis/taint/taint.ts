/**
 * Follows attacker-controlled data inside a repository: from the contexts an adapter marked as
 * sources, through `env` at every level, step outputs written to GITHUB_OUTPUT, variables written
 * to GITHUB_ENV by earlier steps, job outputs read through `needs`, and the inputs of local
 * actions and reusable workflows (back to the callers that pass them). The same input links carry
 * Tekton params from unit to unit (binding -> trigger template -> run -> pipeline -> task), as
 * the platform adapter models them, and Tekton task results: `$(tasks.t.results.r)` is what the
 * steps of t's Task write to `$(results.r.path)` (the values on the writing line), plus whatever a
 * caller-supplied hook says (a task that runs pull request code writes what the author wants).
 * Every hop is kept so the finding can show the flow.
 */
import type { Project } from '../project.js';
import type { Interpolation, Job, Origin, Pipeline, Step, TaintLink, TaintSource, Template, Trigger } from '../../model/types.js';
import { scriptMentions, stepScript } from '../scripts/step-script.js';
import { commandLinks } from '../shell/command-links.js';

/** A dotenv path as written, without quotes, `./` or the `$CI_PROJECT_DIR/` prefix. */
function normaliseFile(path: string): string {
  return path
    .replace(/^["']|["']$/g, '')
    .replace(/^\$\{?CI_PROJECT_DIR\}?\//, '')
    .replace(/^\.\//, '');
}

export interface TaintHop {
  origin: Origin;
  note: string;
}

export interface TaintPath {
  source: TaintSource;
  /** Hops from the source towards the sink (the sink itself is not included). */
  hops: TaintHop[];
  /** Triggers under which this path is live (those of the job where the data entered). */
  triggers: Trigger[];
  /** The job where the source was read (the caller's job for input flows). */
  entryJob: Job;
  entryPipeline: Pipeline;
  /** No trigger that reaches the job makes the source attacker-controlled. */
  inactive: boolean;
}

export interface TaintScope {
  pipeline: Pipeline;
  job: Job;
  step?: Step;
}

/**
 * Data a Tekton pipeline task's result carries beyond what its steps write from their inputs
 * (rules know which tasks run pull request code; analysis does not).
 */
export type TektonResultSources = (task: Job, pipeline: Pipeline, result: string) => { source: TaintSource; hops: TaintHop[] }[];

export interface TaintOptions {
  tektonResults?: TektonResultSources;
}

const MAX_DEPTH = 12;
const MAX_INPUT_PATHS = 256;

/** Is the source attacker-controlled under at least one of these triggers? */
function liveTriggers(source: TaintSource, triggers: Trigger[]): Trigger[] {
  if (source.triggers.length === 0) return triggers;
  const names = new Set(source.triggers);
  return triggers.filter((t) => names.has(t.name));
}

export class TaintAnalysis {
  private readonly memo = new WeakMap<Interpolation, Map<Step | Job, TaintPath[]>>();

  constructor(
    private readonly project: Project,
    private readonly options: TaintOptions = {},
  ) {}

  /** Attacker-controlled data that reaches this interpolation, with the path it took. */
  pathsOf(interpolation: Interpolation, scope: TaintScope): TaintPath[] {
    return this.resolve(interpolation, scope, 0, new Set());
  }

  /** Paths for every interpolation of a template. */
  pathsOfTemplate(template: Template | undefined, scope: TaintScope): { interpolation: Interpolation; paths: TaintPath[] }[] {
    if (!template) return [];
    return template.interpolations.map((interpolation) => ({ interpolation, paths: this.pathsOf(interpolation, scope) }));
  }

  private resolve(interpolation: Interpolation, scope: TaintScope, depth: number, visiting: Set<unknown>): TaintPath[] {
    const key = scope.step ?? scope.job;
    const perScope = this.memo.get(interpolation);
    const memoised = perScope?.get(key);
    if (memoised) return memoised;
    if (depth > MAX_DEPTH || visiting.has(interpolation)) return [];
    visiting.add(interpolation);
    const paths: TaintPath[] = [];
    for (const source of interpolation.sources) {
      // In an action, `inputs.*` are whatever the callers pass: followed through the input link.
      if (scope.pipeline.kind === 'action' && source.name.startsWith('inputs.')) continue;
      const triggers = liveTriggers(source, scope.job.triggers);
      // A source no trigger of this job fills (an issue title in a push workflow) is kept as an
      // inactive path: harmless today, live as soon as the workflow gains that trigger.
      const inactive = triggers.length === 0 && (scope.pipeline.kind === 'workflow' || scope.pipeline.kind === 'gitlab-ci');
      if (inactive && (source.name.startsWith('inputs.') || source.name.startsWith('github.event.inputs.'))) continue;
      paths.push({ source, hops: [], triggers, entryJob: scope.job, entryPipeline: scope.pipeline, inactive });
    }
    for (const link of interpolation.links) paths.push(...this.followLink(link, scope, depth, visiting));
    visiting.delete(interpolation);
    const map = perScope ?? new Map();
    map.set(key, paths);
    this.memo.set(interpolation, map);
    return paths;
  }

  private extend(paths: TaintPath[], hop: TaintHop): TaintPath[] {
    return paths.map((p) => ({ ...p, hops: [...p.hops, hop] }));
  }

  private fromTemplate(template: Template | undefined, scope: TaintScope, depth: number, visiting: Set<unknown>): TaintPath[] {
    if (!template) return [];
    return template.interpolations.flatMap((i) => this.resolve(i, scope, depth + 1, visiting));
  }

  private followLink(link: TaintLink, scope: TaintScope, depth: number, visiting: Set<unknown>): TaintPath[] {
    switch (link.kind) {
      case 'env':
        return this.envPaths(link.name, scope, depth, visiting);
      case 'step-output':
        return this.stepOutputPaths(link.stepId, link.output, scope, depth, visiting);
      case 'job-output': {
        if (scope.pipeline.platform === 'tekton') return this.tektonResultPaths(link.jobId, link.output, scope, depth, visiting);
        const job = scope.pipeline.jobs.find((j) => j.id === link.jobId);
        const output = job?.outputs.find((o) => o.name === link.output);
        if (!job || !output) return [];
        return this.extend(this.fromTemplate(output.value, { pipeline: scope.pipeline, job }, depth, visiting), {
          origin: output.origin,
          note: `job output ${job.id}.${output.name}`,
        });
      }
      case 'input':
        return this.inputPaths(link.name, scope, depth, visiting);
      default:
        return [];
    }
  }

  /** `env.X`: the innermost declaration visible from the step, else a GITHUB_ENV write earlier in the job. */
  envPaths(name: string, scope: TaintScope, depth: number, visiting: Set<unknown>): TaintPath[] {
    const lower = name.toLowerCase();
    const levels = [scope.step?.env ?? [], scope.job.env, scope.pipeline.env];
    // GitLab dotenv variables outrank the ones written in YAML: both may hold the value.
    const dotenv = scope.job.gitlab?.artifactsFrom ? this.dotenvPaths(name, scope, depth, visiting) : [];
    for (const level of levels) {
      const variable = level.find((v) => v.name.toLowerCase() === lower);
      if (variable) {
        return [
          ...dotenv,
          ...this.extend(this.fromTemplate(variable.value, scope, depth, visiting), {
            origin: variable.origin,
            note: `env ${variable.name}`,
          }),
        ];
      }
    }
    return [...dotenv, ...this.envFileWritePaths(name, scope, depth, visiting)];
  }

  /**
   * GitLab: `NAME=value` written (echo, printf) into the `artifacts:reports:dotenv` file of a job
   * whose artifacts this job receives; GitLab passes it on as the variable NAME.
   */
  private dotenvPaths(name: string, scope: TaintScope, depth: number, visiting: Set<unknown>): TaintPath[] {
    const paths: TaintPath[] = [];
    const assigns = new RegExp(`(?:^|[\\s"'])${name}=`);
    for (const id of scope.job.gitlab?.artifactsFrom ?? []) {
      const producer = scope.pipeline.jobs.find((j) => j.id === id);
      const files = (producer?.gitlab?.artifacts?.dotenvFiles ?? []).map(normaliseFile);
      if (!producer || files.length === 0) continue;
      for (const step of producer.steps) {
        if (!step.script || !assigns.test(step.script.value)) continue;
        const script = stepScript(step, producer);
        if (!script) continue;
        const text = script.template.value;
        const links = commandLinks(text, script.facts.commands);
        script.facts.commands.forEach((command, k) => {
          const file = links[k]?.stdoutFile;
          if (!file || !files.includes(normaliseFile(file)) || !assigns.test(text.slice(command.start, command.end))) return;
          const write = { written: [{ start: command.start, end: command.end }], start: command.start, end: command.end };
          const hop = { origin: script.origin(command.start, command.end), note: `dotenv ${name} written by job ${producer.id}` };
          paths.push(
            ...this.extend(this.writtenPaths(write, script, step, { pipeline: scope.pipeline, job: producer }, depth + 1, visiting), hop),
          );
        });
      }
    }
    return paths;
  }

  private envFileWritePaths(name: string, scope: TaintScope, depth: number, visiting: Set<unknown>): TaintPath[] {
    const paths: TaintPath[] = [];
    const limit = scope.step ? scope.step.index : scope.job.steps.length;
    for (const step of scope.job.steps) {
      if (step.index >= limit) break;
      if (!scriptMentions(step, /GITHUB_ENV/i)) continue;
      const script = stepScript(step, scope.job);
      if (!script) continue;
      for (const write of script.facts.envFileWrites) {
        if (write.target !== 'GITHUB_ENV' || !write.names.includes(name)) continue;
        const hop = { origin: script.origin(write.start, write.end), note: `written to GITHUB_ENV as ${name}` };
        paths.push(...this.extend(this.writtenPaths(write, script, step, scope, depth, visiting), hop));
      }
    }
    return paths;
  }

  private writtenPaths(
    write: { written: { start: number; end: number }[]; start: number; end: number },
    script: NonNullable<ReturnType<typeof stepScript>>,
    step: Step,
    scope: TaintScope,
    depth: number,
    visiting: Set<unknown>,
  ): TaintPath[] {
    const stepScope = { ...scope, step };
    const spans = write.written.length ? write.written : [{ start: write.start, end: write.end }];
    const paths: TaintPath[] = [];
    for (const span of spans) {
      for (const interpolation of script.interpolationsWithin(span.start, span.end)) {
        paths.push(...this.resolve(interpolation, stepScope, depth + 1, visiting));
      }
      for (const expansion of script.facts.expansions) {
        if (expansion.start < span.start || expansion.end > span.end) continue;
        if (expansion.name.startsWith('GITHUB_')) continue;
        paths.push(
          ...this.extend(this.envPaths(expansion.name, stepScope, depth + 1, visiting), {
            origin: script.origin(expansion.start, expansion.end),
            note: `shell variable $${expansion.name}`,
          }),
        );
      }
    }
    return paths;
  }

  private stepOutputPaths(stepId: string, output: string, scope: TaintScope, depth: number, visiting: Set<unknown>): TaintPath[] {
    const step = scope.job.steps.find((s) => s.id === stepId);
    if (!step || !scriptMentions(step, /GITHUB_OUTPUT/i)) return [];
    const script = stepScript(step, scope.job);
    if (!script) return [];
    const paths: TaintPath[] = [];
    for (const write of script.facts.envFileWrites) {
      if (write.target !== 'GITHUB_OUTPUT') continue;
      if (write.names.length > 0 && !write.names.includes(output)) continue;
      const hop = { origin: script.origin(write.start, write.end), note: `step output ${stepId}.${output}` };
      paths.push(...this.extend(this.writtenPaths(write, script, step, scope, depth, visiting), hop));
    }
    return paths;
  }

  /**
   * `$(tasks.t.results.r)`: the pipeline task t of this Pipeline (or of the Pipeline an inline
   * taskSpec belongs to), then the lines of its Task's steps that write `$(results.r.path)`.
   */
  private tektonResultPaths(taskName: string, result: string, scope: TaintScope, depth: number, visiting: Set<unknown>): TaintPath[] {
    const owners = scope.pipeline.tekton?.inline
      ? [scope.pipeline, ...this.project.callersOf(scope.pipeline).map((s) => s.pipeline)]
      : [scope.pipeline];
    for (const pipeline of owners) {
      const task = pipeline.jobs.find((j) => j.id === taskName);
      if (!task) continue;
      const unit = task.uses?.unit;
      const taskJob = unit?.jobs[0];
      const paths: TaintPath[] = [];
      if (unit && taskJob) {
        const writes = new RegExp(`\\$\\(\\s*(?:step\\.)?results\\.${result.replace(/[^\w-]/g, '')}\\.path\\s*\\)`, 'g');
        for (const step of taskJob.steps) {
          const value = step.script?.value;
          if (!value?.includes('results.')) continue;
          const script = stepScript(step, taskJob);
          if (!script) continue;
          for (const match of value.matchAll(writes)) {
            const at = match.index ?? 0;
            const lineStart = value.lastIndexOf('\n', at) + 1;
            const newline = value.indexOf('\n', at);
            const lineEnd = newline === -1 ? value.length : newline;
            const written = this.writtenPaths(
              { written: [], start: lineStart, end: lineEnd },
              script,
              step,
              { pipeline: unit, job: taskJob },
              depth,
              visiting,
            );
            paths.push(
              ...this.extend(written, {
                origin: script.origin(at, at + match[0].length),
                note: `result ${result} written by step ${step.name ?? step.index} of ${unit.tekton?.resourceKind ?? 'Task'} ${unit.tekton?.name ?? ''}`,
              }),
            );
          }
        }
      }
      for (const extra of this.options.tektonResults?.(task, pipeline, result) ?? []) {
        const triggers = liveTriggers(extra.source, task.triggers);
        if (triggers.length === 0) continue;
        paths.push({ source: extra.source, hops: extra.hops, triggers, entryJob: task, entryPipeline: pipeline, inactive: false });
      }
      return this.extend(paths, { origin: task.origin, note: `result ${result} of pipeline task ${task.id}` });
    }
    return [];
  }

  /** `inputs.X` of a local action or reusable workflow: whatever its callers pass. */
  private inputPaths(name: string, scope: TaintScope, depth: number, visiting: Set<unknown>): TaintPath[] {
    const lower = name.toLowerCase();
    const paths: TaintPath[] = [];
    // A Tekton unit's declared param is a hop of its own (the value crosses into another resource).
    const declared = scope.pipeline.tekton ? scope.pipeline.declaredInputs.find((d) => d.name.toLowerCase() === lower) : undefined;
    // Tekton refuses a run whose value is not one of the param's `enum` values.
    if (declared?.options?.length) return [];
    for (const site of this.project.callersOf(scope.pipeline)) {
      const inputs = site.step ? site.step.inputs : site.job.inputs;
      const callerScope: TaintScope = { pipeline: site.pipeline, job: site.job, step: site.step };
      // Tekton passes an array param as several values; each is an input of the same name.
      for (const input of inputs.filter((i) => i.name.toLowerCase() === lower)) {
        let found = this.extend(this.fromTemplate(input.value, callerScope, depth, visiting), {
          origin: input.origin,
          note: input.note ?? `input ${name} passed by ${site.pipeline.file.path}`,
        });
        if (declared && scope.pipeline.tekton) {
          found = this.extend(found, {
            origin: declared.origin,
            note: `${scope.pipeline.tekton.resourceKind} ${scope.pipeline.tekton.name} param ${declared.name}`,
          });
        }
        paths.push(...found);
      }
      // Bounded: a task shared by many pipelines run by many triggers would multiply paths.
      if (paths.length >= MAX_INPUT_PATHS) return paths.slice(0, MAX_INPUT_PATHS);
    }
    return paths;
  }
}
