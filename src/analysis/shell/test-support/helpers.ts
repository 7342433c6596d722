/** Offset helpers for the shell tests: spans are located with indexOf, never typed in by hand. */

export interface At {
  start: number;
  end: number;
}

/** Span of the `nth` (0-based) occurrence of `needle` in `script`; throws if absent. */
export function at(script: string, needle: string, nth = 0): At {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = script.indexOf(needle, i + 1);
    if (i === -1) throw new Error(`needle not found: ${JSON.stringify(needle)} (#${nth})`);
  }
  return { start: i, end: i + needle.length };
}

/** `{ start, end, text }` of a needle, as reported in `written` spans. */
export function spanOf(script: string, needle: string, nth = 0): { start: number; end: number; text: string } {
  const a = at(script, needle, nth);
  return { ...a, text: needle };
}
