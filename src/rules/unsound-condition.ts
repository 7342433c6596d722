/**
 * unsound-condition: `if:` conditions that do not test what they appear to test.
 *  - always true by shape: text, whitespace or a second `${{ }}` around the expression
 *    (`if: ${{ a }} && ${{ b }}`), or the trailing newline a `|` / `>` block keeps after
 *    `${{ }}`, turn the condition into a non-empty string, which is truthy;
 *  - always true by value: a constant operand such as `|| true` that makes every check around it
 *    irrelevant;
 *  - substring allow lists: `contains('refs/heads/main refs/heads/dev', github.ref)` tests whether
 *    the value is part of the string, so `refs/heads/mai`, `main,dev` or an empty value pass.
 * Ignores: bare multi-line expressions (a trailing newline is only harmful after `${{ }}`),
 * `|-` / `>-` blocks, deliberate constants (`if: false`, `if: ${{ true }}`), status functions
 * (`always() || ...`), deny lists (`!contains('...', x)`), and substring tests on contexts with a
 * fixed value set where no other value of the set is a substring (`'OWNER,MEMBER'`).
 * Severity: a broken check on the actor, author, labels, refs, event or fork status is worth
 * `high` when outsiders reach a privileged job (scaled by trust, at least medium); other always-true
 * conditions are low. Data: rules/data/context-values.ts (event names, author associations).
 * On GitLab: `rules: - if:` gates on commit messages, merge request titles and labels, or ref
 * names matched by pattern, in deploy, publish or credential jobs that unprotected refs or merge
 * requests reach (the text is written by whoever the gate should keep out).
 * Fixes (unsafe): `|` -> `|-`, split expressions merged, a constant `||` operand removed, string
 * allow lists turned into `fromJSON('[...]')`.
 */
import {
  childrenOf,
  contextPath,
  contextReads,
  evaluateConstant,
  type Expr,
  findGithubInterpolations,
  isTruthy,
  parseGithubExpression,
} from '../analysis/expressions/github-expr.js';
import type { Project } from '../analysis/project.js';
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import type { Job, Origin, Pipeline, SourceFile } from '../model/types.js';
import { Trust } from '../model/types.js';
import { asScalar, type ScalarNode } from '../yaml/nodes.js';
import { ScalarOffsetMap } from '../yaml/scalar-map.js';
import { fixedValuesOf } from './data/context-values.js';
import { publishSites } from './data/publish-targets.js';
import { defineRule, type FixDescriptor, type RuleContext } from './define-rule.js';
import {
  type ConditionSite,
  conditionsOf,
  describeSite,
  type ParsedCondition,
  parseCondition,
  sourceText,
  walkCondition,
} from './conditions/read-conditions.js';

/** Contexts whose checks are access decisions (who, which ref, which event, which repository the code comes from). */
const GATE_CONTEXT =
  /author_association|^github\.(actor|actor_id|triggering_actor|event_name|ref|ref_name|ref_type|head_ref|base_ref)$|\.user\.login$|\.sender\.login$|head\.repo\.|\.labels|\.label\.name$|\.permission$/;

