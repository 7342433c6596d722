import { describe, expect, it } from 'vitest';
import { analyzeShell } from './shell-facts.js';
import { at, spanOf } from './test-support/helpers.js';

const pwsh = (s: string) => analyzeShell(s, 'pwsh');

describe('env file writes (pwsh)', () => {
  it('"..." >> $env:GITHUB_ENV', () => {
    const s = '"X=$env:FOO" >> $env:GITHUB_ENV\n';
    expect(pwsh(s).envFileWrites).toEqual([
      { target: 'GITHUB_ENV', ...at(s, '"X=$env:FOO" >> $env:GITHUB_ENV'), written: [spanOf(s, '"X=$env:FOO"')], names: ['X'] },
    ]);
  });

  it('echo ... >> "${env:GITHUB_OUTPUT}" and Write-Output with several values', () => {
    const s = 'echo "a=1" >> "${env:GITHUB_OUTPUT}"\nWrite-Output "b=2" \'c=3\' >> $Env:GITHUB_OUTPUT\n';
    const f = pwsh(s);
    expect(f.envFileWrites.map((w) => [w.target, w.names, w.written.map((x) => x.text)])).toEqual([
      ['GITHUB_OUTPUT', ['a'], ['"a=1"']],
      ['GITHUB_OUTPUT', ['b', 'c'], ['"b=2"', "'c=3'"]],
    ]);
    expect(f.envFileWrites[1]).toMatchObject(at(s, 'Write-Output "b=2" \'c=3\' >> $Env:GITHUB_OUTPUT'));
  });

  it('Add-Content -Path $env:GITHUB_ENV -Value ...', () => {
    const s = 'Add-Content -Path $env:GITHUB_ENV -Value "TAG=${{ github.ref_name }}"';
    expect(pwsh(s).envFileWrites).toEqual([
      { target: 'GITHUB_ENV', start: 0, end: s.length, written: [spanOf(s, '"TAG=${{ github.ref_name }}"')], names: ['TAG'] },
    ]);
  });

  it('Add-Content positional, with a `n separated multi-key value', () => {
    const s = 'Add-Content $env:GITHUB_OUTPUT "z=2`nw=3"';
    expect(pwsh(s).envFileWrites).toEqual([
      { target: 'GITHUB_OUTPUT', start: 0, end: s.length, written: [spanOf(s, '"z=2`nw=3"')], names: ['z', 'w'] },
    ]);
  });

  it('... | Out-File -FilePath $env:GITHUB_OUTPUT -Append covers the pipeline', () => {
    const s = '"version=$v" | Out-File -FilePath $env:GITHUB_OUTPUT -Encoding utf8 -Append';
    expect(pwsh(s).envFileWrites).toEqual([
      { target: 'GITHUB_OUTPUT', start: 0, end: s.length, written: [spanOf(s, '"version=$v"')], names: ['version'] },
    ]);
  });

  it('Set-Content -Path "$env:GITHUB_PATH" with a positional value; Out-File -FilePath:$env:X', () => {
    const s = 'Set-Content -Path "$env:GITHUB_PATH" "C:\\tools"\n"# Title" | Out-File -FilePath:$env:GITHUB_STEP_SUMMARY -Append';
    const f = pwsh(s);
    expect(f.envFileWrites).toEqual([
      {
        target: 'GITHUB_PATH',
        ...at(s, 'Set-Content -Path "$env:GITHUB_PATH" "C:\\tools"'),
        written: [spanOf(s, '"C:\\tools"')],
        names: [],
      },
      {
        target: 'GITHUB_STEP_SUMMARY',
        ...at(s, '"# Title" | Out-File -FilePath:$env:GITHUB_STEP_SUMMARY -Append'),
        written: [spanOf(s, '"# Title"')],
        names: [],
      },
    ]);
  });

  it('[IO.File]::AppendAllText($env:GITHUB_ENV, ...)', () => {
    const s = '[System.IO.File]::AppendAllText($env:GITHUB_ENV, "Q=$env:BAR`n")';
    expect(pwsh(s).envFileWrites).toEqual([
      { target: 'GITHUB_ENV', start: 0, end: s.length, written: [spanOf(s, '"Q=$env:BAR`n"')], names: ['Q'] },
    ]);
  });

  it('here-strings and case-insensitive cmdlets', () => {
    const s = '@"\nA=1\nB=$env:X\n"@ | add-content -path $ENV:GITHUB_ENV';
    expect(pwsh(s).envFileWrites.map((w) => [w.target, w.names, w.start, w.end])).toEqual([['GITHUB_ENV', ['A', 'B'], 0, s.length]]);
  });

  it('ignores other files and reads', () => {
    const s = '"x" >> log.txt\nGet-Content $env:GITHUB_ENV\nAdd-Content -Path out.txt -Value $env:GITHUB_ENV';
    expect(pwsh(s).envFileWrites).toEqual([]);
  });
});

