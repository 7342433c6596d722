/**
 * ai-prompt-injection: text an outsider writes (issue and pull request titles and bodies,
 * comments, review text, branch names, commit messages: the untrusted-contexts table) reaching
 * the instructions of an AI agent action (its prompt, system prompt or arguments), directly or
 * through env, step outputs, job outputs and inputs; and agent actions that, given no prompt,
 * take their instructions from the triggering comment, issue or pull request. A language model
 * cannot tell instructions from data, so whoever writes that text can steer the agent: make it
 * push code, comment, approve, or print the secrets and token it holds.
 * Reported only when the agent has something to misuse: tools (editing files, running commands,
 * calling the GitHub API), a GITHUB_TOKEN with write scopes (or the default permissions), or
 * secrets passed to the step.
 * Severity: critical when anyone on the internet can start a privileged run, scaled down by trust
 * and gates; event mode (`readsEvent`) at most medium with medium confidence, since the action
 * checks the triggering actor's write access by default while the text it reads (the thread, the
 * diff) may be anyone's; critical again when `allowed_non_write_users` opens it to everyone.
 * Ignores: agent actions with no tools, no write token and no secrets; prompts from files.
 * Data: src/rules/data/ai-agent-actions.ts; sources from platforms/github/data/contexts.ts
 * through the model's taint sources and analysis/taint.
 */
import { TaintAnalysis, type TaintPath } from '../analysis/taint/taint.js';
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Job, Pipeline, Step } from '../model/types.js';
import { Trust } from '../model/types.js';
import { stepScript } from '../analysis/scripts/step-script.js';
import { agentActionFor, agentCliFor, type AiAgentAction } from './data/ai-agent-actions.js';
import { defineRule } from './define-rule.js';
import { ShellTaint } from './taint/shell-taint.js';

const EVENT_KINDS = new Set(['comment', 'issue', 'review', 'pr', 'pr-target']);

const TIP =
  'Keep untrusted text out of the prompt: let the agent read it as data through a tool, give it no secrets it does not need, `permissions:` with read scopes only, and a narrow tool list; run agents on untrusted events only behind a gate (an `environment:` with reviewers, or a maintainer-only trigger).';

const MENTIONS_AGENT_CLI = /\b(?:claude|gemini|codex|aider)\b/;

/** What the agent could misuse: tools, a write token, secrets handed to the step. */
function powersOf(agent: AiAgentAction | 'cli', step: Step, privileges: string[]): string[] {
  const out: string[] = [];
  const tools =
    agent === 'cli' ||
    agent.tools === 'always' ||
    step.inputs.some((i) => i.name === (agent.tools as { input: string }).input && i.value.value.trim().toLowerCase() === 'true');
  if (tools) out.push('tools');
  out.push(...privileges.filter((p) => /write|default GITHUB_TOKEN/.test(p)));
  const secrets = new Set<string>();
  for (const template of [...step.inputs.map((i) => i.value), ...step.env.map((e) => e.value)]) {
    for (const interpolation of template?.interpolations ?? []) {
      for (const secret of interpolation.secrets)
        if (secret.name !== 'GITHUB_TOKEN') secrets.add(secret.dynamic ? 'all secrets' : secret.name);
    }
  }
  if (secrets.size) out.push(`secrets ${[...secrets].slice(0, 4).join(', ')}`);
  return out;
}

