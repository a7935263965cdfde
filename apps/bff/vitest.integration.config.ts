import { defineConfig } from 'vitest/config';

/**
 * BFF integration tests against the real sandbox (Dex, kube-apiserver with KServe CRDs, controller,
 * gateway). The global setup runs `npm run sandbox -- up` (idempotent) and starts the BFF in-process.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.integration.test.ts'],
    // faults: stops the private sandbox (.sandbox-faults) the fault tests start on first use
    globalSetup: ['test/integration/global-setup.ts', 'test/faults/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: '.out/integration.json' }]],
  },
});
