/**
 * Issue 7: the seed's whole journey, as a new user does it, in one real browser against the sandbox:
 * Dex sign-in, create sklearn-iris from pasted YAML, watch it get Ready live, inspect pods and services,
 * infer from the console and the copied curl, scale to 2 in the YAML editor, delete (nothing left behind,
 * processes included), sign out, and alice sees none of it. Every response the browser receives (and
 * every SSE event) is scanned for tokens.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { kubectl, podNames, podPids, ResponseRecorder, tokenFor } from './support/journey-cluster';
import { login, NS, runShell, setEditorText, signInThroughDex, uniqueName } from './support/sandbox';

// The seed's sklearn-iris, with a per-run suffix: the sandbox is shared, and a deletion still being
// finalized by a busy controller must not block the next run.
const name = uniqueName('sklearn-iris');
const seedYaml = `apiVersion: "serving.kserve.io/v1beta1"
kind: "InferenceService"
metadata:
  name: "${name}"
  namespace: "${NS}"
spec:
  predictor:
    model:
      modelFormat:
        name: sklearn
      protocolVersion: v2
      storageUri: "gs://seldon-models/sklearn/iris"
`;
const input = readFileSync('/work/shared/kserve/samples/v1beta1_sklearn_v2_iris-input.json', 'utf8');

type V2Answer = { outputs: { name: string; data: unknown[] }[] };

function isvcGone(): boolean {
  return kubectl(['get', 'isvc', '-n', NS, '--ignore-not-found', '-o', 'name', name]).trim() === '';
}

test.use({ ignoreHTTPSErrors: true });

test('the seed journey: sign in through Dex, create, watch, inspect, infer, curl, scale, delete, sign out; alice sees nothing', async ({
  page,
  context,
}) => {
  test.setTimeout(420_000);
  const recorder = new ResponseRecorder();
  await recorder.attach(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  // 1. ServeDeck sends a signed-out browser to Dex's own login page; its form signs us in.
  await signInThroughDex(page, `/ns/${NS}/create`, 'user');
  await expect(page).toHaveURL(new RegExp(`/ns/${NS}/create$`));
  await expect(page.getByText('user@example.com')).toBeVisible();

  // 2. Paste the seed's YAML, create, and watch the list turn Ready without reloading.
  await setEditorText(page, seedYaml);
  await page.getByRole('button', { name: /^Create/ }).click();
  await expect(page).toHaveURL(new RegExp(`/ns/${NS}/isvc/${name}$`), { timeout: 30_000 });
  let loads = 0;
  page.on('load', () => {
    loads += 1;
  });
  await page.getByRole('link', { name: 'InferenceServices' }).first().click();
  await page.getByRole('searchbox', { name: 'Search' }).fill(name);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row).toBeVisible();
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 180_000 });
  expect(loads, 'the list updated itself: no page load happened').toBe(0);

  // 3. Its pod and its service with the ClusterIP, as kubectl shows them.
  await row.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const tabs = page.getByRole('navigation', { name: 'Sections' });
  await tabs.getByRole('link', { name: /^Pods/ }).click();
  const [pod] = podNames(NS, name);
  expect(pod).toBeTruthy();
  const podsTable = page.getByRole('table', { name: 'Pods' });
  await expect(podsTable.getByRole('row').filter({ hasText: pod ?? '' })).toContainText('Running');
  await tabs.getByRole('link', { name: 'Services' }).click();
  const services = kubectl([
    'get',
    'svc',
    '-n',
    NS,
    '-l',
    `serving.kserve.io/inferenceservice=${name}`,
    '-o',
    'jsonpath={range .items[*]}{.metadata.name} {.spec.clusterIP}{"\\n"}{end}',
  ])
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ') as [string, string]);
  expect(services.length).toBeGreaterThan(0);
  const servicesTable = page.getByRole('table', { name: 'Services' });
  for (const [svc, clusterIp] of services) {
    const svcRow = servicesTable.getByRole('row').filter({ hasText: svc });
    await expect(svcRow).toContainText(clusterIp);
    if (clusterIp !== 'None') expect(clusterIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  }

  // 4. The console: V2 infer with the sample input, outputs [1, 1] and a latency.
  await page.getByRole('link', { name: 'Test', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Operation' })).toHaveValue('v2-infer');
  await page.getByRole('textbox', { name: 'Payload (JSON)' }).fill(input);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const response = page.getByRole('region', { name: 'Response' });
  await expect(response).toContainText('200', { timeout: 60_000 });
  await expect(response).toContainText(/Total \d[\d.,]*\s*(ms|s)/);
  const body = JSON.parse((await response.locator('pre.body-view').textContent()) ?? '') as V2Answer;
  expect(body.outputs[0]?.data).toEqual([1, 1]);

  // "Copy as curl": the clipboard holds what the page shows; run it outside the browser for the same answer.
  await page.getByRole('button', { name: 'Copy as curl' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const shown = await page.getByText(/^curl -sS /).textContent();
  expect(copied).toBe(shown);
  expect(copied).toContain('$TOKEN');
  const out = JSON.parse(runShell(copied, { TOKEN: tokenFor(login('user').email) })) as V2Answer;
  expect(out.outputs[0]?.data).toEqual([1, 1]);

  // 5. Scale to two replicas in the YAML editor: a second pod appears.
  await page.goto(`/ns/${NS}/isvc/${name}/yaml`);
  const editor = page.locator('.monaco-editor').first();
  await expect(editor).toContainText(`name: ${name}`, { timeout: 30_000 });
  const live = (await (await page.request.get(`/api/namespaces/${NS}/inferenceservices/${name}`)).json()) as {
    metadata: Record<string, unknown>;
    spec: { predictor: Record<string, unknown> };
  };
  const { managedFields: _managed, ...metadata } = live.metadata;
  const edited = {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata,
    spec: { ...live.spec, predictor: { ...live.spec.predictor, minReplicas: 2 } },
  };
  await setEditorText(page, JSON.stringify(edited, null, 2));
  await page.getByRole('button', { name: 'Review and apply' }).click();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  // Applied: the editor's base is the new live object, so there is nothing left to apply.
  await expect(page.getByRole('button', { name: 'Review and apply' })).toBeDisabled({ timeout: 30_000 });
  await expect.poll(() => podNames(NS, name).length, { timeout: 120_000 }).toBe(2);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /^Pods/ }).click();
  await expect(page.getByRole('table', { name: 'Pods' }).getByRole('row')).toHaveCount(3, { timeout: 60_000 });
  const pods = podNames(NS, name);
  await expect.poll(() => pods.every((p) => podPids(NS, p).length > 0), { timeout: 120_000 }).toBe(true);

  // Delete with the typed name: gone from the list, no pods, no model server processes.
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${name}?` });
  await expect(dialog.getByRole('button', { name: 'Delete' })).toBeDisabled();
  await dialog.getByRole('textbox').fill(name);
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(new RegExp(`/ns/${NS}$`));
  await page.getByRole('searchbox', { name: 'Search' }).fill(name);
  await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0, { timeout: 90_000 });
  await expect.poll(() => podNames(NS, name), { timeout: 90_000 }).toEqual([]);
  await expect.poll(() => pods.flatMap((p) => podPids(NS, p)), { timeout: 30_000 }).toEqual([]);

  // 6. Sign out: the API answers 401 and pages send the browser back to Dex.
  await page.getByRole('button', { name: 'Sign out' }).click();
  // The app leaves the page by itself (to / and on to sign-in); let that navigation finish first.
  await expect(page).not.toHaveURL(new RegExp(`/ns/${NS}/?$`));
  await page.waitForLoadState('load');
  await expect.poll(async () => (await page.request.get('/api/me')).status(), { timeout: 15_000 }).toBe(401);
  // The app's own redirect chain after sign-out (/, /auth/login, Dex) may still be running: a deep link
  // opened meanwhile is aborted by it (ERR_ABORTED). Retry until the deep link itself lands on Dex's form.
  await expect(async () => {
    await page.goto(`/ns/${NS}`);
    await expect(page.locator('input[name="login"]')).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 45_000 });

  // 7. alice: no trace of user@example.com's namespace or models.
  await signInThroughDex(page, '/ns/alice', 'alice');
  await expect(page.getByText('alice@example.com')).toBeVisible();
  const options = await page.getByRole('combobox', { name: 'Namespace' }).locator('option').allTextContents();
  expect(options).toContain('alice');
  expect(options.join('\n')).not.toContain(NS);
  await page.goto('/ns/_all');
  await expect(page.getByRole('heading', { name: 'InferenceServices' })).toBeVisible();
  await expect(page.getByText(NS)).toHaveCount(0);
  await page.goto(`/ns/${NS}/isvc/${name}`);
  await expect(page.getByRole('alert')).toContainText(`You cannot read InferenceService ${name} in ${NS}`, {
    timeout: 30_000,
  });
  for (const path of [`/api/namespaces/${NS}/inferenceservices`, `/api/namespaces/${NS}/inferenceservices/${name}`])
    expect((await page.request.get(path)).status(), path).toBe(403);

  // No response (headers, bodies, SSE events) carried a token.
  await recorder.settle();
  expect(recorder.scan.scanned).toBeGreaterThan(20);
  expect(recorder.sseEvents).toBeGreaterThan(0);
  expect(recorder.scan.findings()).toEqual([]);
});

test.afterAll(() => {
  // A failed run leaves nothing running for the next one.
  if (!isvcGone()) kubectl(['delete', 'isvc', '-n', NS, name, '--ignore-not-found', '--wait=false']);
});
