/**
 * Worker thread entry of a parallel scan (parallel.ts): analyses the batches of files it is sent
 * with the rules the main thread selected, and answers with plain data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initShellParser } from '../analysis/shell/shell-facts.js';
import type { Finding } from '../model/finding.js';
import { ADAPTERS } from '../platforms/index.js';
import { RULES } from '../rules/index.js';
import { analyseSources, loadAll } from './engine.js';
import { DEFAULT_LOAD_LIMITS } from './load.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './parallel.js';

const setup = workerData as WorkerSetup;
const wanted = new Set(setup.ruleIds);
const rules = RULES.filter((r) => wanted.has(r.meta.id));
const ready = initShellParser();

/** Files a reporter may show a code frame of: where findings sit, point or flow. */
function filesShown(findings: Finding[]): Set<string> {
  const out = new Set<string>();
  for (const finding of findings) {
    out.add(finding.location.file);
    for (const at of finding.related) out.add(at.file);
    for (const at of finding.flow) out.add(at.file);
  }
  return out;
}

parentPort?.on('message', async (message: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    await ready;
    const loaded = loadAll(message.files, setup.loadLimits ?? DEFAULT_LOAD_LIMITS, ADAPTERS);
    const output = analyseSources(loaded.inputs, {
      config: setup.config,
      rules,
      adapters: ADAPTERS,
      yamlLimits: setup.yamlLimits,
      online: setup.online,
      withFixes: setup.withFixes,
    });
    output.result.parseIssues.push(...loaded.issues);
    output.result.stats.filesScanned += loaded.issues.length;
    const shown = filesShown([...output.result.findings, ...output.result.suppressed]);
    const sources = [...output.sources].filter(([file]) => shown.has(file));
    reply = { id: message.id, result: output.result, sources };
  } catch (error) {
    reply = { id: message.id, error: String((error as Error)?.stack ?? error) };
  }
  parentPort?.postMessage(reply);
});
