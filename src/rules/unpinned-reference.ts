/**
 * unpinned-reference: actions and reusable workflows from other repositories that are not pinned
 * to a full commit SHA, so their publisher (or whoever takes over the publisher's account) can
 * change the code a job runs without any change to this repository.
 * Ignores: local references (`./path`, and the same-repository form `$/path`), `docker://` images
 * (unpinned-image), malformed values without an owner or repository, and references the
 * configured policy accepts. SHA pins are trusted as written: whether the commit belongs to the
 * named repository (impostor commits) or matches its version comment are other rules' questions.
 * On Tekton: git resolver revisions (missing, branch, tag), bundles without a digest, hub
 * versions that are missing or constraints, http resolution without `digest`, and the remote
 * task/pipeline annotations of Pipelines-as-Code, from the adapter's pin state.
 * On GitLab: `include:` entries from other projects (no `ref:` or a branch), remote includes
 * without an `integrity:` hash, GitLab-shipped templates (info), and CI/CD components on
 * `~latest`, a branch or a partial version. Local includes and components of the same project
 * (`$CI_SERVER_FQDN/$CI_PROJECT_PATH/...`) are not reported.
 * Data: none beyond the model's pin state (platforms/github/references.ts,
 * platforms/gitlab/references.ts); GitHub-owned owners (`actions`, `github`) are listed below.
 */
import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import type { Reference } from '../model/types.js';
import { pinKey } from '../model/pin-lock.js';
import { defineRule } from './define-rule.js';
import { pinReferenceFix } from './fixes/pin-reference.js';
import { valueOrigin } from './locate/reference-origin.js';

export type PinPolicy = 'hash' | 'ref' | 'any';

/** Organisations run by GitHub itself, whose actions already share the platform's trust. */
const GITHUB_OWNED = new Set(['actions', 'github']);

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const ABBREVIATED_SHA = /^[0-9a-f]{7,39}$/i;

const GITLAB_TIP =
  'Pin includes and components to a full commit SHA (ref: <sha>, component: host/group/project/name@<sha>), and give remote includes an integrity: sha256 hash.';

const TIP =
  'Pin the full 40-character commit SHA of a release and keep the version in a comment (uses: owner/repo@<sha> # v1.2.3); Dependabot and Renovate keep such pins up to date.';

/**
 * How specific a policy pattern is for `name` (owner/repo[/path], lower case), or -1 when it does
 * not apply. An exact name beats `owner/repo` (which also covers the repository's sub-path
 * actions), which beats any wildcard; among wildcards the longer literal prefix wins; `*` is last.
 */
export function patternScore(pattern: string, name: string): number {
  const p = pattern.trim().toLowerCase();
  if (p === '*') return 0;
  if (!p.includes('*')) {
    if (p === name) return 3000 + p.length;
    return name.startsWith(`${p}/`) ? 2000 + p.length : -1;
  }
  const source = p
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  if (!new RegExp(`^${source}$`).test(name)) return -1;
  return 1000 + p.indexOf('*');
}

export function policyFor(policies: Record<string, string>, name: string): PinPolicy {
  let best: { score: number; policy: PinPolicy } | undefined;
  for (const [pattern, policy] of Object.entries(policies)) {
    const score = patternScore(pattern, name.toLowerCase());
    if (score < 0) continue;
    if (!best || score > best.score) best = { score, policy: policy as PinPolicy };
  }
  return best?.policy ?? 'hash';
}

function lower(severity: Severity, by: number): Severity {
  return SEVERITIES[Math.max(0, SEVERITIES.indexOf(severity) - by)] as Severity;
}

type MessageId =
  | 'noRef'
  | 'branch'
  | 'abbreviatedSha'
  | 'floatingTag'
  | 'versionTag'
  | 'dynamic'
  | 'bundle'
  | 'hubVersion'
  | 'httpNoDigest';

function classify(reference: Reference): { messageId: MessageId; severity: Severity } | undefined {
  switch (reference.pin) {
    case 'commit-sha':
    case 'local':
      return undefined;
    case 'none':
      return { messageId: 'noRef', severity: 'high' };
    case 'dynamic':
      return { messageId: 'dynamic', severity: 'medium' };
    case 'floating-version':
      return { messageId: 'floatingTag', severity: 'medium' };
    case 'immutable-version':
      return { messageId: 'versionTag', severity: 'low' };
    default:
      // branch, latest and anything else the adapter could not call a version.
      if (reference.ref && ABBREVIATED_SHA.test(reference.ref) && /\d/.test(reference.ref)) {
        return { messageId: 'abbreviatedSha', severity: 'high' };
      }
      return { messageId: 'branch', severity: 'high' };
  }
}

