#!/usr/bin/env node
// Scores pipewarden against the labelled test suites of other tools in
// ../shared/corpus/labeled/ (see its README for the scoring rules). Prints recall and false
// positive rate per class and tool; with --misses, lists every missed positive and violated
// negative so they can be read. The headline is issue 5's bar: GitHub Actions files (workflows,
// actions, dependabot) scored against default-persona expectations; a second table covers every
// platform. Run `npm run eval` (it builds first).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '..');
const labeled = path.resolve(repo, process.env.PIPEWARDEN_LABELED ?? '../shared/corpus/labeled');
const showMisses = process.argv.includes('--misses');
if (!existsSync(labeled)) {
  console.log(`eval: labelled corpus not found at ${labeled}; skipping`);
  process.exit(0);
}

const { analyseSources } = await import(path.join(repo, 'dist/engine/engine.js'));
const { initShellParser } = await import(path.join(repo, 'dist/analysis/shell/shell-facts.js'));
const { emptyConfig } = await import(path.join(repo, 'dist/config/config.js'));
const { ADAPTERS } = await import(path.join(repo, 'dist/platforms/index.js'));
const { RULES } = await import(path.join(repo, 'dist/rules/index.js'));
await initShellParser();

// Class -> rule, from the corpus README.
const CLASS_TO_RULE = {
  'expression-injection': 'expression-injection',
  'untrusted-checkout': 'untrusted-checkout',
  'dangerous-trigger': 'dangerous-trigger',
  'excessive-permissions': 'excessive-permissions',
  'unpinned-uses': 'unpinned-reference',
  'unpinned-image': 'unpinned-image',
  'credential-persistence': 'credential-persistence',
  'overprovisioned-secrets': 'overprovisioned-secrets',
  'excessive-secrets': 'overprovisioned-secrets',
  'secrets-inherit': 'secrets-inherit',
  'other:unredacted-secrets': 'unredacted-secret',
  'other:unmasked-secret': 'unredacted-secret',
  'hardcoded-secret': 'hardcoded-secret',
  'self-hosted-runner': 'self-hosted-runner-exposure',
  'github-env-injection': 'env-file-injection',
  'insecure-commands': 'insecure-commands',
  'spoofable-bot-condition': 'spoofable-actor-check',
  'if-always-true': 'unsound-condition',
  'unsound-contains': 'unsound-condition',
  'unverified-script-exec': 'remote-script-execution',
  'other:debug-enabled': 'debug-logging',
  'known-vulnerable-action': 'known-vulnerable-action',
  'cache-poisoning': 'cache-poisoning',
  'artifact-poisoning': 'artifact-poisoning',
  'impostor-commit': 'impostor-commit',
  'ref-confusion': 'ref-confusion',
  obfuscation: 'obfuscation',
  'other:dependabot-cooldown': 'dependabot-no-cooldown',
  'other:dependabot-execution': 'dependabot-code-execution',
  'other:use-trusted-publishing': 'long-lived-publish-token',
  'other:ref-version-mismatch': 'ref-version-mismatch',
  'other:typosquat-uses': 'typosquat-reference',
  'other:archived-uses': 'archived-reference',
};
const available = new Set(RULES.map((r) => r.meta.id));
// Rules that only run with --online: this offline run cannot find their classes, so they are
// listed apart rather than counted as misses.
const onlineOnly = new Set(RULES.filter((r) => r.meta.network).map((r) => r.meta.id));
const onlineEntries = new Map();
let nonDefault = 0;

// Labels the peer tool's own tests contradict, each with its evidence (bench/eval-corrections.json).
const { corrections } = JSON.parse(readFileSync(path.join(here, 'eval-corrections.json'), 'utf8'));
let corrected = 0;
function expectationOf(tool, entry) {
  for (const c of corrections) {
    if (c.tool === tool && c.files.includes(entry.file) && entry.note?.includes(c.noteIncludes)) {
      if (entry.expect !== c.expect) corrected++;
      return c.expect;
    }
  }
  return entry.expect;
}

// poutine's tests scan its testdata folder as one repository, so its files are analysed together
// (workflow_run chains and reusable workflows resolve across them); the other tools test one file
// at a time, and so does this script for them.
const REPOSITORY_TOOLS = new Set(['poutine']);
const findingsCache = new Map();

function analyse(tool, files) {
  const inputs = files.map((file) => ({
    file: { path: file, text: readFileSync(path.join(labeled, tool, file), 'utf8') },
    explicit: true,
  }));
  const out = analyseSources(inputs, { config: emptyConfig(), rules: RULES, adapters: ADAPTERS });
  for (const file of files) {
    const findings = out.result.findings.filter((f) => f.location.file === file);
    const platform = out.pipelines.find((p) => p.file.path === file)?.platform ?? 'other';
    findingsCache.set(`${tool}/${file}`, { findings, platform });
  }
}

function findingsFor(tool, file, manifest) {
  const key = `${tool}/${file}`;
  if (!findingsCache.has(key)) {
    const yaml = (f) => /\.ya?ml$/.test(f) && existsSync(path.join(labeled, tool, f));
    if (!yaml(file)) findingsCache.set(key, { findings: null, platform: 'other' });
    else if (REPOSITORY_TOOLS.has(tool)) analyse(tool, [...new Set(manifest.map((e) => e.file))].filter(yaml));
    else analyse(tool, [file]);
  }
  return findingsCache.get(key);
}

