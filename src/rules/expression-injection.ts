/**
 * expression-injection: attacker-controlled text expanded by `${{ }}` into a script (run:, or an
 * action input that is executed, such as actions/github-script's `script`) before the shell or
 * interpreter parses it. Follows the data through env, step and job outputs, GITHUB_ENV writes and
 * the inputs of local actions and reusable workflows. On Tekton: `$(params.x)`, `$(tt.params.x)`,
 * `$(body.*)` and Pipelines-as-Code `{{ }}` variables in step scripts and `sh -c` arguments, followed
 * from a TriggerBinding through the trigger, its template, the run and the pipeline into the task.
 * On GitLab: `$[[ inputs.x ]]` inserted into a script when the pipeline is created (inputs set by
 * whoever runs the pipeline, or passed down an include chain, or expanded by `expand_vars`), and
 * attacker-written predefined variables (`$CI_MERGE_REQUEST_TITLE`...) that reach an eval-like
 * sink (`eval`, `sh -c`, `source`...) directly or through `variables:`, and `%NAME%` of such a
 * variable anywhere in a script (Windows cmd replaces it before parsing the line; no other shell
 * reads that form, so the script is taken for cmd; confidence medium on a Windows-tagged job).
 * Ignores: expressions in `env:` values and ordinary action inputs (the safe pattern), values
 * whose output is a boolean or number, contexts the data tables do not mark as attacker text, and
 * on GitLab a variable the shell only expands as data (`echo "$CI_MERGE_REQUEST_TITLE"`).
 * Data: platforms/github/data/contexts.ts, platforms/gitlab/data/variables.ts.
 * Fix (GitHub): the expression moves into the step's `env:` and the script reads the variable
 * (fixes/move-to-env.ts says when that is safe).
 */
import { TaintAnalysis, type TaintPath } from '../analysis/taint/taint.js';
import { prCodeResults } from './data/tekton-checkout.js';
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import type { Project } from '../analysis/project.js';
import { osOf, stepScript } from '../analysis/scripts/step-script.js';
import type { Interpolation, Job, Pipeline, Template, Trigger } from '../model/types.js';
import { asMap, asScalar } from '../yaml/nodes.js';
import { defineRule, type FixDescriptor, type StepScope } from './define-rule.js';
import { findTemplateSpans } from '../analysis/shell/template-mask.js';
import { cmdDelayedBlocker, moveToEnvFix, oneLinePlain } from './fixes/move-to-env.js';
import { ownPair } from './fixes/step-edits.js';

const SINKS = new Set(['shell', 'code']);

/** Why no fix is offered, by case; each ends up in the finding's tip as "No automatic fix: ...". */
const DECLINED = {
  cmd: 'cmd expands %VAR% before it parses the line, so a value read as %VAR% from env: would still run its metacharacters (& | < > and quotes) as code; the fix reads !VAR! under delayed expansion instead (`@setlocal EnableDelayedExpansion`), which is substituted after parsing, but not here:',
  cmdBlock:
    'the script is neither a literal block (`run: |`) nor a one-line plain scalar with nothing after it on its line, so no line for delayed expansion can be added',
  eval: 'the value is evaluated again as code (eval, sh -c, Invoke-Expression...), which would evaluate a variable too',
  shell: 'the step runs a shell or interpreter the fixer cannot write a variable reference for',
  input:
    'the expression is in an action input that the action runs as code; the fix rewrites only `run:` scripts and the `script:` of actions/github-script, whose languages it knows',
  shared: 'the script is not written in the step itself (a YAML anchor or merge); editing it would change every step that shares it',
  context:
    'the expression sits in a construct or quoting the fixer does not follow (or the step has no env: it can extend), where a variable reference may not mean the same',
} as const;

interface FixOutcome {
  fix?: FixDescriptor;
  declined?: string;
}

/** The finding's tip (with the reason when there is no fix) and its fix. */
function fixFields(tip: string, outcome: FixOutcome): { tip: string; fix?: FixDescriptor } {
  return { tip: outcome.declined ? `${tip} No automatic fix: ${outcome.declined}.` : tip, fix: outcome.fix };
}

