import { describe, expect, it } from 'vitest';
import { clean } from './visible-text.js';

describe('clean', () => {
  it('keeps tabs and printable text, replaces controls one for one', () => {
    expect(clean('a\tb')).toBe('a\tb');
    expect(clean('\u0000\u001f\u007f\u0085\u2066')).toBe('\u2400\u241f\u2421\uFFFD\uFFFD');
    expect(clean('héllo ✓')).toBe('héllo ✓');
  });
});
