/**
 * insecure-commands: `ACTIONS_ALLOW_UNSECURE_COMMANDS: true` in `env:` (workflow, job or step
 * level), in a matrix value that a step uses as its env, or written to GITHUB_ENV. It turns the
 * deprecated `::set-env` and `::add-path` stdout commands back on, so any program whose output
 * an attacker influences can set environment variables or PATH for the later steps. Scripts
 * that emit those commands in the same scope are attached as related locations.
 * Ignores: values the runner does not parse as true (`false`, `yes`, `1`: it uses .NET
 * `bool.TryParse`, case-insensitive, surrounding spaces allowed), values computed by an
 * expression, and `::set-env` / `::add-path` lines without the variable (the runner refuses them).
 * Data: actions/runner `src/Runner.Worker/ActionCommandManager.cs` (SetEnvCommandExtension and
 * AddPathCommandExtension read the variable from the process environment or the env context);
 * GitHub changelog 2020-10-01 "Deprecating set-env and add-path commands" (CVE-2020-15228).
 * Fix: the variable's `env:` entry is removed; safe when no script in its scope prints the old
 * commands and no action runs there (an old action may still rely on them), unsafe otherwise.
 */
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import { scriptMentions, stepScript } from '../analysis/scripts/step-script.js';
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import type { EnvVar, Job, Origin, Pipeline, Step } from '../model/types.js';
import { asMap, deref, get, type MapNode, type YamlNode } from '../yaml/nodes.js';
import { defineRule, type FixDescriptor, type NotedTarget } from './define-rule.js';
import { removeVariable } from './fixes/env-edits.js';

const VARIABLE = 'ACTIONS_ALLOW_UNSECURE_COMMANDS';
const COMMAND = /::(set-env|add-path)\b/g;

const TIP =
  'Remove ACTIONS_ALLOW_UNSECURE_COMMANDS and replace `::set-env` / `::add-path` with writes to the environment files: echo "NAME=value" >> "$GITHUB_ENV" and echo "/dir" >> "$GITHUB_PATH"; update actions that still emit the old commands.';

function enables(text: string | undefined): boolean {
  return text !== undefined && text.trim().toLowerCase() === 'true';
}

