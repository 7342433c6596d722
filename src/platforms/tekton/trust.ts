/**
 * Who can start a Tekton run (research/platforms.md section 4.2):
 * - an EventListener trigger is reachable by anyone who can reach the listener, unless a GitHub,
 *   GitLab or Bitbucket interceptor checks the webhook secret (`secretRef`); then the event types
 *   decide: pull requests and comments come from anyone (forks), pushes from writers.
 *   https://tekton.dev/docs/triggers/interceptors/
 * - a Pipelines-as-Code run follows its `on-event` / `on-comment` / `on-label` /
 *   `on-cel-expression` annotations; pull request runs execute the pull request's own `.tekton/` definitions.
 *   https://pipelinesascode.com/docs/guide/matchingevents/
 * - any other run is created by someone with access to the cluster.
 * Tekton runs hold the service account and workspaces of the run whoever started it, so every
 * trigger here is `privileged`.
 */
import type { Gate, Origin, Trigger, TriggerKind } from '../../model/types.js';
import { Trust } from '../../model/types.js';
import { asMap, asSeq, entries, get, type MapNode, scalarText, type YamlNode } from '../../yaml/nodes.js';

export const PAC_PREFIX = 'pipelinesascode.tekton.dev/';

function trigger(kind: TriggerKind, name: string, minTrust: Trust, origin: Origin, extra: Partial<Trigger> = {}): Trigger {
  return {
    kind,
    name,
    minTrust,
    privileged: true,
    definitionSource: 'trusted-ref',
    codeSource: kind === 'pr' || kind === 'comment' ? 'untrusted-ref' : 'triggering-ref',
    filters: {},
    origin,
    ...extra,
  };
}

/** An event name as GitHub, GitLab or Bitbucket send it, mapped onto the model. */
function eventTrigger(event: string, origin: Origin, pac: boolean): Trigger {
  const e = event.trim().toLowerCase();
  const extra: Partial<Trigger> = pac ? { definitionSource: 'triggering-ref' } : {};
  if (/^(pull_request|merge request hook|pullrequest:created|pullrequest:updated|pr:opened|pr:modified|pull_request_target)/.test(e)) {
    return trigger('pr', event.trim(), Trust.Anyone, origin, extra);
  }
  if (/(comment|note hook)/.test(e)) return trigger('comment', event.trim(), pac ? Trust.Contributor : Trust.Anyone, origin, extra);
  if (/^(push|push hook|tag push hook|repo:push|create)$/.test(e)) return trigger('push', event.trim(), Trust.Writer, origin, extra);
  if (e === 'incoming') return trigger('api', 'incoming', Trust.Writer, origin, extra);
  return trigger('webhook', event.trim(), Trust.Writer, origin, extra);
}

