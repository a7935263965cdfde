import { expect, test } from '@playwright/test';
import { createIsvc, deleteIsvc, NS, signIn, sklearnIsvc, uniqueName } from './support/sandbox';

const name = uniqueName('e2e-v2');

test.afterEach(async ({ page }) => {
  await deleteIsvc(page, NS, name);
  for (const a of test.info().annotations.filter((x) => x.type === 'cleanup'))
    await deleteIsvc(page, NS, a.description ?? '');
});

test('V2: ready, metadata and infer, through the gateway and cluster-local, with outputs as a table and a history', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signIn(page, `/ns/${NS}`);
  await createIsvc(page, NS, sklearnIsvc(name, 'v2'));
  await page.getByRole('searchbox', { name: 'Search' }).fill(name);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 180_000 });

  await page.goto(`/ns/${NS}/console?isvc=${name}`);
  const operation = page.getByRole('combobox', { name: 'Operation' });
  await expect(operation).toHaveValue('v2-infer');
  const response = page.getByRole('region', { name: 'Response' });

  await operation.selectOption('v2-ready');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  // KServe answers `{"ready": true}`, MLServer an empty 200: both mean ready.
  await expect(response).toContainText('200 OK');

  await operation.selectOption('v2-metadata');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(response).toContainText(`"name": "${name}"`);

  await operation.selectOption('v2-infer');
  await page.getByRole('textbox', { name: 'Payload (JSON)' }).fill(
    JSON.stringify({
      inputs: [{ name: 'input-0', shape: [2, 4], datatype: 'FP32', data: [6.8, 2.8, 4.8, 1.4, 6.0, 3.4, 4.5, 1.6] }],
    }),
  );
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(response.getByRole('table', { name: new RegExp(`Outputs of ${name}`) })).toBeVisible();
  await expect(response).toContainText('Server-Timing: upstream');

  await page.getByRole('radio', { name: /Cluster-local/ }).check();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(response.getByRole('table', { name: new RegExp(`Outputs of ${name}`) })).toBeVisible();

  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByRole('listitem')).toHaveCount(4);
  await page.reload();
  await expect(page.getByRole('region', { name: 'History' }).getByRole('listitem')).toHaveCount(4);
});

test('a payload that is not JSON cannot be sent, and says why', async ({ page }) => {
  const v1 = uniqueName('e2e-v1');
  await signIn(page, `/ns/${NS}`);
  await createIsvc(page, NS, sklearnIsvc(v1, 'v1'));
  test.info().annotations.push({ type: 'cleanup', description: v1 });
  await page.goto(`/ns/${NS}/console?isvc=${v1}`);
  await page.getByRole('textbox', { name: 'Payload (JSON)' }).fill('{"instances": [[1, 2');
  await expect(page.getByText(/The payload is not valid JSON/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
});
