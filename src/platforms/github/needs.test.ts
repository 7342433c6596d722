import { describe, expect, it } from 'vitest';
import { modelOf } from '../../testing/rule-tester.js';

/** The gates of job `report` in a pull_request_target workflow whose jobs are gated as given. */
function reportGates(condition: string): string[] {
  const text = `on:
  pull_request_target:
    types: [closed, labeled]
jobs:
  backport:
    if: github.event.pull_request.merged
    runs-on: ubuntu-latest
    steps:
      - run: ./backport.sh
  backport-ent:
    if: github.event.pull_request.merged && contains(github.event.pull_request.labels.*.name, 'ent')
    runs-on: ubuntu-latest
    steps:
      - run: ./backport.sh ent
  report:
    needs: [backport, backport-ent]
    if: ${condition}
    runs-on: ubuntu-latest
    steps:
      - run: ./notify.sh
`;
  const { pipelines } = modelOf({ '.github/workflows/backport.yml': text });
  return (pipelines[0]?.jobs.find((j) => j.id === 'report')?.gates ?? []).map((g) => `${g.kind}: ${g.note}`);
}

describe('jobs with always() behind needs', () => {
  it.each<[string, string, string[]]>([
    [
      'a failure test on each need joined by ||: one of them ran, the gate they share applies',
      "always() && (needs.backport.result == 'failure' || needs.backport-ent.result == 'failure')",
      ['approval: pull request was merged (a writer accepted its code) (through needs: backport or backport-ent)'],
    ],
    [
      'one need required to have succeeded',
      "always() && needs.backport.result == 'success'",
      ['approval: pull request was merged (a writer accepted its code) (through needs: backport)'],
    ],
    ['always() alone runs whatever the needs did', 'always()', []],
    ["a test for 'skipped' does not mean the need ran", "always() && needs.backport.result == 'skipped'", []],
    ['a test that one branch of || can skip', "always() && (needs.backport.result == 'failure' || github.event.action == 'labeled')", []],
  ])('%s', (_name, condition, gates) => {
    expect(reportGates(condition)).toEqual(gates);
  });
});
