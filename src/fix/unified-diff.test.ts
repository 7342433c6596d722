import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified-diff.js';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a.yml', 'x\n', 'x\n')).toBe('');
  });

  it('shows an insertion with three lines of context', () => {
    const before = `${lines(10).join('\n')}\n`;
    const after = before.replace('line 5\n', 'line 5\ninserted\n');
    expect(unifiedDiff('w.yml', before, after)).toBe(
      [
        '--- a/w.yml',
        '+++ b/w.yml',
        '@@ -3,6 +3,7 @@',
        ' line 3',
        ' line 4',
        ' line 5',
        '+inserted',
        ' line 6',
        ' line 7',
        ' line 8',
        '',
      ].join('\n'),
    );
  });

  it('splits distant changes into hunks and joins close ones', () => {
    const before = `${lines(20).join('\n')}\n`;
    const after = before.replace('line 2\n', 'two\n').replace('line 18\n', '').replace('line 4\n', 'four\n');
    expect(unifiedDiff('w.yml', before, after)).toBe(
      [
        '--- a/w.yml',
        '+++ b/w.yml',
        '@@ -1,7 +1,7 @@',
        ' line 1',
        '-line 2',
        '+two',
        ' line 3',
        '-line 4',
        '+four',
        ' line 5',
        ' line 6',
        ' line 7',
        '@@ -15,6 +15,5 @@',
        ' line 15',
        ' line 16',
        ' line 17',
        '-line 18',
        ' line 19',
        ' line 20',
        '',
      ].join('\n'),
    );
  });

  it('marks a missing final line break', () => {
    expect(unifiedDiff('w.yml', 'a\nb', 'a\nc')).toBe(
      [
        '--- a/w.yml',
        '+++ b/w.yml',
        '@@ -1,2 +1,2 @@',
        ' a',
        '-b',
        '\\ No newline at end of file',
        '+c',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    );
  });
});
