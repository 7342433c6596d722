/**
 * debug-logging: debug output switched on in the workflow itself: `ACTIONS_STEP_DEBUG: true`,
 * `ACTIONS_RUNNER_DEBUG: true` or `RUNNER_DEBUG: 1` in `env:` at workflow, job or step level, or
 * written to GITHUB_ENV. Actions and tools that read these variables (the `@actions/core`
 * toolkit's `isDebug()` reads RUNNER_DEBUG) print verbose output: request details, the
 * environment, values derived from secrets that log masking does not recognise. Logs of public
 * repositories are public.
 * Ignores: other values (`false`, expressions), and the repository secrets or variables of the
 * same names (the runner's own debug logs are switched on there; not visible offline).
 * Data: GitHub Docs "Enabling debug logging" and "Variables reference" (RUNNER_DEBUG);
 * actions/toolkit packages/core `isDebug()`; actions/runner `Variables.Step_Debug` (read from
 * secrets/variables, not from `env:`).
 * GitLab: `CI_DEBUG_TRACE: "true"` or `CI_DEBUG_SERVICES: "true"` in `variables:` (pipeline or job);
 * GitLab Docs "CI/CD variables troubleshooting: enable debug logging" warn that the trace shows the
 * values of all variables available to the job, masked ones included. CI_DEBUG_SERVICES is
 * narrower (GitLab Docs "Services: capturing service container logs"): it copies what the service
 * containers print into the job log, so only what a service prints (its configuration, the
 * variables it was started with) is exposed; it gets its own message and low confidence.
 * Fix: the entry is removed from `env:` / `variables:` (only where it is written in that very
 * mapping); safe, as only log output changes, unless a script in its scope reads the variable
 * (then the author relies on it: unsafe).
 */
import { scriptMentions, stepScript } from '../analysis/scripts/step-script.js';
import type { Confidence } from '../model/finding.js';
import type { EnvVar, Job, Pipeline, Platform, Step } from '../model/types.js';
import { defineRule, type FixDescriptor } from './define-rule.js';
import { removeVariable } from './fixes/env-edits.js';
import type { MapNode } from '../yaml/nodes.js';

/** Variable name -> the values that turn debug output on (compared trimmed, case-insensitive). */
const DEBUG_VARIABLES: Record<string, readonly string[]> = {
  ACTIONS_STEP_DEBUG: ['true'],
  ACTIONS_RUNNER_DEBUG: ['true'],
  RUNNER_DEBUG: ['1'],
};

const TIP =
  'Remove the variable from the workflow; when you need debug logs, re-run the job with "Enable debug logging" or set the ACTIONS_STEP_DEBUG repository variable for a while.';

/** GitLab's job trace switches (https://docs.gitlab.com/ci/variables/variables_troubleshooting/). */
const GITLAB_DEBUG_VARIABLES: Record<string, readonly string[]> = {
  CI_DEBUG_TRACE: ['true'],
  CI_DEBUG_SERVICES: ['true'],
};

const GITLAB_TIP =
  'Remove the variable from .gitlab-ci.yml; when you need a trace, set CI_DEBUG_TRACE for a single manual run and delete that job log afterwards.';

function enabling(name: string, value: string | undefined, platform: Platform = 'github'): boolean {
  const values = (platform === 'gitlab' ? GITLAB_DEBUG_VARIABLES : DEBUG_VARIABLES)[name];
  return values !== undefined && value !== undefined && values.includes(value.trim().toLowerCase());
}

