import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { createIsvc, deleteIsvc, NS, signIn, sklearnIsvc, uniqueName } from './support/sandbox';

/** Timestamps of the merged log's lines (`POD TIME TEXT`), in file order. */
function times(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((t) => /^\d{4}-/.test(t));
}

test('diagnostics: model readiness beside the server`s, the merged log of two replicas, its whole download; alice refused', async ({
  page,
  browser,
}) => {
  test.setTimeout(360_000); // two model servers start
  const name = uniqueName('e2e-diag');
  await signIn(page, `/ns/${NS}`);
  const isvc = sklearnIsvc(name, 'v2') as { spec: { predictor: Record<string, unknown> } };
  isvc.spec.predictor.minReplicas = 2;
  await createIsvc(page, NS, isvc);
  try {
    // Overview: the server and the model both answer ready (V2 health vs the model's ready), through the gateway
    await page.goto(`/ns/${NS}/isvc/${name}`);
    const card = page.getByTestId('model-readiness');
    // the first answers come while the model server starts (each probe waits up to 5 s)
    await expect(async () => {
      await card.getByRole('button', { name: 'Check again' }).click({ timeout: 15_000 });
      await expect(card.getByRole('status')).toHaveText('The server and the model are ready.', { timeout: 15_000 });
    }).toPass({ timeout: 240_000 });
    await expect(card).toContainText('GET /v2/health/ready');
    await expect(card).toContainText(`GET /v2/models/${name}/ready`);

    // Logs: every predictor pod merged, each line prefixed by its pod
    await page.goto(`/ns/${NS}/isvc/${name}/logs?component=predictor&pod=*&follow=0&tail=all`);
    await expect(page.getByRole('combobox', { name: 'Pod' })).toHaveValue('*', { timeout: 30_000 });
    const view = page.locator('pre.log-view');
    await expect(async () => {
      await page.reload();
      await expect(view.locator('.log-line-pod').first()).toBeVisible({ timeout: 10_000 });
      const pods = new Set(await view.locator('.log-line-pod').allTextContents());
      expect(pods.size).toBe(2);
    }).toPass({ timeout: 120_000 });
    await expect(page.getByText(/^Pods merged: /)).toContainText(`${name}-predictor-`);

    // Download: the whole log from the BFF (an attachment), in time order, every pod in it
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download whole log' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${NS}_${name}_predictor_kserve-container.log`);
    const text = readFileSync((await download.path()) ?? '', 'utf8');
    const podsInFile = new Set(
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[0]),
    );
    expect(podsInFile.size).toBe(2);
    const stamps = times(text).map((t) => t.replace(/Z$/, '').padEnd(29, '0'));
    expect(stamps.length).toBeGreaterThan(2);
    expect(stamps).toEqual([...stamps].sort());

    // alice may not read user@example.com's logs or ask its model server
    const ctx = await browser.newContext();
    const other = await ctx.newPage();
    await signIn(other, '/ns/alice', 'alice');
    for (const path of [
      `/api/namespaces/${NS}/inferenceservices/${name}/logs?component=predictor`,
      `/api/namespaces/${NS}/inferenceservices/${name}/model-readiness`,
      `/api/namespaces/${NS}/inferenceservices/${name}/events`,
    ]) {
      const res = await other.request.get(path);
      expect(res.status(), path).toBe(403);
      expect(await res.text(), path).not.toContain(`${name}-predictor-`);
    }
    await ctx.close();
  } finally {
    await deleteIsvc(page, NS, name);
  }
});