describe('remote execution (pwsh)', () => {
  it.each([
    ['iex (iwr https://a.example/install.ps1 -UseBasicParsing)', 'https://a.example/install.ps1'],
    ["Invoke-Expression (Invoke-WebRequest -Uri 'https://a.example/x.ps1').Content", 'https://a.example/x.ps1'],
    ['iwr https://a.example/i.ps1 | iex', 'https://a.example/i.ps1'],
    ['irm https://a.example/i.ps1 | Invoke-Expression', 'https://a.example/i.ps1'],
    ["(New-Object Net.WebClient).DownloadString('https://a.example/s.ps1') | iex", 'https://a.example/s.ps1'],
    ["iex ((New-Object System.Net.WebClient).DownloadString('https://a.example/s.ps1'))", 'https://a.example/s.ps1'],
    ['$s = irm https://a.example/s.ps1; iex $s', undefined],
  ])('iex: %s', (s, url) => {
    const f = pwsh(s);
    if (url === undefined) {
      // Through a variable: not linked (best effort), but still an eval sink.
      expect(f.evalSinks.map((e) => e.command)).toEqual(['Invoke-Expression']);
      return;
    }
    expect(f.remoteExecutions).toEqual([{ kind: 'iex', start: 0, end: s.length, text: s, url }]);
  });

  it('[scriptblock]::Create((irm ...)) inside a call', () => {
    const s = '& ([scriptblock]::Create((irm https://a.example/x)))';
    const f = pwsh(s);
    expect(f.remoteExecutions).toEqual([
      { kind: 'iex', ...spanOf(s, '[scriptblock]::Create((irm https://a.example/x))'), url: 'https://a.example/x' },
    ]);
    expect(f.evalSinks).toEqual([
      {
        command: '[scriptblock]::Create',
        ...at(s, '[scriptblock]::Create((irm https://a.example/x))'),
        argStart: at(s, '(irm https').start,
        argEnd: at(s, 'a.example/x)').end,
      },
    ]);
  });

  it('download-then-run with -OutFile, unless Get-FileHash checks it', () => {
    const s = 'Invoke-WebRequest -Uri https://a.example/setup.exe -OutFile setup.exe\n& .\\setup.exe /S\n';
    expect(pwsh(s).remoteExecutions).toEqual([
      {
        kind: 'download-then-run',
        ...spanOf(s, 'Invoke-WebRequest -Uri https://a.example/setup.exe -OutFile setup.exe\n& .\\setup.exe /S'),
        url: 'https://a.example/setup.exe',
        run: spanOf(s, '& .\\setup.exe /S'),
      },
    ]);
    const verified = 'iwr https://a.example/x.ps1 -OutFile x.ps1\nif ((Get-FileHash x.ps1).Hash -ne $h) { exit 1 }\n.\\x.ps1\n';
    expect(pwsh(verified).remoteExecutions).toEqual([]);
    const dl = '(New-Object Net.WebClient).DownloadFile("https://a.example/t.ps1", "t.ps1")\n./t.ps1';
    expect(pwsh(dl).remoteExecutions.map((r) => [r.kind, r.url])).toEqual([['download-then-run', 'https://a.example/t.ps1']]);
  });

  it('not remote: a plain download, a REST call parsed as data', () => {
    expect(pwsh('Invoke-WebRequest https://a.example/f.zip -OutFile f.zip\nExpand-Archive f.zip').remoteExecutions).toEqual([]);
    expect(pwsh('$r = Invoke-RestMethod https://api.example/v\nWrite-Host $r.tag').remoteExecutions).toEqual([]);
  });
});

