#!/usr/bin/env node
// Agreement of the shell fast path with the full parser: every bash/sh script of the corpus's
// pipelines that the fast path takes is also parsed with tree-sitter, and the facts compared.
// Prints how many scripts each path takes and every disagreement; asserts nothing.
// Run `npm run build` first; set PIPEWARDEN_CORPUS to point elsewhere.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '..');
const corpus = path.resolve(repo, process.env.PIPEWARDEN_CORPUS ?? '../shared/corpus/realworld');
let index;
try {
  index = JSON.parse(readFileSync(path.join(corpus, 'index.json'), 'utf8'));
} catch {
  console.log(`quick-scan agreement: corpus not found at ${corpus}; skipping`);
  process.exit(0);
}
const { analyseSources } = await import(path.join(repo, 'dist/engine/engine.js'));
const { emptyConfig } = await import(path.join(repo, 'dist/config/config.js'));
const { ADAPTERS } = await import(path.join(repo, 'dist/platforms/index.js'));
const { maskTemplates } = await import(path.join(repo, 'dist/analysis/shell/template-mask.js'));
const { needsDeepAnalysis, quickScanFacts } = await import(path.join(repo, 'dist/analysis/shell/quick-scan.js'));
const { analyzeBash } = await import(path.join(repo, 'dist/analysis/shell/bash-facts.js'));
const { initShellParser } = await import(path.join(repo, 'dist/analysis/shell/bash-parser.js'));
await initShellParser();

const scripts = new Set();
for (const entry of index) {
  if (!['github-workflow', 'github-action', 'gitlab-ci'].includes(entry.platform)) continue;
  const display = `${entry.repo.replace('/', '__')}/${entry.path}`;
  const file = { path: display, text: readFileSync(path.join(corpus, display), 'utf8') };
  const { pipelines } = analyseSources([{ file, explicit: false }], { config: emptyConfig(), rules: [], adapters: ADAPTERS });
  for (const pipeline of pipelines) {
    for (const job of pipeline.jobs) {
      for (const step of job.steps) {
        const shell = step.shell?.trim() ?? '';
        if (step.script && (shell === '' || /^(ba)?sh\b/.test(shell))) scripts.add(step.script.value);
      }
    }
  }
}

const pick = ({ envFileWrites, remoteExecutions, evalSinks, expansions, commands, parsed }) =>
  JSON.stringify({ envFileWrites, remoteExecutions, evalSinks, expansions, commands, parsed });
let quick = 0;
let quickChars = 0;
let deep = 0;
let deepChars = 0;
const disagreements = [];
for (const script of scripts) {
  const masked = maskTemplates(script);
  const facts = needsDeepAnalysis(masked) ? undefined : quickScanFacts(script, masked, 'bash');
  if (!facts) {
    deep++;
    deepChars += script.length;
    continue;
  }
  quick++;
  quickChars += script.length;
  if (pick(facts) !== pick(analyzeBash(script, masked, 'bash'))) disagreements.push(script);
}
console.log(`distinct bash/sh scripts: ${scripts.size}`);
console.log(`  fast path: ${quick} scripts (${(quickChars / 1e6).toFixed(2)} MB)`);
console.log(`  full parser: ${deep} scripts (${(deepChars / 1e6).toFixed(2)} MB)`);
console.log(`  fast path facts differing from the full parser's: ${disagreements.length}`);
for (const script of disagreements) console.log(`---\n${script.length > 400 ? `${script.slice(0, 400)}...` : script}`);
