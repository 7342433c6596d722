import { describe, expect, it } from 'vitest';
import { withRecordedFacts } from '../../test/support/recorded-facts.js';
import { testRule } from '../testing/rule-tester.js';
import { inRange, onlineEntries, rangeComparators, versionAffected, vulnerableMatches } from './data/known-vulnerable-actions.js';
import rule from './known-vulnerable-action.js';

const MALICIOUS_TJ = '0e58ed8671d6b60d0890c21b07f8835ace038e67';
const CLEAN_SHA = '2f7c5bfce28377bc069a65ba478de0a74aa0ca32';

testRule(rule, {
  valid: [
    {
      name: 'fixed releases, branches and SHA pins without a version comment',
      files: `on: pull_request_target
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: tj-actions/changed-files@v46
      - uses: tj-actions/changed-files@v46.0.1
      - uses: tj-actions/changed-files@${CLEAN_SHA}
      - uses: tj-actions/changed-files@${CLEAN_SHA} # v46.0.5
      - uses: tj-actions/branch-names@main
      - uses: tj-actions/branch-names@v9
      - uses: actions/download-artifact@v4
      - uses: reviewdog/action-setup@v1.3.0
      - uses: ./.github/actions/changed-files
`,
    },
    {
      name: 'a reusable workflow release after the fix',
      files: `on: pull_request
jobs:
  plan:
    uses: kartverket/github-workflows/.github/workflows/run-terraform.yml@v2.7.5
`,
    },
  ],
  invalid: [
    {
      name: 'pinned to the malicious tj-actions commit',
      files: `on: push
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: tj-actions/changed-files@${MALICIOUS_TJ}
`,
      errors: [{ messageId: 'maliciousCommit', line: 6, column: 15, severity: 'critical', message: 'CVE-2025-30066' }],
    },
    {
      name: 'a tag moved during the March 2025 compromise, which is also an older vulnerable release',
      files: `on: push
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: tj-actions/changed-files@v35
`,
      errors: [
        {
          messageId: 'movedTag',
          line: 6,
          column: 15,
          severity: 'medium',
          message: 'Also affected by GHSA-mcph-m25j-8j63 / CVE-2023-51664',
        },
      ],
    },
    {
      name: 'an action that called the moved reviewdog tag',
      files: `on: pull_request
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: reviewdog/action-shellcheck@v1
`,
      errors: [{ messageId: 'movedTag', line: 6, column: 15, severity: 'medium', message: 'through reviewdog/action-setup@v1' }],
    },
    {
      name: 'branch-name injection reachable by anyone through pull_request_target',
      files: `on: pull_request_target
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: tj-actions/branch-names@v7.0.6
`,
      errors: [
        {
          messageId: 'affectedVersion',
          line: 6,
          column: 15,
          severity: 'high',
          message: 'Fixed in 9.0.0. Also affected by GHSA-gq52-6phf-x2r6',
        },
      ],
    },
    {
      name: 'the same action in a workflow only writers can start is low',
      files: `on: push
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: tj-actions/branch-names@v8
`,
      errors: [{ messageId: 'affectedVersion', line: 6, column: 15, severity: 'low', message: 'CVE-2025-54416' }],
    },
    {
      name: 'a SHA pin whose comment names an affected release',
      files: `on: push
jobs:
  secrets:
    runs-on: ubuntu-latest
    steps:
      - uses: hashicorp/vault-action@${CLEAN_SHA} # v2.1.0
`,
      errors: [{ messageId: 'affectedVersionComment', line: 6, column: 15, severity: 'medium', message: 'calls v2.1.0' }],
    },
    {
      name: 'a vulnerable reusable workflow release, partial tag',
      files: `on: pull_request
jobs:
  plan:
    uses: kartverket/github-workflows/.github/workflows/run-terraform.yml@v2.2
`,
      errors: [{ messageId: 'affectedVersion', line: 4, column: 11, severity: 'low', message: 'CVE-2022-39326' }],
    },
    {
      name: 'inside a composite action',
      files: {
        'action.yml': `name: fetch-secrets
description: reads secrets from Vault
runs:
  using: composite
  steps:
    - uses: hashicorp/vault-action@v2.1.0
`,
      },
      errors: [{ messageId: 'affectedVersion', line: 6, column: 13, severity: 'medium', file: 'action.yml' }],
    },
  ],
});

