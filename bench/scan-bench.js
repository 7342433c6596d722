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

// End to end: a fresh process, discovery, loading and reporting included.
const started = performance.now();
const cli = spawnSync(
  process.execPath,
  [path.join(repo, 'bin/pipewarden.js'), 'scan', corpus, '--format', 'json', '--output', '/dev/null'],
  { encoding: 'utf8', maxBuffer: 1 << 30 },
);
const cliMs = performance.now() - started;
const timeOut = spawnSync(
  '/usr/bin/time',
  ['-f', '%M', process.execPath, path.join(repo, 'bin/pipewarden.js'), 'scan', corpus, '--format', 'json', '--output', '/dev/null'],
  {
    encoding: 'utf8',
  },
);
const cliPeak = Number((timeOut.stderr ?? '').trim().split('\n').pop());
console.log(`CLI end to end (whole realworld folder: workflows and action.yml files, one cold process):`);
console.log(
  `  wall: ${cliMs.toFixed(0)} ms, exit code ${cli.status}${Number.isFinite(cliPeak) ? `, peak RSS ${(cliPeak / 1024).toFixed(0)} MB` : ''}`,
);
