import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const bff = process.env.SERVEDECK_BFF_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // Relative asset URLs + `<base href>` in index.html: the BFF can serve the app under a path prefix.
  base: './',
  plugins: [react()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: bff, ws: true }, '/auth': bff, '/healthz': bff },
  },
  build: {
    sourcemap: true,
    target: 'es2022',
    // Monaco is one lazy chunk (the dynamic import in load-monaco.ts); it is large by nature.
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: 'es' },
  test: {
    environment: 'jsdom',
    // Component tests render thousands of rows on a 2-core CI machine that also runs other packages' tasks.
    testTimeout: 30_000,
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    reporters: ['default', ['json', { outputFile: '.out/vitest.json' }]],
  },
});
