import { expect, type Page, test } from '@playwright/test';
import { INFERENCE_GRAPH, kindApiPaths } from '@servedeck/shared';
import { createIsvc, deleteIsvc, NS, signIn, uniqueName } from './support/sandbox';

const G = INFERENCE_GRAPH;
const name = uniqueName('e2e-graph');
const sk = `${name}-sk`;
const xgb = `${name}-xgb`;

/** KServe's graph_sequence sample (../shared/kserve/samples), with names of this run. */
const isvc = (n: string, framework: 'sklearn' | 'xgboost', uri: string) => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: n },
  spec: { predictor: { [framework]: { storageUri: uri } } },
});
const graph = {
  apiVersion: 'serving.kserve.io/v1alpha1',
  kind: 'InferenceGraph',
  metadata: { name },
  spec: {
    nodes: { root: { routerType: 'Sequence', steps: [{ serviceName: sk }, { serviceName: xgb, data: '$request' }] } },
  },
};

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
}

test.afterEach(async ({ page }) => {
  await page.request.delete(kindApiPaths.object(G, NS, name), { headers: { 'x-csrf-token': await csrf(page) } });
  await deleteIsvc(page, NS, sk);
  await deleteIsvc(page, NS, xgb);
});

test("InferenceGraph: the sample's Sequence in the list, drawn with its steps' readiness, KServe reconciles it Ready", async ({
  page,
}) => {
  test.setTimeout(480_000);
  await signIn(page, `/ns/${NS}`);
  await createIsvc(page, NS, isvc(sk, 'sklearn', 'gs://kfserving-examples/models/sklearn/1.0/model'));
  await createIsvc(page, NS, isvc(xgb, 'xgboost', 'gs://kfserving-examples/models/xgboost/iris'));
  const created = await page.request.post(kindApiPaths.list(G, NS), {
    headers: { 'x-csrf-token': await csrf(page) },
    data: graph,
  });
  expect(created.status(), await created.text()).toBe(201);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Graphs' }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row).toContainText('Sequence');
  await row.getByRole('link', { name, exact: true }).click();

  const drawing = page.getByRole('region', { name: `Drawing of the graph ${name}` });
  const step1 = drawing.getByRole('link', { name: `Step 1: InferenceService ${sk}, Ready` });
  const step2 = drawing.getByRole('link', { name: `Step 2: InferenceService ${xgb}, Ready` });
  await expect(step1).toBeVisible({ timeout: 300_000 });
  await expect(step2).toBeVisible({ timeout: 120_000 });
  await expect(drawing.getByText('gets the original request')).toBeVisible();
  await page.getByText('The graph in words').click();
  await expect(page.getByText(`Step 2: InferenceService ${xgb}, Ready (gets the original request)`)).toBeVisible();
  await expect(step1).toHaveAttribute('href', `/ns/${NS}/isvc/${sk}`);

  // KServe's controller deploys the router and reports the graph Ready with its URL
  const readyCondition = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'Ready', exact: true }) });
  await expect(readyCondition).toContainText('True', { timeout: 180_000 });
  // the console: the sample's iris row through ServeDeck -> the gateway (the user's ID token) -> KServe's router,
  // which calls both steps in sequence; the second step gets the original request, so the answer is xgboost's
  // Right after Ready the gateway may not have the router's endpoint yet (KServe reports Ready from the Deployment,
  // the endpointslice controller marks the endpoint ready on its own): a user's first send can meet a 503 then, so
  // it is sent again, as a user would, until the router answers
  await page.getByRole('link', { name: 'Console', exact: true }).click();
  const answer = page.getByRole('status').filter({ hasText: "The router's answer" });
  let sends = 0;
  await expect(async () => {
    sends += 1;
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(answer).toContainText('HTTP 200', { timeout: 2_000 });
  }).toPass({ timeout: 60_000, intervals: [1_000] });
  test.info().annotations.push({ type: 'sends until HTTP 200', description: String(sends) });
  process.stdout.write(`graph console: HTTP 200 after ${sends} send(s)\n`);
  await expect(page.getByTestId('graph-answer')).toContainText('"predictions"');
});
