import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeShell, initShellParser, isShellParserReady, MAX_PARSE_CHARS } from './shell-facts.js';
import { at, spanOf } from './test-support/helpers.js';

beforeAll(async () => {
  await initShellParser();
});

const bash = (s: string) => analyzeShell(s, 'bash');

describe('parser setup', () => {
  it('is ready after init, and init is idempotent', async () => {
    expect(isShellParserReady()).toBe(true);
    await initShellParser();
    await Promise.all([initShellParser(), initShellParser()]);
    expect(bash('true').parsed).toBe(true);
  });
});

describe('env file writes (bash)', () => {
  it('>> "$GITHUB_ENV" with the echoed argument and key', () => {
    const s = 'echo "X=$Y" >> "$GITHUB_ENV"\n';
    const f = bash(s);
    expect(f.parsed).toBe(true);
    expect(f.envFileWrites).toEqual([
      { target: 'GITHUB_ENV', ...at(s, 'echo "X=$Y" >> "$GITHUB_ENV"'), written: [spanOf(s, '"X=$Y"')], names: ['X'] },
    ]);
  });

  it.each([
    ['>> $GITHUB_ENV', 'echo A=1 >> $GITHUB_ENV', 'GITHUB_ENV'],
    ['>>${GITHUB_ENV}', 'echo A=1 >>${GITHUB_ENV}', 'GITHUB_ENV'],
    ['> "${GITHUB_OUTPUT}"', 'echo A=1 > "${GITHUB_OUTPUT}"', 'GITHUB_OUTPUT'],
    ['>> $GITHUB_STATE', 'echo A=1 >> $GITHUB_STATE', 'GITHUB_STATE'],
    ['redirect before the command', '>>"$GITHUB_ENV" echo A=1', 'GITHUB_ENV'],
  ])('%s', (_label, s, target) => {
    const f = bash(s);
    expect(f.envFileWrites).toEqual([{ target, start: 0, end: s.length, written: [spanOf(s, 'A=1')], names: ['A'] }]);
  });

  it('tree-sitter puts args after the redirect into it; they are still written', () => {
    const s = 'echo >> "$GITHUB_ENV" B=2';
    expect(bash(s).envFileWrites[0]).toMatchObject({ written: [spanOf(s, 'B=2')], names: ['B'] });
  });

  it('| tee -a $GITHUB_OUTPUT covers the pipeline; tee args are not written', () => {
    const s = 'echo "sha=$(git rev-parse HEAD)" | tee -a $GITHUB_OUTPUT\n';
    const f = bash(s);
    expect(f.envFileWrites).toEqual([
      {
        target: 'GITHUB_OUTPUT',
        ...at(s, 'echo "sha=$(git rev-parse HEAD)" | tee -a $GITHUB_OUTPUT'),
        written: [spanOf(s, '"sha=$(git rev-parse HEAD)"')],
        names: ['sha'],
      },
    ]);
  });

  it('sudo tee and a trailing > /dev/null', () => {
    const s = 'echo "k=v" | sudo tee -a "$GITHUB_OUTPUT" > /dev/null';
    expect(bash(s).envFileWrites).toEqual([
      { target: 'GITHUB_OUTPUT', start: 0, end: s.length, written: [spanOf(s, '"k=v"')], names: ['k'] },
    ]);
  });

  it('{ ...; } >> "$GITHUB_OUTPUT" reports the whole group with every key', () => {
    const s = 'set -e\n{\n  echo "a=1"\n  echo "b=$B"\n  printf \'c=%s\\n\' "$C"\n} >> "$GITHUB_OUTPUT"\n';
    const f = bash(s);
    expect(f.envFileWrites).toHaveLength(1);
    const w = f.envFileWrites[0];
    expect(w).toMatchObject({ target: 'GITHUB_OUTPUT', start: at(s, '{\n  echo "a=1"').start });
    expect(w?.end).toBe(at(s, '>> "$GITHUB_OUTPUT"').end);
    expect(w?.written).toEqual([spanOf(s, '"a=1"'), spanOf(s, '"b=$B"'), spanOf(s, "'c=%s\\n'"), spanOf(s, '"$C"')]);
    expect(w?.names).toEqual(['a', 'b', 'c']);
  });

  it('cat <<EOF >> $GITHUB_ENV with a heredoc body, multi-line values skipped', () => {
    const s = 'cat <<EOF >> $GITHUB_ENV\nFOO=$BAR\nMSG<<DELIM\nnot=a key\nDELIM\nLAST=1\nEOF\necho done\n';
    const f = bash(s);
    expect(f.envFileWrites).toEqual([
      {
        target: 'GITHUB_ENV',
        start: 0,
        end: at(s, 'LAST=1\nEOF').end,
        written: [spanOf(s, 'FOO=$BAR\nMSG<<DELIM\nnot=a key\nDELIM\nLAST=1\n')],
        names: ['FOO', 'MSG', 'LAST'],
      },
    ]);
  });

  it('cat >> "$GITHUB_OUTPUT" <<\'EOF\' (quoted delimiter, redirect first)', () => {
    const s = 'cat >> "$GITHUB_OUTPUT" <<\'EOF\'\nv=$NOT_EXPANDED\nEOF\n';
    const f = bash(s);
    expect(f.envFileWrites).toEqual([
      { target: 'GITHUB_OUTPUT', start: 0, end: s.length - 1, written: [spanOf(s, 'v=$NOT_EXPANDED\n')], names: ['v'] },
    ]);
    expect(f.expansions.map((x) => x.name)).toEqual(['GITHUB_OUTPUT']);
  });

  it('cat <<EOF | tee -a "$GITHUB_ENV"', () => {
    const s = 'cat <<EOF | tee -a "$GITHUB_ENV"\nX=1\nEOF\n';
    expect(bash(s).envFileWrites).toEqual([
      { target: 'GITHUB_ENV', start: 0, end: s.length - 1, written: [spanOf(s, 'X=1\n')], names: ['X'] },
    ]);
  });

  it('printf to $GITHUB_PATH has no keys; for-loop redirect collects the body', () => {
    const s = 'printf \'%s\\n\' "$HOME/bin" >> $GITHUB_PATH\nfor d in a b; do echo "$d"; done >> "$GITHUB_STEP_SUMMARY"\n';
    const f = bash(s);
    expect(f.envFileWrites).toEqual([
      {
        target: 'GITHUB_PATH',
        ...at(s, 'printf \'%s\\n\' "$HOME/bin" >> $GITHUB_PATH'),
        written: [spanOf(s, "'%s\\n'"), spanOf(s, '"$HOME/bin"')],
        names: [],
      },
      {
        target: 'GITHUB_STEP_SUMMARY',
        ...at(s, 'for d in a b; do echo "$d"; done >> "$GITHUB_STEP_SUMMARY"'),
        written: [spanOf(s, '"$d"')],
        names: [],
      },
    ]);
  });

  it('echo -e with \\n and printf with a %s key', () => {
    const s = 'echo -e "a=1\\nb=2" >> $GITHUB_OUTPUT\nprintf "%s=%s\\n" name "$V" >> $GITHUB_OUTPUT\n';
    const f = bash(s);
    expect(f.envFileWrites.map((w) => w.names)).toEqual([['a', 'b'], ['name']]);
    expect(f.envFileWrites[0]?.written).toEqual([spanOf(s, '"a=1\\nb=2"')]);
  });

  it('herestring into tee', () => {
    const s = 'tee -a "$GITHUB_ENV" <<< "Z=$Q"';
    expect(bash(s).envFileWrites).toEqual([
      { target: 'GITHUB_ENV', start: 0, end: s.length, written: [spanOf(s, '"Z=$Q"')], names: ['Z'] },
    ]);
  });

  it('ignores other files, stderr redirects and reads of the env file', () => {
    const s = 'echo a >> out.txt\necho b 2>> "$GITHUB_ENV"\ncat "$GITHUB_ENV"\nGITHUB_ENV_X=1 env\n';
    expect(bash(s).envFileWrites).toEqual([]);
  });
});

