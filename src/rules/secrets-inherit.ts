/**
 * secrets-inherit: a job that calls a reusable workflow with `secrets: inherit`, which hands the
 * called workflow every secret the caller can read (repository, organisation and environment),
 * whether it needs them or not. Worse when the called workflow lives in another repository (its
 * owners, or whoever can push to the ref it is called at, decide what it does with them) and when
 * the calling job is reached by untrusted actors in a privileged context.
 * Ignores: explicit `secrets:` mappings and calls without secrets. When the called workflow is a
 * local file of the scan, the finding names the secrets it actually reads, so the mapping can be
 * written out.
 * Data: none; owners listed in the `trustedOwners` option count as first-party.
 * Fix (callee in the scan, same repository): `secrets: inherit` becomes the mapping of the
 * secrets the callee declares (`NAME: ${{ secrets.NAME }}`), or is removed when it declares none.
 * Safe: a called workflow can only read declared secrets when they are passed explicitly, so the
 * fix is offered only when every secret it reads is declared and it reads none dynamically nor
 * passes them on with `secrets: inherit`.
 */
import { exposureOf, trustContext } from '../analysis/trust/exposure.js';
import type { Severity } from '../model/finding.js';
import { type Job, type Pipeline, Trust } from '../model/types.js';
import { removePair } from '../yaml/edit.js';
import { asMap, asScalar, entries, get } from '../yaml/nodes.js';
import { defineRule, type FixDescriptor } from './define-rule.js';
import { replaceWithBlock } from './fixes/block-value.js';
import { ownPair, toFixEdit } from './fixes/step-edits.js';
import { indentStepOf } from '../yaml/edit.js';

/** Secrets a reusable workflow declares under `on.workflow_call.secrets`. */
function declaredSecrets(callee: Pipeline): string[] {
  const call = asMap(get(asMap(get(callee.root, 'on')), 'workflow_call'));
  return entries(asMap(get(call, 'secrets'))).map((p) => p.keyText);
}

function readSecrets(callee: Pipeline): string[] {
  const names = new Set<string>();
  for (const job of callee.jobs) {
    for (const secret of job.secrets) if (!secret.dynamic && secret.name !== 'GITHUB_TOKEN') names.add(secret.name);
    // Nested calls with `secrets: inherit` pass everything on: the list is then not complete.
    if (job.secretsInherit) return [];
  }
  return [...names].sort();
}

/** The explicit mapping for a local callee whose secret use is fully known; undefined otherwise. */
function explicitSecretsFix(job: Job, pipeline: Pipeline, callee: Pipeline | undefined): FixDescriptor | undefined {
  if (!callee || !isSameRepository(job)) return undefined;
  if (callee.jobs.some((j) => j.secretsInherit || j.secrets.some((s) => s.dynamic))) return undefined;
  const declared = declaredSecrets(callee);
  if (readSecrets(callee).some((name) => !declared.includes(name))) return undefined;
  const pair = ownPair(job.node, 'secrets');
  const value = asScalar(pair?.value);
  if (!pair || value?.value !== 'inherit' || job.node.flow) return undefined;
  const file = pipeline.file;
  if (declared.length === 0) {
    const change = removePair(file.text, job.node, pair);
    return (
      change && {
        title: 'Remove `secrets: inherit` (the called workflow declares no secrets)',
        safety: 'safe',
        edits: [toFixEdit(file, change)],
      }
    );
  }
  if (declared.some((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))) return undefined;
  const mapping = declared.map((name): [string, string] => [name, `\${{ secrets.${name} }}`]);
  return {
    title: `Pass only the secrets ${callee.file.path} declares (${declared.join(', ')})`,
    safety: 'safe',
    edits: [replaceWithBlock(file, pair, mapping, indentStepOf(file.text, pipeline.root))],
  };
}

function isSameRepository(job: Job): boolean {
  return !!job.uses && (job.uses.isLocal || job.uses.raw.startsWith('$/'));
}

