import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeBash } from './bash-facts.js';
import { initShellParser } from './bash-parser.js';
import { needsDeepAnalysis, quickScanFacts } from './quick-scan.js';
import { maskTemplates } from './template-mask.js';

beforeAll(async () => {
  await initShellParser();
});

const PLAIN = [
  'npm ci\nnpm test',
  'make -j4 build && make check',
  'sudo pip install --user .',
  'cd web; yarn install --frozen-lockfile\nyarn build',
  './gradlew build --no-daemon',
  'FOO=1 cargo test --all # run everything',
  'echo "${{ matrix.os }}"; go test ./...',
  'echo "building $VERSION of" $TARGET # not $THIS',
  "npm publish --tag $TAG 'literal $NOT'",
  'git checkout $HEAD_REF && git log -1',
  'python setup.py sdist; ./scripts/build.sh --fast',
  'env > debug/env.txt\nnpm ls --all 2> npm-errors.log >npm.txt',
  'sort < names.txt >> sorted.txt',
];

describe('quick scan', () => {
  it('takes the fast path only for plain command lists', () => {
    for (const script of PLAIN) expect(needsDeepAnalysis(maskTemplates(script)), script).toBe(false);
    for (const script of [
      'echo "A=1" >> "$GITHUB_ENV"',
      'curl -sSL https://x.example/i.sh | sh',
      'eval "$CMD"',
      'bash <(wget -qO- https://x.example)',
      'echo "$X" | bash',
      'bash -c "$CMD"',
      'node -e "require(1)"',
      'x=$(cat file)',
      'python -c "print(1)"',
      'cat <<EOF\nhi\nEOF',
      'echo ::set-output name=a::b',
      '. ./env.sh',
    ]) {
      expect(needsDeepAnalysis(script), script).toBe(true);
    }
  });

  it('finds the same commands as the full parser on plain scripts', () => {
    for (const script of PLAIN) {
      const masked = maskTemplates(script);
      const quick = quickScanFacts(script, masked, 'bash').commands.map((c) => [c.name, c.args.join(' '), c.end]);
      const deep = analyzeBash(script, masked, 'bash').commands.map((c) => [c.name, c.args.join(' '), c.end]);
      expect(quick, script).toEqual(deep);
      const quickExpansions = quickScanFacts(script, masked, 'bash').expansions;
      expect(quickExpansions, script).toEqual(analyzeBash(script, masked, 'bash').expansions);
    }
  });

  it('reports command spans in the script', () => {
    const script = 'npm ci && npm run build';
    const [first, second] = quickScanFacts(script, script, 'bash').commands;
    expect(script.slice(first?.start, first?.end)).toBe('npm ci');
    expect(script.slice(second?.start, second?.end)).toBe('npm run build');
  });
});
