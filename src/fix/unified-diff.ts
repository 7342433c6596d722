/**
 * Unified diff of two versions of a file (what `fix --dry-run` prints), three lines of context.
 * Fixes change a few lines of a file, so the common head and tail are cut first and only the
 * changed middle goes through a longest-common-subsequence table (bounded: past the bound the
 * middle is shown as replaced whole, which is still a correct diff).
 */

const CONTEXT = 3;
const MAX_TABLE_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

function diffMiddle(a: string[], b: string[]): Op[] {
  if (a.length * b.length > MAX_TABLE_CELLS) {
    return [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))];
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] as number) + 1
          : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] as string });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || (lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number))) {
      ops.push({ kind: '-', line: a[i] as string });
      i++;
    } else {
      ops.push({ kind: '+', line: b[j] as string });
      j++;
    }
  }
  return ops;
}

/** An empty string when nothing changed. */
export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: Op[] = [
    ...a.slice(0, head).map((line) => ({ kind: ' ' as const, line })),
    ...diffMiddle(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...a.slice(a.length - tail).map((line) => ({ kind: ' ' as const, line })),
  ];
  // Only the final-newline state differs: show the last line as changed.
  if (ops.every((op) => op.kind === ' ') && ops.length > 0) {
    const last = ops.pop() as Op;
    ops.push({ kind: '-', line: last.line }, { kind: '+', line: last.line });
  }
  const missingBreak = { a: !before.endsWith('\n') && a.length > 0, b: !after.endsWith('\n') && b.length > 0 };
  const out = [`--- a/${file}`, `+++ b/${file}`];
  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  let k = 0;
  while (k < changed.length) {
    const first = changed[k] as number;
    let last = first;
    while (k + 1 < changed.length && (changed[k + 1] as number) - last <= 2 * CONTEXT) last = changed[++k] as number;
    k++;
    const from = Math.max(0, first - CONTEXT);
    const to = Math.min(ops.length, last + CONTEXT + 1);
    let aLine = 0;
    let bLine = 0;
    for (const op of ops.slice(0, from)) {
      if (op.kind !== '+') aLine++;
      if (op.kind !== '-') bLine++;
    }
    const hunk = ops.slice(from, to);
    const aCount = hunk.filter((op) => op.kind !== '+').length;
    const bCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${aCount ? aLine + 1 : aLine},${aCount} +${bCount ? bLine + 1 : bLine},${bCount} @@`);
    let aSeen = aLine;
    let bSeen = bLine;
    for (const op of hunk) {
      out.push(`${op.kind}${op.line}`);
      if (op.kind !== '+') aSeen++;
      if (op.kind !== '-') bSeen++;
      const endsA = op.kind !== '+' && aSeen === a.length && missingBreak.a;
      const endsB = op.kind !== '-' && bSeen === b.length && missingBreak.b;
      if ((op.kind === ' ' && (endsA || endsB)) || (op.kind === '-' && endsA) || (op.kind === '+' && endsB)) {
        out.push('\\ No newline at end of file');
      }
    }
  }
  return `${out.join('\n')}\n`;
}