const TEKTON_TIP: Partial<Record<MessageId, string>> = {
  branch:
    'Set the git resolver `revision` (or the ref in the URL) to a full commit SHA; trusted-resources verification (VerificationPolicy) also checks what is fetched.',
  noRef: 'Add a `revision` param with a full commit SHA; without it the resolver takes its default revision (often `main`).',
  bundle: 'Reference the bundle by digest (quay.io/org/task-bundle@sha256:<digest>); `crane digest` or `skopeo inspect` prints it.',
  hubVersion:
    'Name an exact version (`version: "0.9"` for the hub resolver, `task-name:0.9` in a Pipelines-as-Code annotation), or copy the task into the repository.',
  httpNoDigest: 'Add the `digest` param (sha256 of the file) to the http resolver, or point the URL at a commit SHA instead of a branch.',
};

/**
 * Tekton remote definitions (research/platforms.md TK-SUP-02..05): git resolver revisions, OCI
 * bundles, hub versions and http URLs; local names and cluster lookups are not remote.
 */
function tektonProblem(reference: Reference): { messageId: MessageId; severity: Severity } | undefined {
  if (reference.kind !== 'task' && reference.kind !== 'bundle') return undefined;
  if (reference.isLocal || ['local', 'commit-sha', 'digest', 'integrity-hash'].includes(reference.pin)) return undefined;
  if (reference.pin === 'dynamic') return { messageId: 'dynamic', severity: 'medium' };
  if (reference.kind === 'bundle') return { messageId: 'bundle', severity: 'high' };
  if (reference.resolver === 'hub') {
    return reference.pin === 'immutable-version' ? undefined : { messageId: 'hubVersion', severity: 'medium' };
  }
  if (reference.resolver === 'http' && reference.pin === 'none') return { messageId: 'httpNoDigest', severity: 'high' };
  return classify(reference);
}

