/**
 * What the CI system says about the build, read from its documented environment variables
 * (GitHub Actions: "Default environment variables"; GitLab CI: "Predefined CI/CD variables").
 * Only the variables named here are read, so no secret ever reaches the provenance.
 */
export interface CiBuild {
  platform: 'github-actions' | 'gitlab-ci';
  builderId: string;
  buildType: string;
  serverUrl: string;
  repository: string;
  ref: string;
  commit: string;
  workflow: string;
  trigger: string;
  runId: string;
  runAttempt: string;
  runnerEnvironment: string;
  invocationId: string;
}

type Env = Record<string, string | undefined>;

const value = (env: Env, name: string): string => env[name] ?? '';

function fromGitHub(env: Env): CiBuild {
  const serverUrl = value(env, 'GITHUB_SERVER_URL') || 'https://github.com';
  const repository = value(env, 'GITHUB_REPOSITORY');
  const runId = value(env, 'GITHUB_RUN_ID');
  const runAttempt = value(env, 'GITHUB_RUN_ATTEMPT') || '1';
  return {
    platform: 'github-actions',
    builderId: `${serverUrl}/actions/runner/${value(env, 'RUNNER_ENVIRONMENT') || 'github-hosted'}`,
    buildType: 'https://actions.github.io/buildtypes/workflow/v1',
    serverUrl,
    repository,
    ref: value(env, 'GITHUB_REF'),
    commit: value(env, 'GITHUB_SHA'),
    workflow: value(env, 'GITHUB_WORKFLOW_REF') || value(env, 'GITHUB_WORKFLOW'),
    trigger: value(env, 'GITHUB_EVENT_NAME'),
    runId,
    runAttempt,
    runnerEnvironment: value(env, 'RUNNER_ENVIRONMENT'),
    invocationId: `${serverUrl}/${repository}/actions/runs/${runId}/attempts/${runAttempt}`,
  };
}

function fromGitLab(env: Env): CiBuild {
  const serverUrl = value(env, 'CI_SERVER_URL') || 'https://gitlab.com';
  const ref = value(env, 'CI_COMMIT_TAG') ? `refs/tags/${env.CI_COMMIT_TAG}` : `refs/heads/${value(env, 'CI_COMMIT_REF_NAME')}`;
  return {
    platform: 'gitlab-ci',
    builderId: `${serverUrl}/${value(env, 'CI_PROJECT_PATH')}/-/runners/${value(env, 'CI_RUNNER_ID')}`,
    buildType: 'https://gitlab.com/gitlab-org/gitlab-runner/-/blob/main/PROVENANCE.md',
    serverUrl,
    repository: value(env, 'CI_PROJECT_PATH'),
    ref,
    commit: value(env, 'CI_COMMIT_SHA'),
    workflow: value(env, 'CI_CONFIG_PATH') || '.gitlab-ci.yml',
    trigger: value(env, 'CI_PIPELINE_SOURCE'),
    runId: value(env, 'CI_PIPELINE_ID'),
    runAttempt: value(env, 'CI_JOB_ID'),
    runnerEnvironment: value(env, 'CI_RUNNER_DESCRIPTION') || value(env, 'CI_RUNNER_ID'),
    invocationId: value(env, 'CI_JOB_URL') || `${serverUrl}/${value(env, 'CI_PROJECT_PATH')}/-/jobs/${value(env, 'CI_JOB_ID')}`,
  };
}

/** The build this process runs in, or undefined outside a CI system we know. */
export function detectCiBuild(env: Env): CiBuild | undefined {
  if (env.GITHUB_ACTIONS === 'true') return fromGitHub(env);
  if (env.GITLAB_CI === 'true') return fromGitLab(env);
  return undefined;
}
