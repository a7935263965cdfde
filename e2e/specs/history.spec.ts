import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { deleteIsvc, NS, signIn, uniqueName } from './support/sandbox';

/** kubectl as the sandbox's admin (outside ServeDeck), through `sandbox kubectl`. */
function kubectl(args: string[], input?: string): string {
  const cli = fileURLToPath(new URL('../../scripts/sandbox.mjs', import.meta.url));
  return execFileSync(process.execPath, [cli, 'kubectl', '--', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    ...(input === undefined ? {} : { input }),
  });
}

/** The seed's InferenceService (its misspelled ProtocolVersion left out), stopped: no pods needed here. */
const seedLike = (name: string) =>
  JSON.stringify({
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name, namespace: NS, annotations: { 'serving.kserve.io/stop': 'true' } },
    spec: { predictor: { sklearn: { storageUri: 'gs://seldon-models/sklearn/iris' } } },
  });

/** An edit through ServeDeck's API as the signed-in user (what the YAML editor sends). */
async function editTimeout(page: Page, name: string, timeout: number): Promise<void> {
  const path = `/api/namespaces/${NS}/inferenceservices/${name}`;
  const live = (await (await page.request.get(path)).json()) as { spec: { predictor: Record<string, unknown> } };
  const me = (await (await page.request.get('/api/me')).json()) as { csrfToken: string };
  const res = await page.request.put(path, {
    headers: { 'x-csrf-token': me.csrfToken },
    data: { ...live, spec: { predictor: { ...live.spec.predictor, timeout } } },
  });
  expect(res.status(), await res.text()).toBe(200);
}

test('history: the seed edited twice, revision 1 restored, three revisions with authors; kubectl outside ServeDeck; alice refused', async ({
  page,
  browser,
}) => {
  const name = uniqueName('e2e-history');
  // created as the seed is: by kubectl (admin), outside ServeDeck
  kubectl(['apply', '-f', '-'], seedLike(name));
  try {
    await signIn(page, `/ns/${NS}`);
    await editTimeout(page, name, 61);
    await editTimeout(page, name, 62);
    await page.goto(`/ns/${NS}/isvc/${name}/history`);
    const table = page.getByRole('table', { name: 'Spec history' });
    await expect(table.getByRole('row')).toHaveCount(3); // header + 2 revisions
    await expect(page.getByRole('region', { name: 'Changed outside ServeDeck' })).toContainText('kubectl');

    await page.getByRole('button', { name: 'Restore revision 1' }).click();
    const review = page.getByRole('region', { name: 'Restore revision 1?' });
    await expect(review).toBeVisible({ timeout: 30_000 });
    await review.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(page.getByText('Restored revision 1 (recorded as revision 3).')).toBeVisible({ timeout: 30_000 });
    await expect(table.getByRole('row')).toHaveCount(4);
    const rows = table.getByRole('row');
    await expect(rows.nth(1)).toContainText('Restored revision 1');
    for (const i of [1, 2, 3]) await expect(rows.nth(i)).toContainText('user@example.com');
    const live = JSON.parse(kubectl(['get', 'inferenceservice', name, '-n', NS, '-o', 'json'])) as {
      spec: { predictor: { timeout?: number } };
    };
    expect(live.spec.predictor.timeout).toBe(61);

    const alice = await browser.newPage();
    await signIn(alice, '/ns/alice', 'alice');
    const refused = await alice.request.get(`/api/namespaces/${NS}/inferenceservices/${name}/history`);
    expect(refused.status()).toBe(403);
    await alice.close();
  } finally {
    await deleteIsvc(page, NS, name);
  }
});
