/**
 * The remote actions and reusable workflows of `scan --online`, parsed beside the scanned files so
 * that the cross-file analyses (taint through inputs, callee jobs) see into them. Only those the
 * scanned pipelines name are added; each is parsed as GitHub content from its fetched text, never
 * run, and its own problems are not the user's (parse issues are dropped; a definition that does
 * not parse is simply not followed).
 */
import { definitionKey, type OnlineFacts } from '../model/online-facts.js';
import type { Pipeline, SourceFile } from '../model/types.js';
import type { PlatformAdapter } from '../platforms/platform.js';
import { parseYaml, type YamlLimits } from '../yaml/parse.js';
import { memoryFiles } from './repository-files.js';

/** Levels of remote definitions followed (a remote action calling another repository's action). */
export const REMOTE_DEPTH = 2;

/**
 * The fetched definitions the pipelines call, and those these call in turn (REMOTE_DEPTH levels),
 * parsed: the files (for code frames of flows) and their pipelines.
 */
export function remoteDefinitionsFor(
  pipelines: readonly Pipeline[],
  online: OnlineFacts | undefined,
  adapters: readonly PlatformAdapter[],
  yamlLimits: YamlLimits,
): { files: SourceFile[]; pipelines: Pipeline[] } {
  const files: SourceFile[] = [];
  const parsed: Pipeline[] = [];
  const seen = new Set<string>();
  let frontier = pipelines;
  for (let level = 0; level < REMOTE_DEPTH && frontier.length; level++) {
    const fresh = remoteFilesFor(frontier, online).filter((f) => f.remote && !seen.has(f.remote.key));
    for (const file of fresh) if (file.remote) seen.add(file.remote.key);
    frontier = parseRemoteFiles(fresh, adapters, yamlLimits);
    files.push(...fresh);
    parsed.push(...frontier);
  }
  return { files, pipelines: parsed };
}

/** The fetched definitions the pipelines' `uses:` name, as source files marked remote. */
export function remoteFilesFor(pipelines: readonly Pipeline[], online: OnlineFacts | undefined): SourceFile[] {
  const definitions = online?.definitions;
  if (!definitions) return [];
  const out = new Map<string, SourceFile>();
  for (const pipeline of pipelines) {
    for (const reference of pipeline.references) {
      if (reference.isLocal || !reference.owner || !reference.repo || !reference.ref) continue;
      if (reference.kind !== 'action' && reference.kind !== 'reusable-workflow') continue;
      const key = definitionKey(reference.owner, reference.repo, reference.path, reference.ref);
      const definition = definitions[key];
      if (!definition || out.has(key)) continue;
      out.set(key, {
        path: definition.url,
        text: definition.text,
        remote: { key, repository: definition.repository, sha: definition.sha },
      });
    }
  }
  return [...out.values()];
}

export function parseRemoteFiles(files: readonly SourceFile[], adapters: readonly PlatformAdapter[], yamlLimits: YamlLimits): Pipeline[] {
  const github = adapters.find((a) => a.id === 'github');
  if (!github || files.length === 0) return [];
  const pipelines: Pipeline[] = [];
  const none = memoryFiles([]);
  for (const file of files) {
    const parsed = parseYaml(file.text, yamlLimits);
    if (parsed.problems.some((p) => p.fatal)) continue;
    const match = github.matchExplicit(file.path, parsed.documents);
    if (!match || match.kind === 'dependabot') continue;
    try {
      pipelines.push(...github.parse(file, match.kind, parsed.documents, { files: none, yamlLimits }).pipelines);
    } catch {
      // Someone else's file the adapter cannot read is not followed; the scan of the user's goes on.
    }
  }
  return pipelines;
}
