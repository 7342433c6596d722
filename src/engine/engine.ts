/**
 * The scan pipeline: discover -> load -> parse -> model -> run rules -> resolve locations ->
 * suppress -> filter -> sort. A crashing rule or adapter is recorded and the run goes on.
 */
import { availableParallelism } from 'node:os';
import { Project } from '../analysis/project.js';
import { initShellParser } from '../analysis/shell/shell-facts.js';
import type { Config } from '../config/config.js';
import { confidenceRank, type Finding, type ParseIssue, type RunResult, severityRank, type ToolError } from '../model/finding.js';
import type { OnlineFacts } from '../model/online-facts.js';
import type { PinLock } from '../model/pin-lock.js';
import type { Pipeline, SourceFile } from '../model/types.js';
import type { FileKindMatch, PlatformAdapter } from '../platforms/platform.js';
import type { Rule } from '../rules/define-rule.js';
import { LineIndex } from '../yaml/line-index.js';
import { DEFAULT_YAML_LIMITS, parseYaml, type YamlLimits } from '../yaml/parse.js';
import { type DiscoveredFile, discover, type WantsPath } from './discover.js';
import { analyseInWorkers } from './parallel.js';
import { ResultMerger } from './merge.js';
import { groupIntoUnits } from './units.js';
import { DEFAULT_LOAD_LIMITS, type LoadLimits, loadFile } from './load.js';
import { diskFiles, memoryFiles } from './repository-files.js';
import type { RepositoryFiles } from '../platforms/platform.js';
import { remoteDefinitionsFor } from './remote-definitions.js';
import { applySuppressions } from './suppress.js';
import { runRules } from './run-rules.js';
import type { Timings } from './timings.js';
import { compareFindings } from './sort.js';

export interface EngineOptions {
  paths: string[];
  cwd: string;
  config: Config;
  rules: Rule[];
  adapters: PlatformAdapter[];
  loadLimits?: LoadLimits;
  yamlLimits?: YamlLimits;
  /**
   * Analyse independent repositories of the tree on this many worker threads (default 1: in this
   * thread); 'auto' uses the cores when the tree is big enough to repay starting them. The
   * pipelines of a parallel scan stay in the workers (ScanOutput.pipelines is empty).
   */
  workers?: number | 'auto';
  /**
   * Return the pipelines of an in-thread scan in ScanOutput.pipelines (default true); false lets
   * each repository's model go as soon as its findings are out.
   */
  keepPipelines?: boolean;
  /** Pins from `pipewarden.lock`, which rules use to offer offline fixes. */
  pins?: PinLock;
  /** Facts from the GitHub API (`scan --online`); rules that need them are skipped without. */
  online?: OnlineFacts;
  /** Build the fixes findings offer (default true); false when the report never shows them. */
  withFixes?: boolean;
  /** Collects where the time goes (`scan --timing`); only an in-thread scan fills it. */
  timings?: Timings;
}

/** Below this many files a scan is over before worker threads would have started. */
const MIN_FILES_FOR_WORKERS = 200;
const MAX_AUTO_WORKERS = 4;
/** The worker entry point; only the build has one (tests running the sources stay in-process). */
const WORKER_MODULE = import.meta.url.endsWith('.js') ? new URL('./scan-worker.js', import.meta.url) : undefined;

function workerCount(requested: EngineOptions['workers'], files: number): number {
  if (requested === 'auto') return files >= MIN_FILES_FOR_WORKERS ? Math.min(availableParallelism(), MAX_AUTO_WORKERS) : 1;
  return Math.max(1, Math.floor(requested ?? 1));
}

export interface ScanOutput {
  result: RunResult;
  /** Display path -> text, for reporters' code frames and the fixer. */
  sources: Map<string, string>;
  pipelines: Pipeline[];
}

export async function scan(options: EngineOptions): Promise<ScanOutput> {
  const started = performance.now();
  const discovery = await discover(options.paths, options.cwd, wantedBy(options.adapters));
  const workers = workerCount(options.workers, discovery.files.length);
  const units = groupIntoUnits(discovery.files);
  const output =
    workers > 1 && units.length > 1 && WORKER_MODULE
      ? await analyseInWorkers(units, { ...options, workers, workerModule: WORKER_MODULE })
      : await analyseUnitsInThread(units, options);
  output.result.parseIssues.push(...discovery.issues);
  output.result.parseIssues.sort(compareIssues);
  output.result.stats.durationMs = Math.round(performance.now() - started);
  return output;
}

/**
 * Analyses the units one after another, so each repository's model can be dropped as soon as its
 * findings are out (unless the caller asked for the pipelines) and project-wide lookups stay
 * within one repository.
 */
