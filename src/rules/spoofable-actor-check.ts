/**
 * spoofable-actor-check: `if:` gates that let a job or step run because the actor of the event is
 * a bot (`github.actor == 'dependabot[bot]'`, `github.actor_id == 49699333`,
 * `endsWith(github.actor, '[bot]')`, `contains(fromJSON('["renovate[bot]"]'), github.triggering_actor)`...).
 * The actor is whoever caused the latest event, not who wrote the code: an outsider can have
 * Dependabot (or any GitHub App they install on their fork) push to the branch of their pull
 * request, and the upstream run then sees the bot as the actor.
 * Ignores: checks that exclude bots (`!=`, `!contains(...)`), human logins, and conditions that
 * also check the pull request author (`github.event.pull_request.user.login`), which an outsider
 * cannot change. Severity follows the job's exposure (high under pull_request_target,
 * workflow_run, issue_comment...; low where only writers reach it).
 * Data: rules/data/bot-accounts.ts (numeric ids of common bots).
 */
import { contextPath, type Expr } from '../analysis/expressions/github-expr.js';
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import { SEVERITIES } from '../model/finding.js';
import type { Gate, Origin, TriggerKind } from '../model/types.js';
import { BOT_ACCOUNT_IDS, isBotLogin } from './data/bot-accounts.js';
import { defineRule } from './define-rule.js';
import { conditionsOf, conjunctsOf, describeSite, parseCondition, sourceText, walkCondition } from './conditions/read-conditions.js';

/** Contexts naming the account that caused the event (the last pusher, commenter, re-runner). */
const ACTOR_LOGINS = new Set(['github.actor', 'github.triggering_actor', 'github.event.sender.login']);
const ACTOR_IDS = new Set(['github.actor_id', 'github.event.sender.id']);
/**
 * Events an outsider can have a bot cause on their own content: pull request events (a bot
 * pushing to the fork's branch), comments and reviews (a bot answering on their pull request),
 * and workflow_run (the actor of the run that triggered it).
 */
const BOT_RELAY_KINDS = new Set<TriggerKind>(['pr', 'pr-target', 'comment', 'review', 'upstream']);
/** Prefixes of well-known bot logins, for `startsWith(github.actor, 'dependabot')`. */
const BOT_PREFIXES = ['dependabot', 'renovate', 'github-actions'];

interface SpoofableCheck {
  node: Expr;
  context: string;
  /** The bot(s) the check accepts, as shown in the message. */
  bot: string;
  anyBot: boolean;
}

function stringLiteral(e: Expr): string | undefined {
  return e.type === 'literal' && typeof e.value === 'string' ? e.value : undefined;
}

