import { describe, expect, it } from 'vitest';
import type { Location } from '../model/finding.js';
import { FrameSource, rulesById } from './code-frame.js';
import { CI, CI_TEXT, locate, RULES, runResult, SECRET_FINDING } from './test-support/fixture.js';

const source = new FrameSource(new Map([[CI, CI_TEXT]]), runResult({ findings: [], suppressed: [] }), rulesById(RULES));
const at = (line: number, column: number, endLine = line, endColumn = column + 1): Location => ({
  file: CI,
  line,
  column,
  endLine,
  endColumn,
  startOffset: 0,
  endOffset: 0,
});

describe('FrameSource.frame', () => {
  it.each([
    // [location, extent, line numbers shown, mark start, mark end]
    [at(11, 15, 11, 55), { before: 2, after: 2 }, [9, 10, 11, 12], 14, 54],
    [at(1, 1, 1, 5), { before: 2, after: 1 }, [1, 2], 0, 4],
    [at(12, 1, 12, 1), { before: 0, after: 3 }, [12], 0, 1],
    [at(3, 3, 5, 2), { before: 0, after: 0 }, [3], 2, 22],
    // A column past the end of `    runs-on: ubuntu-latest` (26 characters) marks one place after it.
    [at(6, 40, 6, 50), { before: 1, after: 0 }, [5, 6], 26, 27],
  ])('%j with %j shows lines %j marked %i..%i', (location, extent, numbers, markStart, markEnd) => {
    const frame = source.frame(location, extent);
    expect(frame?.lines.map((l) => l.number)).toEqual(numbers);
    expect(frame?.markedLine).toBe(location.line);
    expect([frame?.markStart, frame?.markEnd]).toEqual([markStart, markEnd]);
  });

  it('has no frame for an unknown file or a line outside it', () => {
    expect(source.frame({ ...at(1, 1), file: 'missing.yml' }, { before: 2, after: 2 })).toBeUndefined();
    expect(source.frame(at(13, 1), { before: 2, after: 2 })).toBeUndefined();
    expect(source.frame(at(0, 1), { before: 2, after: 2 })).toBeUndefined();
  });

  it('masks secret spans of suppressed findings too, in frames of other locations', () => {
    const text = 'env:\n  TOKEN: abcdefghijkl\n';
    const secret = { ...SECRET_FINDING, location: locate('s.yml', text, 'abcdefghijkl') };
    const frames = new FrameSource(new Map([['s.yml', text]]), runResult({ findings: [], suppressed: [secret] }), rulesById(RULES));
    const frame = frames.frame(locate('s.yml', text, 'env'), { before: 0, after: 1 });
    expect(frame?.lines.map((l) => l.text)).toEqual(['env:', '  TOKEN: abcd********']);
  });
});
