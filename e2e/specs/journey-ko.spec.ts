/**
 * Issue 21: the seed's journey in Korean, as the seed's author would do it (../shared/seed is Korean):
 * a browser whose language is Korean gets the Korean UI; sign in through Dex, paste the seed's YAML as it is
 * written (Korean comments, the `ProtocolVersion` typo), see the typo flagged and nothing sent, fix it,
 * create, watch the list turn 준비됨 (Ready) live, and send the seed's payload from the console: [1, 1].
 * The English journey (journey.spec.ts) covers the rest (pods, services, curl, scale, delete, RBAC).
 */
import { expect, test } from '@playwright/test';
import { kubectl } from './support/journey-cluster';
import { NS, setEditorText, signInThroughDex, uniqueName } from './support/sandbox';
import { seedKoYaml } from './support/seed-ko';

const name = uniqueName('sklearn-iris');
// The seed's YAML, verbatim but for a per-run name (the sandbox is shared between runs).
const seedYaml = seedKoYaml(name);
// The seed's iris-input.json.
const seedPayload = `{
  "inputs": [
    {
      "name": "input-0",
      "shape": [2, 4],
      "datatype": "FP32",
      "data": [
        [6.8, 2.8, 4.8, 1.4],
        [6.0, 3.4, 4.5, 1.6]
      ]
    }
  ]
}`;

type V2Answer = { outputs: { name: string; data: unknown[] }[] };

test.use({ locale: 'ko-KR', ignoreHTTPSErrors: true });

test('the seed journey in Korean: sign in, paste the seed YAML, fix the typo, 준비됨, send the seed payload', async ({
  page,
}) => {
  test.setTimeout(360_000);

  // 1. A Korean browser: the app picks Korean by itself.
  await signInThroughDex(page, `/ns/${NS}/create`, 'user');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1, name: `${NS}에 InferenceService 생성` })).toBeVisible();
  await expect(page.getByRole('combobox', { name: '언어' })).toHaveValue('ko');

  // 2. The seed's YAML as written: its Korean comments are kept, its typo is flagged and nothing is sent.
  await setEditorText(page, seedYaml);
  const editor = page.locator('.monaco-editor').first();
  await expect(editor).toContainText('반드시 확인하고');
  const problems = page.getByRole('region', { name: /문제/ });
  await expect(problems).toContainText('protocolVersion');
  await expect(problems.getByRole('button', { name: '13행 7열' })).toBeVisible();
  await page.getByRole('button', { name: /^생성/ }).click();
  await expect(page.getByText('아래 문제를 먼저 고치세요. 아무것도 보내지 않았습니다.')).toBeVisible();

  // 3. Fix the typo (the comments stay) and create.
  await setEditorText(page, seedYaml.replace('ProtocolVersion:', 'protocolVersion:'));
  await expect(problems).toHaveCount(0);
  await page.getByRole('button', { name: /^생성/ }).click();
  await expect(page).toHaveURL(new RegExp(`/ns/${NS}/isvc/${name}$`), { timeout: 30_000 });

  // 4. The list turns 준비됨 (Ready) without a reload.
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: 'InferenceService' }).click();
  await page.getByRole('searchbox', { name: '검색' }).fill(name);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row.getByText('준비됨', { exact: true })).toBeVisible({ timeout: 180_000 });

  // 5. The console: V2 infer with the seed's payload answers [1, 1].
  await row.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.getByRole('link', { name: '테스트', exact: true }).click();
  await expect(page.getByRole('combobox', { name: '작업' })).toHaveValue('v2-infer');
  await page.getByRole('textbox', { name: 'Payload (JSON)' }).fill(seedPayload);
  await page.getByRole('button', { name: '보내기', exact: true }).click();
  const response = page.getByRole('region', { name: '응답' });
  await expect(response).toContainText('200', { timeout: 60_000 });
  await expect(response).toContainText(/전체 \d[\d.,]*\s*ms/);
  const body = JSON.parse((await response.locator('pre.body-view').textContent()) ?? '') as V2Answer;
  expect(body.outputs[0]?.data).toEqual([1, 1]);
});

test.afterAll(() => {
  kubectl(['delete', 'isvc', '-n', NS, name, '--ignore-not-found', '--wait=false']);
});
