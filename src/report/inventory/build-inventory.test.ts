import { describe, expect, it } from 'vitest';
import { emptyConfig } from '../../config/config.js';
import { analyseSources } from '../../engine/engine.js';
import { ADAPTERS } from '../../platforms/index.js';
import { buildInventory } from './build-inventory.js';

const WORKFLOW = `on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ secrets.AB }} \${{ secrets.A_B }} \${{ secrets.A1 }}"
  deploy:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ secrets.DEPLOY }}"
`;

describe('buildInventory', () => {
  it('lists secrets by lowest trust (a pull request: anyone), then by code unit', () => {
    const inputs = [{ file: { path: '.github/workflows/ci.yml', text: WORKFLOW }, explicit: false }];
    const { pipelines } = analyseSources(inputs, { config: emptyConfig(), rules: [], adapters: ADAPTERS });
    const secrets = buildInventory(pipelines).secrets.map((s) => [s.secret, s.lowestTrust]);
    // By locale (en) the order would be A_B, A1, AB.
    expect(secrets).toEqual([
      ['A1', 0],
      ['AB', 0],
      ['A_B', 0],
      ['DEPLOY', 2],
    ]);
  });
});