describe('remote execution (bash)', () => {
  it.each([
    ['curl -fsSL https://get.example.com/install.sh | bash', 'https://get.example.com/install.sh'],
    ['curl -sL https://x.example/i | sudo -E bash -s -- --yes', 'https://x.example/i'],
    ['wget -qO- https://x.example/i.sh | sh', 'https://x.example/i.sh'],
    ['curl https://x.example/i.py | python3 -', 'https://x.example/i.py'],
    ['curl -s https://x.example/i.js | node', 'https://x.example/i.js'],
    ['curl -s https://x.example/i.pl | perl', 'https://x.example/i.pl'],
    ['curl -fsSL https://x.example/i | tee install.log | zsh', 'https://x.example/i'],
  ])('pipe-to-shell: %s', (s, url) => {
    expect(bash(s).remoteExecutions).toEqual([{ kind: 'pipe-to-shell', start: 0, end: s.length, text: s, url }]);
  });

  it('process substitution: bash <(curl ...), source <(curl ...), bash < <(wget ...)', () => {
    const s = 'bash <(curl -s https://a.example/x)\nsource <(curl -s https://b.example/y)\nbash < <(wget -O- https://c.example/z)\n';
    expect(bash(s).remoteExecutions).toEqual([
      { kind: 'process-substitution', ...spanOf(s, 'bash <(curl -s https://a.example/x)'), url: 'https://a.example/x' },
      { kind: 'process-substitution', ...spanOf(s, 'source <(curl -s https://b.example/y)'), url: 'https://b.example/y' },
      { kind: 'process-substitution', ...spanOf(s, 'bash < <(wget -O- https://c.example/z)'), url: 'https://c.example/z' },
    ]);
  });

  it('command substitution: bash -c "$(curl)", sh -c "$(wget -O-)", eval "$(curl)", bash <<< "$(curl)"', () => {
    const s = [
      'bash -c "$(curl -fsSL https://a.example/i)"',
      'sh -c "$(wget -O- https://b.example/i)"',
      'eval "$(curl -s https://c.example/env)"',
      'bash <<< "$(curl -s https://d.example/i)"',
    ].join('\n');
    const f = bash(s);
    expect(f.remoteExecutions.map((r) => [r.kind, r.text, r.url])).toEqual([
      ['command-substitution', 'bash -c "$(curl -fsSL https://a.example/i)"', 'https://a.example/i'],
      ['command-substitution', 'sh -c "$(wget -O- https://b.example/i)"', 'https://b.example/i'],
      ['command-substitution', 'eval "$(curl -s https://c.example/env)"', 'https://c.example/env'],
      ['command-substitution', 'bash <<< "$(curl -s https://d.example/i)"', 'https://d.example/i'],
    ]);
    expect(f.remoteExecutions[1]).toMatchObject(at(s, 'sh -c "$(wget -O- https://b.example/i)"'));
  });

  it('download-then-run: curl -o x.sh URL && sh x.sh', () => {
    const s = 'curl -fsSL -o x.sh https://a.example/x.sh && sh x.sh\n';
    expect(bash(s).remoteExecutions).toEqual([
      {
        kind: 'download-then-run',
        ...spanOf(s, 'curl -fsSL -o x.sh https://a.example/x.sh && sh x.sh'),
        url: 'https://a.example/x.sh',
        run: spanOf(s, 'sh x.sh'),
      },
    ]);
  });

  it('download-then-run: curl -LO, chmod +x, ./file on later lines', () => {
    const s = 'curl -LO https://a.example/dl/install.sh\nchmod +x install.sh\n./install.sh --prefix /usr\n';
    expect(bash(s).remoteExecutions).toEqual([
      {
        kind: 'download-then-run',
        ...spanOf(s, 'curl -LO https://a.example/dl/install.sh\nchmod +x install.sh\n./install.sh --prefix /usr'),
        url: 'https://a.example/dl/install.sh',
        run: spanOf(s, './install.sh --prefix /usr'),
      },
    ]);
  });

  it('download-then-run: wget into a variable path, then sudo bash it', () => {
    const s = 'wget -O "$RUNNER_TEMP/setup.sh" https://a.example/setup.sh\nsudo bash "$RUNNER_TEMP/setup.sh"\n';
    expect(bash(s).remoteExecutions.map((r) => r.kind)).toEqual(['download-then-run']);
    const s2 = 'curl -sSL https://a.example/get > get.sh\nbash get.sh\n';
    expect(bash(s2).remoteExecutions.map((r) => [r.kind, r.url])).toEqual([['download-then-run', 'https://a.example/get']]);
  });

  it.each([
    ['sha256sum -c', 'curl -o x.sh https://a.example/x.sh\nsha256sum -c x.sh.sha256\nsh x.sh'],
    ['echo hash | sha256sum --check', 'curl -o x.sh https://a.example/x.sh\necho "abc123  x.sh" | sha256sum --check\nbash x.sh'],
    ['shasum -a 256 -c', 'curl -Lo tool https://a.example/tool\nshasum -a 256 -c tool.sha256\nchmod +x tool\n./tool'],
    ['gpg --verify', 'wget https://a.example/i.sh\ngpg --verify i.sh.asc i.sh\nbash i.sh'],
    ['cosign verify-blob', 'curl -o i.sh https://a.example/i.sh\ncosign verify-blob --signature i.sh.sig i.sh\nsh i.sh'],
    ['compared checksum', 'curl -o i.sh https://a.example/i.sh\n[ "$(sha256sum i.sh | cut -d" " -f1)" = "$SUM" ]\nsh i.sh'],
  ])('verified download is not reported (%s)', (_label, s) => {
    expect(bash(s).remoteExecutions).toEqual([]);
  });

  it('pipe forms are reported even when the script verifies something', () => {
    const s = 'sha256sum -c sums.txt\ncurl -fsSL https://a.example/i | sh\n';
    expect(bash(s).remoteExecutions.map((r) => r.kind)).toEqual(['pipe-to-shell']);
  });

  it.each([
    'curl -o x.sh https://a.example/x.sh',
    'curl -fsSL https://api.example/v1 | jq -r .tag_name',
    'curl -s https://api.example/v1 | python3 -c "import json,sys; print(json.load(sys.stdin))"',
    'curl -fsSL https://a.example/key.gpg | sudo gpg --dearmor -o /usr/share/keyrings/a.gpg',
    'curl -fsSL https://a.example/t.tgz | tar xz',
    'cat install.sh | bash',
    'curl -o other.sh https://a.example/x.sh\nsh x.sh',
    'bash ./scripts/build.sh',
  ])('not remote execution: %s', (s) => {
    expect(bash(s).remoteExecutions).toEqual([]);
  });
});

