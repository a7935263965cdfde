import { defineConfig } from 'vitest/config';

/** Renders every overlay and dry-runs it on the sandbox apiserver (`npm test` brings the sandbox up first). */
export default defineConfig({
  test: {
    include: ['test/**/*.itest.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: '.out/integration.json' }]],
  },
});
