import { expect, test } from '@playwright/test';

test('the app shell renders and reaches the BFF', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'InferenceServices' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Connected');
});

test('deep links load the app, not a 404', async ({ page }) => {
  const res = await page.goto('/ns/kubeflow-user-example-com/isvc/sklearn-iris');
  expect(res?.status()).toBe(200);
  await expect(page.getByText('ServeDeck', { exact: true })).toBeVisible();
});
