import { expect, test } from '@playwright/test';
import { NS, signIn, signInThroughDex } from './support/sandbox';

test('the app shell renders after sign-in and shows who is signed in', async ({ page }) => {
  await signIn(page, '/');
  await expect(page).toHaveURL(/\/ns\//);
  await expect(page.getByRole('heading', { name: 'InferenceServices' })).toBeVisible();
  await expect(page.getByText('user@example.com')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Namespace' })).toBeVisible();
});

test('deep links load the app, not a 404', async ({ page }) => {
  const res = await page.goto(`/ns/${NS}/isvc/sklearn-iris`);
  expect(res?.status()).toBe(200);
});

test.describe('signing in through Dex', () => {
  test.use({ ignoreHTTPSErrors: true });
  test('a signed-out deep link goes to Dex and comes back to the same page', async ({ page }) => {
    await signInThroughDex(page, `/ns/${NS}/runtimes`);
    await expect(page).toHaveURL(new RegExp(`/ns/${NS}/runtimes$`));
    await expect(page.getByRole('heading', { name: 'Serving runtimes' })).toBeVisible();
  });

  test('sign out ends the session', async ({ page }) => {
    await signIn(page, `/ns/${NS}`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).not.toHaveURL(new RegExp(`/ns/${NS}$`));
    expect((await page.request.get('/api/me')).status()).toBe(401);
  });
});

test('the namespace switcher offers only what the user may use, plus all namespaces', async ({ page }) => {
  await signIn(page, '/ns/_all');
  const select = page.getByRole('combobox', { name: 'Namespace' });
  await expect(select.getByRole('option', { name: NS })).toBeAttached();
  const options = await select.locator('option').allTextContents();
  expect(options).toContain('All namespaces');
  expect(options).not.toContain('kube-system');
  await select.selectOption(NS);
  await expect(page).toHaveURL(new RegExp(`/ns/${NS}$`));
});

test('a namespace the user may not read says so and what to do', async ({ page }) => {
  await signIn(page, `/ns/${NS}`, 'alice');
  await expect(page.getByRole('alert')).toContainText(`You cannot list InferenceServices in ${NS}`);
  await expect(page.getByRole('alert')).toContainText('pick another namespace');
});
