/**
 * Understands `if:` conditions: which triggers can still reach a job or step (a three-valued
 * evaluation with `github.event_name` bound to each trigger and every other context unknown),
 * and which recognised gates the condition imposes (same-repository, author association, labels,
 * actor checks). Gates are only taken from the top-level `&&` conjuncts: a check inside `||` can
 * be bypassed by the other branch.
 */
import { contextPath, type Expr, parseGithubExpression } from '../../analysis/expressions/github-expr.js';
import type { Gate, Origin, Template, Trigger } from '../../model/types.js';
import { Trust } from '../../model/types.js';

type Value = { known: true; value: string | number | boolean | null } | { known: false };
const UNKNOWN: Value = { known: false };

export interface ConditionExpression {
  ast: Expr;
  /** File offset of the expression text's first character. */
  base: number;
}

/**
 * The expression an `if:` evaluates. Without `${{ }}` the whole value is the expression; fully
 * wrapped in one `${{ }}`, its inside. Text around `${{ }}` makes the condition a non-empty string,
 * which is always true (`alwaysTrue`).
 */
export function conditionExpression(condition: Template): { expression?: ConditionExpression; alwaysTrue: boolean } {
  const value = condition.value;
  if (condition.interpolations.length === 0) {
    if (typeof (condition.node as { value: unknown }).value === 'boolean') {
      return { alwaysTrue: (condition.node as { value: unknown }).value === true };
    }
    const parsed = parseGithubExpression(value);
    if (!parsed.ast) return { alwaysTrue: false };
    return {
      expression: {
        ast: parsed.ast,
        base: condition.origin.span.start + ((condition.node as { style?: string }).style === 'plain' ? 0 : 1),
      },
      alwaysTrue: false,
    };
  }
  const only = condition.interpolations[0];
  // Exact, not trimmed: whitespace around `${{ }}` (a quoted "${{ x }} " or the newline a `|` block
  // keeps) makes the value a string template, which is always true.
  const wrapped = condition.interpolations.length === 1 && value.startsWith('${{') && value.endsWith('}}');
  if (wrapped && only?.ast) {
    const innerOffset = only.origin.span.start + 3;
    return { expression: { ast: only.ast as Expr, base: innerOffset }, alwaysTrue: false };
  }
  return { alwaysTrue: true };
}

function truthy(v: string | number | boolean | null): boolean {
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  return v === true;
}

function looseEquals(a: string | number | boolean | null, b: string | number | boolean | null): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  const num = (x: string | number | boolean | null) =>
    x === null ? 0 : typeof x === 'boolean' ? Number(x) : typeof x === 'string' ? (x.trim() === '' ? 0 : Number(x)) : x;
  return num(a) === num(b);
}

