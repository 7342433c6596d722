/**
 * Where a job switches its workspace to pull request code: `actions/checkout` with a `ref` or
 * `repository` naming the pull request head (directly, or through env, step outputs, job outputs
 * and the inputs of reusable workflows and local actions), `git fetch/checkout/switch/pull/...`
 * of such a ref, `git clone` of the fork and `gh pr checkout`.
 *
 * Which contexts name pull request head code is the platform table UNTRUSTED_CHECKOUT_REFS
 * (platforms/github/data/checkout-actions.ts); this module follows values to it through env,
 * outputs and inputs. Sources for what it adds:
 * - GitHub Security Lab, "Keeping your GitHub Actions and workflows secure Part 1: Preventing pwn
 *   requests": https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/
 * - Default environment variables (`GITHUB_HEAD_REF`):
 *   https://docs.github.com/en/actions/reference/workflows-and-actions/variables#default-environment-variables
 * - actions/checkout inputs (`ref`, `repository`, `path`): https://github.com/actions/checkout#usage
 * - gh pr checkout: https://cli.github.com/manual/gh_pr_checkout
 */
import { escapeRegExp } from '../../analysis/text/regexp-literal.js';
import { contextReads, type Expr } from '../../analysis/expressions/github-expr.js';
import type { Project } from '../../analysis/project.js';
import { MENTIONS_GIT, scriptMentions, stepScript, type StepScript } from '../../analysis/scripts/step-script.js';
import type { CommandUse } from '../../analysis/shell/types.js';
import type { Interpolation, Job, Origin, Pipeline, Step, Template } from '../../model/types.js';
import { type CheckoutRefKind, PULL_REQUEST_EVENTS, untrustedCheckoutRefFor } from '../../platforms/github/data/checkout-actions.js';
import { asMap, get, scalarText } from '../../yaml/nodes.js';

export type RefKind = CheckoutRefKind;

/** Actions whose outputs name the head of the pull request a comment was made on. */
export const PR_HEAD_ACTIONS: readonly { action: string; outputs: readonly string[]; source: string }[] = [
  {
    action: 'xt0rted/pull-request-comment-branch',
    outputs: ['head_ref', 'head_sha'],
    source: 'https://github.com/xt0rted/pull-request-comment-branch#outputs',
  },
  {
    action: 'alessbell/pull-request-comment-branch',
    outputs: ['head_ref', 'head_sha'],
    source: 'https://github.com/alessbell/pull-request-comment-branch#outputs',
  },
];

