/**
 * Online facts for tests, gathered the way `scan --online` gathers them: the real client and
 * collector against the local replay of recorded GitHub API answers
 * (test/fixtures/online/github-api.json). Nothing reaches the internet.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OnlineFactKind, OnlineFacts } from '../../src/model/online-facts.js';
import { emptyConfig } from '../../src/config/config.js';
import { analyseSources } from '../../src/engine/engine.js';
import { followDefinitions } from '../../src/cli/online-facts.js';
import { collectFacts } from '../../src/online/collect-facts.js';
import { GithubApi } from '../../src/online/github-api.js';
import { ADAPTERS } from '../../src/platforms/index.js';
import type { Rule } from '../../src/rules/define-rule.js';
import { type CaseFiles, type InvalidCase, modelOf, type ValidCase } from '../../src/testing/rule-tester.js';
import { type Answer, startReplay } from './github-replay.js';

const RECORDED = path.join(import.meta.dirname, '../fixtures/online/github-api.json');

export function recordedAnswers(): Record<string, Answer> {
  return (JSON.parse(readFileSync(RECORDED, 'utf8')) as { answers: Record<string, Answer> }).answers;
}

/**
 * The facts of the recorded API about the references in these files (`explicit`: named by the
 * user, kind told by content, as the fixture and doc-example tests analyse them).
 */
export async function recordedFacts(files: readonly CaseFiles[], kinds: readonly OnlineFactKind[], explicit = false): Promise<OnlineFacts> {
  const models = files.map((f) =>
    explicit && typeof f !== 'string'
      ? analyseSources(
          Object.entries(f).map(([path, text]) => ({ file: { path, text }, explicit: true })),
          { config: emptyConfig(), rules: [], adapters: ADAPTERS },
        )
      : modelOf(f),
  );
  const references = models.flatMap((m) => m.pipelines.flatMap((p) => p.references));
  const replay = await startReplay(recordedAnswers());
  try {
    const api = new GithubApi({ apiUrl: replay.url });
    const collected = await collectFacts(api, references, new Set(kinds));
    // As scan --online does: the definitions the fetched ones call are fetched too.
    if (kinds.includes('definitions')) await followDefinitions(api, collected);
    if (collected.stopped) throw new Error(collected.stopped);
    return collected.facts;
  } finally {
    await replay.close();
  }
}

type Table = { valid: ValidCase[]; invalid: InvalidCase[] };

/** The table with the recorded facts on every case that does not say `online: undefined` itself. */
export async function withRecordedFacts(rule: Rule, table: Table): Promise<Table> {
  const cases = [...table.valid, ...table.invalid].filter((c) => !('online' in c));
  const facts = await recordedFacts(
    cases.map((c) => c.files),
    rule.meta.online ?? [],
  );
  const fill = <T extends ValidCase>(c: T): T => ('online' in c ? c : { ...c, online: facts });
  return { valid: table.valid.map(fill), invalid: table.invalid.map(fill) };
}
