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
const { initShellParser } = await import(path.join(repo, 'dist/analysis/shell/shell-facts.js'));
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
console.log(`in-process, median of ${runs} warm runs:`);
console.log(`  parse only (YAML front end): ${parseMs.toFixed(0)} ms`);
console.log(`  full audit (${RULES.length} rules): ${auditMs.toFixed(0)} ms, ${(files.length / (auditMs / 1000)).toFixed(0)} files/s`);
console.log(`  ratio audit / parse: ${(auditMs / parseMs).toFixed(2)}`);
console.log(
  `  findings: ${last.result.findings.length}, parse issues: ${last.result.parseIssues.length}, tool errors: ${last.result.toolErrors.length}`,
);
console.log(`  peak RSS of this process: ${peakMb.toFixed(0)} MB`);

// End to end: a fresh process, discovery, loading and reporting included; in one thread, then
// with the worker threads the CLI picks by default. Peak RSS is the whole process tree's.
const hasTime = existsSync('/usr/bin/time');
console.log(`CLI end to end (whole realworld folder: workflows and action.yml files, one cold process each):`);
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