/** The move-to-env fix for an expression in a step's `run:` or in actions/github-script's `script:`, or why there is none. */
function envFix(
  interpolation: Interpolation,
  template: Template,
  scope: StepScope,
  isReported: (other: Interpolation) => boolean,
): FixOutcome {
  const { step, job, pipeline } = scope;
  if (!step || pipeline.platform !== 'github') return {};
  const companions = template.interpolations.filter((other) => other !== interpolation && isReported(other));
  if (template === step.script) {
    if (ownPair(step.node, 'run')?.value !== template.node) return { declined: DECLINED.shared };
    const script = stepScript(step, job);
    const facts = script?.facts;
    if (!script || !facts) return { declined: DECLINED.context };
    const evalSpans = facts.evalSinks.map((s) => ({ start: s.argStart, end: s.argEnd }));
    const fix = moveToEnvFix(
      interpolation,
      {
        kind: 'shell',
        step,
        job,
        pipeline,
        template,
        dialect: facts.dialect,
        osKnown: osOf(job) !== 'unknown',
        evalSpans,
      },
      companions,
    );
    if (fix) return { fix };
    const offset = findTemplateSpans(template.value).find(
      (t) => template.value.startsWith('${{', t.start) && script.origin(t.start, t.end).span.start === interpolation.origin.span.start,
    )?.start;
    if (offset !== undefined && evalSpans.some((s) => s.start <= offset && offset < s.end)) return { declined: DECLINED.eval };
    if (facts.dialect === 'cmd') {
      if (asScalar(template.node)?.style !== 'literal' && !oneLinePlain(template)) return { declined: DECLINED.cmdBlock };
      const blocker = offset !== undefined ? cmdDelayedBlocker(template.value, offset) : undefined;
      return { declined: blocker ? `${DECLINED.cmd} ${blocker}` : DECLINED.context };
    }
    if (facts.dialect === 'python' || facts.dialect === 'other') return { declined: DECLINED.shell };
    return { declined: DECLINED.context };
  }
  const input = step.inputs.find((i) => i.value === template);
  if (step.uses?.name.toLowerCase() !== 'actions/github-script' || input?.name !== 'script') {
    return input && step.uses ? { declined: `${DECLINED.input} (\`${input.name}\` of ${step.uses.name})` } : {};
  }
  const withMap = asMap(ownPair(step.node, 'with')?.value);
  if (!withMap || ownPair(withMap, 'script')?.value !== template.node) return { declined: DECLINED.shared };
  const fix = moveToEnvFix(interpolation, { kind: 'github-script', step, job, pipeline, template }, companions);
  return fix ? { fix } : { declined: DECLINED.context };
}