/** Values an outsider cannot pick: runner facts, matrix values, repository settings. */
const LOW_INFLUENCE =
  /^(runner|matrix|strategy|job|vars|secrets)(\.|\[|$)|^github\.(repository|repository_id|repository_owner|repository_owner_id|workflow|workflow_ref|job|run_id|run_number|run_attempt|server_url|api_url|graphql_url|action_path|retention_days|workspace)$/;

type Messages = 'blockNewline' | 'textOutside' | 'constant' | 'substring' | 'substringFixed' | 'gitlabTextGate';

function atLeast(severity: Severity, floor: Severity): Severity {
  return SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(floor) ? floor : severity;
}

function gateContexts(expressions: Expr[]): string[] {
  const out = new Set<string>();
  for (const ast of expressions) for (const read of contextReads(ast)) if (GATE_CONTEXT.test(read.path)) out.add(read.path);
  return [...out];
}

function exposure(site: ConditionSite, project: Project) {
  const result = exposureOf(site.job, site.pipeline, project);
  // A job gate taken from this very condition does not hold when the condition is broken.
  const { start, end } = site.template.origin.span;
  result.gates = result.gates.filter(
    (g) => g.origin.file !== site.template.origin.file || g.origin.span.end <= start || g.origin.span.start >= end,
  );
  return result;
}

/** Truth of a condition whatever the contexts: true, false, or undefined when it depends on them. */
function truthOf(e: Expr): boolean | undefined {
  if (e.type === 'unary') {
    const v = truthOf(e.operand);
    return v === undefined ? undefined : !v;
  }
  if (e.type === 'binary' && (e.op === '&&' || e.op === '||')) {
    const a = truthOf(e.left);
    const b = truthOf(e.right);
    if (e.op === '&&') return a === false || b === false ? false : a === true && b === true ? true : undefined;
    return a === true || b === true ? true : a === false && b === false ? false : undefined;
  }
  const folded = evaluateConstant(e);
  return folded.known ? isTruthy(folded.value) : undefined;
}

/** The constant operand that makes an always-true condition true (`true` in `x || true`). */
function culpritOf(e: Expr): Expr {
  if (e.type === 'binary' && e.op === '||') {
    for (const side of [e.left, e.right]) if (truthOf(side) === true && contextReads(side).length === 0) return side;
    for (const side of [e.left, e.right]) if (truthOf(side) === true) return culpritOf(side);
  }
  if (e.type === 'binary' && e.op === '&&') {
    for (const side of [e.left, e.right]) if (contextReads(side).length > 0) return culpritOf(side);
  }
  return e;
}

function stringLiteral(e: Expr | undefined): string | undefined {
  return e?.type === 'literal' && typeof e.value === 'string' ? e.value : undefined;
}

function quoteExpr(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function inFlowCollection(site: ConditionSite): boolean {
  return (site.step?.node ?? site.job.node).flow;
}

/** `|` -> `|-`: drop the trailing newline of a block scalar header (keeping its indentation digit). */
function chompFix(scalar: ScalarNode, file: SourceFile): FixDescriptor | undefined {
  const header = /^([|>])([1-9]?)[+-]?([1-9]?)/.exec(file.text.slice(scalar.start, scalar.start + 4));
  if (!header) return undefined;
  const indent = header[2] || header[3] || '';
  return {
    title: 'Strip the trailing newline of the block (`|-`)',
    safety: 'unsafe',
    edits: [{ at: { file, span: { start: scalar.start, end: scalar.start + header[0].length } }, text: `${header[1]}${indent}-` }],
  };
}

export default defineRule<Messages>({
  meta: {
    id: 'unsound-condition',
    summary: 'An `if:` that is always true or accepts more values than it appears to',
    description:
      'Text around `${{ }}` (or the newline a `|` block keeps) makes a condition a non-empty string, a constant operand makes it true for every event, and `contains()` on a string accepts any substring; each lets a job or step run where its author meant to stop it.',
    category: 'configuration',
    platforms: ['github', 'gitlab'],
    severity: 'high',
    confidence: 'high',
    stability: 'stable',
    fix: 'unsafe',
    network: false,
    messages: {
      blockNewline:
        'This `if:` is always true: the `{{indicator}}` block keeps a newline after `${{ }}`, so the condition is a non-empty string and {{site}} runs even when `{{expression}}` is false{{gate}}',
      textOutside:
        'This `if:` is always true: text outside `${{ }}` ({{outside}}) makes it a non-empty string, so {{site}} runs even when `{{expression}}` is false{{gate}}',
      constant: '`{{culprit}}` is always true, so `{{condition}}` holds for every event and actor and never stops {{site}}',
      substring:
        '`{{call}}` tests whether `{{needle}}` is a substring of the string {{hay}}, not one of its entries: values such as {{example}} or an empty value also pass{{who}}',
      substringFixed:
        '`{{call}}` tests whether `{{needle}}` is a substring of the string {{hay}}, not one of its entries: {{values}} also pass',
      gitlabTextGate:
        '`${{variable}}` in the rules of job `{{job}}` is text {{who}} write{{s}}: a gate on it lets them run a job that {{does}}',
    },
    owasp: ['CICD-SEC-1'],
    phase: 'foundations',
    related: {
      zizmor: ['unsound-condition', 'unsound-contains'],
      poutine: ['if_always_true'],
      codeql: ['actions/if-expression-always-true'],
    },
  },
  create(context) {
    return {
      pipeline(pipeline) {
        if (pipeline.platform === 'gitlab') {
          reportTextGates(context, pipeline);
          return;
        }
        for (const site of conditionsOf(pipeline)) {
          const parsed = parseCondition(site.template);
          if (parsed.shape === 'string') reportString(context, site);
          else if (parsed.ast) {
            reportConstant(context, site, parsed, parsed.ast);
            reportContains(context, site, parsed, parsed.ast);
          }
        }
      },
    };
  },
});

function gateSeverity(
  site: ConditionSite,
  project: Project,
  gates: string[],
): { severity: Severity; exposure?: ReturnType<typeof exposure> } {
  if (gates.length === 0) return { severity: 'low' };
  const exp = exposure(site, project);
  return { severity: atLeast(scaledSeverity(exp, 'high'), 'medium'), exposure: exp };
}

function reportString(context: RuleContext<Messages>, site: ConditionSite): void {
  const { template } = site;
  const scalar = asScalar(template.node);
  const value = template.value;
  const spans = findGithubInterpolations(value);
  const asts = spans.map((s) => parseGithubExpression(s.text).ast).filter((a): a is Expr => a !== undefined);
  const gates = gateContexts(asts);
  const { severity, exposure: exp } = gateSeverity(site, context.project, gates);
  const first = spans[0];
  const expression = (spans.length === 1 && first ? first.text : value).replace(/\s+/g, ' ').trim().slice(0, 120);
  const gate = gates.length ? `, which defeats its check on ${gates.map((g) => `\`${g}\``).join(', ')}` : '';
  const file = template.origin.file;
  const block = scalar && (scalar.style === 'literal' || scalar.style === 'folded');
  const stripped = value.replace(/\n+$/, '');
  const onlyNewline = block && stripped !== value && spans.length === 1 && first && first.start === 0 && first.end === stripped.length;
  const common = { at: template.origin, severity, confidence: 'high' as const, trust: exp ? trustContext(exp) : undefined };
  if (onlyNewline && scalar) {
    const fix = chompFix(scalar, file);
    context.report({
      ...common,
      messageId: 'blockNewline',
      data: { indicator: file.text.slice(scalar.start, scalar.start + 1), site: describeSite(site), expression, gate },
      tip: 'Use `|-` or `>-` (no trailing newline), or drop `${{ }}` and write the bare expression.',
      fix,
    });
    return;
  }
  let outside = value;
  for (const span of [...spans].reverse()) outside = `${outside.slice(0, span.start)}\${{…}}${outside.slice(span.end)}`;
  outside =
    /^(\$\{\{…\}\}|\s)*$/.test(outside) && !/\$\{\{…\}\}\s*\$\{\{…\}\}/.test(outside.trim())
      ? 'whitespace'
      : `\`${outside.replace(/\s+/g, ' ').trim().slice(0, 80)}\``;
  context.report({
    ...common,
    messageId: 'textOutside',
    data: { outside, site: describeSite(site), expression: value.replace(/\s+/g, ' ').trim().slice(0, 120), gate },
    tip: 'Write the whole condition inside one `${{ }}` (or without `${{ }}` at all), with nothing around it.',
    fix: mergeFix(site, scalar, spans),
  });
}

