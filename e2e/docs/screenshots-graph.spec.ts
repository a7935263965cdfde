import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { INFERENCE_GRAPH, kindApiPaths } from '@servedeck/shared';
import { createIsvc, deleteIsvc, NS, signIn } from '../specs/support/sandbox';

const out = (name: string) => join(import.meta.dirname, '..', '..', 'docs', 'screenshots', `${name}.png`);
const G = INFERENCE_GRAPH;

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
}

/**
 * The graph view: KServe's graph_sequence sample's two models, and a graph that uses every router type (a Switch
 * at the root, a Splitter with weights, an Ensemble, the Sequence), on a real-mode sandbox (KServe's router).
 */
test('docs screenshots: an InferenceGraph drawn', async ({ page }) => {
  test.setTimeout(600_000);
  const name = 'demo-graph';
  const models = [
    { n: 'demo-sklearn-iris', spec: { sklearn: { storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model' } } },
    { n: 'demo-xgboost-iris', spec: { xgboost: { storageUri: 'gs://kfserving-examples/models/xgboost/iris' } } },
  ];
  await page.setViewportSize({ width: 1366, height: 1200 });
  await signIn(page);
  await page.request.delete(kindApiPaths.object(G, NS, name), { headers: { 'x-csrf-token': await csrf(page) } });
  for (const m of models) {
    await deleteIsvc(page, NS, m.n);
    await createIsvc(page, NS, {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: m.n },
      spec: { predictor: m.spec },
    });
  }
  const graph = {
    apiVersion: 'serving.kserve.io/v1alpha1',
    kind: 'InferenceGraph',
    metadata: { name },
    spec: {
      nodes: {
        root: {
          routerType: 'Sequence',
          steps: [
            { name: 'classify', serviceName: 'demo-sklearn-iris' },
            { name: 'second-opinion', nodeName: 'split', data: '$request' },
          ],
        },
        split: {
          routerType: 'Splitter',
          steps: [
            { serviceName: 'demo-xgboost-iris', weight: 80 },
            { nodeName: 'both', weight: 20 },
          ],
        },
        both: {
          routerType: 'Ensemble',
          steps: [
            { name: 'sk', serviceName: 'demo-sklearn-iris' },
            { name: 'xgb', serviceName: 'demo-xgboost-iris' },
          ],
        },
      },
    },
  };
  const created = await page.request.post(kindApiPaths.list(G, NS), {
    headers: { 'x-csrf-token': await csrf(page) },
    data: graph,
  });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto(`/ns/${NS}/graphs/${name}`);
  const drawing = page.getByRole('region', { name: `Drawing of the graph ${name}` });
  await expect(drawing.getByRole('link', { name: /InferenceService demo-xgboost-iris, Ready/ }).first()).toBeVisible({
    timeout: 400_000,
  });
  await expect(drawing.getByRole('link', { name: /InferenceService demo-sklearn-iris, Ready/ }).first()).toBeVisible({
    timeout: 120_000,
  });
  const readyCondition = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'Ready', exact: true }) });
  await expect(readyCondition).toContainText('True', { timeout: 180_000 });
  await page.screenshot({ path: out('graph'), fullPage: true });
});
