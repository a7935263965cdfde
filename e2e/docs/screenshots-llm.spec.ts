import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { kindApiPaths, LLM_INFERENCE_SERVICE } from '@servedeck/shared';
import { NS, signIn } from '../specs/support/sandbox';

const out = (name: string) => join(import.meta.dirname, '..', '..', 'docs', 'screenshots', `${name}.png`);
const L = LLM_INFERENCE_SERVICE;

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
}

/** An LLMInferenceService reconciled by KServe's controller in the sandbox: its details and a streamed chat answer. */
test('docs screenshots: an LLMInferenceService and its console', async ({ page }) => {
  const name = 'tiny-llm';
  await page.setViewportSize({ width: 1366, height: 1100 });
  await signIn(page);
  if ((await page.request.get(kindApiPaths.object(L, NS, name))).status() === 404) {
    const created = await page.request.post(kindApiPaths.list(L, NS), {
      headers: { 'x-csrf-token': await csrf(page) },
      data: {
        apiVersion: 'serving.kserve.io/v1alpha2',
        kind: 'LLMInferenceService',
        metadata: { name },
        spec: {
          model: { uri: 'pvc://kserve-models/llm/tiny-ngram', name: 'tiny-ngram' },
          replicas: 1,
          router: { route: {}, gateway: {} },
        },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
  }
  await page.goto(`/ns/${NS}/llm/${name}`);
  const ready = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Ready', exact: true }) });
  await expect(ready).toContainText('True', { timeout: 240_000 });
  await page.screenshot({ path: out('llm-details'), fullPage: true });
  await page.getByRole('link', { name: 'Console', exact: true }).click();
  await page.getByLabel('Message').fill('Hello');
  await page.getByLabel('Max tokens').fill('120');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Answer' })).toContainText('HTTP 200', { timeout: 30_000 });
  await page.screenshot({ path: out('llm-console'), fullPage: true });
});
