import { describe, expect, it } from 'vitest';
import { applyEdits, editsCollide, mapOffset } from './text-edits.js';

describe('text edits', () => {
  it('applies edits in any order of the input', () => {
    expect(
      applyEdits('abcdef', [
        { start: 4, end: 5, text: 'E' },
        { start: 0, end: 1, text: 'AA' },
        { start: 2, end: 2, text: '+' },
      ]),
    ).toBe('AAb+cdEf');
    expect(() =>
      applyEdits('abc', [
        { start: 0, end: 2, text: '' },
        { start: 1, end: 3, text: '' },
      ]),
    ).toThrow(/overlaps/);
  });

  it.each([
    [{ start: 0, end: 3 }, { start: 2, end: 5 }, true],
    [{ start: 0, end: 3 }, { start: 3, end: 5 }, false],
    [{ start: 2, end: 2 }, { start: 2, end: 2 }, true],
    [{ start: 2, end: 2 }, { start: 0, end: 2 }, false],
    [{ start: 1, end: 1 }, { start: 0, end: 2 }, true],
  ])('%o and %o collide: %s', (a, b, expected) => {
    expect(editsCollide({ ...a, text: 'x' }, { ...b, text: 'y' })).toBe(expected);
    expect(editsCollide({ ...b, text: 'y' }, { ...a, text: 'x' })).toBe(expected);
  });

  it('follows offsets through insertions, deletions and replacements', () => {
    const edits = [
      { start: 2, end: 2, text: 'XX' },
      { start: 5, end: 8, text: '' },
      { start: 10, end: 12, text: 'LONGER' },
    ];
    expect(mapOffset(1, edits)).toBe(1);
    expect(mapOffset(2, edits)).toBe(4);
    expect(mapOffset(2, edits, 'end')).toBe(2);
    expect(mapOffset(9, edits)).toBe(8);
    expect(mapOffset(11, edits)).toBe(9);
    expect(mapOffset(11, edits, 'end')).toBe(15);
    expect(mapOffset(14, edits)).toBe(17);
  });
});
