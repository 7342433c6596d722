// Runs `pipewarden verify` logic over the Sigstore client conformance bundle-verify cases
// (a folder per case; a name ending in _fail must fail) and prints passed/failed.
// Usage: npm run conformance [-- <cases folder>]   (default: ../shared/corpus/sigstore-conformance)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { main } from '../dist/cli/main.js';

const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';
const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../../shared/corpus/sigstore-conformance'));

const silent = { stdout: () => {}, stderr: () => {}, cwd: root, env: {}, isTTY: false };
const cases = readdirSync(root)
  .filter((name) => statSync(path.join(root, name)).isDirectory())
  .sort();
const mismatches = [];
let passed = 0;
for (const name of cases) {
  const dir = path.join(root, name);
  const file = (f) => path.join(dir, f);
  const args = [
    'verify',
    existsSync(file('artifact')) ? file('artifact') : path.join(root, 'a.txt'),
    '--bundle',
    file('bundle.sigstore.json'),
  ];
  if (existsSync(file('key.pub'))) args.push('--key', file('key.pub'));
  else {
    const read = (f, fallback) => (existsSync(file(f)) ? readFileSync(file(f), 'utf8').trim() : fallback);
    args.push('--certificate-identity', read('identity', DEFAULT_IDENTITY), '--certificate-oidc-issuer', read('issuer', DEFAULT_ISSUER));
  }
  if (existsSync(file('trusted_root.json'))) args.push('--trusted-root', file('trusted_root.json'));
  let detail = '';
  const io = {
    ...silent,
    stderr: (t) => {
      detail += t;
    },
  };
  const code = await main(args, io);
  const shouldFail = name.endsWith('_fail');
  const ok = shouldFail ? code !== 0 : code === 0;
  if (ok) passed++;
  else mismatches.push(`${name}: expected ${shouldFail ? 'failure' : 'success'}, got exit ${code} ${detail.trim().split('\n')[0] ?? ''}`);
}
console.log(`sigstore-conformance bundle-verify: ${passed} passed, ${cases.length - passed} failed of ${cases.length}`);
for (const line of mismatches) console.log(`  mismatch ${line}`);
