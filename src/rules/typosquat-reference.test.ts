import { describe, expect, it } from 'vitest';
import { testRule } from '../testing/rule-tester.js';
import rule, { imitatedOwner, singleSlip } from './typosquat-reference.js';

const SHA = '8e5e7e5ab8b370d6c329ec480221332ada57f0ab';

const steps = (...uses: string[]) => `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
${uses.map((u) => `      - uses: ${u}\n`).join('')}`;

testRule(rule, {
  valid: [
    {
      name: 'popular owners as written, in any case',
      files: steps(`actions/checkout@${SHA}`, `Docker/login-action@${SHA}`, `AWS-Actions/configure-aws-credentials@${SHA}`),
    },
    {
      name: 'a misspelt repository under the right owner does not run anyone else’s code',
      files: steps(`actions/chekout@${SHA}`, `docker/login-acton@${SHA}`),
    },
    {
      name: 'unrelated owners, owners two edits away, and one edit from a short owner',
      files: steps(`example/setup-tool@${SHA}`, `dcoekr/login-action@${SHA}`, `helmx/chart-action@${SHA}`, `pnpx/setup@${SHA}`),
    },
    {
      name: 'local actions, images and dynamic references',
      files: steps('./.github/actions/acti0ns', 'docker://dokcer/image:1.0', '${{ matrix.action }}'),
    },
  ],
  invalid: [
    {
      name: 'a dropped character',
      files: steps(`action/checkout@${SHA}`),
      errors: [
        {
          messageId: 'typosquat',
          line: 6,
          column: 15,
          severity: 'high',
          message: "from 'action', which differs from the popular publisher 'actions' by a missing character",
        },
      ],
    },
    {
      name: 'swapped, added and lookalike characters, in reusable workflows too',
      files: `on: pull_request
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: dokcer/setup-buildx-action@${SHA} # v3
      - name: Set up Python
        uses: "acti0ns/setup-python@${SHA}"
      - uses: peter-evanss/create-pull-request@v7
  release:
    uses: goreleaser-/workflows/.github/workflows/release.yml@${SHA}
`,
      errors: [
        {
          messageId: 'typosquat',
          line: 6,
          column: 15,
          message: "'dokcer', which differs from the popular publisher 'docker' by two swapped characters",
        },
        {
          messageId: 'typosquat',
          line: 8,
          column: 16,
          message: "'acti0ns', which differs from the popular publisher 'actions' by lookalike characters",
        },
        {
          messageId: 'typosquat',
          line: 9,
          column: 15,
          message: "'peter-evanss', which differs from the popular publisher 'peter-evans' by an extra character",
        },
        {
          messageId: 'typosquat',
          line: 11,
          column: 11,
          message: "'goreleaser-', which differs from the popular publisher 'goreleaser' by an extra character",
        },
      ],
    },
    {
      name: 'composite action steps',
      files: {
        'action.yml': `name: Setup
description: Sets up the toolchain
runs:
  using: composite
  steps:
    - uses: astra1-sh/setup-uv@${SHA}
`,
      },
      errors: [
        {
          messageId: 'typosquat',
          line: 6,
          column: 13,
          message: "'astra1-sh', which differs from the popular publisher 'astral-sh' by lookalike characters",
        },
      ],
    },
  ],
});

describe('singleSlip', () => {
  it('names the one edit between two names, and nothing for more', () => {
    expect(singleSlip('actions', 'actions')).toBeUndefined();
    expect(singleSlip('actons', 'actions')).toBe('a missing character');
    expect(singleSlip('actionss', 'actions')).toBe('an extra character');
    expect(singleSlip('actiona', 'actions')).toBe('a changed character');
    expect(singleSlip('atcions', 'actions')).toBe('two swapped characters');
    expect(singleSlip('atcinos', 'actions')).toBeUndefined();
    expect(singleSlip('act', 'actions')).toBeUndefined();
  });

  it('folds lookalikes and skips the table’s own owners', () => {
    expect(imitatedOwner('rnicrosoft')).toEqual({ intended: 'microsoft', how: 'lookalike characters' });
    expect(imitatedOwner('GitHub')).toBeUndefined();
    expect(imitatedOwner('tj-actions')).toBeUndefined();
  });
});
