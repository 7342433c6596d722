import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeBash } from './bash-facts.js';
import { initShellParser } from './bash-parser.js';
import { needsDeepAnalysis, quickScanFacts } from './quick-scan.js';
import { maskTemplates } from './template-mask.js';
import type { ShellFacts } from './types.js';

beforeAll(async () => {
  await initShellParser();
});

/** Scripts the fast path takes, each giving exactly the full parser's facts. */
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
  // Quoted segments joined into one word; assignments before the command are part of it.
  "make CC=gcc REDIS_CFLAGS='-Werror -DREDIS_TEST'",
  "CFLAGS='-Werror' ./runtest --verbose ${{ github.event.inputs.args }}",
  'sudo -E env "PATH=$PATH" make test',
  'export PGDATA=db PGPORT=5432\nunset -v OLD\nreadonly X',
  'set -euo pipefail\ngit fetch origin main\nnpm run lint -- --fix',
  'apt-get install -y \\\n  make \\\n  gcc',
  'echo "a \\"quoted\\" \\$NOT" \'it\'"s" mixed\\ word',
  'go test ./... 2>&1 | tee test.log',
  'node scripts/check.js & wait',
  'make build || echo failed',
  'echo "::add-mask::$TOKEN"; echo $RUNNER_OS $ACTIONS_STEP_DEBUG',
  'cat file | sort | uniq -c |& tee out',
  'A=1 B=2\nnpm test',
  // Braced names are plain expansions too.
  'echo ${FOO} "${BAR}x" a${B}c',
  'docker push "$REGISTRY/${IMAGE_NAME}:${VERSION}"',
  // echo and printf redirected to an env file, the one env-file form the fast path models.
  'echo "version=$V" >> "$GITHUB_OUTPUT"',
  'echo -n "a=1" >> $GITHUB_ENV\nnpm test',
  'echo "$HOME/.local/bin" >> ${GITHUB_PATH}',
  'FOO=bar echo "a=1" 1>> $GITHUB_ENV',
  'printf "%s=%s\\n" name "$VALUE" >> "$GITHUB_OUTPUT"',
  'make && echo "ok=true" >> $GITHUB_OUTPUT',
  'echo "## Report" > $GITHUB_STEP_SUMMARY',
];

/** Scripts the fast path leaves to the full parser. */
const NOT_PLAIN = [
  'echo "A=1" | tee -a "$GITHUB_ENV"',
  'cat $GITHUB_OUTPUT',
  'echo "GITHUB_ENV is $GITHUB_ENV" >> log',
  'sudo echo "a=1" >> $GITHUB_ENV',
  'echo "a=1" >> $GITHUB_ENV 2> err',
  'echo "a=1" 2>> $GITHUB_ENV',
  'printf -v x "a=1" >> $GITHUB_ENV',
  'jq -r .x file >> $GITHUB_ENV',
  'curl -sSL https://x.example/i.sh | sh',
  'eval "$CMD"',
  'bash <(wget -qO- https://x.example)',
  'echo "$X" | bash',
  'bash -c "$CMD"',
  'sudo -u ci python3 -c "print(1)"',
  'node -e "require(1)"',
  'x=$(cat file)',
  'cat <<EOF\nhi\nEOF',
  '. ./env.sh',
  'source ./env.sh',
  'wget https://x.example/a.tgz',
  'if [ -f x ]; then make; fi',
  '[ -z "$X" ] && exit 1',
  'for f in *.txt; do cat $f; done',
  '(cd sub && make)',
  '{ echo a; echo b; } > out',
  'echo ${VAR:-default}',
  'echo ${#VAR} ${VAR[0]} ${!REF}',
  'echo ${_}',
  'echo $1 $@',
  'echo `date`',
  'make > log extra-arg',
  'echo unterminated "quote',
  'make \\\n',
  '& .venv\\Scripts\\python.exe --version',
  'case $x in a) ;; esac',
];

function comparable(facts: ShellFacts) {
  const { envFileWrites, remoteExecutions, evalSinks, expansions, commands, parsed } = facts;
  return { envFileWrites, remoteExecutions, evalSinks, expansions, commands, parsed };
}

describe('quick scan', () => {
  it.each(PLAIN)('gives the full parser facts for %j', (script) => {
    const masked = maskTemplates(script);
    expect(needsDeepAnalysis(masked)).toBe(false);
    const quick = quickScanFacts(script, masked, 'bash');
    expect(quick).toBeDefined();
    expect(comparable(quick as ShellFacts)).toEqual(comparable(analyzeBash(script, masked, 'bash')));
  });

  it.each(NOT_PLAIN)('leaves %j to the full parser', (script) => {
    const masked = maskTemplates(script);
    expect(needsDeepAnalysis(masked) || quickScanFacts(script, masked, 'bash') === undefined).toBe(true);
  });

  it('reads words the way bash does where tree-sitter-bash splits them', () => {
    // tree-sitter-bash 0.25 ends a word at `$` after `/` (`$A/$B` becomes two words).
    const script = 'cp target/$TARGET/$PROFILE/uv out';
    const quick = quickScanFacts(script, script, 'bash') as ShellFacts;
    expect(quick.commands).toEqual([{ name: 'cp', args: ['target/$TARGET/$PROFILE/uv', 'out'], start: 0, end: script.length }]);
    expect(quick.expansions.map((x) => [x.name, x.start, x.end])).toEqual([
      ['TARGET', 10, 17],
      ['PROFILE', 18, 26],
    ]);
  });

  it('reports command spans in the script', () => {
    const script = 'npm ci && npm run build';
    const [first, second] = (quickScanFacts(script, script, 'bash') as ShellFacts).commands;
    expect(script.slice(first?.start, first?.end)).toBe('npm ci');
    expect(script.slice(second?.start, second?.end)).toBe('npm run build');
  });
});
