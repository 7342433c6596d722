/**
 * Where a scan's time goes, for `scan --timing`: the YAML front end, model building per platform
 * and each rule (with the shell facts it is the first to ask for). Sums of wall time in this
 * thread; the CLI runs a timed scan in one thread so the figures add up.
 */
export class Timings {
  private readonly totals = new Map<string, number>();

  /** Runs `work`, adding its duration to `label`. */
  measure<T>(label: string, work: () => T): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.add(label, performance.now() - started);
    }
  }

  add(label: string, ms: number): void {
    this.totals.set(label, (this.totals.get(label) ?? 0) + ms);
  }

  /** Labels with their milliseconds, the largest first. */
  entries(): [string, number][] {
    return [...this.totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }
}

/** A plain-text table of the largest entries, with their share of the total. */
export function renderTimings(timings: Timings, limit = 25): string {
  const entries = timings.entries();
  const total = entries.reduce((sum, [, ms]) => sum + ms, 0);
  const width = Math.max(5, ...entries.slice(0, limit).map(([label]) => label.length));
  const lines = [`${'phase or rule'.padEnd(width)}  ${'ms'.padStart(8)}  share`];
  for (const [label, ms] of entries.slice(0, limit)) {
    const share = total > 0 ? ((100 * ms) / total).toFixed(1) : '0.0';
    lines.push(`${label.padEnd(width)}  ${ms.toFixed(0).padStart(8)}  ${share.padStart(5)}%`);
  }
  lines.push(`${'total'.padEnd(width)}  ${total.toFixed(0).padStart(8)}`);
  return `${lines.join('\n')}\n`;
}