/** `[push, pull_request]`, `"pull_request"`, `[pull_request]` -> names. */
function listValue(value: string): string[] {
  return value
    .trim()
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((s) => s.trim().replace(/^["']|["']$/g, ''))
    .filter(Boolean);
}

/** The note of the `/ok-to-test` gate, as the linker finds it to apply the repository's settings. */
export const OK_TO_TEST_NOTE = 'Pipelines-as-Code `/ok-to-test`';

/**
 * Pull requests of authors who are not the owner, a collaborator, an organisation member, a
 * pusher or in the default branch's OWNERS file wait until an allowed user comments
 * `/ok-to-test` (`/test`, `/retest` likewise); by default again for every new commit
 * (`remember-ok-to-test: false`). https://pipelinesascode.com/docs/guide/running/
 */
function okToTestGate(origin: Origin): Gate {
  return {
    kind: 'comment-approval',
    spoofable: false,
    note: `${OK_TO_TEST_NOTE}: an outside contributor's pull request runs only after an allowed user approves it`,
    origin,
  };
}

/** Branch names a Pipelines-as-Code CEL expression compares `target_branch` with. */
function celBranches(expression: string): string[] {
  return [...expression.matchAll(/target_branch\s*==\s*["']([^"']+)["']/g)].map((m) => m[1] as string);
}

/** Triggers of a Pipelines-as-Code run from its annotations. */
export function pacTriggers(annotations: Record<string, { value: string; origin: Origin }>, fallback: Origin): Trigger[] {
  const out: Trigger[] = [];
  const onEvent = annotations['on-event'];
  const branches = annotations['on-target-branch'] ? listValue(annotations['on-target-branch'].value) : [];
  // Changed paths are chosen by the pull request author: a filter, never a gate.
  const paths = annotations['on-path-change'] ? listValue(annotations['on-path-change'].value) : [];
  const filters = (branchList: string[]): Record<string, string[]> => ({
    ...(branchList.length ? { branches: branchList } : {}),
    ...(paths.length ? { paths } : {}),
  });
  if (onEvent) {
    for (const event of listValue(onEvent.value)) {
      const t = eventTrigger(event, onEvent.origin, true);
      t.filters = filters(branches);
      out.push(t);
    }
  }
  const cel = annotations['on-cel-expression'];
  if (cel) {
    const events = [...cel.value.matchAll(/event\s*==\s*["']([\w-]+)["']/g)].map((m) => m[1] as string);
    const seen = new Set(out.map((t) => t.name));
    for (const event of events.length ? events : ['pull_request', 'push']) {
      if (seen.has(event)) continue;
      const t = eventTrigger(event, cel.origin, true);
      t.filters = filters(celBranches(cel.value));
      out.push(t);
    }
  }
  for (const t of out) if (t.kind === 'pr' && t.minTrust === Trust.Anyone) t.gates = [okToTestGate(t.origin)];
  // A label on a pull request runs the pull request's code; labels are set by triagers.
  const label = annotations['on-label'];
  if (label) out.push(trigger('pr', 'on-label', Trust.Contributor, label.origin, { definitionSource: 'triggering-ref' }));
  const comment = annotations['on-comment'];
  if (comment) out.push(trigger('comment', 'on-comment', Trust.Contributor, comment.origin, { definitionSource: 'triggering-ref' }));
  // With no matching annotation a run still starts on a `/test <name>` comment by an allowed user.
  if (out.length === 0) out.push(trigger('comment', '/test', Trust.Contributor, fallback, { definitionSource: 'triggering-ref' }));
  return out;
}

/** A run created directly (kubectl, a CI job with cluster credentials). */
export function runTriggers(origin: Origin): Trigger[] {
  return [trigger('manual', 'create', Trust.Writer, origin, { definitionSource: 'triggering-ref', codeSource: 'triggering-ref' })];
}

const VALIDATING = new Set(['github', 'gitlab', 'bitbucket']);

interface Interceptor {
  name: string;
  params: Map<string, YamlNode>;
  node: YamlNode;
}

/** Interceptors in the current (`ref: {name}` + `params`) and the legacy (`- github: {...}`) forms. */
function interceptorsOf(trigger: MapNode): Interceptor[] {
  const out: Interceptor[] = [];
  for (const item of asSeq(get(trigger, 'interceptors'))?.items ?? []) {
    const map = asMap(item);
    if (!map) continue;
    const ref = asMap(get(map, 'ref'));
    if (ref) {
      const params = new Map<string, YamlNode>();
      for (const p of asSeq(get(map, 'params'))?.items ?? []) {
        const name = scalarText(get(asMap(p), 'name'));
        const value = get(asMap(p), 'value');
        if (name && value) params.set(name, value);
      }
      out.push({ name: scalarText(get(ref, 'name')) ?? '', params, node: map });
      continue;
    }
    for (const pair of entries(map)) {
      if (pair.keyText === 'name') continue;
      const params = new Map<string, YamlNode>();
      for (const inner of entries(asMap(pair.value))) params.set(inner.keyText, inner.value);
      out.push({ name: pair.keyText, params, node: map });
    }
  }
  return out;
}

/**
 * A CEL filter that keeps out fork pull requests or outsiders, in a payload a validating
 * interceptor has checked (so the sender cannot forge it): the head repository is the base
 * repository, or the author's association is owner, member or collaborator
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request). A negation
 * anywhere in the filter makes its meaning unclear, so it is not taken as a gate.
 */
function celGate(filter: string): Pick<Gate, 'kind' | 'note'> | undefined {
  if (/!=|!\s*\(|\|\|/.test(filter)) return undefined;
  const head = String.raw`body\.pull_request\.head\.repo\.full_name`;
  const base = String.raw`body\.repository\.full_name`;
  const sameRepo = new RegExp(`${head}\\s*==\\s*${base}|${base}\\s*==\\s*${head}|${head.replace('full_name', 'fork')}\\s*==\\s*false`);
  if (sameRepo.test(filter))
    return { kind: 'same-repository', note: 'CEL filter: the pull request comes from the repository itself, not a fork' };
  const association = /body\.pull_request\.author_association\s+in\s+\[([^\]]*)\]/.exec(filter);
  if (association && !/NONE|FIRST_TIME|CONTRIBUTOR/.test(association[1] ?? ''))
    return { kind: 'author-check', note: 'CEL filter: the pull request author is an owner, member or collaborator' };
  return undefined;
}

/** Trust of one EventListener trigger (or Trigger resource) from its interceptors. */
export function eventListenerTriggers(entry: MapNode, origin: (node: YamlNode) => Origin): { triggers: Trigger[]; gates: Gate[] } {
  const interceptors = interceptorsOf(entry);
  const at = origin(entry);
  const validating = interceptors.filter((i) => VALIDATING.has(i.name) && i.params.has('secretRef'));
  const gates: Gate[] = [];
  if (validating.length === 0) {
    return { triggers: [trigger('webhook', 'unauthenticated webhook', Trust.Anyone, at, { codeSource: 'untrusted-ref' })], gates };
  }
  const events: string[] = [];
  for (const interceptor of interceptors) {
    const types = interceptor.params.get('eventTypes');
    for (const item of asSeq(types)?.items ?? []) {
      const text = scalarText(item);
      if (text) events.push(text);
    }
    if (interceptor.name === 'cel') {
      const filter = scalarText(interceptor.params.get('filter')) ?? '';
      for (const m of filter.matchAll(/['"](pull_request|push|issue_comment|Merge Request Hook|Push Hook|Note Hook)['"]/g))
        events.push(m[1] as string);
      const gate = celGate(filter);
      if (gate) gates.push({ ...gate, spoofable: false, origin: origin(interceptor.node) });
    }
    const owners = asMap(interceptor.params.get('githubOwners'));
    if (owners && scalarText(get(owners, 'enabled')) === 'true') {
      gates.push({
        kind: 'author-check',
        spoofable: false,
        note: 'GitHub interceptor owners check (`/ok-to-test`)',
        origin: origin(interceptor.node),
      });
    }
  }
  const validatingOrigin = origin(validating[0]?.node ?? entry);
  const unique = [...new Set(events)];
  const triggers = unique.length
    ? unique.map((e) => eventTrigger(e, validatingOrigin, false))
    : [trigger('webhook', 'signed webhook (any event)', Trust.Anyone, validatingOrigin, { codeSource: 'untrusted-ref' })];
  // The owners check holds every run of these triggers, wherever the run goes.
  if (gates.length) for (const t of triggers) t.gates = [...gates];
  return { triggers, gates };
}
