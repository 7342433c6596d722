#!/usr/bin/env node
// Benchmark: the full audit of the GitHub workflow files of ../shared/corpus/realworld/ against
// parsing the same files alone, in one process, plus the CLI end to end as a separate process.
// Prints figures; asserts nothing. Run `npm run bench` (it builds first).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '..');
const corpus = path.resolve(repo, process.env.PIPEWARDEN_CORPUS ?? '../shared/corpus/realworld');
const indexFile = path.join(corpus, 'index.json');
if (!existsSync(indexFile)) {
  console.log(`bench: corpus not found at ${corpus}; skipping (set PIPEWARDEN_CORPUS to point at it)`);
  process.exit(0);
}

const { analyseSources } = await import(path.join(repo, 'dist/engine/engine.js'));
const { parseYaml } = await import(path.join(repo, 'dist/yaml/parse.js'));
const { forgetShellFacts, initShellParser } = await import(path.join(repo, 'dist/analysis/shell/shell-facts.js'));
const { emptyConfig } = await import(path.join(repo, 'dist/config/config.js'));
const { ADAPTERS } = await import(path.join(repo, 'dist/platforms/index.js'));
const { RULES } = await import(path.join(repo, 'dist/rules/index.js'));

const index = JSON.parse(readFileSync(indexFile, 'utf8'));
const entries = index.filter((e) => e.path.includes('.github/workflows/'));
const files = entries.map((e) => {
  const display = `${e.repo.replace('/', '__')}/${e.path}`;
  return { path: display, text: readFileSync(path.join(corpus, display), 'utf8') };
});
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);

function time(fn) {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

await initShellParser();
const runs = Number(process.env.BENCH_RUNS ?? 5);
const parseTimes = [];
const auditTimes = [];
let last;
for (let i = 0; i < runs; i++) {
  parseTimes.push(
    time(() => {
      for (const f of files) parseYaml(f.text);
    }).ms,
  );
  // Each run parses its scripts again, as a fresh process does (the facts cache would answer them).
  forgetShellFacts();
  const audit = time(() =>
    analyseSources(
      files.map((file) => ({ file, explicit: false })),
      { config: emptyConfig(), rules: RULES, adapters: ADAPTERS },
    ),
  );
  auditTimes.push(audit.ms);
  last = audit.value;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const parseMs = median(parseTimes);
const auditMs = median(auditTimes);
const peakMb = process.resourceUsage().maxRSS / 1024;

console.log(`corpus: ${files.length} GitHub workflow files, ${(bytes / 1e6).toFixed(1)} MB`);
console.log(`in-process, median of ${runs} warm runs (shell facts cache emptied before each):`);
console.log(`  parse only (YAML front end): ${parseMs.toFixed(0)} ms`);
console.log(`  full audit (${RULES.length} rules): ${auditMs.toFixed(0)} ms, ${(files.length / (auditMs / 1000)).toFixed(0)} files/s`);
console.log(`  ratio audit / parse: ${(auditMs / parseMs).toFixed(2)}`);
console.log(
  `  findings: ${last.result.findings.length}, parse issues: ${last.result.parseIssues.length}, tool errors: ${last.result.toolErrors.length}`,
);
console.log(`  peak RSS of this process: ${peakMb.toFixed(0)} MB`);

// Tekton: the 1,604 Tekton files of the corpus, analysed per repository as a scan does (their
// references are linked across the files of one repository).
const tektonEntries = index.filter((e) => e.platform === 'tekton');
const tektonByRepo = new Map();
for (const e of tektonEntries) {
  const display = `${e.repo.replace('/', '__')}/${e.path}`;
  const list = tektonByRepo.get(e.repo) ?? [];
  list.push({ file: { path: display, text: readFileSync(path.join(corpus, display), 'utf8') }, explicit: false });
  tektonByRepo.set(e.repo, list);
}
const tektonBytes = tektonEntries.reduce((n, e) => n + e.bytes, 0);
const tektonTimes = [];
let tektonTotals;
for (let i = 0; i < runs; i++) {
  const totals = { files: 0, pipelines: 0, findings: 0, parseIssues: 0, toolErrors: 0 };
  forgetShellFacts();
  const started = performance.now();
  for (const inputs of tektonByRepo.values()) {
    const out = analyseSources(inputs, { config: emptyConfig(), rules: RULES, adapters: ADAPTERS });
    totals.files += out.result.stats.filesScanned;
    totals.pipelines += out.result.stats.pipelines;
    totals.findings += out.result.findings.length;
    totals.parseIssues += out.result.parseIssues.length;
    totals.toolErrors += out.result.toolErrors.length;
  }
  tektonTimes.push(performance.now() - started);
  tektonTotals = totals;
}
const tektonMs = median(tektonTimes);
console.log(
  `Tekton: ${tektonEntries.length} files (${(tektonBytes / 1e6).toFixed(1)} MB) in ${tektonByRepo.size} repositories, median of ${runs} warm runs: ${tektonMs.toFixed(0)} ms, ${(tektonEntries.length / (tektonMs / 1000)).toFixed(0)} files/s`,
);
console.log(
  `  analysed files: ${tektonTotals.files}, units: ${tektonTotals.pipelines}, findings: ${tektonTotals.findings}, parse issues: ${tektonTotals.parseIssues}, tool errors: ${tektonTotals.toolErrors}`,
);

// End to end: a fresh process, discovery, loading and reporting included; in one thread, then
// with the worker threads the CLI picks by default. Peak RSS is the whole process tree's.
const hasTime = existsSync('/usr/bin/time');
console.log(`CLI end to end (whole realworld folder: workflows, action.yml files, GitLab and Tekton files, one cold process each):`);
for (const jobs of ['1', 'auto']) {
  const args = [path.join(repo, 'bin/pipewarden.js'), 'scan', corpus, '--format', 'json', '--output', '/dev/null', '--jobs', jobs];
  const started = performance.now();
  const run = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M %U', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallMs = performance.now() - started;
  const [peakKb, userS] = hasTime ? (run.stderr ?? '').trim().split('\n').pop().split(' ').map(Number) : [];
  const extra = Number.isFinite(peakKb) ? `, peak RSS ${(peakKb / 1024).toFixed(0)} MB, user CPU ${userS.toFixed(1)} s` : '';
  console.log(`  --jobs ${jobs}: wall ${wallMs.toFixed(0)} ms, exit code ${run.status}${extra}`);
}
