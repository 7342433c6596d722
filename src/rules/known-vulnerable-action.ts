/**
 * known-vulnerable-action: `uses:` references to an action or reusable workflow version with a
 * published advisory: releases with a vulnerability (compared by version, also for SHA pins that
 * name their release in a trailing comment), pins of a known malicious commit, and mutable refs of
 * actions whose tags were moved to malicious code during a past compromise.
 * Ignores: branch refs of actions with version-range advisories (a branch head is not a release),
 * SHA pins without a version comment (the release they belong to is unknown offline), local
 * references and images.
 * Data: rules/data/known-vulnerable-actions.ts (GitHub Advisory Database records, with sources);
 * with `scan --online`, the database's records for the repositories in use (`GET /advisories`),
 * matched by their version ranges, except those the table already holds.
 */
import { exposureOf, scaledSeverity, trustContext } from '../analysis/trust/exposure.js';
import { type Severity, severityRank } from '../model/finding.js';
import type { Job, Pipeline, Reference } from '../model/types.js';
import { onlineEntries, type VulnerableMatch, vulnerableMatches } from './data/known-vulnerable-actions.js';
import { defineRule } from './define-rule.js';
import { valueOrigin } from './locate/reference-origin.js';

const COMMENT_VERSION = /(?:^|[^\w.])(v?\d+(?:\.\d+){0,2})(?![\w.])/;

/** The release a SHA pin's trailing comment names (`# v4.1.7`, `# tag=v2.0.0`), if any. */
export function commentVersion(reference: Reference): string | undefined {
  const text = reference.versionComment?.text;
  if (!text) return undefined;
  return COMMENT_VERSION.exec(text)?.[1];
}

function windowText(match: VulnerableMatch): string {
  const w = match.entry.affected.window;
  if (!w) return 'during the compromise';
  const precision = w.precision === 'approximate' ? ', approximately' : '';
  return `between ${w.start} and ${w.end}${precision}`;
}

function others(matches: VulnerableMatch[]): string {
  const rest = [...new Set(matches.slice(1).map((m) => m.entry.advisory))];
  return rest.length ? ` Also affected by ${rest.join(', ')}.` : '';
}

function atLeastLow(severity: Severity): Severity {
  return severityRank(severity) < severityRank('low') ? 'low' : severity;
}

function highestFix(matches: VulnerableMatch[]): string | undefined {
  const fixes = matches.map((m) => m.entry.fixedIn).filter((f): f is string => f !== undefined);
  return fixes.sort((a, b) => b.localeCompare(a, undefined, { numeric: true }))[0];
}

export default defineRule({
  meta: {
    id: 'known-vulnerable-action',
    summary: 'Action version with a published advisory or a known compromise',
    description:
      'The referenced action or reusable workflow version has a published advisory: a vulnerability an attacker can use through this workflow, a known malicious commit, or tags that were moved to malicious code during a past compromise.',
    category: 'supply-chain',
    platforms: ['github'],
    severity: 'critical',
    confidence: 'high',
    stability: 'stable',
    fix: 'none',
    network: false,
    online: ['advisories'],
    messages: {
      maliciousCommit:
        "`{{raw}}` is pinned to the malicious commit named by {{advisory}}: {{summary}} Every run of this step hands the job's secrets to the attacker.",
      movedTag:
        "`{{raw}}` was compromised ({{advisory}}): {{summary}}{{via}} Runs {{window}} executed the attacker's code; the ref is clean again, but secrets those runs could read must be treated as leaked.{{also}}",
      affectedVersion: '`{{raw}}` is affected by {{advisory}}: {{summary}}{{fixed}}{{also}}',
      affectedVersionComment:
        '`{{raw}}` is pinned to a commit its comment calls {{version}}, which is affected by {{advisory}}: {{summary}}{{fixed}}{{also}}',
    },
    owasp: ['CICD-SEC-3'],
    phase: 'foundations',
    related: {
      zizmor: ['known-vulnerable-actions'],
      poutine: ['known_vulnerability_in_build_component'],
      codeql: ['actions/vulnerable-action'],
    },
  },
  create(context) {
    // With `scan --online`, the advisory database's records for the actions in use join the table.
    const online = onlineEntries(Object.values(context.online?.advisories ?? {}).flat());
    const check = (reference: Reference | undefined, job: Job, pipeline: Pipeline) => {
      if (!reference || reference.isLocal || reference.kind === 'image' || reference.pin === 'dynamic') return;
      const version = reference.pin === 'commit-sha' ? commentVersion(reference) : undefined;
      const matches = vulnerableMatches(reference.name, reference.ref, version, online);
      const first = matches[0];
      if (!first) return;
      const { entry } = first;
      const fix = highestFix(matches);
      const data = {
        raw: reference.raw,
        advisory: entry.advisory,
        summary: entry.summary,
        fixed: fix ? ` Fixed in ${fix}.` : '',
        also: others(matches),
        via: entry.transitiveVia ? ` (through ${entry.transitiveVia})` : '',
        window: windowText(first),
        version: version ?? '',
      };
      const at = valueOrigin(reference);
      if (first.kind === 'malicious-commit') {
        context.report({
          messageId: 'maliciousCommit',
          data,
          at,
          severity: 'critical',
          tip: `Remove this pin, rotate every secret the job could read, and pin the commit SHA of a reviewed release${fix ? ` (${fix} or later)` : ''}. ${entry.source}`,
        });
        return;
      }
      if (first.kind === 'moved-tag') {
        context.report({
          messageId: 'movedTag',
          data,
          at,
          severity: 'medium',
          confidence: 'medium',
          tip: `If this workflow ran in that window, rotate the secrets it could read and check its logs; pin the full commit SHA of a release published after the incident${fix ? ` (${fix} or later)` : ''}. ${entry.source}`,
        });
        return;
      }
      const exposure = exposureOf(job, pipeline, context.project);
      let severity: Severity = 'medium';
      // Attacker-input flaws matter as much as who can feed the input, but a known-bad release is never just info.
      if (entry.impact === 'attacker-input') severity = atLeastLow(scaledSeverity(exposure, 'high'));
      else if (entry.impact === 'compromise') severity = 'high';
      else if (entry.severity) severity = entry.severity;
      const fromComment = version !== undefined;
      context.report({
        messageId: fromComment ? 'affectedVersionComment' : 'affectedVersion',
        data,
        at,
        severity,
        confidence: fromComment ? 'medium' : 'high',
        related:
          fromComment && reference.versionComment ? [{ at: reference.versionComment.origin, note: 'version named by the comment' }] : [],
        trust: entry.impact === 'attacker-input' ? trustContext(exposure) : undefined,
        tip: `Upgrade to ${fix ?? 'a fixed release'} or later and pin its full commit SHA. ${entry.source}`,
      });
    };
    return {
      job(job, pipeline) {
        check(job.uses, job, pipeline);
        for (const step of job.steps) check(step.uses, job, pipeline);
      },
    };
  },
});
