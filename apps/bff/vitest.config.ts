import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests need the sandbox: `npm run test:integration` (vitest.integration.config.ts).
    exclude: ['**/node_modules/**', 'test/**/*.integration.test.ts'],
    reporters: ['default', ['json', { outputFile: '.out/vitest.json' }]],
  },
});