/** git subcommands that change the working tree to the named ref. */
const GIT_SWITCHING = new Set(['checkout', 'switch', 'pull', 'reset', 'merge', 'rebase', 'cherry-pick', 'worktree', 'restore']);
const GIT_OPTIONS_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path']);
/** `refs/pull/<n>/head|merge` and the short `pull/<n>/head` refspec, whatever the number is. */
const PULL_REFSPEC = /(^|[\s:+/'"])(refs\/)?pull\/(\$\{\{[^}]*\}\}|[^\s/]+)\/(head|merge)\b/;

export interface Hop {
  origin: Origin;
  note: string;
}

export interface PrRefSource {
  /** What names the pull request code (`github.event.pull_request.head.sha`, `gh pr checkout`...). */
  name: string;
  kind: RefKind;
  /** Events under which it names outsider code; empty: any event that concerns a pull request. */
  triggers: readonly string[];
  origin: Origin;
  hops: Hop[];
}

export interface UntrustedCheckout {
  step: Step;
  /** Where to report: the `ref:`/`repository:` value or the command. */
  at: Origin;
  /** Short description for messages, e.g. "actions/checkout" or "git fetch". */
  what: string;
  sources: PrRefSource[];
  /** Workspace-relative directory the code lands in: '' the root; undefined unknown. */
  path: string | undefined;
  /** For commands: offset in the step script, so later commands of the same step count. */
  scriptOffset?: number;
  /** For `git fetch`: the later command that switches the tree to what was fetched. */
  active?: { step: Step; offset: number };
  /** Only a branch name of the base repository: works only when the head is not a fork. */
  branchOnly: boolean;
}

interface Scope {
  pipeline: Pipeline;
  job: Job;
  step?: Step;
}

function readOrigin(interpolation: Interpolation, node: Expr): Origin {
  // The interpolation's text starts after `${{`; offsets in the AST are relative to that text.
  const innerStart = interpolation.origin.span.start + 3;
  return { file: interpolation.origin.file, span: { start: innerStart + node.start, end: innerStart + node.end } };
}

export class PrRefResolver {
  constructor(private readonly project: Project) {}

  /** Sources in a template; `text` is the literal text around it (for `refs/pull/<n>` forms). */
  ofTemplate(template: Template | undefined, scope: Scope, depth = 0): PrRefSource[] {
    if (!template) return [];
    return template.interpolations.flatMap((i) => this.ofInterpolation(i, template.value, scope, depth));
  }

  ofInterpolation(interpolation: Interpolation, text: string, scope: Scope, depth = 0): PrRefSource[] {
    const ast = interpolation.ast as Expr | undefined;
    if (!ast || depth > 8) return [];
    const out: PrRefSource[] = [];
    for (const read of contextReads(ast)) {
      if (!read.flowsToOutput) continue;
      const path = read.path.toLowerCase();
      const origin = readOrigin(interpolation, read.node);
      const entry = untrustedCheckoutRefFor(path);
      if (entry) {
        if (entry.kind === 'number' && !/pull\//.test(text)) continue;
        out.push({ name: path, kind: entry.kind, triggers: entry.triggers, origin, hops: [] });
        continue;
      }
      out.push(...this.ofLink(path, origin, scope, depth));
    }
    return out;
  }

  private ofLink(path: string, origin: Origin, scope: Scope, depth: number): PrRefSource[] {
    const parts = path.split('.');
    const [root, second, third, fourth] = parts;
    if (root === 'env' && second) return this.ofEnv(second, scope, depth, origin);
    if (root === 'steps' && second && third === 'outputs' && fourth) return this.ofStepOutput(second, fourth, scope, depth);
    if (root === 'needs' && second && third === 'outputs' && fourth) {
      const job = scope.pipeline.jobs.find((j) => j.id.toLowerCase() === second);
      const output = job?.outputs.find((o) => o.name.toLowerCase() === fourth);
      if (!job || !output) return [];
      return extend(this.ofTemplate(output.value, { pipeline: scope.pipeline, job }, depth + 1), {
        origin: output.origin,
        note: `job output ${job.id}.${output.name}`,
      });
    }
    if (root === 'inputs' && second) {
      const out: PrRefSource[] = [];
      for (const site of this.project.callersOf(scope.pipeline)) {
        const inputs = site.step ? site.step.inputs : site.job.inputs;
        const input = inputs.find((i) => i.name.toLowerCase() === second);
        if (!input) continue;
        const found = this.ofTemplate(input.value, { pipeline: site.pipeline, job: site.job, step: site.step }, depth + 1);
        out.push(...extend(found, { origin: input.origin, note: `input ${input.name} passed by ${site.pipeline.file.path}` }));
      }
      return out;
    }
    return [];
  }

  /** `env.X` / `$X`: the innermost declaration visible from the step. */
  ofEnv(name: string, scope: Scope, depth: number, at?: Origin): PrRefSource[] {
    const lower = name.toLowerCase();
    if (lower === 'github_head_ref' && at) {
      return [{ name: 'GITHUB_HEAD_REF', kind: 'branch', triggers: PULL_REQUEST_EVENTS, origin: at, hops: [] }];
    }
    for (const level of [scope.step?.env ?? [], scope.job.env, scope.pipeline.env]) {
      const variable = level.find((v) => v.name.toLowerCase() === lower);
      if (!variable) continue;
      return extend(this.ofTemplate(variable.value, scope, depth + 1), { origin: variable.origin, note: `env ${variable.name}` });
    }
    return [];
  }

  private ofStepOutput(stepId: string, output: string, scope: Scope, depth: number): PrRefSource[] {
    const step = scope.job.steps.find((s) => s.id?.toLowerCase() === stepId);
    if (!step || (scope.step && step.index >= scope.step.index)) return [];
    const hop: Hop = { origin: step.origin, note: `step output ${step.id ?? stepId}.${output}` };
    if (step.uses) {
      const name = step.uses.name.toLowerCase();
      const known = PR_HEAD_ACTIONS.find((a) => a.action === name && a.outputs.includes(output));
      if (known) return [{ name: `${known.action} output ${output}`, kind: 'commit', triggers: [], origin: step.uses.origin, hops: [] }];
      if (name === 'actions/github-script') {
        const script = step.inputs.find((i) => i.name === 'script')?.value;
        if (script && githubScriptNamesHead(script.value, output)) {
          return [
            {
              name: 'the pull request head looked up by actions/github-script',
              kind: 'commit',
              triggers: [],
              origin: script.origin,
              hops: [],
            },
          ];
        }
      }
      return [];
    }
    const script = stepScript(step, scope.job);
    if (!script) return [];
    const stepScope: Scope = { ...scope, step };
    const out: PrRefSource[] = [];
    for (const write of script.facts.envFileWrites) {
      if (write.target !== 'GITHUB_OUTPUT') continue;
      if (write.names.length > 0 && !write.names.map((n) => n.toLowerCase()).includes(output)) continue;
      const spans = write.written.length ? write.written : [{ start: write.start, end: write.end }];
      for (const span of spans) out.push(...this.ofScriptSpan(script, span.start, span.end, stepScope, depth + 1));
      // A value looked up with gh/the API in the same step (`gh pr view --json headRefName`).
      if (
        out.length === 0 &&
        /gh pr view[^\n]*head(RefName|RefOid|Repository)|pulls\/[^\n]*\.head\.(sha|ref)/.test(script.template.value)
      ) {
        out.push({
          name: 'the pull request head looked up with gh',
          kind: 'commit',
          triggers: [],
          origin: script.origin(write.start, write.end),
          hops: [],
        });
      }
    }
    return extend(out, hop);
  }

  /** Sources in a span of a script: `${{ }}`, `$VAR` expansions and `refs/pull/...` text. */
  ofScriptSpan(script: StepScript, start: number, end: number, scope: Scope, depth: number): PrRefSource[] {
    const text = script.template.value.slice(start, end);
    const out: PrRefSource[] = [];
    for (const interpolation of script.interpolationsWithin(start, end))
      out.push(...this.ofInterpolation(interpolation, text, scope, depth));
    for (const expansion of script.facts.expansions) {
      if (expansion.start < start || expansion.end > end) continue;
      const origin = script.origin(expansion.start, expansion.end);
      out.push(...extend(this.ofEnv(expansion.name, scope, depth, origin), { origin, note: `shell variable $${expansion.name}` }));
    }
    if (out.length === 0 && PULL_REFSPEC.test(text)) {
      const match = PULL_REFSPEC.exec(text);
      const at = match ? start + match.index + (match[1]?.length ?? 0) : start;
      out.push({ name: 'a refs/pull/<number> ref', kind: 'commit', triggers: [], origin: script.origin(at, end), hops: [] });
    }
    return dedupe(out);
  }
}

const HEAD_VALUE = /\.head\.(sha|ref|repo)\b|\bhead_(sha|ref)\b|merge_commit_sha|headRefName|headRefOid|refs\/pull\//;

/**
 * Does an actions/github-script output carry the pull request head? `core.setOutput('x', v)`
 * counts when `v` (or the variable it names, assigned in the script) reads a head field; `result`
 * (the return value) when the script returns one.
 */
function githubScriptNamesHead(script: string, output: string): boolean {
  if (!HEAD_VALUE.test(script)) return false;
  const escaped = escapeRegExp(output);
  const set = new RegExp(`setOutput\\(\\s*['"\`]${escaped}['"\`]\\s*,\\s*([^)\\n]*)`, 'i').exec(script);
  let value = set?.[1];
  if (value === undefined && output === 'result') value = /\breturn\s+([^;\n]*)/.exec(script)?.[1];
  if (value === undefined) return false;
  if (HEAD_VALUE.test(value)) return true;
  const variable = /^\s*([A-Za-z_$][\w$]*)\s*$/.exec(value)?.[1];
  if (!variable) return false;
  const assigned = new RegExp(`\\b${variable.replace(/\$/g, '\\$')}\\s*=\\s*([^;\n]*)`).exec(script)?.[1];
  return assigned !== undefined && HEAD_VALUE.test(assigned);
}

function extend(sources: PrRefSource[], hop: Hop): PrRefSource[] {
  return sources.map((s) => ({ ...s, hops: [hop, ...s.hops] }));
}

function dedupe(sources: PrRefSource[]): PrRefSource[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = `${s.name}:${s.origin.span.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function normalisePath(path: string | undefined): string {
  if (!path) return '';
  return path
    .replace(/\\/g, '/')
    .replace(/^\$\{\{\s*github\.workspace\s*\}\}\/?/, '')
    .replace(/^\$GITHUB_WORKSPACE\/?/, '')
    .replace(/^\.\//, '')
    .replace(/\/+$/, '')
    .replace(/^\.$/, '');
}

function gitOperands(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (GIT_OPTIONS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    out.push(arg);
  }
  return out;
}

function ghOperands(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-R' || arg === '--repo' || arg === '-b' || arg === '--branch') {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    out.push(arg);
  }
  return out;
}

/** The working directory a run step starts in (step, then job `defaults.run.working-directory`). */
export function workingDirectory(step: Step, job: Job): string {
  const own = scalarText(get(step.node, 'working-directory'));
  const fallback = scalarText(get(asMap(get(asMap(get(job.node, 'defaults')), 'run')), 'working-directory'));
  return normalisePath(own ?? fallback);
}

function isSwitching(command: CommandUse): boolean {
  if (command.name === 'gh') {
    const ops = ghOperands(command.args);
    return ops[0] === 'pr' && ops[1] === 'checkout';
  }
  if (command.name !== 'git') return false;
  const sub = gitOperands(command.args)[0];
  return sub !== undefined && GIT_SWITCHING.has(sub);
}

/** Every place a job brings pull request code into its workspace, in step order. */
export function untrustedCheckouts(job: Job, pipeline: Pipeline, resolver: PrRefResolver): UntrustedCheckout[] {
  const out: UntrustedCheckout[] = [];
  for (const step of job.steps) {
    const scope: Scope = { pipeline, job, step };
    const checkout = step.github?.checkout;
    if (checkout) {
      const fromRef = resolver.ofTemplate(checkout.ref, scope);
      const fromRepository = resolver.ofTemplate(checkout.repository, scope).filter((s) => s.kind === 'repository');
      const sources = dedupe([...fromRepository, ...fromRef]);
      if (sources.length === 0) continue;
      const template = (fromRef.length ? checkout.ref : checkout.repository) as Template;
      const path = step.inputs.find((i) => i.name === 'path')?.value.value;
      out.push({
        step,
        at: template.origin,
        what: step.uses?.name ?? 'actions/checkout',
        sources,
        path: normalisePath(path),
        branchOnly: fromRepository.length === 0 && sources.every((s) => s.kind === 'branch'),
      });
      continue;
    }
    const script = scriptMentions(step, MENTIONS_GIT) ? stepScript(step, job) : undefined;
    if (!script) continue;
    const commands = script.facts.commands;
    commands.forEach((command, index) => {
      const base = workingDirectory(step, job);
      if (command.name === 'gh') {
        const ops = ghOperands(command.args);
        if (ops[0] !== 'pr' || ops[1] !== 'checkout') return;
        const found = resolver.ofScriptSpan(script, command.start, command.end, scope, 0);
        const sources: PrRefSource[] = found.length
          ? found.map((s) => ({ ...s, kind: 'commit' as const }))
          : [{ name: 'gh pr checkout', kind: 'commit', triggers: [], origin: script.origin(command.start, command.end), hops: [] }];
        out.push({
          step,
          at: script.origin(command.start, command.end),
          what: 'gh pr checkout',
          sources,
          path: base,
          scriptOffset: command.start,
          branchOnly: false,
        });
        return;
      }
      if (command.name !== 'git') return;
      const ops = gitOperands(command.args);
      const sub = ops[0];
      if (!sub || !(GIT_SWITCHING.has(sub) || sub === 'fetch' || sub === 'clone')) return;
      const sources = resolver.ofScriptSpan(script, command.start, command.end, scope, 0);
      if (sources.length === 0) return;
      if (sub === 'clone' && !sources.some((s) => s.kind === 'repository')) return;
      let active: { step: Step; offset: number } | undefined;
      let what = `git ${sub}`;
      if (sub === 'fetch') {
        // Fetching objects is harmless; it matters once something switches the tree to them.
        let switching = commands.slice(index + 1).find(isSwitching);
        if (switching) active = { step, offset: switching.start };
        for (const later of job.steps) {
          if (active || later.index <= step.index) continue;
          if (!scriptMentions(later, MENTIONS_GIT)) continue;
          switching = stepScript(later, job)?.facts.commands.find(isSwitching);
          if (switching) active = { step: later, offset: switching.start };
        }
        if (!active || !switching) return;
        what = `git fetch (then ${switching.name === 'gh' ? 'gh pr checkout' : `git ${gitOperands(switching.args)[0] ?? 'checkout'}`})`;
      }
      let path: string | undefined = base;
      if (sub === 'clone') path = ops[2] !== undefined && !ops[2].includes('$') ? joinPath(base, normalisePath(ops[2])) : undefined;
      if (sub === 'worktree' && ops[1] === 'add')
        path = ops[2] !== undefined && !ops[2].includes('$') ? joinPath(base, normalisePath(ops[2])) : undefined;
      out.push({
        step,
        at: script.origin(command.start, command.end),
        what,
        sources,
        path,
        scriptOffset: command.start,
        active,
        branchOnly: sources.every((s) => s.kind === 'branch'),
      });
    });
  }
  return out;
}

function joinPath(base: string, path: string): string {
  return base && path ? `${base}/${path}` : base || path;
}

/** Trigger names under which any of the sources names pull request code (empty: any). */
export function sourceTriggers(sources: PrRefSource[]): Set<string> | undefined {
  if (sources.some((s) => s.triggers.length === 0)) return undefined;
  return new Set(sources.flatMap((s) => [...s.triggers]));
}

/**
 * The first context a template reads that names pull request head code (any read, whether or not
 * it reaches the output), as written; for rules that only need to know that a checkout takes it.
 */
export function prHeadContextIn(template: Template | undefined): string | undefined {
  if (!template) return undefined;
  for (const interpolation of template.interpolations) {
    if (!interpolation.ast) continue;
    for (const read of contextReads(interpolation.ast as Expr)) {
      if (untrustedCheckoutRefFor(read.path) !== undefined) return read.path;
    }
  }
  return undefined;
}