export default defineRule({
  meta: {
    id: 'ai-prompt-injection',
    summary: 'Untrusted text reaches the instructions of an AI agent that can act',
    description:
      'Issue, pull request and comment text (or other attacker-written context) becomes part of the prompt of an AI agent action that has tools, a write token or secrets, so whoever writes it can instruct the agent.',
    category: 'injection',
    platforms: ['github'],
    severity: 'critical',
    confidence: 'high',
    stability: 'experimental',
    fix: 'none',
    network: false,
    messages: {
      prompt: '{{source}} reaches `{{input}}` of {{action}}: whoever writes it can instruct the agent, which holds {{powers}}',
      cli: '{{source}} reaches the prompt of `{{command}}` (an agent with tools): whoever writes it can instruct the agent, which holds {{powers}}',
      event:
        '{{action}} runs without a prompt on {{events}}, so it takes its instructions from the comment, issue or pull request text, which others can write; the agent holds {{powers}}',
      eventAnyone:
        '{{action}} runs without a prompt on {{events}} for actors without write access (`allowed_non_write_users`): anyone can instruct the agent, which holds {{powers}}',
    },
    owasp: ['CICD-SEC-4'],
    phase: 'foundations',
    related: {},
  },
  create(context) {
    const taint = new TaintAnalysis(context.project);
    const shell = new ShellTaint(taint);
    const exposureOfPath = (path: TaintPath) =>
      exposureOf(path.entryJob, path.entryPipeline, context.project, path.triggers.length ? path.triggers : undefined);
    /** Agent CLIs in scripts (`claude -p "...$TITLE..."`): attacker text in their arguments. */
    const checkCli = (step: Step, job: Job, pipeline: Pipeline): void => {
      const script = stepScript(step, job);
      if (!script) return;
      const powers = powersOf('cli', step, exposureOf(job, pipeline, context.project).privileges);
      for (const command of script.facts.commands) {
        const cli = agentCliFor(command.name, command.args);
        if (!cli) continue;
        const live = shell
          .within({ pipeline, job, step, script }, command.start, command.end, true)
          .map((t) => ({ t, exposure: exposureOfPath(t.path) }))
          .filter(({ exposure }) => exposure.minTrust !== undefined && exposure.minTrust <= Trust.Contributor);
        const first = live[0];
        if (!first) continue;
        const { t, exposure } = first;
        context.report({
          messageId: 'cli',
          data: { source: `\`${t.path.source.name}\` (\`${t.text}\`)`, command: cli.command, powers: powers.join(', ') },
          at: t.at,
          severity: scaledSeverity(exposure, 'critical'),
          confidence: t.derived || t.path.hops.length ? 'medium' : 'high',
          flow: [
            { at: t.path.source.origin, note: `attacker-controlled ${t.path.source.name}` },
            ...t.path.hops.map((hop) => ({ at: hop.origin, note: hop.note })),
            { at: t.at, note: `part of the prompt of ${cli.command}` },
          ],
          trust: trustContext(exposure),
          tip: TIP,
        });
      }
    };
    return {
      step(step: Step, job: Job, pipeline: Pipeline) {
        if (pipeline.platform !== 'github') return;
        if (step.script && MENTIONS_AGENT_CLI.test(step.script.value)) checkCli(step, job, pipeline);
        if (!step.uses) return;
        const agent = agentActionFor(step.uses.name);
        if (!agent) return;
        const jobExposure = exposureOf(job, pipeline, context.project);
        const powers = powersOf(agent, step, jobExposure.privileges);
        if (powers.length === 0) return;
        const prompts = step.inputs.filter((i) => agent.promptInputs.includes(i.name));
        for (const input of prompts) {
          for (const { interpolation, paths } of taint.pathsOfTemplate(input.value, { pipeline, job, step })) {
            const live = paths
              .filter((p) => !p.inactive)
              .map((p) => ({ path: p, exposure: exposureOfPath(p) }))
              .filter(({ exposure }) => exposure.minTrust !== undefined && exposure.minTrust <= Trust.Contributor);
            const first = live[0];
            if (!first) continue;
            const { path, exposure } = first;
            context.report({
              messageId: 'prompt',
              data: { source: `\`${path.source.name}\``, input: input.name, action: step.uses.name, powers: powers.join(', ') },
              at: interpolation.origin,
              severity: scaledSeverity(exposure, 'critical'),
              confidence: path.hops.length ? 'medium' : 'high',
              flow: [
                { at: path.source.origin, note: `attacker-controlled ${path.source.name}` },
                ...path.hops.map((hop) => ({ at: hop.origin, note: hop.note })),
                { at: interpolation.origin, note: `part of the agent's ${input.name}` },
              ],
              trust: trustContext(exposure),
              tip: TIP,
            });
          }
        }
        if (!agent.readsEvent || prompts.some((i) => i.value.value.trim() !== '')) return;
        const events = (step.triggers ?? job.triggers).filter((t) => EVENT_KINDS.has(t.kind));
        if (events.length === 0) return;
        const exposure = exposureOf(job, pipeline, context.project, events);
        // By default the action runs only for actors with write access; `allowed_non_write_users` lets anyone.
        const anyone = step.inputs.some((i) => i.name === 'allowed_non_write_users' && i.value.value.trim() !== '');
        context.report({
          messageId: anyone ? 'eventAnyone' : 'event',
          data: {
            action: step.uses.name,
            events: [...new Set(events.map((t) => `\`${t.name}\``))].join(', '),
            powers: powers.join(', '),
          },
          at: step.uses.origin,
          severity: scaledSeverity(exposure, anyone ? 'critical' : 'medium'),
          confidence: anyone ? 'high' : 'medium',
          trust: trustContext(exposure),
          tip: TIP,
        });
      },
    };
  },
});