export default defineRule({
  meta: {
    id: 'expression-injection',
    summary: 'Attacker-controlled data expanded into a script by a template expression',
    description:
      'A `${{ }}` expression is substituted into the script text before the shell runs it, so attacker-controlled values (issue titles, branch names, commit messages...) become code.',
    category: 'injection',
    platforms: ['github', 'gitlab', 'tekton'],
    severity: 'critical',
    confidence: 'high',
    stability: 'stable',
    fix: 'safe',
    network: false,
    messages: {
      direct: '`{{expression}}` expands {{source}} ({{capability}}) into a {{sink}}, where it runs as code',
      indirect: '`{{expression}}` carries {{source}} ({{capability}}) into a {{sink}} through {{via}}',
      unitInput:
        '`{{expression}}` expands input {{input}} of this {{unit}} into a {{sink}}; any caller that passes untrusted text gets code injection',
      yamlStructure:
        "`{{expression}}` pastes {{source}} into this file before Pipelines-as-Code parses it: line breaks in it add YAML of the author's choosing (steps, scripts, images) to the run",
      inactive:
        '`{{expression}}` expands {{source}} into a {{sink}}; no trigger of this job fills it today, but it becomes code injection if one is added',
      gitlabInput:
        '`$[[ {{expression}} ]]` inserts {{source}} ({{capability}}) into the script text when the pipeline is created, before the shell parses it',
      gitlabEval: '`${{expression}}` carries {{source}} ({{capability}}) into `{{command}}`, which runs it as code',
      gitlabCmd:
        '`%{{expression}}%` pastes {{source}} ({{capability}}) into the line before Windows cmd parses it, so `&`, `|` and `>` in it run commands',
    },
    owasp: ['CICD-SEC-4'],
    phase: 'foundations',
    related: { zizmor: ['template-injection'], poutine: ['injection'], actionlint: ['expression'] },
  },
  create(context) {
    /**
     * Output of pull request code (a Tekton task result after a build of the pull request) is a
     * new hazard only in a task holding credentials the code did not already run with.
     */
    const gainsPrivilege = (path: TaintPath, scope: StepScope) => {
      if (path.source.producedBy !== 'untrusted-code') return true;
      const producer = [path.entryJob, path.entryJob.uses?.unit?.jobs[0]];
      const held = new Set(producer.flatMap((j) => j?.secrets.map((s) => s.name) ?? []));
      const account = (job: Job | undefined) => job?.tekton?.serviceAccount?.name ?? 'default';
      return scope.job.secrets.some((s) => !held.has(s.name)) || account(scope.job) !== account(path.entryJob);
    };
    const taint = new TaintAnalysis(context.project, { tektonResults: prCodeResults(context.project) });
    // An action or reusable workflow with no caller in the scanned tree is called by others: its
    // inputs are whatever they pass, so expanding one into a script is an injection waiting for a caller.
    const unitInputOf = (interpolation: Interpolation, scope: StepScope) => {
      const isTekton = scope.pipeline.platform === 'tekton';
      const isUnit =
        scope.pipeline.kind === 'action' || scope.pipeline.triggers.some((t) => t.name === 'workflow_call') || (isTekton && !!scope.step);
      if (!isUnit || context.project.callersOf(scope.pipeline).length > 0) return undefined;
      const input = interpolation.links.find((l) => l.kind === 'input');
      return input?.kind === 'input' ? input : undefined;
    };
    // Whether this rule reports an interpolation (the fix of one moves the others of its script too).
    const isReported = (scope: StepScope) => (other: Interpolation) =>
      taint.pathsOf(other, scope).length > 0 || unitInputOf(other, scope) !== undefined;
    const reportUnitInput = (interpolation: Interpolation, isScript: boolean, scope: StepScope, template: Template) => {
      const isTekton = scope.pipeline.platform === 'tekton';
      const input = unitInputOf(interpolation, scope);
      if (!input) return;
      // A Tekton param with `enum` only ever holds one of its listed values.
      if (isTekton && scope.pipeline.declaredInputs.find((d) => d.name === input.name)?.options?.length) return;
      context.report({
        messageId: 'unitInput',
        data: {
          expression: written(interpolation, scope.pipeline),
          input: input.name,
          unit: isTekton
            ? (scope.pipeline.tekton?.resourceKind ?? 'Task')
            : scope.pipeline.kind === 'action'
              ? 'action'
              : 'reusable workflow',
          sink: sinkName(isScript, scope),
        },
        at: interpolation.origin,
        // A Tekton task with no caller here is a catalogue task: what callers pass is unknown.
        severity: isTekton ? 'low' : 'medium',
        confidence: isTekton ? 'low' : 'medium',
        flow: [
          { at: input.origin, note: `input ${input.name}, set by the caller` },
          { at: interpolation.origin, note: 'expanded into the script' },
        ],
        ...fixFields(
          isTekton ? TEKTON_TIP : 'Pass the input through env (env: VALUE: ${{ inputs.x }}) and use "$VALUE" in the script.',
          envFix(interpolation, template, scope, isReported(scope)),
        ),
      });
    };
    /** GitLab: config-time inputs anywhere in a script; run-time variables only inside an eval-like sink. */
    const reportGitlab = (interpolation: Interpolation, scope: StepScope) => {
      const step = scope.step;
      if (!step || interpolation.isSafeOutput) return;
      let command: string | undefined;
      if (interpolation.phase === 'runtime-env') {
        const script = stepScript(step, scope.job);
        if (!script) return;
        const start = interpolation.origin.span.start;
        const expansion = script.facts.expansions.find((e) => e.inEvalArgument && script.origin(e.start, e.end).span.start === start);
        if (!expansion) return;
        command = script.facts.evalSinks.find((s) => expansion.start >= s.argStart && expansion.end <= s.argEnd)?.command ?? 'eval';
      }
      const paths = taint.pathsOf(interpolation, scope).filter((p) => !p.inactive);
      const best = pickWorst(paths, context.project, scope);
      if (!best) return;
      const { path, severity, triggers } = best;
      const exposure = exposureOf(path.entryJob, path.entryPipeline, context.project, triggers.length ? triggers : undefined);
      const capability = path.source.capability === 'free-text' ? 'arbitrary text' : 'restricted characters';
      const isCmd = interpolation.phase === 'before-shell';
      // The runner's shell is set in its config.toml; windows tags or image make cmd likelier.
      const cmdConfidence = isWindowsJob(scope.job) ? 'medium' : 'low';
      context.report({
        messageId: isCmd ? 'gitlabCmd' : command ? 'gitlabEval' : 'gitlabInput',
        data: { expression: interpolation.text.trim(), source: path.source.name, capability, command: command ?? '' },
        at: interpolation.origin,
        severity,
        confidence: isCmd ? cmdConfidence : path.source.capability === 'free-text' ? 'high' : 'medium',
        flow: [
          { at: path.source.origin, note: `attacker-controlled ${path.source.name}` },
          ...path.hops.map((hop) => ({ at: hop.origin, note: hop.note })),
          {
            at: interpolation.origin,
            note: isCmd ? 'replaced by cmd before it parses the line' : command ? `evaluated by ${command}` : 'inserted into the script',
          },
        ],
        trust: trustContext(exposure),
        tip: isCmd
          ? 'Run the job in PowerShell and read the value as data ($env:NAME), or copy it with delayed expansion (setlocal EnableDelayedExpansion, then !NAME!) so cmd does not parse it.'
          : command
            ? 'Pass the value as data: use "$VAR" as an argument, never inside eval, sh -c or a generated script.'
            : 'Declare the input with `options:` or an anchored `regex:`, or pass it through a variable (variables: VALUE: $[[ inputs.x ]]) and use "$VALUE".',
      });
    };
    // Pipelines-as-Code pastes `{{ }}` into the raw text before parsing: a multi-line value
    // outside a script (where the script finding covers it) can add YAML of its own.
    const reportStructure = (interpolation: Interpolation, scope: StepScope) => {
      if (interpolation.phase !== 'config-time') return;
      const source = interpolation.sources.find((s) => s.capability === 'free-text' && MULTI_LINE.test(s.name));
      if (!source) return;
      const exposure = exposureOf(scope.job, scope.pipeline, context.project);
      context.report({
        messageId: 'yamlStructure',
        data: { expression: written(interpolation, scope.pipeline), source: source.name },
        at: interpolation.origin,
        severity: scaledSeverity(exposure, 'critical'),
        confidence: 'medium',
        flow: [{ at: interpolation.origin, note: `${source.name} pasted into the file before it is parsed` }],
        trust: trustContext(exposure),
        tip: 'Do not put free text from the event into a Pipelines-as-Code file; read it inside a step from the event payload (a file or an API call) and treat it as data.',
      });
    };
    return {
      interpolation(interpolation, template, scope) {
        const isScript = template === scope.step?.script;
        if (scope.pipeline.platform === 'gitlab') {
          if (isScript) reportGitlab(interpolation, scope);
          return;
        }
        if (scope.pipeline.platform === 'tekton' && !isScript && template.sink !== 'shell') reportStructure(interpolation, scope);
        if (!SINKS.has(template.sink) && !isScript) return;
        const all = taint.pathsOf(interpolation, scope);
        if (all.length === 0) {
          reportUnitInput(interpolation, isScript, scope, template);
          return;
        }
        const paths = all.filter((p) => gainsPrivilege(p, scope));
        const best = pickWorst(paths, context.project, scope);
        if (!best) return;
        const { path, severity, triggers } = best;
        const exposure = exposureAt(path, triggers, scope, context.project);
        const sink = sinkName(isScript, scope);
        const flow = [
          { at: path.source.origin, note: `attacker-controlled ${path.source.name}` },
          ...path.hops.map((hop) => ({ at: hop.origin, note: hop.note })),
          { at: interpolation.origin, note: `expanded into the ${sink}` },
        ];
        context.report({
          messageId: path.inactive ? 'inactive' : path.hops.length ? 'indirect' : 'direct',
          data: {
            expression: written(interpolation, scope.pipeline),
            source: path.source.name,
            capability: path.source.capability === 'free-text' ? 'arbitrary text' : 'restricted characters',
            sink,
            via: path.hops.map((h) => h.note).join(', '),
          },
          at: interpolation.origin,
          severity,
          confidence: path.inactive ? 'low' : path.source.capability === 'free-text' ? 'high' : 'medium',
          // A Tekton script is long and its step is named at the top: point at the step too.
          related: scope.pipeline.platform === 'tekton' && scope.step ? [{ at: scope.step.origin, note: `the ${sink}` }] : undefined,
          flow,
          trust: trustContext(exposure),
          ...fixFields(
            scope.pipeline.platform === 'tekton'
              ? TEKTON_TIP
              : 'Pass the value through an environment variable (env: TITLE: ${{ ... }}) and use "$TITLE" in the script.',
            envFix(interpolation, template, scope, isReported(scope)),
          ),
        });
      },
    };
  },
});

