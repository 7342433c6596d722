/**
 * Folds the results of independent units of a scan (see units.ts) into one, whether the units ran
 * one after another in this thread or on worker threads.
 */
import type { RunResult } from '../model/finding.js';
import { compareFindings } from './sort.js';

export class ResultMerger {
  private readonly result: RunResult = {
    findings: [],
    suppressed: [],
    parseIssues: [],
    toolErrors: [],
    analysed: [],
    stats: { filesScanned: 0, pipelines: 0, findings: 0, suppressed: 0, durationMs: 0 },
  };
  readonly sources = new Map<string, string>();

  add(part: RunResult, sources: Iterable<[string, string]>): void {
    this.result.findings.push(...part.findings);
    this.result.suppressed.push(...part.suppressed);
    this.result.parseIssues.push(...part.parseIssues);
    this.result.toolErrors.push(...part.toolErrors);
    this.result.analysed.push(...part.analysed);
    this.result.stats.pipelines += part.stats.pipelines;
    this.result.stats.filesScanned += part.stats.filesScanned;
    for (const [file, text] of sources) this.sources.set(file, text);
  }

  addToolError(error: RunResult['toolErrors'][number]): void {
    this.result.toolErrors.push(error);
  }

  /** The merged result, findings in the deterministic order; the duration is the caller's. */
  finish(): RunResult {
    const { result } = this;
    result.findings.sort(compareFindings);
    result.suppressed.sort(compareFindings);
    result.stats.findings = result.findings.length;
    result.stats.suppressed = result.suppressed.length;
    return result;
  }
}
