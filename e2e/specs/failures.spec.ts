/**
 * Issue 7: the ways the seed journey goes wrong, each shown to the user for what it is.
 *
 * Already covered in editor.spec.ts (not repeated here):
 * - the seed's `ProtocolVersion` typo flagged before apply with "did you mean protocolVersion?"
 *   ('Monaco loads lazily, with YAML schema checks ...');
 * - a schema violation (`minReplicas: two`) marked on the field's line, text kept
 *   ('server field errors from the dry run land on the line of the field ...');
 * - YAML syntax errors with line and column ('YAML syntax errors are reported with line and column');
 * - someone else editing the same InferenceService while the editor is open: the conflict with both
 *   versions ('a concurrent change shows both versions; "take theirs" loads the live object').
 * What is missing there and covered here: YAML that does not parse is not sent and the text is kept.
 */
import { expect, test } from '@playwright/test';
import { podNames, podPids } from './support/journey-cluster';
import { createIsvc, deleteIsvc, NS, setEditorText, signIn, sklearnIsvc, uniqueName } from './support/sandbox';

test.afterEach(async ({ page }) => {
  for (const a of test.info().annotations.filter((x) => x.type === 'cleanup'))
    await deleteIsvc(page, NS, a.description ?? '');
});

test('YAML that does not parse: line and column, nothing sent, the text kept', async ({ page }) => {
  const writes: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' && r.url().includes('/inferenceservices')) writes.push(r.url());
  });
  await signIn(page, `/ns/${NS}/create`);
  const broken = `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: ${uniqueName('e2e-broken')}\nspec:\n  predictor: [model\n`;
  await setEditorText(page, broken);
  const problems = page.getByRole('region', { name: /problem/ });
  await expect(problems).toContainText(/YAML syntax: .*\(line \d+, column \d+\)/);
  await page.getByRole('button', { name: /^Create/ }).click();
  await expect(page.getByText('Fix the problems below first; nothing was sent.')).toBeVisible();
  await expect(page.locator('.monaco-editor').first()).toContainText('predictor: [model');
  expect(writes).toEqual([]);
});

test('a storage URI that cannot be fetched: the details page says the storage initializer failed and why', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const name = uniqueName('e2e-nobucket');
  await signIn(page, `/ns/${NS}`);
  const object = sklearnIsvc(name, 'v1') as { spec: { predictor: { model: { storageUri: string } } } };
  object.spec.predictor.model.storageUri = 'gs://no-such-bucket/model';
  await createIsvc(page, NS, object as unknown as Record<string, unknown>);
  test.info().annotations.push({ type: 'cleanup', description: name });
  await page.goto(`/ns/${NS}/isvc/${name}`);
  const why = page.getByRole('region', { name: 'Why is it not ready?' });
  await expect(why).toContainText('storage-initializer', { timeout: 240_000 });
  await expect(why).toContainText(/gs:\/\/no-such-bucket\/model/);
});

test('a model server that crashes: the console answers with an error (no hang); restarts and the reason are shown', async ({
  page,
}) => {
  test.setTimeout(360_000);
  const name = uniqueName('e2e-crash');
  await signIn(page, `/ns/${NS}`);
  await createIsvc(page, NS, sklearnIsvc(name, 'v1'));
  test.info().annotations.push({ type: 'cleanup', description: name });
  await page.getByRole('searchbox', { name: 'Search' }).fill(name);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 240_000 });
  const [pod] = podNames(NS, name);
  const pids = podPids(NS, pod ?? '');
  expect(pids.length).toBeGreaterThan(0);

  await page.goto(`/ns/${NS}/console?isvc=${name}`);
  await expect(page.getByRole('combobox', { name: 'Operation' })).toHaveValue('v1-predict');
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  // Either the upstream's status (502/503 from the gateway while the server is down) or an error
  // state; never a spinner forever.
  const response = page.getByRole('region', { name: 'Response' });
  const failed = page.getByRole('alert').filter({ hasText: 'The request failed' });
  await expect(response.or(failed)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
  if (await response.isVisible()) await expect(response.locator('.status-code')).toHaveClass(/bad/);

  // The details page: the restart count and the reason of the last run.
  await page.goto(`/ns/${NS}/isvc/${name}/pods`);
  const podRow = page
    .getByRole('table', { name: 'Pods' })
    .getByRole('row')
    .filter({ hasText: pod ?? '' });
  await expect(podRow.getByRole('cell').nth(3)).not.toHaveText('0', { timeout: 90_000 });
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Overview' }).click();
  const findings = page.locator('ol.findings');
  await expect(findings).toContainText(/last run exited with code \d+, \d+ restarts?/, { timeout: 60_000 });
});
