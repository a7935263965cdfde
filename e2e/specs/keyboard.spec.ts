import { expect, test } from '@playwright/test';
import { createIsvc, deleteIsvc, NS, signIn, sklearnIsvc, uniqueName } from './support/sandbox';

/** Issue 18: everything reachable without a mouse; the editor follows the app's theme. */

test('/ focuses the list search and ? lists the shortcuts', async ({ page }) => {
  await signIn(page, `/ns/${NS}`);
  const search = page.getByRole('search').getByRole('searchbox');
  await expect(search).toBeVisible();
  await page.locator('body').press('/');
  await expect(search).toBeFocused();
  await page.keyboard.press('i');
  await expect(page).toHaveURL(/[?&]q=i\b/);
  await search.blur();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toContainText('Send the request (test console)');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('Ctrl/Cmd+S in the YAML editor dry-runs and shows the diff, then applies', async ({ page }) => {
  test.setTimeout(180_000);
  const name = uniqueName('e2e-keys');
  await signIn(page, `/ns/${NS}`);
  await createIsvc(page, NS, sklearnIsvc(name));
  try {
    await page.goto(`/ns/${NS}/isvc/${name}/yaml`);
    const editor = page.locator('.monaco-editor').first();
    await expect(editor).toContainText(`name: ${name}`, { timeout: 30_000 });
    // The controller writes status for a while after a create: take the resourceVersion once it holds still.
    const rvNow = async () =>
      (
        (await (await page.request.get(`/api/namespaces/${NS}/inferenceservices/${name}`)).json()) as {
          metadata: { resourceVersion: string };
        }
      ).metadata.resourceVersion;
    let rv = '';
    await expect(async () => {
      const a = await rvNow();
      await page.waitForTimeout(2000);
      rv = await rvNow();
      expect(rv).toBe(a);
    }).toPass({ timeout: 60_000 });
    // The editor follows the live object until edited: type a label in as the first field of metadata.
    await expect(editor).toContainText(`resourceVersion: "${rv}"`);
    await editor.click();
    await page.keyboard.press('ControlOrMeta+Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    // pasted, not typed: completion would take some of the keystrokes
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate(() => navigator.clipboard.writeText('labels: {keyboard: yes}\n  '));
    await page.keyboard.press('ControlOrMeta+V');
    await expect(editor).toContainText('labels: {keyboard: yes}');
    await page.keyboard.press('ControlOrMeta+S');
    await expect(page.getByRole('region', { name: /^Review/ })).toBeVisible({ timeout: 30_000 });
    await page.keyboard.press('ControlOrMeta+S');
    await expect(page.getByText(/^Applied\./)).toBeVisible({ timeout: 30_000 });
    const res = await page.request.get(`/api/namespaces/${NS}/inferenceservices/${name}`);
    expect(((await res.json()) as { metadata: { labels?: Record<string, string> } }).metadata.labels).toMatchObject({
      keyboard: 'yes',
    });
  } finally {
    await deleteIsvc(page, NS, name);
  }
});

test("Monaco's theme follows the app's theme while the editor is open", async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await signIn(page, `/ns/${NS}/create`);
  const editor = page.locator('.monaco-editor').first();
  await expect(editor).toBeVisible({ timeout: 30_000 });
  const theme = page.getByRole('button', { name: /^Theme:/ });
  // system (light here) → light → dark
  await expect(editor).toHaveClass(/\bvs\b/);
  await theme.click();
  await theme.click();
  await expect(editor).toHaveClass(/\bvs-dark\b/);
  await theme.click();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(editor).toHaveClass(/\bvs-dark\b/);
});
