import { expect, type Page, test } from '@playwright/test';
import { kindApiPaths, TRAINED_MODEL } from '@servedeck/shared';
import { createIsvc, deleteIsvc, NS, signIn, uniqueName } from './support/sandbox';

const parent = uniqueName('e2e-mms');
const model = `${parent}-tm`;

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
}

test.afterEach(async ({ page }) => {
  // the TrainedModel before its parent: KServe's finalizer takes it out of the parent's model config first
  await page.request.delete(kindApiPaths.object(TRAINED_MODEL, NS, model), {
    headers: { 'x-csrf-token': await csrf(page) },
  });
  await deleteIsvc(page, NS, parent);
});

test('TrainedModel: shown under its parent InferenceService with its own status and a console link', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, `/ns/${NS}`);
  // a multi-model sklearn server (no storageUri), stopped: KServe's TrainedModel controller keeps a TrainedModel only
  // while its parent exists, and no model server is needed to show it
  await createIsvc(page, NS, {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: parent, annotations: { 'serving.kserve.io/stop': 'true' } },
    spec: { predictor: { model: { modelFormat: { name: 'sklearn' } } } },
  });
  const created = await page.request.post(kindApiPaths.list(TRAINED_MODEL, NS), {
    headers: { 'x-csrf-token': await csrf(page) },
    data: {
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'TrainedModel',
      metadata: { name: model },
      spec: {
        inferenceService: parent,
        model: {
          framework: 'sklearn',
          storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
          memory: '256Mi',
        },
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);

  await page.goto(`/ns/${NS}/isvc/${parent}`);
  const section = page.getByRole('region', { name: 'Trained models' });
  // listed within one refresh (every 10 s)
  const row = section.getByRole('row').filter({ has: page.getByRole('rowheader', { name: model, exact: true }) });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText('sklearn');
  await expect(row).toContainText('gs://kfserving-examples/models/sklearn/1.0/model');
  await expect(row).toContainText('256Mi');
  // its own status, as KServe's TrainedModel controller reports it: its parent is stopped, so it is not Ready
  const status = row.getByRole('cell').nth(0);
  await expect(status).toHaveText(/^Not ready/, { timeout: 30_000 });
  await expect(status).toContainText('InferenceServiceNotReady');
  const test_ = row.getByRole('link', { name: `Test ${model}` });
  await expect(test_).toHaveAttribute('href', `/ns/${NS}/console?isvc=${parent}&model=${model}`);
  await test_.click();
  await expect(page).toHaveURL(new RegExp(`/ns/${NS}/console\\?isvc=${parent}&model=${model}$`));
});
