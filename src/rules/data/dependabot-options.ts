/**
 * Facts about `dependabot.yml` options the dependabot rules read.
 *
 * Sources (GitHub Docs, "Dependabot options reference",
 * https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference):
 * - `insecure-external-code-execution`: supported by `bundler`, `mix` and `pip` only; `allow` lets
 *   Dependabot run code from the manifest while it resolves an update, and that code can reach the
 *   registries the same `updates` entry lists in `registries:` (not the others). Default: deny.
 * - `cooldown`: `default-days`, `semver-major-days`, `semver-minor-days`, `semver-patch-days`
 *   (1 to 90 days) and `include` / `exclude` lists; `default-days` applies to every update the
 *   semver keys do not set; applies to version updates only, never to security updates.
 * - `open-pull-requests-limit: 0` turns version updates off for the entry (security updates go on).
 */
import type { MapNode } from '../../yaml/nodes.js';
import { get, scalarText } from '../../yaml/nodes.js';

/** Ecosystems for which `insecure-external-code-execution` has an effect. */
export const CODE_EXECUTING_ECOSYSTEMS: ReadonlySet<string> = new Set(['bundler', 'mix', 'pip']);

/** Keys of `cooldown:` that set the days for one kind of semver update; `default-days` covers the rest. */
export const SEMVER_DAY_KEYS = ['semver-major-days', 'semver-minor-days', 'semver-patch-days'] as const;

/** `package-ecosystem` of an update entry, lower-cased. */
export function ecosystemOf(update: MapNode): string | undefined {
  return scalarText(get(update, 'package-ecosystem'))?.trim().toLowerCase();
}

/** An entry that only raises security updates (version updates turned off by a zero PR limit). */
export function isSecurityOnly(update: MapNode): boolean {
  return scalarText(get(update, 'open-pull-requests-limit'))?.trim() === '0';
}

/** `package-ecosystem` and `directory` (or `directories`) for messages. */
export function describeUpdate(update: MapNode): string {
  const ecosystem = scalarText(get(update, 'package-ecosystem')) ?? 'unknown ecosystem';
  const directory = scalarText(get(update, 'directory'));
  return directory ? `${ecosystem} in ${directory}` : ecosystem;
}