export default defineRule({
  meta: {
    id: 'debug-logging',
    summary: 'Debug logging switched on in the workflow',
    description:
      'ACTIONS_STEP_DEBUG, ACTIONS_RUNNER_DEBUG or RUNNER_DEBUG set in the workflow make actions and tools print verbose logs, which can show the environment and values derived from secrets to anyone who can read the logs.',
    category: 'secrets',
    platforms: ['github', 'gitlab'],
    severity: 'low',
    confidence: 'medium',
    stability: 'experimental',
    fix: 'safe',
    network: false,
    messages: {
      env: '`{{name}}: {{value}}` turns on debug output {{scope}}: actions and tools that read it log request details, the environment and values derived from secrets that masking does not catch, for anyone who can read the logs',
      trace:
        '`{{name}}: {{value}}` turns on the GitLab debug trace {{scope}}: the job log shows every command with the values of all variables available to the job, masked ones included, for anyone who can read the logs',
      services:
        '`{{name}}: {{value}}` copies the logs of the service containers into the job log {{scope}}: whatever a service prints, such as its configuration or the variables it was started with, is readable by anyone who can read the logs',
      'env-file':
        '`{{name}}={{value}}` written to GITHUB_ENV turns on debug output for the later steps of job `{{job}}`: actions and tools that read it log request details, the environment and values derived from secrets that masking does not catch',
    },
    owasp: ['CICD-SEC-6'],
    phase: 'visibility',
    related: { poutine: ['debug_enabled'] },
  },
  create(context) {
    const holdsSecrets = (jobs: Job[]) => jobs.some((job) => job.secrets.some((s) => s.dynamic || s.name !== 'GITHUB_TOKEN'));

    function removalFix(variable: EnvVar, pipeline: Pipeline, owner: MapNode, steps: Step[]): FixDescriptor | undefined {
      const edit = removeVariable(pipeline.file, owner, pipeline.platform === 'gitlab' ? 'variables' : 'env', variable);
      if (!edit) return undefined;
      const reads = new RegExp(`\\b${variable.name}\\b`);
      const readByScript = steps.some((s) => s.script !== undefined && reads.test(s.script.value));
      return {
        title: `Remove ${variable.name} from the ${pipeline.platform === 'gitlab' ? 'variables' : 'env'}`,
        safety: readByScript ? 'unsafe' : 'safe',
        edits: [edit],
      };
    }

    function report(variable: EnvVar, scope: string, jobs: Job[], platform: Platform, fix?: FixDescriptor): void {
      const services = platform === 'gitlab' && variable.name === 'CI_DEBUG_SERVICES';
      const confidence: Confidence = services ? 'low' : platform === 'gitlab' || holdsSecrets(jobs) ? 'medium' : 'low';
      context.report({
        messageId: services ? 'services' : platform === 'gitlab' ? 'trace' : 'env',
        data: { name: variable.name, value: variable.value?.value.trim() ?? '', scope },
        at: variable.origin,
        severity: 'low',
        confidence,
        tip: platform === 'gitlab' ? GITLAB_TIP : TIP,
        fix,
      });
    }

    const find = (env: EnvVar[], platform: Platform) =>
      env.filter((v) => v.value && v.value.interpolations.length === 0 && enabling(v.name, v.value.value, platform));

    return {
      pipeline(pipeline: Pipeline) {
        const scope = pipeline.platform === 'gitlab' ? 'for every job of the pipeline' : 'for every job of the workflow';
        const steps = pipeline.jobs.flatMap((j) => j.steps);
        for (const variable of find(pipeline.env, pipeline.platform)) {
          report(variable, scope, pipeline.jobs, pipeline.platform, removalFix(variable, pipeline, pipeline.root, steps));
        }
      },
      job(job, pipeline) {
        const scope = pipeline.kind === 'action' ? 'for every step of the action' : `for every step of job \`${job.id}\``;
        for (const variable of find(job.env, pipeline.platform)) {
          report(variable, scope, [job], pipeline.platform, removalFix(variable, pipeline, job.node, job.steps));
        }
      },
      step(step, job, pipeline) {
        for (const variable of find(step.env, pipeline.platform)) {
          report(variable, 'for this step', [job], pipeline.platform, removalFix(variable, pipeline, step.node, [step]));
        }
        if (!scriptMentions(step, /ACTIONS_|RUNNER_DEBUG/)) return;
        const script = stepScript(step, job);
        if (!script) return;
        for (const write of script.facts.envFileWrites) {
          if (write.target !== 'GITHUB_ENV') continue;
          const text = write.written
            .map((w) => w.text)
            .join('\n')
            .replace(/["']/g, '');
          for (const name of write.names) {
            if (!(name in DEBUG_VARIABLES)) continue;
            const m = new RegExp(`(?:^|\\s)${name}=([^\\s]*)`, 'm').exec(text);
            if (!m || !enabling(name, m[1])) continue;
            context.report({
              messageId: 'env-file',
              data: { name, value: (m[1] ?? '').trim(), job: job.id },
              at: script.origin(write.start, write.end),
              severity: 'low',
              confidence: holdsSecrets([job]) ? 'medium' : 'low',
              tip: TIP,
            });
          }
        }
      },
    };
  },
});