describe('eval sinks (bash)', () => {
  it('eval, source, ., bash -c, sh -ec, python -c, node -e', () => {
    const s = [
      'eval "$CMD"',
      'source ./env.sh',
      '. "$HOME/.cargo/env"',
      'bash -c "echo $X"',
      "sudo sh -ec 'make install'",
      'python3 -c "print(1)"',
      'node -e "$JS"',
    ].join('\n');
    const f = bash(s);
    const row = (command: string, whole: string, arg: string) => {
      const w = at(s, whole);
      const a = at(s, arg, 0);
      return { command, start: w.start, end: w.end, argStart: a.start, argEnd: a.end };
    };
    expect(f.evalSinks).toEqual([
      row('eval', 'eval "$CMD"', '"$CMD"'),
      row('source', 'source ./env.sh', './env.sh'),
      row('.', '. "$HOME/.cargo/env"', '"$HOME/.cargo/env"'),
      row('bash -c', 'bash -c "echo $X"', '"echo $X"'),
      row('sh -c', "sudo sh -ec 'make install'", "'make install'"),
      row('python3 -c', 'python3 -c "print(1)"', '"print(1)"'),
      row('node -e', 'node -e "$JS"', '"$JS"'),
    ]);
  });

  it('eval with several words spans them all', () => {
    const s = 'eval export "A=$B" C=1';
    expect(bash(s).evalSinks).toEqual([{ command: 'eval', start: 0, end: s.length, argStart: at(s, 'export').start, argEnd: s.length }]);
  });

  it('programs on stdin: heredoc and pipe into an interpreter', () => {
    const s = 'bash <<EOF\necho $INJ\nEOF\necho "$SCRIPT" | sh\n';
    const f = bash(s);
    expect(f.evalSinks).toEqual([
      { command: 'bash <<', ...at(s, 'bash <<EOF\necho $INJ\nEOF'), argStart: at(s, 'echo $INJ').start, argEnd: at(s, 'echo $INJ\n').end },
      { command: '| sh', ...at(s, 'echo "$SCRIPT" | sh'), argStart: at(s, 'echo "$SCRIPT"').start, argEnd: at(s, 'echo "$SCRIPT"').end },
    ]);
    expect(f.expansions.filter((x) => x.inEvalArgument).map((x) => x.name)).toEqual(['INJ', 'SCRIPT']);
  });

  it('bash script.sh and python -m are not eval sinks', () => {
    expect(bash('bash ./build.sh\npython -m pytest\nnode index.js').evalSinks).toEqual([]);
  });
});

