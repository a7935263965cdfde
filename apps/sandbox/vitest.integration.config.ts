import { defineConfig } from 'vitest/config';

/** Integration tests against a real sandbox; the global setup runs `up` (idempotent; a cold build takes minutes). */
export default defineConfig({
  test: {
    include: ['test/**/*.integration.test.ts'],
    globalSetup: ['test/integration/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: '.out/integration.json' }]],
  },
});