async function analyseUnitsInThread(units: DiscoveredFile[][], options: EngineOptions): Promise<ScanOutput> {
  await initShellParser();
  const merged = new ResultMerger();
  const pipelines: Pipeline[] = [];
  for (const unit of units) {
    const loaded = loadAll(unit, options.loadLimits ?? DEFAULT_LOAD_LIMITS, options.adapters);
    const output = analyseSources(loaded.inputs, options);
    output.result.parseIssues.push(...loaded.issues);
    // A file that could not be read was still looked at.
    output.result.stats.filesScanned += loaded.issues.length;
    merged.add(output.result, output.sources);
    if (options.keepPipelines !== false) pipelines.push(...output.pipelines);
  }
  return { result: merged.finish(), sources: merged.sources, pipelines };
}

/** Paths the adapters take while walking a tree (`candidate` when only the text can tell). */
export function wantedBy(adapters: readonly PlatformAdapter[]): WantsPath {
  return (path) => {
    const hit = pathMatch(path, adapters);
    return hit ? (hit.match.speculative ? 'candidate' : true) : false;
  };
}

/** The first adapter that claims a path while walking a tree, with its match. */
/**
 * The first adapter that takes the file by its path. With the text, a speculative match the
 * adapter's text test refuses passes the file on to the next adapter (a YAML file under
 * `.gitlab-ci/` may still be Tekton's).
 */
export function pathMatch(
  path: string,
  adapters: readonly PlatformAdapter[],
  text?: string,
): { adapter: PlatformAdapter; match: FileKindMatch } | undefined {
  for (const adapter of adapters) {
    const match = adapter.matchPath(path);
    if (!match) continue;
    if (text !== undefined && match.speculative && !adapter.claimsText?.(path, text)) continue;
    return { adapter, match };
  }
  return undefined;
}

/**
 * Reads the files in turn (see loadFile for why synchronously). A file that is only a candidate
 * by its path (any YAML, for Tekton) and cannot be read is not a pipeline anyone named: its
 * problem is dropped rather than reported.
 */
export function loadAll(
  files: readonly DiscoveredFile[],
  limits: LoadLimits,
  adapters: readonly PlatformAdapter[] = [],
): { inputs: SourceInput[]; issues: ParseIssue[] } {
  const inputs: SourceInput[] = [];
  const issues: ParseIssue[] = [];
  const readers = new Map<string, RepositoryFiles>();
  for (const found of files) {
    const result = loadFile(found.absolutePath, found.displayPath, limits);
    if (!result.ok) {
      if (found.explicit || !pathMatch(found.displayPath, adapters)?.match.speculative) issues.push(result.issue);
      continue;
    }
    let reader: RepositoryFiles | undefined;
    if (found.base !== undefined && found.containment !== undefined) {
      const key = `${found.base}\0${found.containment}`;
      reader = readers.get(key) ?? diskFiles(found.base, found.containment, limits);
      readers.set(key, reader);
    }
    inputs.push({ file: { path: found.displayPath, text: result.text }, explicit: found.explicit, files: reader });
  }
  return { inputs, issues };
}

export function compareIssues(a: ParseIssue, b: ParseIssue): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

export interface SourceInput {
  file: SourceFile;
  /** Named explicitly by the user: kind inferred from name and content. */
  explicit: boolean;
  /** Other files of its tree an adapter may read (local includes); default: the other inputs. */
  files?: RepositoryFiles;
}

