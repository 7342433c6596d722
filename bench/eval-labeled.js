#!/usr/bin/env node
// Scores pipewarden against the labelled test suites of other tools in
// ../shared/corpus/labeled/ (see its README for the scoring rules). Prints recall and false
// positive rate per class and tool; with --misses, lists every missed positive and violated
// negative so they can be read. Run `npm run eval` (it builds first).
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
};
const available = new Set(RULES.map((r) => r.meta.id));

const findingsCache = new Map();
function findingsFor(tool, file) {
  const key = `${tool}/${file}`;
  if (findingsCache.has(key)) return findingsCache.get(key);
  const absolute = path.join(labeled, tool, file);
  let findings = null;
  if (existsSync(absolute) && /\.ya?ml$/.test(file)) {
    const text = readFileSync(absolute, 'utf8');
    const out = analyseSources([{ file: { path: file, text }, explicit: true }], {
      config: emptyConfig(),
      rules: RULES,
      adapters: ADAPTERS,
    });
    findings = out.result.findings;
  }
  findingsCache.set(key, findings);
  return findings;
}

function matches(finding, entry) {
  if (entry.line === null || entry.line === undefined) return true;
  const lo = entry.line_end ? entry.line : entry.line - 2;
  const hi = entry.line_end ? entry.line_end : entry.line + 2;
  const lines = [finding.location.line, ...finding.related.map((r) => r.line)];
  return lines.some((l) => l >= lo && l <= hi);
}

const totals = new Map();
const misses = [];
const unscored = new Map();
for (const tool of ['zizmor', 'poutine', 'scorecard']) {
  const manifestFile = path.join(labeled, tool, 'manifest.json');
  if (!existsSync(manifestFile)) continue;
  for (const entry of JSON.parse(readFileSync(manifestFile, 'utf8'))) {
    if (tool === 'zizmor' && entry.persona && entry.persona !== 'regular') continue;
    const rule = CLASS_TO_RULE[entry.class];
    if (!rule || !available.has(rule)) {
      unscored.set(entry.class, (unscored.get(entry.class) ?? 0) + 1);
      continue;
    }
    const findings = findingsFor(tool, entry.file);
    const key = `${rule}`;
    const t = totals.get(key) ?? { pos: 0, found: 0, neg: 0, violated: 0, na: 0 };
    totals.set(key, t);
    if (findings === null) {
      t.na++;
      continue;
    }
    const hit = findings.some((f) => f.ruleId === rule && matches(f, entry));
    if (entry.expect === 'positive') {
      t.pos++;
      if (hit) t.found++;
      else misses.push(`MISS  ${rule}  ${tool}/${entry.file}:${entry.line ?? '-'}  ${entry.note ?? ''}`);
    } else {
      t.neg++;
      if (hit) {
        t.violated++;
        misses.push(`FP    ${rule}  ${tool}/${entry.file}:${entry.line ?? '-'}  ${entry.note ?? ''}`);
      }
    }
  }
}

const pct = (a, b) => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
console.log('rule                          positives  found  recall   negatives  violated  FP rate  not YAML');
let sumPos = 0;
let sumFound = 0;
let sumNeg = 0;
let sumViolated = 0;
for (const [rule, t] of [...totals.entries()].sort()) {
  sumPos += t.pos;
  sumFound += t.found;
  sumNeg += t.neg;
  sumViolated += t.violated;
  console.log(
    `${rule.padEnd(30)}${String(t.pos).padStart(9)}${String(t.found).padStart(7)}  ${pct(t.found, t.pos)}${String(t.neg).padStart(12)}${String(t.violated).padStart(10)}  ${pct(t.violated, t.neg)}${String(t.na).padStart(10)}`,
  );
}
console.log(
  `${'all scored rules'.padEnd(30)}${String(sumPos).padStart(9)}${String(sumFound).padStart(7)}  ${pct(sumFound, sumPos)}${String(sumNeg).padStart(12)}${String(sumViolated).padStart(10)}  ${pct(sumViolated, sumNeg)}`,
);
console.log(`\nnot scored (no pipewarden rule yet): ${[...unscored.entries()].map(([c, n]) => `${c} (${n})`).join(', ')}`);
if (showMisses) console.log(`\n${misses.join('\n')}`);
else console.log(`\n${misses.length} misses and false positives; run with --misses to list them`);
