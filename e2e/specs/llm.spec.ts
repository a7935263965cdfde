import { expect, type Page, test } from '@playwright/test';
import { kindApiPaths, LLM_INFERENCE_SERVICE } from '@servedeck/shared';
import { NS, signIn, uniqueName } from './support/sandbox';

const L = LLM_INFERENCE_SERVICE;
const name = uniqueName('e2e-llm');

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
}

test.afterEach(async ({ page }) => {
  await page.request.delete(kindApiPaths.object(L, NS, name), { headers: { 'x-csrf-token': await csrf(page) } });
});

/**
 * KServe's own LLMInferenceService controller reconciles the service in the sandbox (its pod is the played vLLM: KServe's
 * OpenAI server with the sandbox's tiny n-gram model); the console streams a chat answer through ServeDeck.
 */
test('LLMInferenceService: listed, KServe reconciles it Ready with a URL, the console streams a chat answer', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signIn(page, `/ns/${NS}`);
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

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'LLM services' }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row).toContainText('tiny-ngram');
  await row.getByRole('link', { name, exact: true }).click();
  const ready = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Ready', exact: true }) });
  await expect(ready).toContainText('True', { timeout: 240_000 });
  await expect(page.getByText(`/${NS}/${name}`).first()).toBeVisible();

  await page.getByRole('link', { name: 'Console', exact: true }).click();
  await page.getByLabel('Message').fill('Hello');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const answer = page.getByRole('region', { name: 'Answer' });
  await expect(answer).toContainText('HTTP 200', { timeout: 30_000 });
  await expect(answer).toContainText('events');
  await expect(answer.locator('.llm-answer')).not.toBeEmpty();
});