export default defineRule({
  meta: {
    id: 'unpinned-reference',
    summary: 'Action or reusable workflow not pinned to a full commit SHA',
    description:
      'A `uses:` reference to another repository by branch, tag or nothing at all runs whatever that ref points at when the job starts; its publisher, or anyone who compromises them, can change the code that runs with your token and secrets.',
    category: 'supply-chain',
    platforms: ['github', 'gitlab', 'tekton'],
    severity: 'high',
    confidence: 'high',
    stability: 'stable',
    fix: 'safe',
    network: false,
    options: {
      policy: {
        type: 'record',
        description:
          'Pin policy per `uses:` pattern (`*`, `owner/*`, `owner/repo`, `owner/repo/path`, `owner/repo/*`): `hash` requires a full commit SHA, `ref` accepts any branch or tag but not a missing or computed one, `any` accepts everything. The most specific matching pattern wins.',
        default: { '*': 'hash' },
        enum: ['hash', 'ref', 'any'],
      },
    },
    messages: {
      noRef:
        '`{{raw}}` names no ref, so this {{what}} runs whatever is on the default branch of {{repository}} when the job starts: a push there, or a takeover of that account, changes the code run here',
      branch:
        '`{{raw}}` follows `{{ref}}`, a branch or other named ref: every push to it, by the maintainers of {{repository}} or by anyone who compromises them, changes the code this {{what}} runs here',
      abbreviatedSha:
        '`{{raw}}` uses `{{ref}}`, which is not a full 40-character commit SHA: it is resolved as a branch or tag name, which anyone with push access to {{repository}} can create or move',
      floatingTag:
        '`{{raw}}` uses the moving tag `{{ref}}`, which the publisher of {{repository}} (or an attacker holding their credentials) can point at new code at any time',
      versionTag:
        '`{{raw}}` uses the tag `{{ref}}`; git tags can be moved, as when the tags of tj-actions/changed-files were repointed at a secret-stealing commit in March 2025',
      dynamic: '`{{raw}}` chooses the {{what}} or its version with an expression, so the code that runs cannot be reviewed or pinned',
      bundle:
        '`{{raw}}` is a Tekton bundle referenced by tag, not by digest: whoever can push to that image repository decides which task definition runs here',
      hubVersion:
        '`{{raw}}` takes {{repository}} from the {{resolver}} catalogue without an exact version, so each run resolves whatever version is newest or matches the constraint',
      httpNoDigest:
        '`{{raw}}` fetches the {{what}} definition over HTTP with no `digest`: whoever controls that URL changes what runs here',
      remoteInclude:
        "`{{raw}}` is fetched each time a pipeline is created and has no `integrity:` hash: whoever controls that server can add or change jobs that run with this project's variables",
      templateInclude: '`{{raw}}` is a template shipped with the GitLab instance; what it runs changes when the instance is upgraded',
      latestComponent:
        '`{{raw}}` takes the newest released version of the component for every pipeline, so each new release runs here without review',
    },
    owasp: ['CICD-SEC-3'],
    phase: 'foundations',
    related: {
      zizmor: ['unpinned-uses'],
      scorecard: ['Pinned-Dependencies'],
      codeql: ['actions/unpinned-tag'],
      checkov: ['CKV_GHA_8'],
    },
  },
  create(context) {
    const policies = (context.options.policy as Record<string, string> | undefined) ?? { '*': 'hash' };
    const effective = Object.keys(policies).length > 0 ? policies : { '*': 'hash' };
    const reportGitlab = (reference: Reference) => {
      if ((reference.kind !== 'include' && reference.kind !== 'component') || reference.isLocal) return;
      let found: { messageId: MessageId | 'remoteInclude' | 'templateInclude' | 'latestComponent'; severity: Severity } | undefined;
      const isRemote = reference.kind === 'include' && /^https?:\/\//i.test(reference.interpolated ?? reference.raw);
      const isTemplate = reference.kind === 'include' && !isRemote && reference.owner === undefined;
      if (reference.pin === 'dynamic') found = { messageId: 'dynamic', severity: 'medium' };
      else if (isRemote) found = reference.pin === 'integrity-hash' ? undefined : { messageId: 'remoteInclude', severity: 'high' };
      else if (isTemplate) found = { messageId: 'templateInclude', severity: 'info' };
      else if (reference.pin === 'latest') found = { messageId: 'latestComponent', severity: 'medium' };
      else found = classify(reference);
      if (!found) return;
      const policy = policyFor(effective, reference.name);
      if (policy === 'any') return;
      if (policy === 'ref' && found.messageId !== 'noRef' && found.messageId !== 'dynamic' && found.messageId !== 'remoteInclude') return;
      context.report({
        messageId: found.messageId,
        data: {
          // With its inputs filled in (the location shows what is written).
          raw: reference.interpolated ?? reference.raw,
          ref: reference.ref ?? '',
          repository: reference.name,
          what: reference.kind === 'component' ? 'component' : 'include',
        },
        at: valueOrigin(reference),
        severity: found.severity,
        tip: GITLAB_TIP,
      });
    };
    return {
      reference(reference, pipeline) {
        if (pipeline.platform === 'tekton') {
          const found = tektonProblem(reference);
          if (!found || policyFor(effective, reference.name) === 'any') return;
          context.report({
            messageId: found.messageId,
            data: {
              raw: reference.raw,
              ref: reference.ref ?? '',
              repository: reference.name,
              what: reference.kind === 'bundle' ? 'bundle' : 'task',
              resolver: reference.resolver ?? 'hub',
            },
            at: valueOrigin(reference),
            severity: found.severity,
            tip: TEKTON_TIP[found.messageId] ?? TEKTON_TIP.branch,
          });
          return;
        }
        if (pipeline.platform === 'gitlab') {
          reportGitlab(reference);
          return;
        }
        if (reference.kind !== 'action' && reference.kind !== 'reusable-workflow') return;
        if (reference.isLocal || reference.raw.startsWith('$/') || reference.raw.startsWith('docker://')) return;
        const dynamic = reference.pin === 'dynamic' || reference.raw.includes('${{');
        const owner = reference.owner ?? '';
        if (!dynamic && (!OWNER.test(owner) || !reference.repo)) return;
        const found = dynamic ? { messageId: 'dynamic' as const, severity: 'medium' as Severity } : classify(reference);
        if (!found) return;
        const policy = dynamic ? policyFor(effective, '*') : policyFor(effective, reference.name);
        if (policy === 'any') return;
        if (policy === 'ref' && found.messageId !== 'noRef' && found.messageId !== 'dynamic') return;
        const githubOwned = GITHUB_OWNED.has(owner.toLowerCase());
        const severity = githubOwned && !dynamic ? lower(found.severity, 1) : found.severity;
        const pin =
          !dynamic && reference.repo && reference.ref ? context.pins.actions.get(pinKey(owner, reference.repo, reference.ref)) : undefined;
        context.report({
          messageId: found.messageId,
          data: {
            raw: reference.raw,
            ref: reference.ref ?? '',
            repository: reference.repo ? `${owner}/${reference.repo}` : reference.name,
            what: reference.kind === 'reusable-workflow' ? 'reusable workflow' : 'action',
          },
          at: valueOrigin(reference),
          severity,
          tip: githubOwned ? `${TIP} (${owner}/* actions are published by GitHub; the severity is lowered one step for that.)` : TIP,
          fix: pin ? pinReferenceFix(reference, pin) : undefined,
        });
      },
    };
  },
});
