import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests (real processes, minutes) run from the sandbox integration config.
    exclude: ['**/node_modules/**', 'test/**/*.integration.test.ts'],
    reporters: ['default', ['json', { outputFile: '.out/vitest.json' }]],
  },
});
