/**
 * Orders for outputs that must be byte-identical on every machine: by UTF-16 code unit, never by
 * `localeCompare`, whose result follows the locale of the environment.
 */
import type { Pipeline } from '../model/types.js';

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pipelines by file path, then id: the order of every output that lists them. */
export function inFileOrder(pipelines: readonly Pipeline[]): Pipeline[] {
  return [...pipelines].sort((a, b) => compareText(a.file.path, b.file.path) || compareText(a.id, b.id));
}
