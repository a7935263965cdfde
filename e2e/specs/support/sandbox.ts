import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { parseSandboxEnv, type SandboxEnv } from '@servedeck/sandbox/env-schema';

let cached: SandboxEnv | undefined;
/** `npm run sandbox -- env --json`, read once per worker. */
export function sandboxEnv(): SandboxEnv {
  if (!cached) {
    const cli = fileURLToPath(new URL('../../../scripts/sandbox.mjs', import.meta.url));
    cached = parseSandboxEnv(execFileSync(process.execPath, [cli, 'env', '--json'], { encoding: 'utf8' }));
  }
  return cached;
}

/** A Dex ID token for a sandbox user (what the gateway wants in `Authorization: Bearer`). */
export function dexToken(email: string): string {
  const cli = fileURLToPath(new URL('../../../scripts/sandbox.mjs', import.meta.url));
  return execFileSync(process.execPath, [cli, 'token', email], { encoding: 'utf8' }).trim();
}

/** Run a shell command (the console's "copy as curl") with extra environment; returns stdout. */
export function runShell(command: string, env: Record<string, string>): string {
  return execFileSync('bash', ['-c', command], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
}

/** The sandbox's Kubeflow-style user and the namespace it owns. */
export const NS = 'kubeflow-user-example-com';

export function login(which: 'user' | 'alice' | 'viewer' = 'user') {
  const l = sandboxEnv().logins.find((x) => x.email.startsWith(`${which}@`));
  if (!l) throw new Error(`no sandbox login ${which}`);
  return l;
}

/**
 * Sign in with the sandbox's password grant (`POST /auth/password`, the BFF's sandbox-only route); the
 * browser context keeps the session cookie. `signInThroughDex` covers the real redirect flow.
 */
export async function signIn(page: Page, path = `/ns/${NS}`, who: 'user' | 'alice' | 'viewer' = 'user'): Promise<void> {
  const { email, password } = login(who);
  const res = await page.request.post('/auth/password', { data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
  await page.goto(path);
  await expect(page.getByRole('link', { name: 'ServeDeck' })).toBeVisible({ timeout: 30_000 });
}

/**
 * The real flow: the app sends the browser to /auth/login, the BFF to Dex, Dex's password form back to
 * /auth/callback, and the BFF to the page we started from. (The sandbox Dex uses its own CA: run it in a
 * context with `ignoreHTTPSErrors`.)
 */
export async function signInThroughDex(
  page: Page,
  path: string,
  who: 'user' | 'alice' | 'viewer' = 'user',
): Promise<void> {
  const { email, password } = login(who);
  await page.goto(path);
  const dexLogin = page.locator('input[name="login"]');
  await expect(dexLogin).toBeVisible({ timeout: 30_000 });
  await dexLogin.fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await expect(page.getByRole('link', { name: 'ServeDeck' })).toBeVisible({ timeout: 30_000 });
}

/** A name no other run uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

/** Replace the text of the Monaco editor (or the text-area fallback) via the clipboard, verbatim. */
export async function setEditorText(page: Page, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const monaco = page.locator('.monaco-editor').first();
  await expect(monaco).toBeVisible({ timeout: 30_000 });
  // The InferenceService editors (create, YAML tab) keep every change as this tab's draft (apps/web lib/drafts.ts):
  // the paste has landed once the draft is the text. Monaco's paste can be dropped while the editor is still
  // settling (seen once: the template stayed), so it is pasted again until it lands. Huge texts exceed storage.
  const checkable = /\/(create|yaml)$/.test(new URL(page.url()).pathname) && text.length <= 1_000_000;
  const landed = () =>
    page.evaluate(
      (t) =>
        Object.keys(sessionStorage).some((k) => k.startsWith('servedeck.draft:') && sessionStorage.getItem(k) === t),
      text,
    );
  await expect(async () => {
    await monaco.click();
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('ControlOrMeta+V');
    if (checkable) await expect.poll(landed, { timeout: 3_000 }).toBe(true);
  }).toPass({ timeout: 30_000 });
}

/** Remove an InferenceService a test created (through the BFF, as the signed-in user); 404 is fine. */
export async function deleteIsvc(page: Page, ns: string, name: string): Promise<void> {
  const me = await page.request.get('/api/me');
  if (!me.ok()) return;
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  await page.request.delete(`/api/namespaces/${encodeURIComponent(ns)}/inferenceservices/${encodeURIComponent(name)}`, {
    headers: { 'x-csrf-token': csrfToken },
  });
}

async function csrf(page: Page): Promise<string> {
  const me = await page.request.get('/api/me');
  expect(me.ok()).toBe(true);
  return ((await me.json()) as { csrfToken: string }).csrfToken;
}

/** Create an InferenceService through the BFF (faster than the UI when the UI is not what is tested). */
export async function createIsvc(page: Page, ns: string, object: Record<string, unknown>): Promise<void> {
  const res = await page.request.post(`/api/namespaces/${encodeURIComponent(ns)}/inferenceservices`, {
    headers: { 'x-csrf-token': await csrf(page) },
    data: object,
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

/** Merge-patch an InferenceService through the BFF, as "someone else". */
export async function patchIsvc(page: Page, ns: string, name: string, patch: Record<string, unknown>): Promise<void> {
  const res = await page.request.patch(
    `/api/namespaces/${encodeURIComponent(ns)}/inferenceservices/${encodeURIComponent(name)}`,
    {
      headers: { 'x-csrf-token': await csrf(page), 'content-type': 'application/merge-patch+json' },
      data: JSON.stringify(patch),
    },
  );
  expect(res.status(), await res.text()).toBeLessThan(300);
}

export function sklearnIsvc(name: string, protocol: 'v1' | 'v2' = 'v1'): Record<string, unknown> {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name },
    spec: {
      predictor: {
        model: {
          modelFormat: { name: 'sklearn' },
          protocolVersion: protocol,
          storageUri:
            protocol === 'v2' ? 'gs://seldon-models/sklearn/iris' : 'gs://kfserving-examples/models/sklearn/1.0/model',
        },
      },
    },
  };
}
