/**
 * GitLab local includes through the CLI: findings sit in the included file where the offending
 * line is written, the text report frames that file, and nothing outside the scan root is read
 * (a symlinked include pointing out is a parse issue, as is a missing include).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../support/capture-io.js';

let root: string;
let outside: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'pw-gitlab-'));
  outside = mkdtempSync(path.join(tmpdir(), 'pw-gitlab-outside-'));
  mkdirSync(path.join(root, 'ci/jobs'), { recursive: true });
  writeFileSync(
    path.join(root, '.gitlab-ci.yml'),
    `include:
  - local: ci/build.yml
  - local: 'ci/jobs/*.yml'
  - local: ci/linked.yml
  - local: ci/missing.yml
stages: [build, test]
`,
  );
  writeFileSync(
    path.join(root, 'ci/build.yml'),
    `build:
  stage: build
  image: node:latest
  script:
    - npm ci
`,
  );
  writeFileSync(
    path.join(root, 'ci/jobs/test.yml'),
    `test:
  stage: test
  image: python:3.12
  script:
    - curl -sSL https://example.com/install.sh | sh
`,
  );
  writeFileSync(path.join(outside, 'secret.yml'), 'stolen:\n  image: evil:latest\n  script: [make]\n');
  symlinkSync(path.join(outside, 'secret.yml'), path.join(root, 'ci/linked.yml'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('gitlab local includes (CLI)', () => {
  it('reports findings in the included files and include problems at the include', async () => {
    const io = captureIO(root);
    await main(['scan', '.', '--format', 'json'], io);
    const report = JSON.parse(io.out());
    const where = (id: string) =>
      report.findings
        .filter((f: { ruleId: string }) => f.ruleId === id)
        .map(
          (f: { location: { file: string; line: number; column: number } }) => `${f.location.file}:${f.location.line}:${f.location.column}`,
        );
    expect(where('unpinned-image')).toEqual(['ci/build.yml:3:10', 'ci/jobs/test.yml:3:10']);
    expect(where('remote-script-execution')).toEqual(['ci/jobs/test.yml:5:7']);
    expect(
      report.parseIssues.map(
        (i: { file: string; line: number; column: number; code: string }) => `${i.file}:${i.line}:${i.column} ${i.code}`,
      ),
    ).toEqual(['.gitlab-ci.yml:4:12 SYMLINK_OUTSIDE_ROOT', '.gitlab-ci.yml:5:12 MISSING_INCLUDE']);
    // Nothing behind the symlink was read.
    expect(io.out()).not.toContain('evil');
    expect(report.toolErrors).toEqual([]);
  });

  it('frames the included file in the text report', async () => {
    const io = captureIO(root);
    await main(['scan', '.', '--no-color', '--rule', 'unpinned-image'], io);
    expect(io.out()).toContain('ci/build.yml:3:10');
    expect(io.out()).toContain('image: node:latest');
  });
});

describe('gitlab templates and include folders in a tree scan', () => {
  let tree: string;

  beforeAll(() => {
    tree = mkdtempSync(path.join(tmpdir(), 'pw-gitlab-templates-'));
    mkdirSync(path.join(tree, '.gitlab/ci'), { recursive: true });
    mkdirSync(path.join(tree, '.gitlab-ci'), { recursive: true });
    mkdirSync(path.join(tree, 'templates'), { recursive: true });
    writeFileSync(path.join(tree, '.gitlab-ci.yml'), 'include:\n  - local: .gitlab/ci/build.gitlab-ci.yml\n');
    writeFileSync(path.join(tree, '.gitlab/ci/build.gitlab-ci.yml'), 'build:\n  image: node:latest\n  script:\n    - npm ci\n');
    // A template for other projects to include: no root includes it here.
    writeFileSync(path.join(tree, 'templates/Scan.gitlab-ci.yml'), 'scan:\n  image: alpine:3.11\n  script:\n    - ./scan.sh\n');
    // Another tool's configuration in the include folder (ci-fairy, commit rules): not CI.
    writeFileSync(path.join(tree, '.gitlab-ci/commit-rules.yml'), "patterns:\n  deny:\n    - regex: '^WIP'\n      message: no WIP\n");
    writeFileSync(
      path.join(tree, '.gitlab-ci/task.yaml'),
      'apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t\nspec:\n  steps:\n    - name: s\n      image: golang:1.22\n      script: go test\n',
    );
  });

  afterAll(() => {
    rmSync(tree, { recursive: true, force: true });
  });

  it('analyses templates once, includes within their root only, and leaves other YAML to the other platforms', async () => {
    const io = captureIO(tree);
    await main(['scan', '.', '--format', 'json', '--rule', 'unpinned-image'], io);
    const report = JSON.parse(io.out());
    expect(
      report.findings.map(
        (f: { platform: string; location: { file: string; line: number; column: number } }) =>
          `${f.platform} ${f.location.file}:${f.location.line}:${f.location.column}`,
      ),
    ).toEqual([
      'tekton .gitlab-ci/task.yaml:8:14',
      'gitlab .gitlab/ci/build.gitlab-ci.yml:2:10',
      'gitlab templates/Scan.gitlab-ci.yml:2:10',
    ]);
    expect(report.parseIssues).toEqual([]);
    expect(report.stats.filesScanned).toBe(4);
  });
});
