import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests need the sandbox: `npm run test:integration` (vitest.integration.config.ts).
    exclude: ['**/node_modules/**', 'test/**/*.integration.test.ts'],
    // A hang bound, not a timing assertion: the fuzz and fake-apiserver tests make hundreds of local HTTP calls,
    // which took over vitest's default 5 s on the shared 2-core machine under load (turbo runs builds beside them).
    testTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: '.out/vitest.json' }]],
  },
});
