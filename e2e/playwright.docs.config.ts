import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** `pnpm --dir e2e run screenshots`: refreshes the README's screenshots in docs/screenshots (not part of npm test). */
export default defineConfig({
  ...base,
  testDir: 'docs',
  reporter: [['list']],
  timeout: 300_000,
});