/**
 * `${{ a }} && ${{ b }}` -> one expression, when the merged text parses: a plain one-line scalar
 * becomes `${{ a && b }}`; in a block (`|`, `>`) or quoted scalar each `${{ x }}` is replaced by
 * `x` (or `(x)`) in place, which leaves a bare expression over the same lines.
 */
function mergeFix(
  site: ConditionSite,
  scalar: ScalarNode | undefined,
  spans: ReturnType<typeof findGithubInterpolations>,
): FixDescriptor | undefined {
  if (!scalar || inFlowCollection(site) || spans.some((s) => s.unclosed)) return undefined;
  const value = site.template.value;
  let text = value;
  const pieces: { start: number; end: number; text: string }[] = [];
  for (const span of [...spans].reverse()) {
    const inner = span.text.trim();
    const ast = parseGithubExpression(inner).ast;
    if (!ast) return undefined;
    const piece = ast.type !== 'binary' && ast.type !== 'unary' ? inner : `(${inner})`;
    pieces.push({ start: span.start, end: span.end, text: piece });
    text = `${text.slice(0, span.start)}${piece}${text.slice(span.end)}`;
  }
  const merged = parseGithubExpression(text.trim()).ast;
  if (!merged) return undefined;
  const title = 'Put the whole condition in one expression';
  if (scalar.style === 'plain') {
    if (value.includes('\n')) return undefined;
    text = text.trim();
    if (/: | #/.test(text)) return undefined;
    return { title, safety: 'unsafe', edits: [{ at: site.template.origin, text: `\${{ ${text} }}` }] };
  }
  const file = site.template.origin.file;
  const map = ScalarOffsetMap.of(file.text, scalar, value);
  const edits = [];
  for (const piece of pieces) {
    const start = map.toSource(piece.start);
    const end = map.toSource(piece.end);
    // The expression as written must read as itself (no escapes or line folds inside it).
    if (file.text.slice(start, end) !== value.slice(piece.start, piece.end)) return undefined;
    edits.push({ at: { file, span: { start, end } }, text: piece.text });
  }
  return { title, safety: 'unsafe', edits };
}

function reportConstant(context: RuleContext<Messages>, site: ConditionSite, parsed: ParsedCondition, ast: Expr): void {
  if (contextReads(ast).length === 0 || truthOf(ast) !== true) return;
  const culprit = culpritOf(ast);
  const gates = gateContexts([ast]);
  const { severity, exposure: exp } = gateSeverity(site, context.project, gates);
  const at = parsed.at(culprit);
  context.report({
    messageId: 'constant',
    data: { culprit: sourceText(at), site: describeSite(site), condition: sourceText(parsed.at(ast)) },
    at,
    severity,
    confidence: 'high',
    trust: exp ? trustContext(exp) : undefined,
    tip: 'Remove the constant operand (often a leftover from debugging), or delete the condition if the step should always run.',
    fix: dropOperandFix(site, parsed, ast, culprit),
  });
}

/** The `||` whose operand is `operand`, if any. */
function orParentOf(e: Expr, operand: Expr): (Expr & { type: 'binary' }) | undefined {
  if (e.type === 'binary' && e.op === '||' && (e.left === operand || e.right === operand)) return e;
  for (const child of childrenOf(e)) {
    const found = orParentOf(child, operand);
    if (found) return found;
  }
  return undefined;
}

/**
 * `x || true` -> `x`: the `||` that holds the constant operand is replaced by its other operand,
 * as written. Offered when the condition still parses, reads the context and is no longer always
 * true (unsafe: a job or step that always ran now runs only when `x` holds, as its author meant).
 */
function dropOperandFix(site: ConditionSite, parsed: ParsedCondition, ast: Expr, culprit: Expr): FixDescriptor | undefined {
  const or = orParentOf(ast, culprit);
  if (!or || inFlowCollection(site)) return undefined;
  const kept = or.left === culprit ? or.right : or.left;
  const value = site.template.value;
  const spans = findGithubInterpolations(value);
  const expression = parsed.shape === 'bare' ? value : parsed.shape === 'wrapped' ? spans[0]?.text : undefined;
  if (expression === undefined) return undefined;
  const after = `${expression.slice(0, or.start)}${expression.slice(kept.start, kept.end)}${expression.slice(or.end)}`;
  const next = parseGithubExpression(after).ast;
  if (!next || truthOf(next) === true || contextReads(next).length === 0) return undefined;
  const file = site.template.origin.file;
  const keptAt = parsed.at(kept);
  const keptText = file.text.slice(keptAt.span.start, keptAt.span.end);
  // The operand as written must decode to itself (no escapes of a quoted scalar in between).
  if (keptText.replace(/\n[ \t]*/g, ' ') !== expression.slice(kept.start, kept.end).replace(/\n[ \t]*/g, ' ')) return undefined;
  return {
    title: `Remove the constant operand \`${sourceText(parsed.at(culprit))}\``,
    safety: 'unsafe',
    edits: [{ at: parsed.at(or), text: keptText }],
  };
}

function reportContains(context: RuleContext<Messages>, site: ConditionSite, parsed: ParsedCondition, ast: Expr): void {
  walkCondition(ast, (node, { polarity }) => {
    if (node.type !== 'call' || node.name !== 'contains' || polarity < 0) return undefined;
    const [hayNode, needleNode] = node.args;
    const hay = stringLiteral(hayNode);
    if (hay === undefined || !hayNode || !needleNode || evaluateConstant(needleNode).known) return undefined;
    const path = contextPath(needleNode);
    const needle = sourceText(parsed.at(needleNode));
    const at = parsed.at(node);
    const call = sourceText(at);
    const entries = hay.split(/[\s,;|]+/).filter(Boolean);
    const fixed = path ? fixedValuesOf(path) : undefined;
    const fix = listFix(site, parsed, hayNode, hay, entries);
    const tip = `Test membership in a list: contains(fromJSON('${JSON.stringify(entries)}'), ${needle}), or compare with == for each value.`;
    if (fixed) {
      const lowerEntries = new Set(entries.map((e) => e.toLowerCase()));
      const extra = fixed.filter((v) => hay.toLowerCase().includes(v.toLowerCase()) && !lowerEntries.has(v.toLowerCase()));
      if (extra.length === 0) return false;
      const exp = exposure(site, context.project);
      const max: Severity = path === 'github.event_name' ? 'medium' : 'high';
      context.report({
        messageId: 'substringFixed',
        data: { call, needle, hay: quoteExpr(hay), values: extra.map((v) => `'${v}'`).join(', ') },
        at,
        severity: scaledSeverity(exp, max),
        confidence: 'high',
        trust: trustContext(exp),
        tip,
        fix,
      });
      return false;
    }
    const first = entries[0] ?? hay;
    const example = first.length > 1 ? `'${first.slice(0, -1)}'` : `'${hay.slice(0, Math.max(1, hay.length - 1))}'`;
    const low = !!path && LOW_INFLUENCE.test(path);
    const exp = exposure(site, context.project);
    context.report({
      messageId: 'substring',
      data: {
        call,
        needle,
        hay: quoteExpr(hay),
        example,
        who: low ? '' : `, and whoever controls \`${needle}\` can pick one of them to get into ${describeSite(site)}`,
      },
      at,
      severity: low ? 'info' : scaledSeverity(exp, 'high'),
      confidence: 'high',
      trust: trustContext(exp),
      tip,
      fix,
    });
    return false;
  });
}

/** `'main dev'` -> `fromJSON('["main","dev"]')`, where the literal is written plainly in the file. */
function listFix(site: ConditionSite, parsed: ParsedCondition, hayNode: Expr, hay: string, entries: string[]): FixDescriptor | undefined {
  const scalar = asScalar(site.template.node);
  if (!scalar || scalar.style === 'single' || scalar.style === 'double' || inFlowCollection(site)) return undefined;
  if (entries.length === 0 || entries.some((e) => e.includes("'") || e.includes('"') || e.includes('\\'))) return undefined;
  const at: Origin = parsed.at(hayNode);
  if (at.file.text.slice(at.span.start, at.span.end) !== quoteExpr(hay)) return undefined;
  return {
    title: 'Test membership in a list',
    safety: 'unsafe',
    edits: [{ at, text: `fromJSON('${JSON.stringify(entries)}')` }],
  };
}

/** What makes a GitLab job worth gating: a deploy, a publish, production credentials. */
function privilegeOf(job: Job): string | undefined {
  const site = job.steps.flatMap((step) => publishSites(step, job))[0];
  if (site)
    return `${['package registry', 'container registry', 'release', 'pages'].includes(site.target) ? 'publishes' : 'deploys'} (${site.what})`;
  const tier = job.gitlab?.environmentTier;
  if (job.environment && (tier === 'production' || tier === 'staging'))
    return `deploys to the ${tier} environment \`${job.environment.name}\``;
  if (job.secrets.length) return `reads \`secrets:\` ${job.secrets[0]?.name}`;
  if (job.gitlab?.idTokens.length) return `gets the id token ${job.gitlab.idTokens[0]?.name}`;
  return undefined;
}

/**
 * GitLab: `rules: - if:` on a commit message, a merge request title or label, or a ref name
 * matched against a pattern, in a job that deploys, publishes or holds credentials and that
 * unprotected refs or merge requests reach: the text is whoever pushes or opens the merge
 * request's to write, so the test admits them rather than protects the job.
 */
function reportTextGates(context: RuleContext<Messages>, pipeline: Pipeline): void {
  const seen = new Set<string>();
  for (const job of pipeline.jobs) {
    const gates = job.gitlab?.textGates ?? [];
    if (gates.length === 0 || job.triggers.length === 0) continue;
    const does = privilegeOf(job);
    if (!does) continue;
    const exposure = exposureOf(job, pipeline, context.project);
    if (exposure.minTrust === undefined || exposure.minTrust > Trust.Writer) continue;
    const fork = exposure.minTrust <= Trust.Contributor;
    const severity: Severity = fork ? scaledSeverity(exposure, 'high') : exposure.gates.length ? 'low' : 'medium';
    for (const gate of gates) {
      const key = `${gate.origin.file.path}:${gate.origin.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const refName = /BRANCH|REF_NAME|TAG$/.test(gate.variable);
      context.report({
        messageId: 'gitlabTextGate',
        data: {
          variable: gate.variable,
          job: job.id,
          who: refName
            ? 'whoever names a branch or tag'
            : fork
              ? 'merge request authors (forks included) and committers'
              : 'merge request authors and committers',
          s: refName ? 's' : '',
          does,
        },
        at: gate.origin,
        severity,
        confidence: 'medium',
        trust: trustContext(exposure),
        tip: 'Gate deploys on what only maintainers control: protected refs ($CI_COMMIT_REF_PROTECTED == "true", $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH, protected tags) and protected environments with approvals; use commit messages and labels only to skip work, never to allow it.',
      });
    }
  }
}
