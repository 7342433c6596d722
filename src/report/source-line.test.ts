import { describe, expect, it } from 'vitest';
import { lineOf } from './source-line.js';

const FILE = { path: 'ci.yml', text: 'a: 1\r\nb:\n\n  - c\n' };

describe('lineOf', () => {
  it.each([
    [0, 1],
    [4, 1], // the \r
    [5, 1], // the \n ends its line
    [6, 2],
    [8, 2],
    [9, 3], // the empty line
    [10, 4],
    [15, 4],
    [16, 5],
    [99, 5],
  ])('offset %i is on line %i', (offset, line) => {
    expect(lineOf(FILE, offset)).toBe(line);
  });

  it('indexes each file on its own', () => {
    expect(lineOf({ path: 'x.yml', text: 'x\ny\n' }, 2)).toBe(2);
    expect(lineOf(FILE, 2)).toBe(1);
  });
});