/** `'a[bot] b[bot]'` or `fromJSON('["a[bot]", "b"]')`: the listed strings. */
function listedStrings(e: Expr): string[] | undefined {
  const text = stringLiteral(e);
  if (text !== undefined) return text.split(/[\s,;|]+/).filter(Boolean);
  if (e.type === 'call' && e.name === 'fromjson' && e.args[0]) {
    const json = stringLiteral(e.args[0]);
    if (json === undefined) return undefined;
    try {
      const parsed: unknown = JSON.parse(json);
      return Array.isArray(parsed) ? parsed.map(String) : [String(parsed)];
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function botId(e: Expr): number | undefined {
  if (e.type !== 'literal') return undefined;
  const n = typeof e.value === 'number' ? e.value : typeof e.value === 'string' && /^\s*\d+\s*$/.test(e.value) ? Number(e.value) : NaN;
  return BOT_ACCOUNT_IDS.has(n) ? n : undefined;
}

function equalityCheck(node: Expr & { type: 'binary' }): SpoofableCheck | undefined {
  for (const [side, other] of [
    [node.left, node.right],
    [node.right, node.left],
  ] as const) {
    const path = contextPath(side);
    if (!path) continue;
    const literal = stringLiteral(other);
    if (ACTOR_LOGINS.has(path) && literal !== undefined && isBotLogin(literal)) {
      return { node, context: path, bot: literal, anyBot: false };
    }
    const id = botId(other);
    if (ACTOR_IDS.has(path) && id !== undefined) {
      return { node, context: path, bot: `${BOT_ACCOUNT_IDS.get(id)} (id ${id})`, anyBot: false };
    }
  }
  return undefined;
}

function callCheck(node: Expr & { type: 'call' }): SpoofableCheck | undefined {
  const [first, second] = node.args;
  if (!first || !second) return undefined;
  if (node.name === 'contains') {
    const needle = contextPath(second);
    const listed = listedStrings(first);
    if (needle && ACTOR_LOGINS.has(needle) && listed) {
      const bots = listed.filter(isBotLogin);
      if (bots.length) return { node, context: needle, bot: bots.join(', '), anyBot: false };
    }
  }
  const hay = contextPath(first);
  const literal = stringLiteral(second)?.toLowerCase();
  if (!hay || !ACTOR_LOGINS.has(hay) || literal === undefined || literal === '') return undefined;
  if (node.name === 'endswith' && (literal.endsWith('bot]') || literal === ']')) {
    return { node, context: hay, bot: isBotLogin(literal) ? literal : `any login ending in '${literal}'`, anyBot: !isBotLogin(literal) };
  }
  if (node.name === 'contains' && (literal.includes('[bot') || literal.includes('bot]') || BOT_PREFIXES.some((p) => literal.includes(p)))) {
    return { node, context: hay, bot: `any login containing '${literal}'`, anyBot: true };
  }
  if (node.name === 'startswith' && BOT_PREFIXES.some((p) => p.startsWith(literal) || literal.startsWith(p))) {
    return { node, context: hay, bot: `any login starting with '${literal}'`, anyBot: true };
  }
  return undefined;
}

function checksIn(ast: Expr): { check: SpoofableCheck; conjunct: boolean }[] {
  const found: { check: SpoofableCheck; conjunct: boolean }[] = [];
  walkCondition(ast, (node, { polarity, conjunct }) => {
    let check: SpoofableCheck | undefined;
    if (node.type === 'binary' && ((node.op === '==' && polarity >= 0) || (node.op === '!=' && polarity < 0))) check = equalityCheck(node);
    else if (node.type === 'call' && polarity >= 0) check = callCheck(node);
    if (!check) return undefined;
    found.push({ check, conjunct });
    return false;
  });
  return found;
}

/** `github.event.pull_request.user.login == '<bot>'`: the author of the pull request, which an outsider cannot make a bot. */
function checksAuthor(ast: Expr | undefined): boolean {
  if (!ast) return false;
  return conjunctsOf(ast).some((part) => {
    if (part.type !== 'binary' || part.op !== '==') return false;
    const path = contextPath(part.left) ?? contextPath(part.right);
    const literal = stringLiteral(part.right) ?? stringLiteral(part.left);
    return !!path && /^github\.event\.(pull_request|issue)\.user\.login$/.test(path) && literal !== undefined && isBotLogin(literal);
  });
}

/** Same-repository and author-association checks among the conjuncts of a step condition. */
function soundGates(ast: Expr, at: (node: Expr) => Origin): Gate[] {
  const gates: Gate[] = [];
  for (const part of conjunctsOf(ast)) {
    const paths = part.type === 'binary' ? [contextPath(part.left), contextPath(part.right)] : [];
    const named =
      stringLiteral(part.type === 'binary' ? part.right : part)?.includes('/') ||
      (part.type === 'binary' && stringLiteral(part.left)?.includes('/'));
    if (
      part.type === 'binary' &&
      part.op === '==' &&
      paths.some((p) => p?.endsWith('head.repo.full_name')) &&
      (paths.includes('github.repository') || named)
    ) {
      gates.push({ kind: 'same-repository', spoofable: false, note: 'pull request head is in the same repository', origin: at(part) });
    } else if (part.type === 'unary' && contextPath(part.operand)?.endsWith('head.repo.fork')) {
      gates.push({ kind: 'same-repository', spoofable: false, note: 'pull request is not from a fork', origin: at(part) });
    } else if (part.type === 'binary' && part.op === '==' && paths.some((p) => p?.endsWith('author_association'))) {
      const literal = (stringLiteral(part.left) ?? stringLiteral(part.right) ?? '').toLowerCase();
      if (['owner', 'member', 'collaborator'].includes(literal)) {
        gates.push({ kind: 'author-check', spoofable: false, note: `author association is ${literal.toUpperCase()}`, origin: at(part) });
      }
    }
  }
  return gates;
}

export default defineRule({
  meta: {
    id: 'spoofable-actor-check',
    summary: 'An `if:` trusts the event actor being a bot, which an attacker can arrange',
    description:
      '`github.actor` (and `triggering_actor`, `event.sender`) name whoever caused the latest event, not who wrote the code, so an outsider can make a bot such as dependabot[bot] the actor of a run on their own pull request.',
    category: 'trust',
    platforms: ['github'],
    severity: 'high',
    confidence: 'high',
    stability: 'stable',
    fix: 'none',
    network: false,
    messages: {
      bot: '`{{check}}` trusts `{{context}}`, the account that caused the latest event rather than the author of the code: an attacker can make it {{bot}} ({{how}}) and so pass this gate into {{site}}',
      anyBot:
        '`{{check}}` accepts {{bot}} as `{{context}}`: any GitHub App an attacker installs on their fork acts under such a login, so they can pass this gate into {{site}}',
    },
    owasp: ['CICD-SEC-1'],
    phase: 'foundations',
    related: { zizmor: ['bot-conditions'], poutine: ['confused_deputy_auto_merge'], codeql: ['actions/spoofable-actor-check'] },
  },
  create(context) {
    return {
      pipeline(pipeline) {
        for (const site of conditionsOf(pipeline)) {
          const parsed = parseCondition(site.template);
          if (!parsed.ast) continue;
          const found = checksIn(parsed.ast);
          if (found.length === 0) continue;
          const jobCondition = site.step && site.job.condition ? parseCondition(site.job.condition).ast : undefined;
          if (checksAuthor(parsed.ast) || checksAuthor(jobCondition)) continue;
          const reaching = exposureOf(site.job, pipeline, context.project).triggers;
          const relayed = reaching.filter((t) => BOT_RELAY_KINDS.has(t.kind));
          const exposure = exposureOf(site.job, pipeline, context.project, relayed.length ? relayed : undefined);
          if (site.step) exposure.gates.push(...soundGates(parsed.ast, parsed.at));
          let severity = scaledSeverity(exposure, 'high');
          // Only writers (or nobody outside) cause these events: the gate is unsound but not reachable through a bot.
          if (reaching.length > 0 && relayed.length === 0 && SEVERITIES.indexOf(severity) > SEVERITIES.indexOf('low')) severity = 'low';
          for (const { check, conjunct } of found) {
            const at = parsed.at(check.node);
            const dependabot = /dependabot/i.test(check.bot);
            context.report({
              messageId: check.anyBot ? 'anyBot' : 'bot',
              data: {
                check: sourceText(at),
                context: check.context,
                bot: check.bot,
                how: dependabot
                  ? 'for example by letting Dependabot update the branch of a pull request from their fork'
                  : 'for example by having that app act on a pull request from their fork',
                site: describeSite(site),
              },
              at,
              severity,
              confidence: conjunct ? 'high' : 'medium',
              trust: trustContext(exposure),
              tip: "Check who opened the pull request instead (github.event.pull_request.user.login == 'dependabot[bot]'), which later pushes do not change; for other events, check the author of the object the event is about.",
            });
          }
        }
      },
    };
  },
});
