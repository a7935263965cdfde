import { expect, test } from '@playwright/test';
import {
  createIsvc,
  deleteIsvc,
  NS,
  patchIsvc,
  setEditorText,
  signIn,
  sklearnIsvc,
  uniqueName,
} from './support/sandbox';

const seed = `apiVersion: "serving.kserve.io/v1beta1"
kind: "InferenceService"
metadata:
  name: "NAME"
spec:
  predictor:
    # Predictor Framework
    sklearn:
      # Serving Protocol Version
      ProtocolVersion: "v2"
      # Model Storage Path
      storageUri: "gs://seldon-models/sklearn/iris"
`;

test('Monaco loads lazily, with YAML schema checks: the seed typo gets "did you mean protocolVersion?"', async ({
  page,
}) => {
  const monacoRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/assets\/monaco-/.test(r.url())) monacoRequests.push(r.url());
  });
  await signIn(page, `/ns/${NS}`);
  expect(monacoRequests).toEqual([]);
  await page.getByRole('link', { name: 'Create', exact: true }).click();
  await setEditorText(page, seed.replace('NAME', uniqueName('seed')));
  expect(monacoRequests.length).toBeGreaterThan(0);
  const problems = page.getByRole('region', { name: /problem/ });
  await expect(problems).toContainText('did you mean protocolVersion?');
  await expect(problems.getByRole('button', { name: 'Line 10, column 7' })).toBeVisible();
  // Nothing is sent while the problem is there.
  await page.getByRole('button', { name: /^Create/ }).click();
  await expect(page.getByText('Fix the problems below first; nothing was sent.')).toBeVisible();
});

test('server field errors from the dry run land on the line of the field, and the text is kept', async ({ page }) => {
  const name = uniqueName('e2e-invalid');
  await signIn(page, `/ns/${NS}/create`);
  const text = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: ${name}
spec:
  predictor:
    minReplicas: two
    model:
      modelFormat:
        name: sklearn
      storageUri: gs://kfserving-examples/models/sklearn/1.0/model
`;
  await setEditorText(page, text);
  await page.getByRole('button', { name: /^Create/ }).click();
  const problems = page.getByRole('region', { name: /problem/ });
  await expect(problems).toContainText('spec.predictor.minReplicas', { timeout: 30_000 });
  await expect(problems.getByRole('button', { name: /^Line 7,/ })).toBeVisible();
  await expect(page.locator('.monaco-editor').first()).toContainText('minReplicas: two');
});

test("KServe's validating webhook refusing two frameworks: its words, about the whole object, the text kept", async ({
  page,
}) => {
  const name = uniqueName('e2e-twofw');
  await signIn(page, `/ns/${NS}/create`);
  const text = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: ${name}
spec:
  predictor:
    sklearn:
      storageUri: gs://kfserving-examples/models/sklearn/1.0/model
    xgboost:
      storageUri: gs://kfserving-examples/models/xgboost/iris
`;
  await setEditorText(page, text);
  await page.getByRole('button', { name: /^Create/ }).click();
  const problems = page.getByRole('region', { name: /problem/ });
  await expect(problems).toContainText('Whole object:', { timeout: 30_000 });
  await expect(problems).toContainText(/exactly one of \[.*\] must be specified in PredictorSpec/);
  await expect(problems.getByRole('button', { name: /^Line / })).toHaveCount(0);
  await expect(page.locator('.results')).toContainText('exactly one of');
  await expect(page.locator('.results')).not.toContainText('You cannot');
  await expect(page.locator('.monaco-editor').first()).toContainText('xgboost:');
  expect((await page.request.get(`/api/namespaces/${NS}/inferenceservices/${name}`)).status()).toBe(404);
});

test('YAML syntax errors are reported with line and column', async ({ page }) => {
  await signIn(page, `/ns/${NS}/create`);
  await setEditorText(page, 'metadata:\n  name: [oops\nspec: {}\n');
  await expect(page.getByRole('region', { name: /problem/ })).toContainText(/YAML syntax: .*\(line \d+, column \d+\)/);
});

test('completion comes from the InferenceService schema (monaco-yaml)', async ({ page }) => {
  await signIn(page, `/ns/${NS}/create`);
  await setEditorText(
    page,
    'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nspec:\n  predictor:\n    model:\n      proto',
  );
  await page.keyboard.press('End');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.suggest-widget')).toContainText('protocolVersion', { timeout: 15_000 });
});

test('a concurrent change shows both versions; "take theirs" loads the live object', async ({ page }) => {
  const name = uniqueName('e2e-conflict');
  await signIn(page, `/ns/${NS}`);
  await createIsvc(page, NS, sklearnIsvc(name));
  try {
    await page.goto(`/ns/${NS}/isvc/${name}/yaml`);
    const editor = page.locator('.monaco-editor').first();
    await expect(editor).toContainText(`name: ${name}`, { timeout: 30_000 });
    // My edit, made on the version I opened (its resourceVersion)...
    const opened = (await (await page.request.get(`/api/namespaces/${NS}/inferenceservices/${name}`)).json()) as {
      metadata: { resourceVersion: string };
    };
    const mine = {
      ...sklearnIsvc(name),
      metadata: { name, namespace: NS, resourceVersion: opened.metadata.resourceVersion, labels: { mine: 'yes' } },
    };
    await setEditorText(page, JSON.stringify(mine, null, 2));
    // ...while someone else changes the object.
    await patchIsvc(page, NS, name, { metadata: { labels: { theirs: 'yes' } } });
    await page.getByRole('button', { name: 'Review and apply' }).click();
    const conflict = page.getByRole('region', { name: new RegExp(`changed ${name} since you started`) });
    await expect(conflict).toBeVisible({ timeout: 30_000 });
    await expect(conflict.getByRole('button', { name: 'Keep mine' })).toBeVisible();
    await conflict.getByRole('button', { name: 'Take theirs' }).click();
    await expect(editor).toContainText('theirs');
  } finally {
    await deleteIsvc(page, NS, name);
  }
});
