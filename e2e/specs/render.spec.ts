/**
 * Issue 9, rendering: strings from the cluster that carry HTML and script (annotations, model formats,
 * runtime names, storage URIs, Event messages, model server log lines, apiserver error messages) show as
 * text on every page that displays them; nothing from them becomes an element or runs. Then the second
 * line of defence: the CSP refuses inline script, and the HTML document carries the security headers.
 *
 * Not reachable with hostile text (the apiserver refuses it): InferenceService names (DNS-1035) and label
 * keys and values (qualified names / 63 chars of [A-Za-z0-9-_.]); the refusal itself, which quotes the
 * value, is what the create page shows, and is tested below. Condition messages are written by the
 * controller (it replaces anything else) and never quote user input here.
 */
import { type Browser, expect, type Page, test } from '@playwright/test';
import { createEvent, expectInert, PAYLOAD, requestModelServer, watchForExecution } from './support/hostile-content';
import { kubectl, podNames } from './support/journey-cluster';
import {
  createIsvc,
  deleteIsvc,
  NS,
  sandboxEnv,
  setEditorText,
  signIn,
  sklearnIsvc,
  uniqueName,
} from './support/sandbox';

const served = uniqueName('e2e-xss'); // ready: annotations, events, log lines
const badRuntime = uniqueName('e2e-xss-rt'); // model format and runtime name shown in the list
const badUri = uniqueName('e2e-xss-uri'); // storage URI quoted by the storage initializer's failure

function withAnnotations(o: Record<string, unknown>, annotations: Record<string, string>): Record<string, unknown> {
  const metadata = o.metadata as Record<string, unknown>;
  return { ...o, metadata: { ...metadata, annotations, labels: { 'e2e.servedeck.dev/spec': 'render' } } };
}

function readyStatus(name: string): string {
  return kubectl([
    'get',
    'inferenceservice',
    '-n',
    NS,
    name,
    '-o',
    'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
  ]).trim();
}

/** A page outside the test's own context (hooks have none), with the configured base URL. */
async function newPage(browser: Browser): Promise<Page> {
  const baseURL = test.info().project.use.baseURL;
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  return context.newPage();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await newPage(browser);
  await signIn(page, `/ns/${NS}`);
  await createIsvc(
    page,
    NS,
    withAnnotations(sklearnIsvc(served, 'v1'), {
      'e2e.servedeck.dev/img': PAYLOAD.img,
      'e2e.servedeck.dev/script': PAYLOAD.script,
      'e2e.servedeck.dev/svg': PAYLOAD.svg,
      'e2e.servedeck.dev/alert': PAYLOAD.alert,
      'e2e.servedeck.dev/iframe': PAYLOAD.iframe,
    }),
  );
  const rt = sklearnIsvc(badRuntime, 'v1') as { spec: { predictor: { model: Record<string, unknown> } } };
  rt.spec.predictor.model.modelFormat = { name: PAYLOAD.img };
  rt.spec.predictor.model.runtime = PAYLOAD.svg;
  await createIsvc(page, NS, rt as unknown as Record<string, unknown>);
  const uri = sklearnIsvc(badUri, 'v1') as { spec: { predictor: { model: Record<string, unknown> } } };
  uri.spec.predictor.model.storageUri = `gs://no-such-bucket/${PAYLOAD.script}`;
  await createIsvc(page, NS, uri as unknown as Record<string, unknown>);
  await page.context().close();

  await expect.poll(() => readyStatus(served), { timeout: 240_000, intervals: [1000] }).toBe('True');
  const [pod] = podNames(NS, served);
  if (!pod) throw new Error(`no pod for ${served}`);
  createEvent(
    NS,
    { kind: 'InferenceService', name: served, apiVersion: 'serving.kserve.io/v1beta1' },
    { type: 'Warning', reason: 'HostileMessage', message: `isvc says ${PAYLOAD.img} and ${PAYLOAD.alert}` },
  );
  createEvent(
    NS,
    { kind: 'InferenceService', name: served, apiVersion: 'serving.kserve.io/v1beta1' },
    { type: 'Warning', reason: 'HostileScript', message: `isvc then says ${PAYLOAD.script} then ${PAYLOAD.svg}` },
  );
  createEvent(
    NS,
    { kind: 'InferenceService', name: served, apiVersion: 'serving.kserve.io/v1beta1' },
    { type: 'Normal', reason: 'HostileFrame', message: PAYLOAD.iframe },
  );
  // An event on the pod too. It is not asserted visible: the details stream's events RESYNC can be
  // filtered before the pods have listed and then drops pod events (a BFF bug reported to the lead);
  // whenever it is shown, expectInert still covers it.
  createEvent(
    NS,
    { kind: 'Pod', name: pod, apiVersion: 'v1' },
    { type: 'Warning', reason: 'HostilePodMessage', message: `pod says ${PAYLOAD.script} then ${PAYLOAD.img}` },
  );
  // KServe logs the model path of every request (`kserve.trace kserve.io.v1.models.<name>…`, slashes as
  // dots), and the ModelNotFound error with the name as given.
  const gw = sandboxEnv().gatewayUrl;
  for (const p of [PAYLOAD.img, PAYLOAD.svg, PAYLOAD.alert])
    expect(await requestModelServer(gw, NS, served, 'GET', `/v1/models/${encodeURIComponent(p)}`)).toBe(404);
  expect(
    await requestModelServer(gw, NS, served, 'POST', `/v1/models/${encodeURIComponent(PAYLOAD.script)}:predict`),
  ).toBe(404);
});

