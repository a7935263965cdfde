import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page, test } from '@playwright/test';
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

type Live = { spec: { predictor: { minReplicas?: number; model?: { storageUri?: string } } } };
const live = (name: string) => JSON.parse(kubectl(['get', 'inferenceservice', name, '-n', NS, '-o', 'json'])) as Live;

/** The seed's InferenceService (stopped: no pods needed), created by kubectl apply as the seed is. */
const seedLike = (name: string) =>
  JSON.stringify({
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name, namespace: NS, annotations: { 'serving.kserve.io/stop': 'true' } },
    spec: {
      predictor: {
        minReplicas: 1,
        model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://seldon-models/sklearn/iris' },
      },
    },
  });

/**
 * Apply what the dry run showed. A status write by the controller between the dry run and the write is a 409
 * (the resourceVersion moved): the dialog shows it and "Check again against the latest" runs a new dry run.
 */
async function applyReviewed(dialog: Locator, change: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await expect(dialog.getByText(change)).toBeVisible({ timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Apply' }).click();
    const outcome = dialog.getByText(/Recorded as revision \d+|changed since you looked/);
    await expect(outcome).toBeVisible({ timeout: 30_000 });
    if (/Recorded/.test((await outcome.textContent()) ?? '')) return;
    await dialog.getByRole('button', { name: 'Check again against the latest' }).click();
  }
  throw new Error(`"${change}" kept meeting a conflict`);
}

async function openDialog(page: Page, button: string): Promise<Locator> {
  await page.getByRole('button', { name: button }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

test('quick actions: scale 1 → 2 with a dry run and undo back to 1; change the storage URI; the YAML tab names who set a field', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const name = uniqueName('e2e-quick');
  kubectl(['apply', '-f', '-'], seedLike(name));
  try {
    await signIn(page, `/ns/${NS}/isvc/${name}`);
    await expect(page.getByRole('heading', { name })).toBeVisible();

    // scale: the dry run changes nothing, the write does
    let dialog = await openDialog(page, 'Scale…');
    const min = dialog.getByRole('textbox', { name: /Minimum replicas/ });
    await expect(min).toHaveValue('1');
    await min.fill('two');
    await dialog.getByRole('button', { name: 'Check (dry run)' }).click();
    await expect(min).toHaveAttribute('aria-invalid', 'true');
    await expect(min).toHaveAccessibleDescription('minReplicas must be a whole number, 0 or more.');
    await min.fill('2');
    await dialog.getByRole('button', { name: 'Check (dry run)' }).click();
    await expect(dialog.getByText('spec.predictor.minReplicas: 1 → 2')).toBeVisible({ timeout: 30_000 });
    expect(live(name).spec.predictor.minReplicas).toBe(1);
    await applyReviewed(dialog, 'spec.predictor.minReplicas: 1 → 2');
    expect(live(name).spec.predictor.minReplicas).toBe(2);

    // undo: one step back, the same dry run first
    await dialog.getByRole('button', { name: 'Undo' }).click();
    await expect(dialog.getByText('spec.predictor.minReplicas: 2 → 1')).toBeVisible({ timeout: 30_000 });
    expect(live(name).spec.predictor.minReplicas).toBe(2);
    await applyReviewed(dialog, 'spec.predictor.minReplicas: 2 → 1');
    expect(live(name).spec.predictor.minReplicas).toBe(1);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('button', { name: /^Undo:/ })).toHaveCount(0);

    // the model's storage URI
    dialog = await openDialog(page, 'Change model…');
    const uri = dialog.getByRole('textbox', { name: /Storage URI \(spec\.predictor\.model\.storageUri\)/ });
    await expect(uri).toHaveValue('gs://seldon-models/sklearn/iris');
    await uri.fill('gs://seldon-models/sklearn/iris-v2');
    await dialog.getByRole('button', { name: 'Check (dry run)' }).click();
    const change =
      'spec.predictor.model.storageUri: gs://seldon-models/sklearn/iris → gs://seldon-models/sklearn/iris-v2';
    await applyReviewed(dialog, change);
    expect(live(name).spec.predictor.model?.storageUri).toBe('gs://seldon-models/sklearn/iris-v2');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('button', { name: 'Undo: model change' })).toBeVisible();

    // the History tab has the three writes
    await page.getByRole('link', { name: 'History' }).click();
    await expect(page.getByRole('table', { name: 'Spec history' }).getByRole('row')).toHaveCount(4);

    // YAML tab: hover a line for who last set its field; the cursor's line says it too
    await page.getByRole('link', { name: 'YAML' }).click();
    const editor = page.locator('.monaco-editor').first();
    await expect(editor).toContainText(`name: ${name}`, { timeout: 30_000 });
    // the cursor's line (the keyboard users' alternative to Monaco's hover) names who last set its field.
    // Monaco renders only the lines in view and KServe's defaulter makes the object longer than the editor,
    // so the cursor is moved with the editor's own find (Ctrl+F, Enter, Escape), as a keyboard user would.
    await cursorTo(page, editor, 'storageUri: gs://seldon-models/sklearn/iris-v2');
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /spec\.predictor\.model\.storageUri: last set by servedeck \(Update\)/ }),
    ).toBeVisible();
    // and the mouse: Monaco's hover on that line says the same (it names the field, then who set it)
    await editor
      .locator('.view-line', { hasText: 'storageUri: gs://seldon-models/sklearn/iris-v2' })
      .hover({ position: { x: 60, y: 5 } });
    await expect(page.locator('.monaco-hover').filter({ hasText: /spec\.predictor\.model\.storageUri/ })).toContainText(
      /last set by servedeck \(Update\)/,
      { timeout: 10_000 },
    );
    await page.keyboard.press('Escape');
    // the stop annotation's own line (the last-applied-configuration annotation above it mentions it too)
    await cursorTo(page, editor, 'serving.kserve.io/stop: "true"');
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /metadata\.annotations\[serving\.kserve\.io\/stop\]: last set by kubectl/ }),
    ).toBeVisible();
  } finally {
    await deleteIsvc(page, NS, name);
  }
});

/** Moves the editor's cursor to the first line holding `text` with Monaco's find widget; the line is then in view. */
async function cursorTo(page: Page, editor: Locator, text: string): Promise<void> {
  // focus, not a click: the first rendered line may be under Monaco's sticky scroll header once scrolled
  await editor.locator('textarea').first().focus();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('ControlOrMeta+F');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(editor.locator('.view-line', { hasText: text })).toBeVisible();
}
