import { expect, test } from '@playwright/test';
import { deleteIsvc, dexToken, login, NS, runShell, setEditorText, signIn, uniqueName } from './support/sandbox';

test.describe.configure({ mode: 'serial' });

const name = uniqueName('e2e-sklearn');

test.afterEach(async ({ page }) => deleteIsvc(page, NS, name));

test('create from a template, watch it become ready in the list, inspect it, test it, stop, start and delete it', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signIn(page, `/ns/${NS}/create`);
  await page.getByRole('combobox', { name: 'Model format' }).selectOption('sklearn');
  await setEditorText(
    page,
    `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: ${name}\n  labels:\n    e2e: "true"\nspec:\n  predictor:\n    model:\n      modelFormat:\n        name: sklearn\n      storageUri: gs://kfserving-examples/models/sklearn/1.0/model\n`,
  );
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(new RegExp(`/ns/${NS}/isvc/${name}$`), { timeout: 30_000 });

  // The list shows it and updates live, without a reload.
  await page.getByRole('link', { name: 'InferenceServices' }).first().click();
  await page.getByRole('searchbox', { name: 'Search' }).fill(name);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
  await expect(row).toBeVisible();
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 180_000 });
  await expect(row).toContainText('sklearn');

  // Details: overview, pods, services, events, logs.
  await row.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('example.com');
  const tabs = page.getByRole('navigation', { name: 'Sections' });
  await tabs.getByRole('link', { name: /^Pods/ }).click();
  await expect(page).toHaveURL(new RegExp(`/isvc/${name}/pods$`));
  await expect(page.getByRole('table', { name: 'Pods' })).toContainText('Running');
  await tabs.getByRole('link', { name: 'Services' }).click();
  await expect(page.getByRole('table', { name: 'Services' })).toBeVisible();
  await tabs.getByRole('link', { name: /^Events/ }).click();
  await expect(page.getByRole('table', { name: 'Events' }).or(page.getByText('No events.'))).toBeVisible();
  await tabs.getByRole('link', { name: 'Logs' }).click();
  await expect(page.getByRole('combobox', { name: 'Container' })).toBeVisible();
  await expect(page.locator('.log-view')).not.toBeEmpty({ timeout: 30_000 });
  await page.getByRole('searchbox', { name: 'Search' }).fill('zzz-no-such-line');
  await expect(page.locator('.log-view')).toBeEmpty();

  // Test console: V1 predict through the gateway.
  await page.getByRole('link', { name: 'Test', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Operation' })).toHaveValue('v1-predict');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const response = page.getByRole('region', { name: 'Response' });
  await expect(response).toContainText('200', { timeout: 60_000 });
  await expect(response).toContainText('predictions');
  // "Copy as curl" really works against the gateway, with a Dex ID token.
  const curl = await page.getByText(/^curl -sS -H 'Host: /).textContent();
  const out = runShell(curl ?? '', { TOKEN: dexToken(login('user').email) });
  expect(JSON.parse(out)).toHaveProperty('predictions');

  // Stop and start (annotation via merge-patch), then delete with the typed name.
  await page.goto(`/ns/${NS}/isvc/${name}`);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByText('Stopped', { exact: true }).first()).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${name}?` });
  await expect(dialog.getByRole('button', { name: 'Delete' })).toBeDisabled();
  await dialog.getByRole('textbox').fill(name);
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(new RegExp(`/ns/${NS}$`));
  await page.getByRole('searchbox', { name: 'Search' }).fill(name);
  await expect(page.getByRole('link', { name })).toHaveCount(0, { timeout: 60_000 });
});
