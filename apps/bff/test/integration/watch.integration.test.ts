import { afterAll, describe, expect, it } from 'vitest';
import { bffUrl, loginAs, USER_NS } from './client';

const NAME = 'bff-watch-probe';
const base = `/api/namespaces/${USER_NS}/inferenceservices`;

/** Read an SSE response until `pred` holds for the text so far (or the stream ends). */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  pred: (t: string) => boolean,
  acc = { text: '' },
) {
  const dec = new TextDecoder();
  while (!pred(acc.text)) {
    const { value, done } = await reader.read();
    if (done) return { ...acc, done: true };
    acc.text += dec.decode(value);
  }
  return { ...acc, done: false };
}

describe('live updates (SSE) against the sandbox', () => {
  afterAll(async () => {
    const c = await loginAs('user@example.com');
    await c.request('DELETE', `${base}/${NAME}`);
  });

  it('lists then watches: RESYNC, ADDED for a new InferenceService, and ends at logout', async () => {
    const c = await loginAs('user@example.com');
    await c.request('DELETE', `${base}/${NAME}`);
    const res = await fetch(`${bffUrl()}/api/namespaces/${USER_NS}/watch/inferenceservices`, {
      headers: { cookie: c.cookie, accept: 'text/event-stream' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no body');
    const acc = { text: '' };
    await readUntil(reader, (t) => t.includes('"type":"RESYNC"'), acc);
    const created = await c.request('POST', base, {
      type: 'application/json',
      body: JSON.stringify({
        metadata: { name: NAME },
        spec: {
          predictor: {
            model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model' },
          },
        },
      }),
    });
    expect(created.status, created.text).toBe(201);
    const added = await readUntil(
      reader,
      (t) => new RegExp(`"type":"ADDED","object":\\{[^\\n]*"name":"${NAME}"`).test(t),
      acc,
    );
    expect(added.done).toBe(false);
    await readUntil(reader, (t) => t.includes(': ping'), acc); // heartbeat (1 s in the test config)
    expect(acc.text).not.toContain('eyJ');
    // logout ends the stream
    expect((await c.request('POST', '/auth/logout')).status).toBe(200);
    const end = await readUntil(reader, () => false, acc);
    expect(end.done).toBe(true);
  });

  it('the per-object stream carries the InferenceService and its pods', async () => {
    const c = await loginAs('user@example.com');
    const existing = await c.get(`${base}/${NAME}`);
    expect(existing.status).toBe(200);
    const ac = new AbortController();
    const res = await fetch(`${bffUrl()}${base}/${NAME}/watch`, { headers: { cookie: c.cookie }, signal: ac.signal });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no body');
    const acc = { text: '' };
    await readUntil(
      reader,
      (t) =>
        ['inferenceservices', 'pods', 'services', 'deployments', 'events'].every((r) =>
          t.includes(`"type":"RESYNC","resource":"${r}"`),
        ),
      acc,
    );
    expect(acc.text).toContain(`"name":"${NAME}"`);
    ac.abort();
  });
});
