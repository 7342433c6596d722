import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20000,
    // Tests must not see the CI environment they run in.
    env: { GITHUB_ACTIONS: '', GITLAB_CI: '', CI: '' },
  },
});
