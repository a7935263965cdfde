import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { createIsvc, deleteIsvc, NS, signIn, sklearnIsvc } from '../specs/support/sandbox';

const out = (name: string) => join(import.meta.dirname, '..', '..', 'docs', 'screenshots', `${name}.png`);
const name = 'demo-metrics-iris';

async function sendLoad(page: Page, n: number): Promise<void> {
  await page.goto(`/ns/${NS}/console?isvc=${name}`);
  const load = page.getByRole('region', { name: 'Load test' });
  await load.getByLabel('Requests (N)').fill(String(n));
  await load.getByLabel('Concurrency (C)').fill('4');
  await load.getByRole('button', { name: `Send ${n} requests` }).click();
  await expect(load.getByText(new RegExp(`^${n} sent in`))).toBeVisible({ timeout: 120_000 });
}

test('README screenshots: the Metrics tab in light and dark', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 1000 });
  await signIn(page);
  await deleteIsvc(page, NS, name);
  await createIsvc(page, NS, sklearnIsvc(name, 'v2'));
  await page.goto(`/ns/${NS}`);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 180_000 });
  // a few bursts a little apart, so the charts have a shape
  for (const n of [100, 300, 150]) {
    await sendLoad(page, n);
    await page.waitForTimeout(15_000);
  }
  await sendLoad(page, 200);
  await page.getByRole('region', { name: 'Load test' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: out('load-test') });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`/ns/${NS}/isvc/${name}/metrics`);
    const tab = page.getByRole('region', { name: 'Metrics' });
    await tab.getByText('15 min', { exact: true }).click();
    await expect(page.locator('[data-chart="requests"] canvas')).toBeVisible({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: out(`metrics-${scheme}`) });
  }
  await deleteIsvc(page, NS, name);
});