// Peer rules narrower than the pipewarden rule they map to: a finding counts for them only when
// it is inside their scope. poutine's default_permissions_on_risky_events is about default tokens
// on events outsiders can cause; excessive-permissions also reports default tokens on ordinary
// push and pull request runs, at info severity, which that peer rule does not cover.
const PEER_SCOPE = {
  default_permissions_on_risky_events: (finding) => finding.severity !== 'info',
};

function matches(finding, entry) {
  if (PEER_SCOPE[entry.peer_rule] && !PEER_SCOPE[entry.peer_rule](finding)) return false;
  if (entry.line === null || entry.line === undefined) return true;
  const lo = entry.line_end ? entry.line : entry.line - 2;
  const hi = entry.line_end ? entry.line_end : entry.line + 2;
  const lines = [finding.location.line, ...finding.related.map((r) => r.line)];
  return lines.some((l) => l >= lo && l <= hi);
}

// Per-rule tallies for every platform and for GitHub Actions alone (the issue's bar).
const totals = new Map();
const githubTotals = new Map();
const tally = (map, rule) => {
  const t = map.get(rule) ?? { pos: 0, found: 0, neg: 0, violated: 0, na: 0 };
  map.set(rule, t);
  return t;
};
const misses = [];
const unscored = new Map();
for (const tool of ['zizmor', 'poutine', 'scorecard']) {
  const manifestFile = path.join(labeled, tool, 'manifest.json');
  if (!existsSync(manifestFile)) continue;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  for (const entry of manifest) {
    if (tool === 'zizmor' && entry.persona && entry.persona !== 'regular') continue;
    // Expectations of a run with a non-default configuration or flags are not a default run's.
    if (/\b(?:config|args)=/.test(entry.note ?? '')) {
      nonDefault++;
      continue;
    }
    const rule = CLASS_TO_RULE[entry.class];
    if (!rule || !available.has(rule)) {
      unscored.set(entry.class, (unscored.get(entry.class) ?? 0) + 1);
      continue;
    }
    if (onlineOnly.has(rule)) {
      onlineEntries.set(rule, (onlineEntries.get(rule) ?? 0) + 1);
      continue;
    }
    const { findings, platform } = findingsFor(tool, entry.file, manifest);
    const counted = platform === 'github' ? [tally(totals, rule), tally(githubTotals, rule)] : [tally(totals, rule)];
    if (findings === null) {
      for (const t of counted) t.na++;
      continue;
    }
    const hit = findings.some((f) => f.ruleId === rule && matches(f, entry));
    const where = `${rule}  ${tool}/${entry.file}:${entry.line ?? '-'}  [${platform}]  ${entry.note ?? ''}`;
    if (expectationOf(tool, entry) === 'positive') {
      for (const t of counted) t.pos++;
      if (hit) for (const t of counted) t.found++;
      else misses.push(`MISS  ${where}`);
    } else {
      for (const t of counted) t.neg++;
      if (hit) {
        for (const t of counted) t.violated++;
        misses.push(`FP    ${where}`);
      }
    }
  }
}

const pct = (a, b) => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
function printTable(title, map) {
  console.log(`${title}\nrule                          positives  found  recall   negatives  violated  FP rate  not YAML`);
  const sum = { pos: 0, found: 0, neg: 0, violated: 0 };
  for (const [rule, t] of [...map.entries()].sort()) {
    for (const k of Object.keys(sum)) sum[k] += t[k];
    console.log(
      `${rule.padEnd(30)}${String(t.pos).padStart(9)}${String(t.found).padStart(7)}  ${pct(t.found, t.pos)}${String(t.neg).padStart(12)}${String(t.violated).padStart(10)}  ${pct(t.violated, t.neg)}${String(t.na).padStart(10)}`,
    );
  }
  console.log(
    `${'all scored rules'.padEnd(30)}${String(sum.pos).padStart(9)}${String(sum.found).padStart(7)}  ${pct(sum.found, sum.pos)}${String(sum.neg).padStart(12)}${String(sum.violated).padStart(10)}  ${pct(sum.violated, sum.neg)}\n`,
  );
}
printTable('GitHub Actions (workflows, actions, dependabot), regular persona (the bar of issue 5)', githubTotals);
printTable('All platforms (GitHub, GitLab, Tekton; files pipewarden does not read count as not YAML)', totals);
console.log(`labels corrected from the peer tool's source (bench/eval-corrections.json): ${corrected}`);
console.log(`expectations of peer runs with a non-default configuration or flags, not scored: ${nonDefault}`);
console.log(`online-only rules, not scored offline: ${[...onlineEntries.entries()].map(([r, n]) => `${r} (${n})`).join(', ')}`);
console.log(`not scored (no pipewarden rule yet): ${[...unscored.entries()].map(([c, n]) => `${c} (${n})`).join(', ')}`);
if (showMisses) console.log(`\n${misses.join('\n')}`);
else console.log(`\n${misses.length} misses and false positives; run with --misses to list them`);