export default defineRule({
  meta: {
    id: 'secrets-inherit',
    summary: 'Reusable workflow called with `secrets: inherit` receives every secret',
    description:
      "`secrets: inherit` passes all of the caller's repository, organisation and environment secrets to the called workflow instead of the ones it needs.",
    category: 'secrets',
    platforms: ['github'],
    severity: 'medium',
    confidence: 'high',
    stability: 'stable',
    fix: 'safe',
    network: false,
    options: {
      trustedOwners: {
        type: 'string-array',
        description:
          'Owners (users or organisations) whose reusable workflows count as first-party, such as your own organisation; calls to them are not raised to high for living in another repository.',
        default: [],
      },
    },
    messages: {
      inherit: '`secrets: inherit` hands every secret of the caller to {{callee}}, {{where}}; {{needs}}',
    },
    owasp: ['CICD-SEC-6'],
    phase: 'foundations',
    related: {
      zizmor: ['secrets-inherit'],
      codeql: ['actions/secrets-inherit'],
      kics: ['secrets_inherit_in_reusable_workflow'],
      semgrep: ['secrets-inherit'],
    },
  },
  create(context) {
    const trustedOwners = new Set(((context.options.trustedOwners as string[] | undefined) ?? []).map((o) => o.toLowerCase()));
    return {
      job(job, pipeline) {
        if (!job.secretsInherit || !job.uses) return;
        const local = isSameRepository(job);
        const trustedOwner = !local && !!job.uses.owner && trustedOwners.has(job.uses.owner.toLowerCase());
        // A callee pinned to a commit cannot be changed under the caller: what runs is what was reviewed.
        const pinned = job.uses.pin === 'commit-sha';
        const external = !local && !trustedOwner && !pinned;
        const exposure = exposureOf(job, pipeline, context.project);
        const untrustedReach =
          exposure.minTrust !== undefined &&
          exposure.minTrust <= Trust.Contributor &&
          exposure.privilegedAtLowTrust &&
          exposure.gates.length === 0;
        const severity: Severity = external || untrustedReach ? 'high' : 'medium';
        const callee = context.project.resolve(job.uses, pipeline);
        const read = callee ? readSecrets(callee) : [];
        let needs: string;
        if (callee && read.length === 0 && !callee.jobs.some((j) => j.secretsInherit || j.secrets.some((s) => s.dynamic))) {
          needs = 'the called workflow reads none of them, so `secrets: inherit` can simply be removed';
        } else if (read.length > 0) {
          needs = `it reads only ${read.join(', ')}: pass those by name`;
        } else if (callee && declaredSecrets(callee).length > 0) {
          needs = `it declares ${declaredSecrets(callee).join(', ')}: pass those by name`;
        } else {
          needs = 'pass only the secrets it needs, by name';
        }
        const where = external
          ? 'a workflow from another repository (or another ref), so whoever can change that repository and ref decides what happens to them'
          : !local && pinned && !untrustedReach
            ? 'a workflow of another repository pinned to a commit, which sees all of them'
            : untrustedReach
              ? `and this job is reached by ${exposure.minTrust === Trust.Anyone ? 'anyone on the internet' : 'any contributor'} in a privileged context`
              : 'including secrets it never uses';
        context.report({
          messageId: 'inherit',
          data: { callee: job.uses.raw, where, needs },
          at: job.secretsInherit,
          severity,
          related: [{ at: job.uses.origin, note: callee ? 'called workflow (in this scan)' : 'called workflow' }],
          trust: trustContext(exposure),
          tip: 'Replace `secrets: inherit` with a mapping of the secrets the called workflow declares under `on.workflow_call.secrets`, e.g. `secrets: { NPM_TOKEN: ${{ secrets.NPM_TOKEN }} }`.',
          fix: explicitSecretsFix(job, pipeline, callee),
        });
      },
    };
  },
});