/** Analyses files already in memory (used by scan and by the rule tests). */
export function analyseSources(inputs: SourceInput[], options: Omit<EngineOptions, 'paths' | 'cwd'>): ScanOutput {
  const started = performance.now();
  const parseIssues: ParseIssue[] = [];
  const toolErrors: ToolError[] = [];
  const sources = new Map<string, string>();
  const pipelines: Pipeline[] = [];
  const yamlLimits = options.yamlLimits ?? DEFAULT_YAML_LIMITS;
  let inMemory: RepositoryFiles | undefined;
  let skipped = 0;
  const timings = options.timings;
  // Files some pipeline pulled in (GitLab local includes), and what candidates by path alone gave:
  // a fragment that a root includes is analysed as part of that root, not a second time alone.
  const pulledIn = new Set<string>();
  const candidates: { path: string; pipelines: Pipeline[]; issues: ParseIssue[] }[] = [];
  for (const { file, explicit, files } of inputs) {
    // A candidate by path only (any YAML for Tekton) is analysed when its text is that platform's.
    const byPath = explicit ? undefined : pathMatch(file.path, options.adapters, file.text);
    if (!explicit && !byPath) {
      skipped++;
      continue;
    }
    const lines = new LineIndex(file.text);
    const parsed = timings ? timings.measure('yaml', () => parseYaml(file.text, yamlLimits)) : parseYaml(file.text, yamlLimits);
    let fatal = false;
    for (const problem of parsed.problems) {
      const at = lines.position(problem.offset);
      fatal ||= problem.fatal;
      parseIssues.push({
        file: file.path,
        line: at.line,
        column: at.column,
        message: problem.message,
        code: problem.code,
        level: problem.fatal ? 'error' : 'warning',
      });
    }
    if (fatal) continue;
    let claimed = false;
    for (const adapter of byPath ? [byPath.adapter] : options.adapters) {
      const match = explicit ? adapter.matchExplicit(file.path, parsed.documents) : byPath?.match;
      if (!match) continue;
      claimed = true;
      sources.set(file.path, file.text);
      try {
        inMemory ??= files ? undefined : memoryFiles(inputs.map((i) => i.file));
        const parse = () => adapter.parse(file, match.kind, parsed.documents, { files: files ?? inMemory, yamlLimits });
        const out = timings ? timings.measure(`model ${adapter.id}`, parse) : parse();
        for (const extra of out.files ?? []) {
          if (!sources.has(extra.path)) sources.set(extra.path, extra.text);
          if (extra.path !== file.path) pulledIn.add(extra.path);
        }
        if (match.speculative) candidates.push({ path: file.path, pipelines: out.pipelines, issues: out.issues });
        pipelines.push(...out.pipelines);
        parseIssues.push(...out.issues);
      } catch (error) {
        toolErrors.push({ code: 'PLATFORM_CRASHED', message: String((error as Error)?.stack ?? error), file: file.path });
      }
      break;
    }
    if (!claimed && explicit) {
      parseIssues.push({
        file: file.path,
        line: 1,
        column: 1,
        code: 'UNKNOWN_KIND',
        message: 'not recognised as a pipeline definition of a supported platform',
        level: 'warning',
      });
    }
  }

  const twice = candidates.filter((c) => pulledIn.has(c.path));
  if (twice.length > 0) {
    const drop = new Set<unknown>(twice.flatMap((c) => [...c.pipelines, ...c.issues]));
    pipelines.splice(0, pipelines.length, ...pipelines.filter((p) => !drop.has(p)));
    parseIssues.splice(0, parseIssues.length, ...parseIssues.filter((i) => !drop.has(i)));
  }

  // With --online: the other repositories' actions and workflows these pipelines call.
  const remote = remoteDefinitionsFor(pipelines, options.online, options.adapters, yamlLimits);
  const remotePipelines = remote.pipelines;
  for (const file of remote.files) sources.set(file.path, file.text);
  const localCount = pipelines.length;
  pipelines.push(...remotePipelines);
  for (const adapter of options.adapters) {
    try {
      adapter.link?.(pipelines);
    } catch (error) {
      toolErrors.push({ code: 'PLATFORM_CRASHED', message: String((error as Error)?.stack ?? error) });
    }
  }
  const project = new Project(pipelines);
  const raw = runRules(options.rules, project, options.config, toolErrors, {
    pins: options.pins,
    online: options.online,
    withFixes: options.withFixes,
    timings,
  });
  const { kept, suppressed } = applySuppressions(raw, sources, options.config);
  const minSeverity = options.config.minSeverity;
  const minConfidence = options.config.minConfidence;
  const findings = kept
    .filter((f) => !minSeverity || severityRank(f.severity) >= severityRank(minSeverity))
    .filter((f) => !minConfidence || confidenceRank(f.confidence) >= confidenceRank(minConfidence))
    .sort(compareFindings);
  suppressed.sort(compareFindings);
  parseIssues.sort(compareIssues);
  const result: RunResult = {
    findings,
    suppressed,
    parseIssues,
    toolErrors,
    analysed: analysedFiles(pipelines),
    stats: {
      filesScanned: inputs.length - skipped,
      pipelines: localCount,
      findings: findings.length,
      suppressed: suppressed.length,
      durationMs: Math.round(performance.now() - started),
    },
  };
  return { result, sources, pipelines: pipelines.slice(0, localCount) };
}

/** One entry per pipeline file (a multi-document file may hold several pipelines). */
function analysedFiles(pipelines: readonly Pipeline[]): RunResult['analysed'] {
  const seen = new Set<string>();
  const out: RunResult['analysed'] = [];
  for (const pipeline of pipelines) {
    if (pipeline.file.remote || seen.has(pipeline.file.path)) continue;
    seen.add(pipeline.file.path);
    out.push({ file: pipeline.file.path, platform: pipeline.platform });
  }
  return out;
}

export type { Finding };
