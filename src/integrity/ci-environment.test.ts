import { describe, expect, it } from 'vitest';
import { detectCiBuild } from './ci-environment.js';

describe('detectCiBuild', () => {
  it('is undefined outside CI', () => {
    expect(detectCiBuild({ CI: 'true' })).toBeUndefined();
  });

  it('reads GitHub Actions variables', () => {
    const build = detectCiBuild({
      GITHUB_ACTIONS: 'true',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_REF: 'refs/tags/v1.2.0',
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/release.yml@refs/tags/v1.2.0',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '2',
      RUNNER_ENVIRONMENT: 'github-hosted',
      GITHUB_TOKEN: 'must-not-appear',
    });
    expect(build).toMatchObject({
      platform: 'github-actions',
      builderId: 'https://github.com/actions/runner/github-hosted',
      repository: 'acme/app',
      ref: 'refs/tags/v1.2.0',
      trigger: 'push',
      invocationId: 'https://github.com/acme/app/actions/runs/42/attempts/2',
    });
    expect(JSON.stringify(build)).not.toContain('must-not-appear');
  });

  it('reads GitLab CI variables', () => {
    const build = detectCiBuild({
      GITLAB_CI: 'true',
      CI_SERVER_URL: 'https://gitlab.example.com',
      CI_PROJECT_PATH: 'group/app',
      CI_COMMIT_REF_NAME: 'main',
      CI_COMMIT_SHA: 'b'.repeat(40),
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_PIPELINE_ID: '7',
      CI_JOB_ID: '99',
      CI_RUNNER_ID: '3',
      CI_JOB_URL: 'https://gitlab.example.com/group/app/-/jobs/99',
    });
    expect(build).toMatchObject({
      platform: 'gitlab-ci',
      ref: 'refs/heads/main',
      trigger: 'merge_request_event',
      runId: '7',
      invocationId: 'https://gitlab.example.com/group/app/-/jobs/99',
    });
  });
});
