import { describe, expect, it } from 'vitest';
import { ActionTable, actionMatches } from './action-names.js';

const ENTRIES = [
  { action: 'Acme/Deploy', includeSubpaths: false, id: 'exact' },
  { action: 'acme/tools', includeSubpaths: true, id: 'tools-any' },
  { action: 'acme/tools/publish', id: 'tools-publish' },
  { action: 'acme/deploy', includeSubpaths: true, id: 'later-duplicate' },
];

describe('ActionTable', () => {
  const table = new ActionTable(ENTRIES);
  it.each([
    ['acme/deploy@v1', 'exact'],
    ['ACME/DEPLOY@main', 'exact'],
    // The first entry in table order wins, as a scan with actionMatches would pick it.
    ['acme/tools/publish@v2', 'tools-any'],
    ['acme/tools/a/b@v2', 'tools-any'],
    ['acme/deploy/sub@v1', 'later-duplicate'],
    ['acme/tool@v1', undefined],
    ['./acme/deploy', undefined],
    ['docker://acme/deploy:1', undefined],
    ['acme', undefined],
  ])('%s -> %s', (uses, id) => {
    expect(table.find(uses)?.id).toBe(id);
    expect(table.find(uses)?.id).toBe(id);
  });

  it('agrees with a scan of the table by actionMatches', () => {
    const samples = ['acme/deploy@v1', 'acme/tools/publish@v2', 'acme/tools@v1', 'acme/deploy/x/y', 'other/thing@v1'];
    for (const uses of samples) {
      const scanned = ENTRIES.find((e) => actionMatches(e.action, uses, e.includeSubpaths));
      expect(table.find(uses)).toBe(scanned);
    }
  });
});