/** Runner tags or an image that name Windows (GitLab's Windows runners are tagged `windows`, `saas-windows-...`). */
function isWindowsJob(job: Job): boolean {
  const hints = [...job.runner.labels, job.container?.raw ?? ''];
  return hints.some((h) => /(?:^|[-_/.\s])win(?:dows)?(?:$|[-_/.:\d\s])|servercore|nanoserver/i.test(h));
}

/**
 * Pipelines-as-Code variables whose text can span lines (event bodies, descriptions, comments,
 * commit messages). Not `{{ trigger_comment }}`: Pipelines-as-Code turns its line breaks into
 * `\n` before pasting it (its GitOps commands guide, "Accessing the comment that triggered").
 */
const MULTI_LINE = /^body\..*(?:(?:^|\.)(?:body|description|message|note)$|comment)/;

const TEKTON_TIP =
  'Pass the value to the step as an environment variable (env: [{name: TITLE, value: $(params.title)}]) and use "$TITLE" in the script; Tekton substitutes $(...) into the script text before the shell runs.';

/** The expression as the platform writes it. */
function written(interpolation: Interpolation, pipeline: Pipeline): string {
  if (pipeline.platform === 'github') return `\${{ ${interpolation.text.trim()} }}`;
  return interpolation.origin.file.text.slice(interpolation.origin.span.start, interpolation.origin.span.end);
}