test.afterAll(async ({ browser }) => {
  const page = await newPage(browser);
  await signIn(page, `/ns/${NS}`);
  for (const n of [served, badRuntime, badUri]) await deleteIsvc(page, NS, n);
  await page.context().close();
});

async function open(page: Page, path: string): Promise<string[]> {
  const { dialogs } = await watchForExecution(page);
  await signIn(page, path);
  return dialogs;
}

test('the list: a model format and a runtime name carrying HTML are text', async ({ page }) => {
  const dialogs = await open(page, `/ns/${NS}`);
  await page.getByRole('searchbox', { name: 'Search' }).fill('e2e-xss');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: badRuntime, exact: true }) });
  await expect(row).toContainText(PAYLOAD.img, { timeout: 30_000 });
  await expect(row).toContainText(PAYLOAD.svg);
  await expect(
    page.getByRole('row').filter({ has: page.getByRole('link', { name: served, exact: true }) }),
  ).toBeVisible();
  await expectInert(page, dialogs);
});

test('details: annotations (YAML), event messages and the findings built from them are text', async ({ page }) => {
  const dialogs = await open(page, `/ns/${NS}/isvc/${served}/events`);
  const events = page.getByRole('table', { name: 'Events' });
  await expect(events).toContainText(`isvc says ${PAYLOAD.img} and ${PAYLOAD.alert}`, { timeout: 30_000 });
  await expect(events).toContainText(`isvc then says ${PAYLOAD.script} then ${PAYLOAD.svg}`);
  await expect(events).toContainText(PAYLOAD.iframe);
  await expectInert(page, dialogs);

  // The warnings reach the overview's findings, next to the conditions table.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Overview' }).click();
  const findings = page.getByRole('region', { name: 'Worth a look' });
  await expect(findings).toContainText(`isvc says ${PAYLOAD.img}`, { timeout: 30_000 });
  await expect(findings).toContainText(`isvc then says ${PAYLOAD.script}`);
  await expect(page.getByRole('table', { name: 'Conditions' })).toContainText('Ready');
  await expectInert(page, dialogs);

  // Annotations are shown in the YAML tab (Monaco builds its lines from strings: escaping is its job).
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'YAML' }).click();
  const editor = page.locator('.monaco-editor').first();
  await expect(editor).toContainText('e2e.servedeck.dev/img', { timeout: 30_000 });
  await expect(editor).toContainText(PAYLOAD.img);
  await expect(editor).toContainText('e2e.servedeck.dev/script');
  await expect(editor).toContainText('<script>window.__pwned=1</script>');
  await expectInert(page, dialogs);
});

test('details of the failing ones: the storage URI in the finding, the runtime name in the event', async ({ page }) => {
  const dialogs = await open(page, `/ns/${NS}/isvc/${badUri}`);
  const why = page.getByRole('region', { name: 'Why is it not ready?' });
  await expect(why).toContainText(`gs://no-such-bucket/${PAYLOAD.script}`, { timeout: 120_000 });
  await expect(page.getByRole('table', { name: 'Conditions' })).toBeVisible();
  await expectInert(page, dialogs);

  await page.goto(`/ns/${NS}/isvc/${badRuntime}/events`);
  // KServe's own words (its InternalError event) quoting the runtime name
  await expect(page.getByRole('table', { name: 'Events' })).toContainText(
    `No ServingRuntimes or ClusterServingRuntimes with the name: ${PAYLOAD.svg}`,
    { timeout: 60_000 },
  );
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Components' }).click();
  await expect(page.getByRole('region', { name: 'Predictor' })).toContainText(PAYLOAD.img);
  await expectInert(page, dialogs);
});

