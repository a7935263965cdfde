import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { createIsvc, deleteIsvc, NS, signIn, sklearnIsvc } from '../specs/support/sandbox';

const out = (name: string) => join(import.meta.dirname, '..', '..', 'docs', 'screenshots', `${name}.png`);
const shot = (page: Page, name: string) => page.screenshot({ path: out(name) });

test('README screenshots: list, details, editor, console', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 820 });
  await signIn(page);
  const names = ['demo-sklearn-iris', 'demo-xgboost-iris'];
  for (const n of names) await deleteIsvc(page, NS, n);
  await createIsvc(page, NS, sklearnIsvc('demo-sklearn-iris', 'v2'));
  await createIsvc(page, NS, {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'demo-xgboost-iris' },
    spec: {
      predictor: {
        model: { modelFormat: { name: 'xgboost' }, storageUri: 'gs://kfserving-examples/models/xgboost/iris' },
      },
    },
  });
  await page.goto(`/ns/${NS}`);
  for (const n of names) {
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: n }) });
    await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 180_000 });
  }
  await shot(page, 'list');

  await page.goto(`/ns/${NS}/isvc/demo-sklearn-iris`);
  await expect(page.getByRole('heading', { name: 'demo-sklearn-iris' })).toBeVisible();
  await page.waitForTimeout(1000);
  await shot(page, 'details');
  const tabs = page.getByRole('navigation', { name: 'Sections' });
  await tabs.getByRole('link', { name: /^Pods/ }).click();
  await expect(page.getByRole('table', { name: 'Pods' })).toContainText('Running');
  await shot(page, 'pods');
  await tabs.getByRole('link', { name: 'YAML' }).click();
  await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(2000);
  await shot(page, 'editor');

  await page.goto(`/ns/${NS}/console?isvc=demo-sklearn-iris`);
  await page.getByRole('textbox', { name: 'Payload (JSON)' }).fill(
    JSON.stringify(
      {
        inputs: [
          {
            name: 'input-0',
            shape: [2, 4],
            datatype: 'FP32',
            data: [
              [6.8, 2.8, 4.8, 1.4],
              [6.0, 3.4, 4.5, 1.6],
            ],
          },
        ],
      },
      null,
      2,
    ),
  );
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Response' }).getByRole('table')).toBeVisible();
  await shot(page, 'console');
  for (const n of names) await deleteIsvc(page, NS, n);
});
