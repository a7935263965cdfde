import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const bff = process.env.SERVEDECK_BFF_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: bff, ws: true }, '/auth': bff },
  },
  build: { sourcemap: true, target: 'es2022' },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    reporters: ['default', ['json', { outputFile: '.out/vitest.json' }]],
  },
});