test('logs: model server lines quoting the request path are text', async ({ page }) => {
  const dialogs = await open(page, `/ns/${NS}/isvc/${served}/logs`);
  const log = page.locator('pre.log-view');
  await expect(log).toContainText(`Model with name ${PAYLOAD.img} does not exist`, { timeout: 30_000 });
  await expect(log).toContainText(`kserve.io.v1.models.${PAYLOAD.svg}`);
  await expect(log).toContainText(`Model with name ${PAYLOAD.alert} does not exist`);
  await expect(log).toContainText('kserve.io.v1.models.<script>window.__pwned=1<.script>:predict');
  await expectInert(page, dialogs);
});

test('create: the apiserver refusing a label that carries HTML quotes it, as text', async ({ page }) => {
  const dialogs = await open(page, `/ns/${NS}/create`);
  const name = uniqueName('e2e-xss-label');
  await setEditorText(
    page,
    `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: ${name}\n  labels:\n    e2e: '${PAYLOAD.img}'\nspec:\n  predictor:\n    model:\n      modelFormat:\n        name: sklearn\n      storageUri: gs://kfserving-examples/models/sklearn/1.0/model\n`,
  );
  await page.getByRole('button', { name: /^Create/ }).click();
  const problems = page.getByRole('region', { name: /problem/ });
  await expect(problems).toContainText(PAYLOAD.img, { timeout: 30_000 });
  await expectInert(page, dialogs);
  await deleteIsvc(page, NS, name);
});

test('the CSP refuses inline script added at run time (element and addScriptTag), and string eval', async ({
  page,
}) => {
  await signIn(page, `/ns/${NS}`);
  const viaElement = await page.evaluate(async () => {
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      document.addEventListener(
        'securitypolicyviolation',
        (e) => {
          seen.push(e.effectiveDirective);
          resolve();
        },
        { once: true },
      );
      setTimeout(resolve, 5_000);
    });
    const s = document.createElement('script');
    s.textContent = 'window.__pwned = "inline element"';
    document.head.append(s);
    await done;
    return { seen, pwned: window.__pwned };
  });
  expect(viaElement.pwned).toBeUndefined();
  expect(viaElement.seen).toEqual(['script-src-elem']);

  const violation = page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
        setTimeout(() => resolve('none within 5 s'), 5_000);
      }),
  );
  // Playwright adds the element the same way (no CSP bypass in this context); it may or may not throw.
  await page.addScriptTag({ content: 'window.__pwned = "addScriptTag"' }).catch(() => undefined);
  expect(await violation).toBe('script-src-elem');
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();

  // A string handed to setTimeout is compiled by the page itself (code from page.evaluate is exempt).
  const viaTimer = await page.evaluate(async () => {
    const seen: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.blockedURI));
    (setTimeout as (code: string, ms: number) => number)('window.__pwned = "string timer"', 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { seen, pwned: window.__pwned };
  });
  expect(viaTimer).toEqual({ seen: ['eval'], pwned: undefined });
});

test('the HTML document carries the security headers', async ({ page }) => {
  for (const path of ['/', `/ns/${NS}/isvc/${served}/events`]) {
    // The document itself, as the browser gets it before any script runs (no session needed for it).
    const res = await page.request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
    const h = res.headers();
    expect(h['content-type'], path).toMatch(/^text\/html/);
    const csp = new Map(
      (h['content-security-policy'] ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([k, ...v]) => [k, v] as const),
    );
    const scripts = csp.get('script-src') ?? csp.get('default-src');
    expect(scripts, `${path}: script-src or default-src`).toBeDefined();
    expect(scripts, path).not.toContain("'unsafe-inline'");
    expect(scripts, path).not.toContain("'unsafe-eval'");
    expect(scripts, path).not.toContain('*');
    expect(
      scripts?.some((s) => s.startsWith('data:') || s.startsWith('http:') || s === 'https:'),
      path,
    ).toBe(false);
    expect(csp.get('object-src'), path).toEqual(["'none'"]);
    expect(csp.get('base-uri'), path).toEqual(["'self'"]);
    const framing = csp.get('frame-ancestors');
    expect(framing, path).toEqual(["'none'"]);
    expect(h['x-frame-options']?.toUpperCase(), path).toMatch(/^(DENY|SAMEORIGIN)$/);
    expect(h['x-content-type-options'], path).toBe('nosniff');
    expect(h['referrer-policy'], path).toMatch(
      /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
    );
  }
});
