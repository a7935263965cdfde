import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { deleteIsvc, NS, signIn } from '../specs/support/sandbox';

const out = (name: string) => join(import.meta.dirname, '..', '..', 'docs', 'screenshots', `${name}.png`);

function kubectl(args: string[], input?: string): string {
  const cli = fileURLToPath(new URL('../../scripts/sandbox.mjs', import.meta.url));
  return execFileSync(process.execPath, [cli, 'kubectl', '--', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    ...(input === undefined ? {} : { input }),
  });
}

async function put(page: Page, name: string, predictor: Record<string, unknown>): Promise<void> {
  const path = `/api/namespaces/${NS}/inferenceservices/${name}`;
  const live = (await (await page.request.get(path)).json()) as { spec: { predictor: Record<string, unknown> } };
  const me = (await (await page.request.get('/api/me')).json()) as { csrfToken: string };
  const res = await page.request.put(path, {
    headers: { 'x-csrf-token': me.csrfToken },
    data: { ...live, spec: { predictor: { ...live.spec.predictor, ...predictor } } },
  });
  expect(res.status(), await res.text()).toBe(200);
}

test('docs screenshots: the History tab, and a restore to confirm', async ({ page }) => {
  const name = 'demo-history';
  await page.setViewportSize({ width: 1366, height: 1400 });
  await signIn(page);
  await deleteIsvc(page, NS, name);
  kubectl(['delete', 'configmap', '-n', NS, '-l', `servedeck.dev/history-of=${name}`, '--ignore-not-found']);
  kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name, namespace: NS, annotations: { 'serving.kserve.io/stop': 'true' } },
      spec: { predictor: { sklearn: { storageUri: 'gs://seldon-models/sklearn/iris' } } },
    }),
  );
  await put(page, name, { minReplicas: 1 });
  await put(page, name, { minReplicas: 2, timeout: 60 });
  kubectl([
    'patch',
    'inferenceservice',
    name,
    '-n',
    NS,
    '--type',
    'merge',
    '-p',
    '{"spec":{"predictor":{"maxReplicas":4}}}',
  ]);
  await page.goto(`/ns/${NS}/isvc/${name}/history`);
  await expect(page.getByRole('table', { name: 'Spec history' }).getByRole('row')).toHaveCount(3);
  await expect(page.locator('.monaco-diff-editor').first()).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out('history'), fullPage: true });
  await page.getByRole('button', { name: 'Restore revision 1' }).click();
  const review = page.getByRole('region', { name: 'Restore revision 1?' });
  await expect(review.locator('.monaco-diff-editor')).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  await review.screenshot({ path: out('history-restore') });
});
