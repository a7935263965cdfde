import { expect, type Page, test } from '@playwright/test';
import { NS, setEditorText, signIn } from './support/sandbox';

/** Issue 18, "a UI that never loses work": hostile input leaves the create editor with its text and a problem. */

const aliasBomb = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
`;

async function expectNoCrash(page: Page) {
  await expect(page.getByText('Unexpected Application Error')).toHaveCount(0);
  const text = (await page.locator('body').textContent()) ?? '';
  expect(text).not.toMatch(/\bat \S+ \(\S+:\d+:\d+\)/);
  await expect(page.getByRole('heading', { name: /Create InferenceServices in/ })).toBeVisible();
}

test('a pasted alias bomb stays in the editor as text, with a problem marker', async ({ page }) => {
  await signIn(page, `/ns/${NS}/create`);
  await setEditorText(page, aliasBomb);
  const problems = page.getByRole('region', { name: /problem/ });
  await expect(problems).toContainText('Aliases in this document expand too far');
  await expect(page.locator('.monaco-editor').first()).toContainText('a: &a ["lol"');
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeAttached();
  await expectNoCrash(page);
});

test('a 5 MB scalar stays in the editor, marked as too large to send', async ({ page }) => {
  await signIn(page, `/ns/${NS}/create`);
  const big = `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: big\n  annotations:\n    x: "${'x'.repeat(5 * 1024 * 1024)}"\n`;
  await setEditorText(page, big);
  const problems = page.getByRole('region', { name: /problem/ });
  await expect(problems).toContainText('The text is 5.0 MB; ServeDeck sends at most 2.0 MB', { timeout: 30_000 });
  await expect(page.locator('.monaco-editor').first()).toContainText('apiVersion: serving.kserve.io/v1beta1');
  await expectNoCrash(page);
});

test('a binary upload is refused with a problem and the text is kept', async ({ page }) => {
  await signIn(page, `/ns/${NS}/create`);
  const mine = 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: kept-text\n';
  await setEditorText(page, mine);
  await expect(page.locator('.monaco-editor').first()).toContainText('name: kept-text');
  const png = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff,
  ]);
  await page.getByLabel('Upload YAML…').setInputFiles({ name: 'model.png', mimeType: 'image/png', buffer: png });
  const problems = page.getByRole('region', { name: /problem/ });
  await expect(problems).toContainText('model.png is not UTF-8 text (a binary file?). Your text was kept.');
  await expect(page.locator('.monaco-editor').first()).toContainText('name: kept-text');
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeAttached();
  await expectNoCrash(page);
});

test('the did-you-mean hint is a Monaco quick fix', async ({ page }) => {
  await signIn(page, `/ns/${NS}/create`);
  await setEditorText(
    page,
    'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: qf\nspec:\n  predictor:\n    sklearn:\n      ProtocolVersion: v2\n      storageUri: gs://x\n',
  );
  const problems = page.getByRole('region', { name: /problem/ });
  await expect(problems).toContainText('did you mean protocolVersion?');
  await problems.getByRole('button', { name: /^Line 8,/ }).click();
  await page.keyboard.press('ControlOrMeta+.');
  await expect(page.getByText(/Change ProtocolVersion to protocolVer/)).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('.monaco-editor').first()).toContainText('protocolVersion: v2');
  await expect(problems).toHaveCount(0);
});