describe('expansions (bash)', () => {
  it('quoted and unquoted, with every ${} form', () => {
    const s = 'echo $A "${B}" "x${C:-def}y" ${D#pre} ${#E} ${F[0]} "$G"';
    const f = bash(s);
    const x = (name: string, text: string, quoted: boolean) => ({ name, ...at(s, text), quoted, inEvalArgument: false });
    expect(f.expansions).toEqual([
      x('A', '$A', false),
      x('B', '${B}', true),
      x('C', '${C:-def}', true),
      x('D', '${D#pre}', false),
      x('E', '${#E}', false),
      x('F', '${F[0]}', false),
      x('G', '$G', true),
    ]);
  });

  it('skips positional and special parameters; nested defaults are reported', () => {
    const s = 'echo "$1" $@ $? ${X:-$Y}';
    expect(bash(s).expansions.map((x) => x.name)).toEqual(['X', 'Y']);
  });

  it('inEvalArgument marks expansions inside eval / bash -c arguments only', () => {
    const s = 'echo "$SAFE"; eval "echo $BAD"; bash -c "run $ALSO_BAD" "$NOT_CODE"';
    const f = bash(s);
    expect(f.expansions.map((x) => [x.name, x.inEvalArgument])).toEqual([
      ['SAFE', false],
      ['BAD', true],
      ['ALSO_BAD', true],
      ['NOT_CODE', false],
    ]);
  });

  it('single quotes do not expand; command substitution resets quoting', () => {
    const s = 'echo \'$NO\' "$(echo $INNER)"';
    expect(bash(s).expansions).toEqual([{ name: 'INNER', ...at(s, '$INNER'), quoted: false, inEvalArgument: false }]);
  });

  it('non-ASCII text before keeps UTF-16 offsets', () => {
    const s = 'echo "😀 é" "$AFTER"';
    expect(bash(s).expansions).toEqual([{ name: 'AFTER', ...at(s, '$AFTER'), quoted: true, inEvalArgument: false }]);
  });
});

