/**
 * Runs independent units of a scan (see units.ts) on worker threads and merges what they find.
 * Each worker loads, parses and analyses its files itself, so only file names go in and only
 * findings (plain data) and the text of the files they point into come back.
 */
import { Worker } from 'node:worker_threads';
import type { RunResult } from '../model/finding.js';
import type { DiscoveredFile } from './discover.js';
import type { EngineOptions, ScanOutput } from './engine.js';
import { ResultMerger } from './merge.js';

/** What the main thread hands a worker once, when it starts. */
export interface WorkerSetup {
  ruleIds: string[];
  config: EngineOptions['config'];
  loadLimits?: EngineOptions['loadLimits'];
  yamlLimits?: EngineOptions['yamlLimits'];
  online?: EngineOptions['online'];
  withFixes?: EngineOptions['withFixes'];
}

export interface WorkerRequest {
  id: number;
  files: DiscoveredFile[];
}

export type WorkerReply = { id: number; result: RunResult; sources: [string, string][] } | { id: number; error: string };

/** Units are sent in batches of about this many files, so small repositories share a message. */
const BATCH_FILES = 48;

function batches(units: DiscoveredFile[][]): DiscoveredFile[][] {
  const out: DiscoveredFile[][] = [];
  let current: DiscoveredFile[] = [];
  for (const unit of units) {
    if (current.length > 0 && current.length + unit.length > BATCH_FILES) {
      out.push(current);
      current = [];
    }
    current.push(...unit);
  }
  if (current.length > 0) out.push(current);
  // Largest first: a big repository started last would leave the other threads idle.
  return out.sort((a, b) => b.length - a.length);
}

type ParallelOptions = Omit<EngineOptions, 'paths' | 'cwd'> & { workers: number; workerModule: URL };

export async function analyseInWorkers(units: DiscoveredFile[][], options: ParallelOptions): Promise<ScanOutput> {
  const queue = batches(units);
  const setup: WorkerSetup = {
    ruleIds: options.rules.map((r) => r.meta.id),
    config: options.config,
    loadLimits: options.loadLimits,
    yamlLimits: options.yamlLimits,
    online: options.online,
    withFixes: options.withFixes,
  };
  const merged = new ResultMerger();
  const count = Math.min(options.workers, queue.length);

  await Promise.all(
    Array.from({ length: count }, async () => {
      const worker = new Worker(options.workerModule, { workerData: setup });
      try {
        for (let batch = queue.shift(); batch; batch = queue.shift()) {
          const reply = await request(worker, { id: 0, files: batch });
          if ('error' in reply) merged.addToolError({ code: 'INTERNAL', message: reply.error, file: batch[0]?.displayPath });
          else merged.add(reply.result, reply.sources);
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  return { result: merged.finish(), sources: merged.sources, pipelines: [] };
}

function request(worker: Worker, message: WorkerRequest): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: WorkerReply) => {
      worker.off('error', onError);
      resolve(reply);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(message);
  });
}
