import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { createIsvc, deleteIsvc, NS, signIn, sklearnIsvc, uniqueName } from './support/sandbox';

async function seriousViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).exclude('.monaco-editor').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const [label, path] of [
  ['list', `/ns/${NS}`],
  ['create', `/ns/${NS}/create`],
  ['console', `/ns/${NS}/console`],
  ['runtimes', `/ns/${NS}/runtimes`],
] as const) {
  test(`no serious accessibility violations: ${label}`, async ({ page }) => {
    await signIn(page, path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('dark theme: the toggle switches color-scheme and stays readable', async ({ page }) => {
  await signIn(page, `/ns/${NS}`);
  const toggle = page.getByRole('button', { name: /^Theme:/ });
  while (!(await page.evaluate(() => document.documentElement.dataset.theme === 'dark'))) await toggle.click();
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark');
  expect(await seriousViolations(page)).toEqual([]);
});

test('keyboard: skip link, then the list is reachable with Tab', async ({ page }) => {
  await signIn(page, `/ns/${NS}`);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toBeVisible();
});

test('no serious accessibility violations on the details tabs', async ({ page }) => {
  test.setTimeout(180_000);
  const name = uniqueName('e2e-a11y');
  await signIn(page, `/ns/${NS}`);
  await createIsvc(page, NS, sklearnIsvc(name));
  try {
    for (const tab of ['overview', 'components', 'pods', 'services', 'events', 'logs', 'yaml']) {
      await page.goto(`/ns/${NS}/isvc/${name}/${tab}`);
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      await expect(page.getByRole('link', { name: new RegExp(`^${tab}`, 'i') })).toHaveAttribute(
        'aria-current',
        'page',
      );
      expect(await seriousViolations(page), tab).toEqual([]);
    }
  } finally {
    await deleteIsvc(page, NS, name);
  }
});
