import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { createIsvc, deleteIsvc, NS, setEditorText, signIn, sklearnIsvc } from '../specs/support/sandbox';
import { seedKoYaml } from '../specs/support/seed-ko';

const out = (name: string) => join(import.meta.dirname, '..', '..', 'docs', 'screenshots', `${name}.png`);
const shot = (page: Page, name: string) => page.screenshot({ path: out(name) });

// A Korean browser: the app speaks Korean; fonts-noto-cjk (docs/cjk-fonts.mjs) draws the Hangul.
test.use({ locale: 'ko-KR' });

const seedYaml = seedKoYaml('sklearn-iris');

test('README screenshots in Korean: list, the seed YAML in the editor, console', async ({ page }) => {
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
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  for (const n of names) {
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: n }) });
    await expect(row.getByText('준비됨', { exact: true })).toBeVisible({ timeout: 180_000 });
  }
  await shot(page, 'ko-list');

  // The seed's YAML with its Korean comments and its typo flagged.
  await page.goto(`/ns/${NS}/create`);
  await setEditorText(page, seedYaml);
  await expect(page.getByRole('region', { name: /문제/ })).toContainText('protocolVersion');
  await page.waitForTimeout(1000);
  await shot(page, 'ko-editor');

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
  await page.getByRole('button', { name: '보내기', exact: true }).click();
  await expect(page.getByRole('region', { name: '응답' }).getByRole('table')).toBeVisible();
  await shot(page, 'ko-console');
  for (const n of names) await deleteIsvc(page, NS, n);
});
