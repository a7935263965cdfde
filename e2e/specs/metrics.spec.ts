import { expect, type Page, test } from '@playwright/test';
import { createIsvc, deleteIsvc, NS, signIn, sklearnIsvc, uniqueName } from './support/sandbox';

const name = uniqueName('e2e-metrics');

test.afterEach(async ({ page }) => {
  await deleteIsvc(page, NS, name);
});

/** Points per line of a chart on the Metrics tab (its data, not its pixels). */
async function chartPoints(page: Page, chart: string): Promise<number[]> {
  const attr = await page.locator(`[data-chart="${chart}"]`).getAttribute('data-points', { timeout: 1000 });
  return (attr ?? '').split(',').filter(Boolean).map(Number);
}

test("console's 'send 200 requests' shows up in the Metrics tab's request rate", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, `/ns/${NS}`);
  await createIsvc(page, NS, sklearnIsvc(name, 'v2'));
  await page.getByRole('searchbox', { name: 'Search' }).fill(name);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 180_000 });

  await page.goto(`/ns/${NS}/console?isvc=${name}`);
  await expect(page.getByRole('combobox', { name: 'Operation' })).toHaveValue('v2-infer');
  const load = page.getByRole('region', { name: 'Load test' });
  await load.getByLabel('Requests (N)').fill('200');
  await load.getByLabel('Concurrency (C)').fill('8');
  await load.getByRole('button', { name: 'Send 200 requests' }).click();
  await expect(load.getByText(/^200 sent in/)).toBeVisible({ timeout: 120_000 });
  await expect(load).toContainText('200 × 200');
  await expect(load.getByTestId('load-percentiles')).toContainText('p95');

  await page.goto(`/ns/${NS}/isvc/${name}/metrics`);
  const tab = page.getByRole('region', { name: 'Metrics' });
  await tab.getByText('15 min', { exact: true }).click();
  // Prometheus scrapes every 5 s and the tab refreshes every 10 s: the request rate fills in
  await expect
    .poll(async () => (await chartPoints(page, 'requests').catch(() => [])).reduce((a, b) => a + b, 0), {
      timeout: 60_000,
      intervals: [2000],
    })
    .toBeGreaterThan(0);
  await expect(tab.getByText(/requests and 0 server errors in this range/)).toBeVisible({ timeout: 30_000 });
  expect((await chartPoints(page, 'cpu').catch(() => [])).length).toBe(1);
});