describe('command uses (bash)', () => {
  it('npm ci, make, ./gradlew build, sudo pip install .', () => {
    const s = 'npm ci\nmake\n./gradlew build --scan\nsudo pip install .\n';
    expect(bash(s).commands).toEqual([
      { name: 'npm', args: ['ci'], ...at(s, 'npm ci') },
      { name: 'make', args: [], ...at(s, 'make') },
      { name: 'gradlew', args: ['build', '--scan'], ...at(s, './gradlew build --scan') },
      { name: 'sudo', args: ['pip', 'install', '.'], ...at(s, 'sudo pip install .') },
      { name: 'pip', args: ['install', '.'], ...at(s, 'pip install .') },
    ]);
  });

  it('literal args are unquoted, dynamic args keep their text; env/time wrappers unwrap', () => {
    const s = 'FOO=1 env -u X BAR=2 python3 -m pip install "req s.txt" \'a b\' "$PKG" x\\ y';
    const f = bash(s);
    expect(f.commands.map((c) => [c.name, c.args])).toEqual([
      ['env', ['-u', 'X', 'BAR=2', 'python3', '-m', 'pip', 'install', 'req s.txt', 'a b', '"$PKG"', 'x y']],
      ['python3', ['-m', 'pip', 'install', 'req s.txt', 'a b', '"$PKG"', 'x y']],
    ]);
    expect(f.commands[0]?.start).toBe(0);
  });

  it('commands inside $( ), pipelines, conditionals and functions', () => {
    const s = 'if command -v jq >/dev/null; then VERSION=$(jq -r .v package.json); fi\nf() { docker build .; }\n';
    expect(bash(s).commands.map((c) => c.name)).toEqual(['command', 'jq', 'docker']);
  });

  it('export/declare are reported by keyword', () => {
    const s = 'export PATH="$HOME/bin:$PATH" CI';
    expect(bash(s).commands).toEqual([{ name: 'export', args: ['PATH="$HOME/bin:$PATH"', 'CI'], start: 0, end: s.length }]);
  });
});

