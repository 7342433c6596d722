/** Maps UTF-16 offsets to 1-based lines and columns (columns count UTF-16 code units, from 1). */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - (this.starts[lo] as number) + 1 };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] as number;
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line < this.starts.length ? (this.starts[line] as number) - 1 : this.text.length;
    return this.text.slice(start, next).replace(/\r$/, '');
  }
}
