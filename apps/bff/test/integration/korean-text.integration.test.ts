import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Change, SseReader } from '../helpers/sse-reader';
import { repoRoot } from '../security/harness';
import { bffUrl, loginAs, USER_NS } from './client';

/**
 * Non-ASCII text through every way an object reaches the browser: an InferenceService whose annotation
 * holds over 200 KB of the (Korean) seed arrives byte for byte through the stream (the watch: chunks split
 * inside characters), the list (served from that watch) and the details (the apiserver).
 */
const NAME = 'bff-korean-text';
const base = `/api/namespaces/${USER_NS}/inferenceservices`;
const sharedDir = process.env.SERVEDECK_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');

function koreanText(minBytes: number): string {
  const seed = readFileSync(join(sharedDir, 'seed', '000_515198174a202f98.txt'), 'utf8');
  let text = seed;
  while (Buffer.byteLength(text, 'utf8') < minBytes) text += seed;
  return text;
}

type Obj = { metadata?: { name?: string; annotations?: Record<string, string> } };
const noteOf = (o: Obj | undefined): string | undefined => o?.metadata?.annotations?.['servedeck.dev/note'];

describe('non-ASCII text against the sandbox', () => {
  afterAll(async () => {
    const c = await loginAs('user@example.com');
    await c.request('DELETE', `${base}/${NAME}`);
  });

  it('an annotation of over 200 KB of Korean text is the same bytes through stream, list and details', async () => {
    const note = koreanText(200 * 1024);
    expect(Buffer.byteLength(note, 'utf8')).toBeGreaterThanOrEqual(200 * 1024);
    const c = await loginAs('user@example.com');
    await c.request('DELETE', `${base}/${NAME}`);
    const sse = await SseReader.open(`${bffUrl()}/api/namespaces/${USER_NS}/watch/inferenceservices`, {
      cookie: c.cookie,
    });
    try {
      await sse.until(() => sse.changes().some((e) => e.type === 'RESYNC'), 'the RESYNC', 30_000);
      const created = await c.json('POST', base, {
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: { name: NAME, annotations: { 'servedeck.dev/note': note } },
        // no modelFormat: the sandbox runs nothing for it; only the API and the watch are under test
        spec: { predictor: { model: { storageUri: 'pvc://none/model' } } },
      });
      expect(created.status, created.text.slice(0, 300)).toBe(201);
      const added = (e: Change) => e.type === 'ADDED' && e.object?.metadata?.name === NAME;
      await sse.until(() => sse.changes().some(added), 'the ADDED event', 30_000);
      const streamed = noteOf(sse.changes().find(added)?.object as Obj);
      expect(streamed === note, 'stream').toBe(true);

      const list = (await c.get(base)).json<{ items: Obj[] }>();
      const listed = noteOf(list.items.find((o) => o.metadata?.name === NAME));
      expect(listed === note, 'list').toBe(true);

      const details = noteOf((await c.get(`${base}/${NAME}`)).json<Obj>());
      expect(details === note, 'details').toBe(true);
      for (const got of [streamed, listed, details]) {
        expect(Buffer.from(got ?? '', 'utf8').equals(Buffer.from(note, 'utf8'))).toBe(true);
      }
    } finally {
      await sse.close();
    }
  });
});