describe('template expressions', () => {
  it('${{ }} inside a double-quoted echo keeps offsets and the original text', () => {
    const s = 'echo "title=${{ github.event.issue.title }}" >> $GITHUB_ENV\necho "$AFTER"\n';
    const f = bash(s);
    expect(f.parsed).toBe(true);
    expect(f.envFileWrites).toEqual([
      {
        target: 'GITHUB_ENV',
        ...at(s, 'echo "title=${{ github.event.issue.title }}" >> $GITHUB_ENV'),
        written: [spanOf(s, '"title=${{ github.event.issue.title }}"')],
        names: ['title'],
      },
    ]);
    expect(f.expansions.map((x) => [x.name, x.start])).toEqual([
      ['GITHUB_ENV', at(s, '$GITHUB_ENV').start],
      ['AFTER', at(s, '$AFTER').start],
    ]);
    expect(f.commands[0]?.args).toEqual(['"title=${{ github.event.issue.title }}"']);
  });

  it('expressions that would break the parser: quotes, braces, multi-line, GitLab $[[ ]]', () => {
    const s = [
      'echo ${{ fromJSON(\'{"a": "}}"}\').a }}',
      'if [ "${{ matrix.os }}" == "linux" ]; then make; fi',
      "run ${{ format('{0}',",
      '  inputs.x) }} --flag',
      'deploy --env $[[ inputs.environment ]] "$TOKEN"',
    ].join('\n');
    const f = bash(s);
    expect(f.parsed).toBe(true);
    // A multi-line expression keeps its line breaks, so its second line reads as its own word.
    expect(f.commands.map((c) => c.name)).toEqual(expect.arrayContaining(['echo', 'make', 'run', 'deploy']));
    expect(f.expansions).toEqual([{ name: 'TOKEN', ...at(s, '$TOKEN'), quoted: true, inEvalArgument: false }]);
    expect(f.commands.at(-1)?.args).toEqual(['--env', '$[[ inputs.environment ]]', '"$TOKEN"']);
  });

  it('an expression used as a command in bash -c is inside the eval argument', () => {
    const s = 'bash -c "${{ inputs.cmd }}"';
    expect(bash(s).evalSinks).toEqual([{ command: 'bash -c', start: 0, end: s.length, argStart: at(s, '"${{').start, argEnd: s.length }]);
  });
});

