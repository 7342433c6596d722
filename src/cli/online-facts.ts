/**
 * The online part of `scan`: with `--online`, the facts the selected rules read, gathered from the
 * GitHub API for the references of the scanned pipelines; without it, one notice naming the rules
 * that were skipped. Problems are told on stderr and never stop the scan: a rule without its fact
 * reports nothing.
 */
import type { Config } from '../config/config.js';
import { UsageError } from '../engine/discover.js';
import { scan } from '../engine/engine.js';
import type { RunResult } from '../model/finding.js';
import type { OnlineFactKind, OnlineFacts } from '../model/online-facts.js';
import { type CollectedFacts, collectFacts } from '../online/collect-facts.js';
import type { GithubApi } from '../online/github-api.js';
import { parseRemoteFiles, REMOTE_DEPTH } from '../engine/remote-definitions.js';
import { DEFAULT_YAML_LIMITS } from '../yaml/parse.js';
import { ADAPTERS } from '../platforms/index.js';
import type { Rule } from '../rules/define-rule.js';
import type { CliIO } from './io.js';
import { githubApiFor, type OnlineFlags } from './online-options.js';

/**
 * The one line an offline scan of GitHub pipelines says about the online rules it did not run;
 * undefined when there is nothing to say.
 */
export function offlineNotice(rules: readonly Rule[], online: boolean | undefined, result: RunResult): string | undefined {
  if (online) return undefined;
  const skipped = rules.filter((r) => r.meta.network).map((r) => r.meta.id);
  if (!skipped.length || !result.analysed.some((a) => a.platform === 'github')) return undefined;
  return `pipewarden: ${skipped.length} online rule(s) not run (${skipped.join(', ')}); use --online to run them\n`;
}

/** Gaps listed one by one up to this many, then counted. */
const GAPS_SHOWN = 10;

export async function onlineFactsFor(
  targets: string[],
  rules: readonly Rule[],
  config: Config,
  flags: OnlineFlags & { online?: boolean },
  io: CliIO,
): Promise<OnlineFacts | undefined> {
  if (!flags.online) {
    if (flags.githubUrl !== undefined || flags.cacheDir !== undefined)
      throw new UsageError('--github-url and --cache-dir only apply with --online');
    return undefined;
  }
  // The remote actions and workflows in use are fetched for every online scan: the cross-file
  // analyses of all rules follow flows into them.
  const kinds = new Set<OnlineFactKind>(['definitions', ...rules.flatMap((r) => r.meta.online ?? [])]);
  const api = githubApiFor(flags, io);
  const model = await scan({ paths: targets, cwd: io.cwd, config, rules: [], adapters: ADAPTERS });
  const collected = await collectFacts(
    api,
    model.pipelines.flatMap((p) => p.references),
    kinds,
  );
  await followDefinitions(api, collected);
  // When the API stopped answering, that one message says it all; the gaps follow from it.
  if (collected.stopped) io.stderr(`pipewarden: ${collected.stopped}\n`);
  else {
    for (const gap of collected.gaps.slice(0, GAPS_SHOWN)) io.stderr(`pipewarden: online: ${gap}\n`);
    if (collected.gaps.length > GAPS_SHOWN)
      io.stderr(`pipewarden: online: ${collected.gaps.length - GAPS_SHOWN} more fact(s) could not be learned\n`);
  }
  return collected.facts;
}

/**
 * The definitions the fetched ones call in turn, down to the depth the engine follows: each level's
 * fetched files are parsed (never run) for their `uses:`, and those not fetched yet are fetched.
 */
export async function followDefinitions(api: GithubApi, collected: CollectedFacts): Promise<void> {
  const definitions = collected.facts.definitions ?? {};
  let fresh = Object.values(definitions);
  for (let level = 1; level < REMOTE_DEPTH && fresh.length && !collected.stopped; level++) {
    const files = fresh.map((d) => ({ path: d.url, text: d.text, remote: { key: d.key, repository: d.repository, sha: d.sha } }));
    const references = parseRemoteFiles(files, ADAPTERS, DEFAULT_YAML_LIMITS).flatMap((p) => p.references);
    const next = await collectFacts(api, references, new Set(['definitions']));
    fresh = Object.values(next.facts.definitions ?? {}).filter((d) => !definitions[d.key]);
    for (const definition of fresh) definitions[definition.key] = definition;
    collected.gaps.push(...next.gaps);
    collected.stopped ??= next.stopped;
  }
  collected.facts.definitions = definitions;
}
