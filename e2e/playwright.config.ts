import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { parseSandboxEnv } from '@servedeck/sandbox/env-schema';

const port = Number(process.env.E2E_PORT ?? 18080);
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;
const outDir = process.env.E2E_OUTPUT_DIR ?? '.out';

/**
 * The BFF started below must talk to the sandbox (OIDC issuer, apiserver, gateway): take its environment
 * from `sandbox env --json` (`bff`). A webServer starts before any globalSetup, so this runs here.
 */
function sandboxBffEnv(): Record<string, string> {
  try {
    const out = execFileSync(
      process.execPath,
      [fileURLToPath(new URL('../scripts/sandbox.mjs', import.meta.url)), 'env', '--json'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    return parseSandboxEnv(out).bff;
  } catch {
    return {};
  }
}

export default defineConfig({
  testDir: 'specs',
  outputDir: `${outDir}/artifacts`,
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: `${outDir}/playwright.json` }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  ...(process.env.E2E_BASE_URL
    ? {}
    : {
        webServer: {
          command: 'node ../apps/bff/dist/main.js',
          url: `${baseURL}/healthz`,
          reuseExistingServer: false,
          timeout: 30_000,
          env: {
            ...sandboxBffEnv(),
            SERVEDECK_PORT: String(port),
            SERVEDECK_PUBLIC_URL: baseURL,
            SERVEDECK_WEB_DIST: '../apps/web/dist',
          },
        },
      }),
});
