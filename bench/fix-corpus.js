#!/usr/bin/env node
// `pipewarden fix` over every GitHub workflow of ../shared/corpus/realworld/ on a temporary copy
// (the corpus itself is never written): a dry run, then the real run, then a second run. Checks
// that every file the fix changed still parses with no new error and that the second run changes
// nothing, and prints the counts. `--unsafe` also applies unsafe fixes. Exit 1 on a failed check.
// Run `npm run fix-corpus [-- --unsafe]` (it builds first).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '..');
const corpus = path.resolve(repo, process.env.PIPEWARDEN_CORPUS ?? '../shared/corpus/realworld');
const indexFile = path.join(corpus, 'index.json');
if (!existsSync(indexFile)) {
  console.log(`fix-corpus: corpus not found at ${corpus}; skipping (set PIPEWARDEN_CORPUS to point at it)`);
  process.exit(0);
}
const unsafe = process.argv.includes('--unsafe');

const { main } = await import(path.join(repo, 'dist/cli/main.js'));
const { parseYaml } = await import(path.join(repo, 'dist/yaml/parse.js'));

const entries = JSON.parse(readFileSync(indexFile, 'utf8')).filter((e) => e.path.includes('.github/workflows/'));
const work = mkdtempSync(path.join(tmpdir(), 'pw-fix-corpus-'));
for (const entry of entries) {
  const display = `${entry.repo.replace('/', '__')}/${entry.path}`;
  mkdirSync(path.dirname(path.join(work, display)), { recursive: true });
  cpSync(path.join(corpus, display), path.join(work, display));
}

function io() {
  const out = [];
  const err = [];
  return {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd: work,
    env: {},
    isTTY: false,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

const fatal = (text) => parseYaml(text).problems.filter((p) => p.fatal).length;
const flags = unsafe ? ['--unsafe'] : [];
let failed = false;
try {
  const dry = io();
  await main(['fix', '.', '--dry-run', ...flags], dry);
  const diffs = (dry.out().match(/^\+\+\+ b\//gm) ?? []).length;

  const first = io();
  await main(['fix', '.', ...flags], first);
  const summary = first.out().trim().split('\n').pop();
  const changed = [...first.out().matchAll(/^fixed (\S+) \((\d+) fix/gm)].map((m) => m[1]);
  const rejected = (first.out().match(/^not fixed /gm) ?? []).length;
  let broken = 0;
  for (const file of changed) {
    const before = readFileSync(path.join(corpus, file), 'utf8');
    const after = readFileSync(path.join(work, file), 'utf8');
    if (fatal(after) > fatal(before)) {
      broken++;
      console.log(`does not parse after the fix: ${file}`);
    }
  }

  const second = io();
  await main(['fix', '.', ...flags], second);
  const again = (second.out().match(/^fixed /gm) ?? []).length;

  console.log(`fix-corpus${unsafe ? ' --unsafe' : ''}: ${entries.length} workflows`);
  console.log(`  dry run: diffs for ${diffs} files`);
  console.log(`  fix: ${summary}`);
  console.log(`  files changed: ${changed.length}, still parsing: ${changed.length - broken}, fixes refused by the checks: ${rejected}`);
  console.log(`  second run: ${again} files changed`);
  failed = broken > 0 || again > 0 || diffs !== changed.length;
  if (diffs !== changed.length) console.log('  the dry run and the real run changed different files');
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
