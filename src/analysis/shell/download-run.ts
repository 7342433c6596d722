/**
 * Best-effort "download, then run the file" detection within one script. The
 * dialect scanners emit steps in document order; a run of a path that an
 * earlier step downloaded is reported unless a verification step (checksum
 * check, signature verification) happened in between.
 */
import { normalizePath } from './command-semantics.js';
import type { RemoteExecution } from './types.js';

export type TrackedStep =
  | { kind: 'download'; file: string; url?: string; start: number; end: number }
  | { kind: 'verify'; start: number; end: number }
  | { kind: 'run'; file: string; start: number; end: number };

interface Pending {
  url?: string;
  start: number;
  /** Index of the download step; a verification at a later index covers it. */
  at: number;
  verified: boolean;
}

export function detectDownloadThenRun(steps: TrackedStep[], script: string, caseInsensitive: boolean): RemoteExecution[] {
  const out: RemoteExecution[] = [];
  if (steps.length === 0) return out;
  const downloads = new Map<string, Pending>();
  let lastVerify = -1;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as TrackedStep;
    if (step.kind === 'verify') {
      lastVerify = i;
      continue;
    }
    const file = normalizePath(step.file, caseInsensitive);
    if (!file) continue;
    if (step.kind === 'download') {
      const p: Pending = { start: step.start, at: i, verified: false };
      if (step.url !== undefined) p.url = step.url;
      downloads.set(file, p);
      continue;
    }
    // A run of exactly the downloaded path (after normalisation: quotes, `./`, `\`).
    const hit = downloads.get(file);
    if (!hit || hit.verified || lastVerify > hit.at) continue;
    const r: RemoteExecution = {
      kind: 'download-then-run',
      start: hit.start,
      end: step.end,
      text: script.slice(hit.start, step.end),
      run: { start: step.start, end: step.end, text: script.slice(step.start, step.end) },
    };
    if (hit.url !== undefined) r.url = hit.url;
    out.push(r);
    // One report per download.
    hit.verified = true;
  }
  return out;
}