export function evaluate(expr: Expr, bindings: Map<string, string>): Value {
  switch (expr.type) {
    case 'literal':
      return { known: true, value: expr.value };
    case 'context':
    case 'property':
    case 'index':
    case 'star': {
      const path = contextPath(expr);
      if (path && bindings.has(path)) return { known: true, value: bindings.get(path) as string };
      return UNKNOWN;
    }
    case 'unary': {
      const v = evaluate(expr.operand, bindings);
      return v.known ? { known: true, value: !truthy(v.value) } : UNKNOWN;
    }
    case 'binary': {
      if (expr.op === '&&' || expr.op === '||') {
        const left = evaluate(expr.left, bindings);
        const right = evaluate(expr.right, bindings);
        if (expr.op === '&&') {
          if (left.known && !truthy(left.value)) return left;
          if (right.known && !truthy(right.value)) return { known: true, value: false };
          return left.known && right.known ? right : UNKNOWN;
        }
        if (left.known && truthy(left.value)) return left;
        if (right.known && truthy(right.value)) return { known: true, value: true };
        return left.known && right.known ? right : UNKNOWN;
      }
      const left = evaluate(expr.left, bindings);
      const right = evaluate(expr.right, bindings);
      if (!left.known || !right.known) return UNKNOWN;
      if (expr.op === '==') return { known: true, value: looseEquals(left.value, right.value) };
      if (expr.op === '!=') return { known: true, value: !looseEquals(left.value, right.value) };
      return UNKNOWN;
    }
    case 'call': {
      const name = expr.name;
      if (name === 'always' || name === 'success' || name === 'failure' || name === 'cancelled') {
        // Status functions: a job can be reached in some run state; treat as possibly true.
        return name === 'always' ? { known: true, value: true } : UNKNOWN;
      }
      if (name === 'contains' || name === 'startswith' || name === 'endswith') {
        const [a, b] = expr.args.map((arg) => evaluate(arg, bindings));
        if (!a?.known || !b?.known) return UNKNOWN;
        const hay = String(a.value ?? '').toLowerCase();
        const needle = String(b.value ?? '').toLowerCase();
        const value = name === 'contains' ? hay.includes(needle) : name === 'startswith' ? hay.startsWith(needle) : hay.endsWith(needle);
        return { known: true, value };
      }
      return UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

function conjuncts(expr: Expr): Expr[] {
  if (expr.type === 'binary' && expr.op === '&&') return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  return [expr];
}

const TRUSTED_ASSOCIATIONS = new Set(['owner', 'member', 'collaborator']);

function literalStrings(expr: Expr): string[] {
  if (expr.type === 'literal' && typeof expr.value === 'string') return [expr.value];
  if (expr.type === 'call' && expr.name === 'fromjson' && expr.args[0]?.type === 'literal') {
    try {
      const parsed = JSON.parse(String(expr.args[0].value));
      return Array.isArray(parsed) ? parsed.map(String) : [String(parsed)];
    } catch {
      return [];
    }
  }
  return [];
}

/** A merged pull request: a writer accepted its code, which is now on the base branch. */
function mergedGate(origin: Origin): Gate {
  return { kind: 'approval', spoofable: false, note: 'pull request was merged (a writer accepted its code)', origin };
}

function disjuncts(expr: Expr): Expr[] {
  if (expr.type === 'binary' && expr.op === '||') return [...disjuncts(expr.left), ...disjuncts(expr.right)];
  return [expr];
}

const WEAK_GATES = new Set<Gate['kind']>(['label', 'actor-check']);

/**
 * `live` tells whether a sub-expression can be true under the triggers an outsider can use (a
 * branch such as `github.event_name == 'schedule'` cannot, and does not weaken a gate).
 */
function gateOf(expr: Expr, origin: Origin, live: (e: Expr) => boolean = () => true): Gate | undefined {
  const at = origin;
  if (expr.type === 'binary' && expr.op === '||') {
    // `a == 'OWNER' || a == 'MEMBER'`: a gate when every branch that can be taken is one (the weakest decides).
    const branches = disjuncts(expr).filter(live);
    const gates = branches.map((b) => gateOf(b, origin, live));
    if (gates.length === 0 || gates.some((g) => g === undefined)) return undefined;
    const all = gates as Gate[];
    const weakest = all.find((g) => WEAK_GATES.has(g.kind)) ?? (all[0] as Gate);
    return { ...weakest, spoofable: all.some((g) => g.spoofable), note: all.map((g) => g.note).join(' or '), origin: at };
  }
  if (expr.type === 'binary' && expr.op === '&&') {
    // Inside a disjunction: one gating conjunct gates the branch (prefer a strong one).
    const found = conjuncts(expr)
      .map((part) => gateOf(part, origin, live))
      .filter((g): g is Gate => g !== undefined && !g.spoofable);
    return found.find((g) => !WEAK_GATES.has(g.kind)) ?? found[0];
  }
  if (expr.type === 'binary' && (expr.op === '==' || expr.op === '!=')) {
    const paths = [contextPath(expr.left), contextPath(expr.right)];
    const literals = [...literalStrings(expr.left), ...literalStrings(expr.right)];
    const [a, b] = paths;
    const isEq = expr.op === '==';
    if (
      (a?.endsWith('head.repo.full_name') && b === 'github.repository') ||
      (b?.endsWith('head.repo.full_name') && a === 'github.repository')
    ) {
      return isEq
        ? { kind: 'same-repository', spoofable: false, note: 'pull request head is in the same repository', origin: at }
        : undefined;
    }
    if (isEq && (a?.endsWith('head.repo.full_name') || b?.endsWith('head.repo.full_name')) && literals.some((l) => l.includes('/'))) {
      // A named repository (`== 'owner/repo'`): a fork of an outsider cannot carry that name.
      return { kind: 'same-repository', spoofable: false, note: `pull request head is in ${literals.join(', ')}`, origin: at };
    }
    if ((a?.endsWith('head.repo.fork') || b?.endsWith('head.repo.fork')) && literals.length === 0) {
      const lit = expr.left.type === 'literal' ? expr.left.value : expr.right.type === 'literal' ? expr.right.value : undefined;
      if ((isEq && lit === false) || (!isEq && lit === true)) {
        return { kind: 'same-repository', spoofable: false, note: 'pull request is not from a fork', origin: at };
      }
    }
    const association = paths.find((p) => p?.endsWith('author_association'));
    if (association && isEq && literals.some((l) => TRUSTED_ASSOCIATIONS.has(l.toLowerCase()))) {
      return { kind: 'author-check', spoofable: false, note: `${association} is ${literals.join(', ')}`, origin: at };
    }
    const actor = paths.find(
      (p) => p === 'github.actor' || p === 'github.triggering_actor' || p?.endsWith('.user.login') || p?.endsWith('sender.login'),
    );
    if (actor && isEq && literals.length > 0) {
      // The actor, triggering actor and sender are whoever caused the latest event: an outsider can make a bot that.
      const eventActor = actor === 'github.actor' || actor === 'github.triggering_actor' || actor === 'github.event.sender.login';
      const spoofable = eventActor && literals.some((l) => /\[bot\]$/i.test(l));
      return { kind: 'actor-check', spoofable, note: `${actor} == ${literals.join(', ')}`, origin: at };
    }
    const label = paths.find((p) => p === 'github.event.label.name');
    if (label && isEq) return { kind: 'label', spoofable: false, note: `label ${literals.join(', ')}`, origin: at };
    const merged = paths.find((p) => p === 'github.event.pull_request.merged');
    const mergedLit = expr.left.type === 'literal' ? expr.left.value : expr.right.type === 'literal' ? expr.right.value : undefined;
    if (merged && ((isEq && mergedLit === true) || (!isEq && mergedLit === false))) return mergedGate(at);
    return undefined;
  }
  if (contextPath(expr) === 'github.event.pull_request.merged') return mergedGate(at);
  if (expr.type === 'unary' && contextPath(expr.operand)?.endsWith('head.repo.fork')) {
    return { kind: 'same-repository', spoofable: false, note: 'pull request is not from a fork', origin: at };
  }
  if (expr.type === 'call' && expr.name === 'contains' && expr.args.length === 2) {
    const [hay, needle] = expr.args as [Expr, Expr];
    const hayPath = contextPath(hay);
    const needlePath = contextPath(needle);
    if (hayPath?.endsWith('labels.*.name')) {
      return { kind: 'label', spoofable: false, note: `label ${literalStrings(needle).join(', ')}`, origin: at };
    }
    if (needlePath?.endsWith('author_association') && literalStrings(hay).some((l) => TRUSTED_ASSOCIATIONS.has(l.toLowerCase()))) {
      const listed = literalStrings(hay);
      const isList = hay.type === 'call';
      return {
        kind: 'author-check',
        // A substring test against a plain string ('OWNER,MEMBER') also accepts 'NONE'? No, but 'MEMBER' in 'NONMEMBER' style lists is unsound.
        spoofable: !isList,
        note: `${needlePath} in ${listed.join(', ')}`,
        origin: at,
      };
    }
    if ((needlePath === 'github.actor' || needlePath === 'github.triggering_actor') && literalStrings(hay).length) {
      return {
        kind: 'actor-check',
        spoofable: hay.type !== 'call',
        note: `${needlePath} in ${literalStrings(hay).join(', ')}`,
        origin: at,
      };
    }
  }
  return undefined;
}

export interface ConditionAnalysis {
  triggers: Trigger[];
  gates: Gate[];
}

export function analyseCondition(condition: Template | undefined, triggers: Trigger[]): ConditionAnalysis {
  if (!condition) return { triggers, gates: [] };
  const { expression } = conditionExpression(condition);
  if (!expression) return { triggers, gates: [] };
  const reached = triggers.filter((trigger) => {
    const bindings = new Map([['github.event_name', trigger.name]]);
    const result = evaluate(expression.ast, bindings);
    return !(result.known && !truthy(result.value));
  });
  const outsiders = reached.filter((t) => t.minTrust <= Trust.Contributor);
  const pool = outsiders.length ? outsiders : reached;
  const live = (e: Expr): boolean =>
    pool.length === 0 ||
    pool.some((trigger) => {
      const result = evaluate(e, new Map([['github.event_name', trigger.name]]));
      return !(result.known && !truthy(result.value));
    });
  const gates: Gate[] = [];
  for (const part of conjuncts(expression.ast)) {
    const origin: Origin = {
      file: condition.origin.file,
      span: { start: expression.base + part.start, end: expression.base + part.end },
    };
    const gate = gateOf(part, origin, live);
    if (gate) gates.push(gate);
  }
  return { triggers: reached, gates };
}