describe('eval sinks, expansions and commands (pwsh)', () => {
  it('Invoke-Expression with an argument, and fed by a pipe', () => {
    const s = 'Invoke-Expression "echo $env:INPUT"\n$code | iex\n';
    const f = pwsh(s);
    expect(f.evalSinks).toEqual([
      {
        command: 'Invoke-Expression',
        ...at(s, 'Invoke-Expression "echo $env:INPUT"'),
        argStart: at(s, '"echo').start,
        argEnd: at(s, '$env:INPUT"').end,
      },
      { command: 'Invoke-Expression', ...at(s, 'iex'), argStart: at(s, '$code').start, argEnd: at(s, '$code').end },
    ]);
    expect(f.expansions).toEqual([{ name: 'INPUT', ...at(s, '$env:INPUT'), quoted: true, inEvalArgument: true }]);
  });

  it('pwsh -Command / bash -c from PowerShell', () => {
    const s = 'pwsh -NoProfile -Command "Get-Date"\nbash -c "make $env:T"';
    expect(pwsh(s).evalSinks.map((e) => [e.command, s.slice(e.argStart, e.argEnd)])).toEqual([
      ['pwsh -Command', '"Get-Date"'],
      ['bash -c', '"make $env:T"'],
    ]);
  });

  it('$env:NAME and ${env:NAME}, quoted or not; single quotes and plain variables are not env expansions', () => {
    const s = 'Write-Host $env:A "${env:B}" "x$($env:C)y" \'$env:NOT\' $notEnv';
    expect(pwsh(s).expansions.map((x) => [x.name, x.quoted, s.slice(x.start, x.end)])).toEqual([
      ['A', false, '$env:A'],
      ['B', true, '${env:B}'],
      ['C', false, '$env:C'],
    ]);
  });

  it('command uses: npm ci, .\\gradlew.bat build, & "tool.exe", keywords skipped', () => {
    const s = 'npm ci\n.\\gradlew.bat build\n& "C:\\bin\\tool.exe" --x\nif ($true) { dotnet test }\n';
    expect(pwsh(s).commands).toEqual([
      { name: 'npm', args: ['ci'], ...at(s, 'npm ci') },
      { name: 'gradlew', args: ['build'], ...at(s, '.\\gradlew.bat build') },
      { name: 'tool', args: ['--x'], ...at(s, '& "C:\\bin\\tool.exe" --x') },
      { name: 'dotnet', args: ['test'], ...at(s, 'dotnet test') },
    ]);
  });

  it('comments, backtick continuations and template placeholders keep offsets', () => {
    const s =
      '# iex (iwr https://ignored)\n<# block\ncomment #>\nnpm `\n  run build ${{ inputs.x }}\n"k=${{ inputs.y }}" >> $env:GITHUB_OUTPUT';
    const f = pwsh(s);
    expect(f.remoteExecutions).toEqual([]);
    expect(f.commands).toEqual([
      { name: 'npm', args: ['run', 'build', '${{ inputs.x }}'], start: at(s, 'npm').start, end: at(s, '${{ inputs.x }}').end },
    ]);
    expect(f.envFileWrites).toEqual([
      {
        target: 'GITHUB_OUTPUT',
        ...at(s, '"k=${{ inputs.y }}" >> $env:GITHUB_OUTPUT'),
        written: [spanOf(s, '"k=${{ inputs.y }}"')],
        names: ['k'],
      },
    ]);
  });

  it('powershell dialect uses the same scanner', () => {
    expect(analyzeShell('iwr https://a.example/i | iex', 'powershell').remoteExecutions.map((r) => r.kind)).toEqual(['iex']);
  });
});