/**
 * Online: the recorded advisory database answers (test/fixtures/online/github-api.json) name
 * acme/setup-tool >= 2.0.0, < 2.3.1 (and a withdrawn record for < 2.3.1), and repeat the table's
 * tj-actions/changed-files record.
 */
const SETUP_TOOL = `on: pull_request
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/setup-tool@v2.2.0
      - uses: acme/setup-tool@${CLEAN_SHA} # v2.1.4
      - uses: acme/setup-tool/cache@v2.0
`;

testRule(
  rule,
  await withRecordedFacts(rule, {
    valid: [
      {
        name: 'online: fixed releases, a major tag whose line has the fix, releases before the range (only a withdrawn advisory)',
        files: `on: pull_request
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/setup-tool@v2.3.1
      - uses: acme/setup-tool@v1.9.0
      - uses: acme/setup-tool@main
      - uses: acme/setup-tool@v2
`,
      },
      {
        name: 'offline: the database record is not known',
        files: SETUP_TOOL,
        online: undefined,
      },
    ],
    invalid: [
      {
        name: 'online: releases in the advisory range, by tag, by version comment and a sub-path action',
        files: SETUP_TOOL,
        errors: [
          {
            messageId: 'affectedVersion',
            line: 6,
            column: 15,
            severity: 'high',
            message:
              '`acme/setup-tool@v2.2.0` is affected by GHSA-2w7c-9fq3-qq4m: acme/setup-tool writes the registry token to a world-readable file. Fixed in 2.3.1.',
          },
          { messageId: 'affectedVersionComment', line: 7, column: 15, severity: 'high', message: 'comment calls v2.1.4' },
          { messageId: 'affectedVersion', line: 8, column: 15, severity: 'high' },
        ],
      },
      {
        name: 'online: a record the table already holds is reported once, as the table knows it',
        files: `on: push
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: tj-actions/changed-files@v35
`,
        errors: [{ messageId: 'movedTag', line: 6, column: 15, severity: 'medium', message: 'GHSA-mrrh-fwg8-r2c3' }],
      },
    ],
  }),
);

describe('known vulnerable action matching', () => {
  it('reads the advisory database ranges and skips the ones it cannot', () => {
    expect(rangeComparators('>= 2.0.0, < 2.3.1')).toBe('>=2.0.0 <2.3.1');
    expect(rangeComparators('<= 45.0.7')).toBe('<=45.0.7');
    expect(rangeComparators('= 1.0.0')).toBe('=1.0.0');
    expect(rangeComparators('< 2.0.0-beta')).toBeUndefined();
    const fact = { ghsaId: 'GHSA-2w7c-9fq3-qq4m', summary: 'x', severity: 'moderate', url: 'u', action: 'a/b', range: '< 1.2' };
    expect(onlineEntries([fact])).toMatchObject([{ action: 'a/b', affected: { versions: '<1.2' }, severity: 'medium', summary: 'x.' }]);
    expect(onlineEntries([{ ...fact, ghsaId: 'GHSA-MRRH-FWG8-R2C3' }])).toEqual([]);
  });

  it('compares ranges and partial tags', () => {
    expect(inRange([4, 1, 2], '>=4.0.0 <4.1.3')).toBe(true);
    expect(inRange([4, 1, 3], '>=4.0.0 <4.1.3')).toBe(false);
    expect(versionAffected([4], '>=4.0.0 <4.1.3', '4.1.3')).toBe(false);
    expect(versionAffected([40], '<41.0.0', '41.0.0')).toBe(true);
  });

  it('matches only the refs that were moved', () => {
    expect(vulnerableMatches('reviewdog/action-setup', 'v1').map((m) => m.kind)).toEqual(['moved-tag']);
    expect(vulnerableMatches('reviewdog/action-setup', 'main')).toEqual([]);
    expect(vulnerableMatches('tj-actions/changed-files', 'main')).toEqual([]);
    expect(vulnerableMatches('TJ-Actions/Changed-Files', 'v45.0.7')[0]?.kind).toBe('moved-tag');
    expect(vulnerableMatches('aquasecurity/trivy-action', '0.34.2')[0]?.kind).toBe('moved-tag');
    expect(vulnerableMatches('aquasecurity/trivy-action', '0.35.0')).toEqual([]);
  });
});