function sinkName(isScript: boolean, scope: StepScope): string {
  if (scope.pipeline.platform === 'tekton') {
    const step = scope.step?.name ?? String(scope.step?.index ?? '');
    return isScript ? `script of step ${step}` : `shell argument of step ${step}`;
  }
  return isScript ? 'shell script' : `code input of ${scope.step?.uses?.name ?? 'an action'}`;
}

/**
 * Trust where the data entered; privileges where it runs. On GitHub they are the same job (or the
 * caller holds the secrets); a Tekton task holds its own service account and workspaces.
 */
function exposureAt(path: TaintPath, triggers: Trigger[], scope: { pipeline: Pipeline; job: Job }, project: Project) {
  if (scope.pipeline.platform === 'tekton') return exposureOf(scope.job, scope.pipeline, project, triggers.length ? triggers : undefined);
  return exposureOf(path.entryJob, path.entryPipeline, project, triggers.length ? triggers : undefined);
}

function pickWorst(
  paths: TaintPath[],
  project: Project,
  scope: { pipeline: Pipeline; job: Job },
): { path: TaintPath; severity: Severity; triggers: Trigger[] } | undefined {
  let best: { path: TaintPath; severity: Severity; triggers: Trigger[] } | undefined;
  for (const path of paths) {
    const live =
      path.entryPipeline.kind === 'workflow' || path.entryPipeline.platform === 'tekton' || path.entryPipeline.kind === 'gitlab-ci';
    const triggers = live ? path.triggers : [];
    const exposure = exposureAt(path, triggers, scope, project);
    // Gates of the sink job count as well as those where the data entered.
    if (path.entryJob !== scope.job) exposure.gates.push(...scope.job.gates.filter((g) => !g.spoofable));
    let severity: Severity = path.inactive ? 'low' : scaledSeverity(exposure, 'critical');
    if (path.source.capability === 'restricted') severity = SEVERITIES[Math.max(0, SEVERITIES.indexOf(severity) - 1)] as Severity;
    const better = !best || SEVERITIES.indexOf(severity) > SEVERITIES.indexOf(best.severity) || (best.path.inactive && !path.inactive);
    if (better) best = { path, severity, triggers };
  }
  return best;
}