describe('tree-sitter-bash quirks worked around', () => {
  it('a line after a 3-stage pipeline is not glued onto its last command', () => {
    const s = 'a | grep x | head -30\necho "X=1" >> $GITHUB_ENV\nb | c | d\necho B && cd s\n';
    const f = bash(s);
    expect(f.commands.map((c) => [c.name, c.args])).toEqual([
      ['a', []],
      ['grep', ['x']],
      ['head', ['-30']],
      ['echo', ['X=1']],
      ['b', []],
      ['c', []],
      ['d', []],
      ['echo', ['B']],
      ['cd', ['s']],
    ]);
    expect(f.envFileWrites).toEqual([
      { target: 'GITHUB_ENV', ...at(s, 'echo "X=1" >> $GITHUB_ENV'), written: [spanOf(s, '"X=1"')], names: ['X'] },
    ]);
  });

  it('a redirect after `a && b` belongs to b only', () => {
    const s = 'cd out && echo "A=1" >> $GITHUB_ENV\ncd d && cat <<EOF >> "$GITHUB_OUTPUT"\nk=v\nEOF\n';
    const f = bash(s);
    expect(f.envFileWrites).toEqual([
      { target: 'GITHUB_ENV', ...at(s, 'echo "A=1" >> $GITHUB_ENV'), written: [spanOf(s, '"A=1"')], names: ['A'] },
      { target: 'GITHUB_OUTPUT', start: at(s, 'cat <<EOF').start, end: at(s, 'k=v\nEOF').end, written: [spanOf(s, 'k=v\n')], names: ['k'] },
    ]);
  });

  it('a heredoc program after `cd dir &&` is still an eval sink', () => {
    const s = "cd d && python3 - <<'PY'\nprint(1)\nPY\n";
    expect(bash(s).evalSinks).toEqual([
      {
        command: 'python3 <<',
        start: at(s, 'python3').start,
        end: at(s, 'print(1)\nPY').end,
        argStart: at(s, 'print(1)').start,
        argEnd: at(s, 'print(1)\n').end,
      },
    ]);
  });

  it('nested PowerShell: pwsh -c "iex (iwr ...)" from bash', () => {
    const s = 'pwsh -NoProfile -c "iex (iwr https://a.example/i.ps1)"';
    const f = bash(s);
    expect(f.evalSinks.map((e) => e.command)).toEqual(['pwsh -Command']);
    expect(f.remoteExecutions).toEqual([
      { kind: 'iex', ...spanOf(s, 'iex (iwr https://a.example/i.ps1)'), url: 'https://a.example/i.ps1' },
    ]);
  });
});

describe('syntax errors and limits', () => {
  it('a broken line still yields facts before and after it', () => {
    const s =
      'echo "A=1" >> $GITHUB_ENV\nif [ "$x" = "y" then\ncurl -s https://a.example/i | bash\necho "B=$V" >> "$GITHUB_OUTPUT"\nnpm ci\n';
    const f = bash(s);
    expect(f.parsed).toBe(false);
    expect(f.envFileWrites.map((w) => [w.target, w.names, w.start])).toEqual([
      ['GITHUB_ENV', ['A'], 0],
      ['GITHUB_OUTPUT', ['B'], at(s, 'echo "B=$V"').start],
    ]);
    expect(f.remoteExecutions.map((r) => [r.kind, r.start])).toEqual([['pipe-to-shell', at(s, 'curl -s').start]]);
    expect(f.commands.map((c) => c.name)).toContain('npm');
    expect(f.expansions.filter((x) => x.name === 'V')).toHaveLength(1);
  });

  it('a stray closing token does not lose the rest', () => {
    const s = 'echo ok )\nnpm test\n';
    const f = bash(s);
    expect(f.parsed).toBe(false);
    expect(f.commands.map((c) => c.name)).toContain('npm');
  });

  it('sh uses the same parser and reports its dialect', () => {
    expect(analyzeShell('echo a >> $GITHUB_ENV', 'sh')).toMatchObject({ dialect: 'sh', parsed: true });
  });

  it('oversize scripts fall back to a line scan (parsed=false)', () => {
    const filler = '# padding\n'.repeat(Math.ceil(MAX_PARSE_CHARS / 10));
    const s = `${filler}echo "X=1" >> "$GITHUB_ENV"\ncurl -fsSL https://a.example/i | sudo bash\nnpm ci\n`;
    const f = bash(s);
    expect(f.parsed).toBe(false);
    expect(f.envFileWrites).toEqual([{ target: 'GITHUB_ENV', ...at(s, 'echo "X=1" >> "$GITHUB_ENV"'), written: [], names: [] }]);
    expect(f.remoteExecutions).toEqual([
      { kind: 'pipe-to-shell', ...spanOf(s, 'curl -fsSL https://a.example/i | sudo bash'), url: 'https://a.example/i' },
    ]);
    expect(f.commands).toEqual([]);
  });

  it('empty and comment-only scripts', () => {
    expect(bash('')).toMatchObject({ parsed: true, commands: [], envFileWrites: [] });
    expect(bash('# just a comment\n')).toMatchObject({ parsed: true, commands: [] });
  });
});
