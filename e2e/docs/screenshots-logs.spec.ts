import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createIsvc, deleteIsvc, NS, signIn, sklearnIsvc } from '../specs/support/sandbox';

const out = (name: string) => join(import.meta.dirname, '..', '..', 'docs', 'screenshots', `${name}.png`);

test('docs screenshot: the merged log of a component`s replicas', async ({ page }) => {
  const name = 'demo-logs';
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page);
  await deleteIsvc(page, NS, name);
  await expect(async () => {
    expect((await page.request.get(`/api/namespaces/${NS}/inferenceservices/${name}`)).status()).toBe(404);
  }).toPass({ timeout: 60_000 });
  const isvc = sklearnIsvc(name, 'v2') as { spec: { predictor: Record<string, unknown> } };
  isvc.spec.predictor.minReplicas = 2;
  await createIsvc(page, NS, isvc);
  // a few requests, so both replicas log more than their start
  await expect(async () => {
    const r = await page.request.get(`/api/namespaces/${NS}/inferenceservices/${name}/model-readiness`);
    expect(((await r.json()) as { modelReady: { state: string } }).modelReady.state).toBe('ready');
  }).toPass({ timeout: 240_000 });
  for (let i = 0; i < 6; i++) {
    await page.request.get(`/api/namespaces/${NS}/inferenceservices/${name}/infer/v2/models/${name}/ready`);
  }
  await page.goto(`/ns/${NS}/isvc/${name}/logs?component=predictor&pod=*&follow=0&tail=100`);
  await expect(async () => {
    await page.reload();
    const pods = new Set(await page.locator('pre.log-view .log-line-pod').allTextContents());
    expect(pods.size).toBe(2);
  }).toPass({ timeout: 120_000 });
  await page.screenshot({ path: out('logs-merged') });
});
