/**
 * `pipewarden fix` and `scan --fix` end to end on a temporary copy of the example repository:
 * the fixed files still parse, fewer findings remain, a second run changes nothing, a dry run
 * writes nothing and prints a diff that `patch` would take.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseYaml } from '../../src/yaml/parse.js';
import { captureIO } from '../support/capture-io.js';

const EXAMPLE = path.join(import.meta.dirname, '../../examples/vulnerable-repo');
const WORKFLOWS = '.github/workflows';

let tree: string;

function readTree(): Record<string, string> {
  const dir = path.join(tree, WORKFLOWS);
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

async function findingCount(): Promise<number> {
  const io = captureIO(tree);
  await main(['scan', '.', '--format', 'json'], io);
  return JSON.parse(io.out()).findings.length;
}

beforeEach(() => {
  tree = mkdtempSync(path.join(tmpdir(), 'pw-fix-'));
  cpSync(EXAMPLE, tree, { recursive: true });
});

afterEach(() => rmSync(tree, { recursive: true, force: true }));

describe('pipewarden fix', () => {
  it('fixes the example repository: files still parse, fewer findings, a second run changes nothing', async () => {
    const before = await findingCount();
    const io = captureIO(tree);
    const code = await main(['fix', '.'], io);
    expect(code).toBe(1); // findings without a fix remain
    expect(io.out()).toContain('fixed .github/workflows/pr-build.yml (1 fix)');
    expect(io.out()).toMatch(/line \d+ {2}credential-persistence {2}Set `persist-credentials: false` on the checkout/);
    const fixed = readTree();
    for (const [name, text] of Object.entries(fixed)) {
      expect(
        parseYaml(text).problems.filter((p) => p.fatal),
        name,
      ).toEqual([]);
    }
    const after = await findingCount();
    expect(after).toBeLessThan(before);

    const again = captureIO(tree);
    await main(['fix', '.', '--unsafe'], again);
    const second = readTree();
    await main(['fix', '.', '--unsafe'], captureIO(tree));
    expect(readTree()).toEqual(second);
    expect(await findingCount()).toBeLessThanOrEqual(after);
    const third = captureIO(tree);
    await main(['fix', '.'], third);
    expect(third.out()).toMatch(/^0 fixes in 0 files; \d+ findings remain\.\n$/);
  });

  it('--dry-run prints a unified diff on stdout and writes nothing', async () => {
    const original = readTree();
    const io = captureIO(tree);
    await main(['fix', '.', '--dry-run', '--rule', 'credential-persistence'], io);
    expect(readTree()).toEqual(original);
    expect(io.out()).toContain(
      [
        '--- a/.github/workflows/pr-build.yml',
        '+++ b/.github/workflows/pr-build.yml',
        '@@ -13,6 +13,7 @@',
        '       - uses: actions/checkout@v4',
        '         with:',
        '           ref: ${{ github.event.pull_request.head.sha }}',
        '+          persist-credentials: false',
      ].join('\n'),
    );
    expect(io.err()).toContain('(dry run: nothing written)');
  });

  it('--rule fixes only the findings of those rules, and rejects unknown rules', async () => {
    const io = captureIO(tree);
    await main(['fix', '.', '--rule', 'insecure-commands'], io);
    expect(io.out()).not.toContain('credential-persistence');
    const bad = captureIO(tree);
    expect(await main(['fix', '.', '--rule', 'no-such-rule'], bad)).toBe(2);
    expect(bad.err()).toContain('unknown rule "no-such-rule"');
  });

  it('scan --fix fixes first and reports what remains', async () => {
    const io = captureIO(tree);
    const code = await main(['scan', '.', '--fix', '--format', 'json'], io);
    expect(code).toBe(1);
    expect(io.err()).toContain('fixed .github/workflows/pr-build.yml');
    const report = JSON.parse(io.out());
    expect(report.findings.length).toBe(await findingCount());
    const safelyFixable = report.findings.filter((f: { fixes: { safety: string }[] }) => f.fixes.some((x) => x.safety === 'safe'));
    expect(safelyFixable).toEqual([]);
  });

  it('--unsafe on scan needs --fix', async () => {
    const io = captureIO(tree);
    expect(await main(['scan', '.', '--unsafe'], io)).toBe(2);
    expect(io.err()).toContain('--unsafe only applies with --fix');
  });
});

// A realistic triage workflow with one finding for every fix (and a local reusable workflow and a
// lock to pin from): `fix --unsafe` gives exactly this text (so nothing outside the edits moves),
// a scan then finds nothing, and a second run changes nothing.
const TRIAGE = `# Triage new issues and label pull requests.
name: Triage

on:
  issues:
    types: [opened, edited]
  pull_request_target:
    types: [opened, synchronize]

env:
  RUNNER_DEBUG: 1 # noisy, remove later
  TZ: Europe/Tallinn

jobs:
  greet:
    if: \${{ github.event_name == 'issues' }} && \${{ github.event.action == 'opened' }}
    runs-on: ubuntu-latest
    env:
      ACTIONS_ALLOW_UNSECURE_COMMANDS: true
    steps:
      - uses: actions/checkout@v4
      - name: Say hello
        run: |
          echo "New issue: \${{ github.event.issue.title }}"
          echo "TITLE=\${{ github.event.issue.title }}" >> "$GITHUB_ENV"
      - name: Comment
        run: gh issue comment "\${{ github.event.issue.number }}" --body "Thanks!"
        env:
          GH_TOKEN: \${{ github.token }}

  label:
    if: github.event_name == 'pull_request_target'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@v5
      - uses: actions/github-script@v7
        with:
          script: |
            const title = '\${{ github.event.pull_request.title }}';
            core.info(\`Labelled: \${title}\`);

  release-notes:
    uses: ./.github/workflows/notes.yml
    secrets: inherit
`;

const NOTES = `name: Notes
on:
  workflow_call:
    secrets:
      NOTES_TOKEN:
        required: true
permissions:
  contents: read
jobs:
  notes:
    runs-on: ubuntu-latest
    steps:
      - run: ./scripts/notes.sh
        env:
          TOKEN: \${{ secrets.NOTES_TOKEN }}
`;

const LOCK = `{
  "lockVersion": 1,
  "pins": {
    "actions/checkout@v4": { "sha": "11bd71901bbe5b1630ceea73d27597364c9af683", "version": "v4.2.2" },
    "actions/labeler@v5": { "sha": "8558fd74291d67161a8a78ce36a881fa63b766a9", "version": "v5.0.0" },
    "actions/github-script@v7": { "sha": "60a0d83039c74a4aee543508d2ffcb1c3799cdea", "version": "v7.0.1" }
  },
  "images": {}
}
`;

const TRIAGE_FIXED = `# Triage new issues and label pull requests.
name: Triage

on:
  issues:
    types: [opened, edited]
  pull_request_target:
    types: [opened, synchronize]

env:
  TZ: Europe/Tallinn

permissions:
  contents: read

jobs:
  greet:
    if: \${{ (github.event_name == 'issues') && (github.event.action == 'opened') }}
    runs-on: ubuntu-latest
    permissions:
      contents: read
      issues: write
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
      - name: Say hello
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
        run: |
          echo "New issue: $ISSUE_TITLE"
          echo "TITLE=\${ISSUE_TITLE//$'\\n'/ }" >> "$GITHUB_ENV"
      - name: Comment
        run: gh issue comment "\${{ github.event.issue.number }}" --body "Thanks!"
        env:
          GH_TOKEN: \${{ github.token }}

  label:
    if: github.event_name == 'pull_request_target'
    runs-on: ubuntu-latest
    # pipewarden: review these permissions: not known for uses: actions/github-script
    permissions:
      contents: read
      pull-requests: write
    steps:
      - uses: actions/labeler@8558fd74291d67161a8a78ce36a881fa63b766a9 # v5.0.0
      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1
        env:
          PR_TITLE: \${{ github.event.pull_request.title }}
        with:
          script: |
            const title = process.env.PR_TITLE;
            core.info(\`Labelled: \${title}\`);

  release-notes:
    uses: ./.github/workflows/notes.yml
    secrets:
      NOTES_TOKEN: \${{ secrets.NOTES_TOKEN }}
`;

describe('pipewarden fix on a realistic workflow', () => {
  let dir: string;
  const read = (name: string) => readFileSync(path.join(dir, WORKFLOWS, name), 'utf8');

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pw-fix-all-'));
    mkdirSync(path.join(dir, WORKFLOWS), { recursive: true });
    writeFileSync(path.join(dir, WORKFLOWS, 'triage.yml'), TRIAGE);
    writeFileSync(path.join(dir, WORKFLOWS, 'notes.yml'), NOTES);
    writeFileSync(path.join(dir, 'pipewarden.lock'), LOCK);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fix --unsafe: every fixable finding fixed, the exact expected text, nothing left, a second run changes nothing', async () => {
    const before = captureIO(dir);
    await main(['scan', '.', '--format', 'json'], before);
    const rules = new Set(JSON.parse(before.out()).findings.map((f: { ruleId: string }) => f.ruleId));
    expect([...rules].sort()).toEqual([
      'credential-persistence',
      'dangerous-trigger',
      'debug-logging',
      'env-file-injection',
      'excessive-permissions',
      'expression-injection',
      'insecure-commands',
      'secrets-inherit',
      'unpinned-reference',
      'unsound-condition',
    ]);

    const io = captureIO(dir);
    expect(await main(['fix', '.', '--unsafe'], io)).toBe(0);
    expect(io.out()).toContain('fixed .github/workflows/triage.yml (12 fixes)');
    expect(read('triage.yml')).toBe(TRIAGE_FIXED);
    expect(read('notes.yml')).toBe(NOTES);
    expect(parseYaml(read('triage.yml')).problems.filter((p) => p.fatal)).toEqual([]);

    const after = captureIO(dir);
    expect(await main(['scan', '.', '--format', 'json'], after)).toBe(0);
    expect(JSON.parse(after.out()).findings).toEqual([]);

    const again = captureIO(dir);
    await main(['fix', '.', '--unsafe'], again);
    expect(again.out()).toBe('0 fixes in 0 files; 0 findings remain.\n');
    expect(read('triage.yml')).toBe(TRIAGE_FIXED);
  });

  it('fix without --unsafe applies only safe fixes; what remains has only unsafe fixes', async () => {
    await main(['fix', '.'], captureIO(dir));
    const text = read('triage.yml');
    expect(text).toContain('actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2');
    expect(text).toContain('echo "New issue: $ISSUE_TITLE"');
    expect(text).toContain('ACTIONS_ALLOW_UNSECURE_COMMANDS: true');
    const io = captureIO(dir);
    await main(['scan', '.', '--format', 'json'], io);
    const remaining = JSON.parse(io.out()).findings as { ruleId: string; fixes: { safety: string }[] }[];
    expect(remaining.length).toBeGreaterThan(0);
    for (const finding of remaining)
      expect(
        finding.fixes.every((f) => f.safety === 'unsafe'),
        finding.ruleId,
      ).toBe(true);
  });
});

describe('pipewarden fix pins GitLab and Tekton images from the lock', () => {
  const DIGEST = `sha256:${'ab'.repeat(32)}`;
  const GITLAB = `# Build and test.
build:
  image: golang:1.22   # the toolchain
  services:
    - name: postgres:16
      alias: db
  script: go test ./...
`;
  const TASK = `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build
spec:
  steps:
    - name: build
      image: "golang:1.22"
      script: go build ./...
`;

  it('rewrites image:, services: and step images to name@digest # tag, keeps the rest, and a second run changes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-fix-images-'));
    try {
      mkdirSync(path.join(dir, '.tekton'));
      writeFileSync(path.join(dir, '.gitlab-ci.yml'), GITLAB);
      writeFileSync(path.join(dir, '.tekton/task.yaml'), TASK);
      const images = { 'golang:1.22': { digest: DIGEST }, 'postgres:16': { digest: DIGEST } };
      writeFileSync(path.join(dir, 'pipewarden.lock'), JSON.stringify({ lockVersion: 1, pins: {}, images }));
      expect(await main(['fix', '.'], captureIO(dir))).toBe(0);
      expect(readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).toBe(
        // A line that already has a comment keeps it as it is (one comment per line), without the tag.
        GITLAB.replace('golang:1.22 ', `golang@${DIGEST} `).replace('postgres:16', `postgres@${DIGEST} # 16`),
      );
      expect(readFileSync(path.join(dir, '.tekton/task.yaml'), 'utf8')).toBe(TASK.replace('"golang:1.22"', `"golang@${DIGEST}" # 1.22`));
      const second = captureIO(dir);
      await main(['fix', '.'], second);
      expect(second.out() + second.err()).toContain('0 fixes in 0 files');
      const scan = captureIO(dir);
      await main(['scan', '.', '--rule', 'unpinned-image', '--format', 'json'], scan);
      expect(JSON.parse(scan.out()).findings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Scripts in bash, sh, PowerShell and cmd that write issue text to the env files, and conditions
// that are always true: `fix --unsafe` with every rule gives exactly this text (the injection and
// env-file fixes share the moved variables), nothing is left and a second run changes nothing.
const REMEMBER = `# Remember what an issue says, on Linux and Windows.
name: Remember

on:
  issues:
    types: [opened]

permissions:
  contents: read

jobs:
  linux:
    if: \${{ github.event.issue.user.login != 'ghost' }} && \${{ github.event.action == 'opened' }}
    runs-on: ubuntu-latest
    steps:
      - id: notes
        run: |
          echo "TITLE=\${{ github.event.issue.title }}" >> "$GITHUB_ENV"
          echo "notes<<EOF" >> "$GITHUB_OUTPUT"
          echo "\${{ github.event.issue.body }}" >> "$GITHUB_OUTPUT"
          echo "EOF" >> "$GITHUB_OUTPUT"
      - shell: sh
        run: echo "BODY=\${{ github.event.issue.body }}" >> "$GITHUB_ENV"

  windows:
    if: github.event.issue.user.login != 'ghost' || true
    runs-on: windows-latest
    steps:
      - run: Add-Content $env:GITHUB_ENV "TITLE=\${{ github.event.issue.title }}"
      - shell: cmd
        run: |
          echo "\${{ github.event.issue.title }}"
`;

const REMEMBER_FIXED = `# Remember what an issue says, on Linux and Windows.
name: Remember

on:
  issues:
    types: [opened]

permissions:
  contents: read

jobs:
  linux:
    if: \${{ (github.event.issue.user.login != 'ghost') && (github.event.action == 'opened') }}
    runs-on: ubuntu-latest
    steps:
      - id: notes
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
          ISSUE_BODY: \${{ github.event.issue.body }}
        run: |
          echo "TITLE=\${ISSUE_TITLE//$'\\n'/ }" >> "$GITHUB_ENV"
          OUTPUT_DELIMITER="EOF_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')"
          echo "notes<<$OUTPUT_DELIMITER" >> "$GITHUB_OUTPUT"
          echo "$ISSUE_BODY" >> "$GITHUB_OUTPUT"
          echo "$OUTPUT_DELIMITER" >> "$GITHUB_OUTPUT"
      - shell: sh
        env:
          ISSUE_BODY: \${{ github.event.issue.body }}
        run: ENV_DELIMITER="EOF_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')"; { echo "BODY<<$ENV_DELIMITER"; printf '%s\\n' "$ISSUE_BODY"; echo "$ENV_DELIMITER"; } >> "$GITHUB_ENV"

  windows:
    if: github.event.issue.user.login != 'ghost'
    runs-on: windows-latest
    steps:
      - run: Add-Content $env:GITHUB_ENV "TITLE=$($env:ISSUE_TITLE -replace '\\r?\\n', ' ')"
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
      - shell: cmd
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
        run: |
          @setlocal EnableDelayedExpansion
          echo "!ISSUE_TITLE!"
`;

describe('pipewarden fix on scripts in four shells', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pw-fix-shells-'));
    mkdirSync(path.join(dir, WORKFLOWS), { recursive: true });
    writeFileSync(path.join(dir, WORKFLOWS, 'remember.yml'), REMEMBER);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fix --unsafe: the exact expected text, no finding left, a second run changes nothing', async () => {
    const before = captureIO(dir);
    await main(['scan', '.', '--format', 'json'], before);
    const rules = new Set(JSON.parse(before.out()).findings.map((f: { ruleId: string }) => f.ruleId));
    expect([...rules].sort()).toEqual(['env-file-injection', 'expression-injection', 'unsound-condition']);

    const io = captureIO(dir);
    expect(await main(['fix', '.', '--unsafe'], io)).toBe(0);
    expect(io.out()).toContain('fixed .github/workflows/remember.yml (7 fixes)');
    const text = readFileSync(path.join(dir, WORKFLOWS, 'remember.yml'), 'utf8');
    expect(text).toBe(REMEMBER_FIXED);
    expect(parseYaml(text).problems.filter((p) => p.fatal)).toEqual([]);

    const after = captureIO(dir);
    expect(await main(['scan', '.', '--format', 'json'], after)).toBe(0);
    expect(JSON.parse(after.out()).findings).toEqual([]);

    const again = captureIO(dir);
    await main(['fix', '.', '--unsafe'], again);
    expect(again.out()).toBe('0 fixes in 0 files; 0 findings remain.\n');
  });
});
