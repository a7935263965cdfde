import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { openIsvcEditor } from './editor-helpers';
import { server } from './msw';
import { handlers, ns } from './render';

const name = 'sklearn-iris';
const text = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  predictor:
    minReplicas: two
    model:
      modelFormat:
        name: sklearn
`;

/** The live object, and a dry run answered with `error` (what the BFF relays from real KServe). */
function answering(error: { status: number; reason: string; message: string }) {
  server.use(
    http.get(apiPaths.isvc(ns, name), () => HttpResponse.json(fixtures.readyIsvc)),
    handlers.schema(),
    http.put(apiPaths.isvc(ns, name), () => HttpResponse.json({ ...error, causes: [] }, { status: error.status })),
  );
}

async function dryRun(value: string) {
  const ta = await openIsvcEditor(name);
  fireEvent.change(ta, { target: { value } });
  await userEvent.setup().click(screen.getByRole('button', { name: 'Review and apply' }));
  return { ta, problems: await screen.findByRole('region', { name: /problem/ }) };
}

describe('the YAML editor with server errors that carry no field causes (real KServe webhooks)', () => {
  it("puts the defaulter's 400 on the line of the field its message names, and keeps the text", async () => {
    answering({
      status: 400,
      reason: 'BadRequest',
      message:
        'admission webhook "inferenceservice.kserve-webhook-server.defaulter" denied the request: json: cannot ' +
        'unmarshal string into Go struct field PredictorSpec.spec.predictor.ComponentExtensionSpec.minReplicas of type int32',
    });
    const { ta, problems } = await dryRun(text);
    expect(within(problems).getByRole('button', { name: 'Line 8, column 5' })).toBeInTheDocument();
    expect(problems).toHaveTextContent('spec.predictor.minReplicas: admission webhook');
    expect(screen.getByText(/^Could not validate/)).toHaveTextContent(
      `Could not validate ${name} in ${ns}: the admission webhook inferenceservice.kserve-webhook-server.defaulter refused it`,
    );
    expect(ta.value).toBe(text);
  });

  it("shows the validator's 403 as the webhook's verdict on the whole object, not a permission or a line", async () => {
    const said = 'exactly one of [Name, SKLearn, XGBoost] must be specified in PredictorSpec';
    answering({
      status: 403,
      reason: 'Forbidden',
      message: `admission webhook "inferenceservice.kserve-webhook-server.validator" denied the request: ${said}`,
    });
    const { ta, problems } = await dryRun(text);
    expect(within(problems).queryByRole('button', { name: /^Line / })).toBeNull();
    expect(problems).toHaveTextContent(`Whole object: admission webhook`);
    expect(problems).toHaveTextContent(said);
    const banner = screen.getByText(/^Could not validate/);
    expect(banner).toHaveAttribute('role', 'status');
    expect(banner).toHaveTextContent(
      'the admission webhook inferenceservice.kserve-webhook-server.validator refused it',
    );
    expect(banner).not.toHaveTextContent('You cannot');
    expect(ta.value).toBe(text);
  });

  it('hostile messages: HTML is shown as text, a huge one is clipped, a path not in the draft is not placed', async () => {
    const html = '<img src=x onerror="window.__pwned=1"><b>bold</b> status.url: Required value ';
    answering({ status: 400, reason: 'BadRequest', message: `${html}${'y'.repeat(100_000)}` });
    const { ta, problems } = await dryRun(text);
    expect(problems.querySelector('img, b')).toBeNull();
    expect(problems).toHaveTextContent('<img src=x onerror="window.__pwned=1"><b>bold</b>');
    expect((problems.textContent ?? '').length).toBeLessThan(3_000);
    expect(within(problems).queryByRole('button', { name: /^Line / })).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    expect(ta.value).toBe(text);
  });
});
