/**
 * expression-injection: attacker-controlled text expanded by `${{ }}` into a script (run:, or an
 * action input that is executed, such as actions/github-script's `script`) before the shell or
 * interpreter parses it. Follows the data through env, step and job outputs, GITHUB_ENV writes and
 * the inputs of local actions and reusable workflows.
 * Ignores: expressions in `env:` values and ordinary action inputs (the safe pattern), values
 * whose output is a boolean or number, and contexts the data tables do not mark as attacker text.
 * Data: platforms/github/data/contexts.ts (which contexts an attacker controls).
 */
import { TaintAnalysis, type TaintPath } from '../analysis/taint/taint.js';
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import type { Interpolation, Trigger } from '../model/types.js';
import { defineRule, type StepScope } from './define-rule.js';

const SINKS = new Set(['shell', 'code']);

export default defineRule({
  meta: {
    id: 'expression-injection',
    summary: 'Attacker-controlled data expanded into a script by a template expression',
    description:
      'A `${{ }}` expression is substituted into the script text before the shell runs it, so attacker-controlled values (issue titles, branch names, commit messages...) become code.',
    category: 'injection',
    platforms: ['github'],
    severity: 'critical',
    confidence: 'high',
    stability: 'stable',
    fix: 'safe',
    network: false,
    messages: {
      direct: '`${{ {{expression}} }}` expands {{source}} ({{capability}}) into a {{sink}}, where it runs as code',
      indirect: '`${{ {{expression}} }}` carries {{source}} ({{capability}}) into a {{sink}} through {{via}}',
      unitInput:
        '`${{ {{expression}} }}` expands input {{input}} of this {{unit}} into a {{sink}}; any caller that passes untrusted text gets code injection',
      inactive:
        '`${{ {{expression}} }}` expands {{source}} into a {{sink}}; no trigger of this job fills it today, but it becomes code injection if one is added',
    },
    owasp: ['CICD-SEC-4'],
    phase: 'foundations',
    related: { zizmor: ['template-injection'], poutine: ['injection'], actionlint: ['expression'] },
  },
  create(context) {
    const taint = new TaintAnalysis(context.project);
    // An action or reusable workflow with no caller in the scanned tree is called by others: its
    // inputs are whatever they pass, so expanding one into a script is an injection waiting for a caller.
    const reportUnitInput = (interpolation: Interpolation, isScript: boolean, scope: StepScope) => {
      const isUnit = scope.pipeline.kind === 'action' || scope.pipeline.triggers.some((t) => t.name === 'workflow_call');
      if (!isUnit || context.project.callersOf(scope.pipeline).length > 0) return;
      const input = interpolation.links.find((l) => l.kind === 'input');
      if (input?.kind !== 'input') return;
      context.report({
        messageId: 'unitInput',
        data: {
          expression: interpolation.text.trim(),
          input: input.name,
          unit: scope.pipeline.kind === 'action' ? 'action' : 'reusable workflow',
          sink: isScript ? 'shell script' : `code input of ${scope.step?.uses?.name ?? 'an action'}`,
        },
        at: interpolation.origin,
        severity: 'medium',
        confidence: 'medium',
        flow: [
          { at: input.origin, note: `input ${input.name}, set by the caller` },
          { at: interpolation.origin, note: 'expanded into the script' },
        ],
        tip: 'Pass the input through env (env: VALUE: ${{ inputs.x }}) and use "$VALUE" in the script.',
      });
    };
    return {
      interpolation(interpolation, template, scope) {
        const isScript = template === scope.step?.script;
        if (!SINKS.has(template.sink) && !isScript) return;
        const paths = taint.pathsOf(interpolation, scope);
        if (paths.length === 0) {
          reportUnitInput(interpolation, isScript, scope);
          return;
        }
        const best = pickWorst(paths, context.project, scope);
        if (!best) return;
        const { path, severity, triggers } = best;
        const exposure = exposureOf(path.entryJob, path.entryPipeline, context.project, triggers.length ? triggers : undefined);
        const sink = isScript ? 'shell script' : `code input of ${scope.step?.uses?.name ?? 'an action'}`;
        const flow = [
          { at: path.source.origin, note: `attacker-controlled ${path.source.name}` },
          ...path.hops.map((hop) => ({ at: hop.origin, note: hop.note })),
          { at: interpolation.origin, note: `expanded into the ${sink}` },
        ];
        context.report({
          messageId: path.inactive ? 'inactive' : path.hops.length ? 'indirect' : 'direct',
          data: {
            expression: interpolation.text.trim(),
            source: path.source.name,
            capability: path.source.capability === 'free-text' ? 'arbitrary text' : 'restricted characters',
            sink,
            via: path.hops.map((h) => h.note).join(', '),
          },
          at: interpolation.origin,
          severity,
          confidence: path.inactive ? 'low' : path.source.capability === 'free-text' ? 'high' : 'medium',
          flow,
          trust: trustContext(exposure),
          tip: 'Pass the value through an environment variable (env: TITLE: ${{ ... }}) and use "$TITLE" in the script.',
        });
      },
    };
  },
});

function pickWorst(
  paths: TaintPath[],
  project: import('../analysis/project.js').Project,
  scope: { pipeline: import('../model/types.js').Pipeline; job: import('../model/types.js').Job },
): { path: TaintPath; severity: Severity; triggers: Trigger[] } | undefined {
  let best: { path: TaintPath; severity: Severity; triggers: Trigger[] } | undefined;
  for (const path of paths) {
    const triggers = path.entryPipeline.kind === 'workflow' ? path.triggers : [];
    const exposure = exposureOf(path.entryJob, path.entryPipeline, project, triggers.length ? triggers : undefined);
    // Gates of the sink job count as well as those where the data entered.
    if (path.entryJob !== scope.job) exposure.gates.push(...scope.job.gates.filter((g) => !g.spoofable));
    let severity: Severity = path.inactive ? 'low' : scaledSeverity(exposure, 'critical');
    if (path.source.capability === 'restricted') severity = SEVERITIES[Math.max(0, SEVERITIES.indexOf(severity) - 1)] as Severity;
    const better = !best || SEVERITIES.indexOf(severity) > SEVERITIES.indexOf(best.severity) || (best.path.inactive && !path.inactive);
    if (better) best = { path, severity, triggers };
  }
  return best;
}
