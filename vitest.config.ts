import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Captures every test app's log and fails the run on personal data in it (issue 9 §3).
    globalSetup: ['test/log-scan/global-setup.ts'],
  },
});
