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
    // Monaco is one lazy chunk by design; it is large.
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (
            id.includes('/node_modules/monaco-editor/') ||
            id.includes('/node_modules/monaco-yaml/') ||
            id.includes('/node_modules/monaco-')
          )
            return 'monaco';
          return undefined;
        },
      },
    },
  },
  worker: { format: 'es' },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    reporters: ['default', ['json', { outputFile: '.out/vitest.json' }]],
  },
});