export default defineRule({
  meta: {
    id: 'insecure-commands',
    summary: 'Deprecated ::set-env / ::add-path workflow commands re-enabled',
    description:
      'ACTIONS_ALLOW_UNSECURE_COMMANDS=true lets any line a step prints set environment variables (::set-env) or prepend PATH (::add-path), so attacker-controlled output can run code in the later steps.',
    category: 'configuration',
    platforms: ['github'],
    severity: 'high',
    confidence: 'high',
    stability: 'stable',
    fix: 'safe',
    network: false,
    messages: {
      env: "`{{name}}: {{value}}` turns the deprecated `::set-env` and `::add-path` commands back on {{scope}}: any output an attacker influences (a title, a test log, a file of the checkout) can set environment variables or PATH for the later steps and run code with the job's token and secrets",
      matrix:
        'matrix value `{{name}}: {{value}}` turns the deprecated `::set-env` and `::add-path` commands back on for the steps that take their env from the matrix: attacker-influenced output can then set environment variables or PATH and run code in the job',
      'env-file':
        '`{{name}}=true` written to GITHUB_ENV turns the deprecated `::set-env` and `::add-path` commands back on for the later steps of job `{{job}}`: attacker-influenced output can then set environment variables or PATH and run code in the job',
    },
    owasp: ['CICD-SEC-7'],
    phase: 'foundations',
    related: { zizmor: ['insecure-commands'], checkov: ['CKV_GHA_1'], semgrep: ['allowed-unsecure-commands'] },
  },
  create(context) {
    const project = context.project;

    function worst(jobs: Job[], pipeline: Pipeline): { severity: Severity; exposure: ReturnType<typeof exposureOf> } | undefined {
      let best: { severity: Severity; exposure: ReturnType<typeof exposureOf> } | undefined;
      for (const job of jobs) {
        const exposure = exposureOf(job, pipeline, project);
        // Output an attacker influences can come from anywhere (dependencies, fetched data): never below low.
        const scaled = scaledSeverity(exposure, 'high');
        const severity: Severity = scaled === 'info' ? 'low' : scaled;
        if (!best || SEVERITIES.indexOf(severity) > SEVERITIES.indexOf(best.severity)) best = { severity, exposure };
      }
      return best;
    }

    function emitted(steps: Step[], job: Job): NotedTarget[] {
      const out: NotedTarget[] = [];
      for (const step of steps) {
        if (!scriptMentions(step, /::(?:set-env|add-path)/)) continue;
        const script = stepScript(step, job);
        if (!script) continue;
        for (const m of script.template.value.matchAll(COMMAND)) {
          const start = m.index ?? 0;
          out.push({ at: script.origin(start, start + m[0].length), note: `\`::${m[1]}\` is processed because of this setting` });
        }
      }
      return out;
    }

    function removalFix(
      variable: EnvVar,
      owner: MapNode,
      steps: Step[],
      related: NotedTarget[],
      pipeline: Pipeline,
    ): FixDescriptor | undefined {
      const edit = removeVariable(pipeline.file, owner, 'env', variable);
      if (!edit) return undefined;
      const safe = related.length === 0 && !steps.some((s) => s.uses);
      return { title: `Remove ${VARIABLE} (the deprecated commands stay off)`, safety: safe ? 'safe' : 'unsafe', edits: [edit] };
    }

    function reportEnv(
      variable: EnvVar,
      scope: string,
      jobs: Job[],
      pipeline: Pipeline,
      related: NotedTarget[],
      owner: MapNode,
      steps: Step[],
    ): void {
      const scaled = worst(jobs, pipeline);
      if (!scaled) return;
      context.report({
        messageId: 'env',
        data: { name: variable.name, value: variable.value?.value.trim() ?? 'true', scope },
        at: variable.origin,
        severity: scaled.severity,
        related: related.slice(0, 10),
        trust: trustContext(scaled.exposure),
        tip: TIP,
        fix: removalFix(variable, owner, steps, related, pipeline),
      });
    }

    const find = (env: EnvVar[]) =>
      env.filter((v) => v.name === VARIABLE && v.value && v.value.interpolations.length === 0 && enables(v.value.value));

    return {
      pipeline(pipeline) {
        for (const variable of find(pipeline.env)) {
          // A job that sets the variable itself overrides the workflow value.
          const jobs = pipeline.jobs.filter((job) => !job.env.some((v) => v.name === VARIABLE));
          const related = jobs.flatMap((job) => emitted(job.steps, job));
          reportEnv(
            variable,
            'for every job of the workflow',
            jobs,
            pipeline,
            related,
            pipeline.root,
            jobs.flatMap((j) => j.steps),
          );
        }
      },
      job(job, pipeline) {
        const scope = pipeline.kind === 'action' ? 'for every step of the action' : `for every step of job \`${job.id}\``;
        for (const variable of find(job.env)) reportEnv(variable, scope, [job], pipeline, emitted(job.steps, job), job.node, job.steps);
        for (const hit of matrixValues(job.node)) {
          const scaled = worst([job], pipeline);
          if (!scaled) continue;
          context.report({
            messageId: 'matrix',
            data: { name: VARIABLE, value: hit.value },
            at: hit.at(pipeline),
            severity: scaled.severity,
            confidence: job.steps.some((s) => deref(get(s.node, 'env'))?.kind === 'scalar') ? 'high' : 'medium',
            related: emitted(job.steps, job).slice(0, 10),
            trust: trustContext(scaled.exposure),
            tip: TIP,
          });
        }
      },
      step(step, job, pipeline) {
        for (const variable of find(step.env))
          reportEnv(variable, 'for this step', [job], pipeline, emitted([step], job), step.node, [step]);
        if (!scriptMentions(step, /ACTIONS_ALLOW_UNSECURE_COMMANDS/i)) return;
        const script = stepScript(step, job);
        if (!script) return;
        for (const write of script.facts.envFileWrites) {
          if (write.target !== 'GITHUB_ENV' || !write.names.includes(VARIABLE)) continue;
          const text = write.written.map((w) => w.text).join(' ');
          if (!new RegExp(`${VARIABLE}=["']?true\\b`, 'i').test(text.replace(/["']/g, ''))) continue;
          const scaled = worst([job], pipeline);
          if (!scaled) continue;
          const later = job.steps.filter((s) => s.index > step.index);
          context.report({
            messageId: 'env-file',
            data: { name: VARIABLE, job: job.id },
            at: script.origin(write.start, write.end),
            severity: scaled.severity,
            related: emitted(later, job).slice(0, 10),
            trust: trustContext(scaled.exposure),
            tip: TIP,
          });
        }
      },
    };
  },
});

/** `strategy.matrix` entries (also inside `include:` items) that set the variable to true. */
function matrixValues(jobNode: YamlNode): { value: string; at: (pipeline: Pipeline) => Origin }[] {
  const matrix = deref(get(asMap(jobNode), 'strategy') ? get(asMap(get(asMap(jobNode), 'strategy')), 'matrix') : undefined);
  const out: { value: string; at: (pipeline: Pipeline) => Origin }[] = [];
  const visit = (node: YamlNode | undefined, depth: number): void => {
    const n = deref(node);
    if (!n || depth > 6) return;
    if (n.kind === 'seq') for (const item of n.items) visit(item, depth + 1);
    if (n.kind !== 'map') return;
    for (const pair of n.pairs) {
      const value = deref(pair.value);
      if (pair.keyText === VARIABLE && value?.kind === 'scalar' && value.value !== null && enables(String(value.value))) {
        const key = pair.key;
        out.push({
          value: String(value.value).trim(),
          at: (pipeline) => ({ file: pipeline.file, span: { start: key.start, end: key.end } }),
        });
      } else visit(pair.value, depth + 1);
    }
  };
  visit(matrix, 0);
  return out;
}
