import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster, K8sClient } from '../src/k8s/client';
import { loadKubeconfig } from '../src/k8s/kubeconfig';
import { WatchHub } from '../src/watch/hub';
import { silent, testApp } from './helpers/app';
import { FakeServer, status } from './helpers/fake-apiserver';
import { until } from './helpers/until';

const PATH = '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices';
const obj = (name: string, rv: string) => ({ metadata: { name, namespace: 'ns', resourceVersion: rv } });

/** A fake apiserver collection: lists answer `items`; watches are held open and fed by the test. */
class Collection {
  items = [obj('a', '10')];
  listRv = '10';
  lists = 0;
  watches: Array<{ rv: string | null; res: ServerResponse }> = [];
  install(api: FakeServer, path = PATH) {
    api.on('GET', path, (req, res) => {
      const u = new URL(req.url ?? '', 'http://x');
      if (u.searchParams.get('watch') === '1') {
        expect(u.searchParams.get('allowWatchBookmarks')).toBe('true');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        this.watches.push({ rv: u.searchParams.get('resourceVersion'), res });
        return;
      }
      this.lists += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: this.items, metadata: { resourceVersion: this.listRv } }));
    });
  }
  send(ev: unknown) {
    const w = this.watches.at(-1);
    w?.res.write(`${JSON.stringify(ev)}\n`);
  }
}

describe('CollectionWatch / WatchHub', () => {
  const api = new FakeServer();
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it('lists, watches from the list resourceVersion, resumes from bookmarks, relists on 410', async () => {
    const col = new Collection();
    col.install(api);
    const cluster = createCluster(loadKubeconfig(api.kubeconfig()));
    const client = new K8sClient(cluster, { kind: 'bearer', token: 't' });
    const hub = new WatchHub(silent, undefined, { watchTimeoutS: 60, maxBackoffMs: 50 });
    const seen: string[] = [];
    const sub = hub.subscribe('user-a', { key: 'isvcs/ns', path: PATH, query: {} }, async () => client, {
      resync: (items, rv) => seen.push(`RESYNC ${items.length} ${rv}`),
      event: (t, o) => seen.push(`${t} ${(o.metadata as { name: string }).name}`),
      error: (e) => seen.push(`ERROR ${e.status}`),
    });
    await sub.ready;
    await until(() => col.watches.length === 1, 'watch', 200);
    expect(col.watches[0]?.rv).toBe('10');
    col.send({ type: 'ADDED', object: obj('b', '11') });
    col.send({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '15' } } });
    await until(() => seen.length === 2, 'ADDED', 200);
    col.watches.at(-1)?.res.end(); // watch timeout upstream: resume from the bookmark
    await until(() => col.watches.length === 2, 'second watch', 200);
    expect(col.watches[1]?.rv).toBe('15');
    col.listRv = '20';
    col.items = [obj('a', '18'), obj('b', '19'), obj('c', '20')];
    col.send({ type: 'ERROR', object: status(410, 'Expired', 'too old resource version') });
    await until(() => col.watches.length === 3, 'watch after relist', 200);
    expect(col.watches[2]?.rv).toBe('20');
    expect(seen).toEqual(['RESYNC 1 10', 'ADDED b', 'RESYNC 3 20']);

    // a second tab of the same user shares the upstream watch and gets the current snapshot at once
    const second: string[] = [];
    const sub2 = hub.subscribe('user-a', { key: 'isvcs/ns', path: PATH, query: {} }, async () => client, {
      resync: (items) => second.push(`RESYNC ${items.length}`),
      event: () => {},
      error: () => {},
    });
    await sub2.ready;
    expect(second).toEqual(['RESYNC 3']);
    expect(hub.size).toBe(1);
    expect(col.lists).toBe(2);
    // another user never shares it
    const other = hub.subscribe('user-b', { key: 'isvcs/ns', path: PATH, query: {} }, async () => client, {
      resync: () => {},
      event: () => {},
      error: () => {},
    });
    await other.ready;
    expect(hub.size).toBe(2);
    expect(col.lists).toBe(3);
    sub.unsubscribe();
    sub2.unsubscribe();
    other.unsubscribe();
    expect(hub.size).toBe(0);
    await cluster.close();
  });

  it('decodes the watch as one stream: a multi-byte character split across two chunks survives', async () => {
    const col = new Collection();
    const path = '/apis/serving.kserve.io/v1beta1/namespaces/utf8/inferenceservices';
    col.install(api, path);
    const cluster = createCluster(loadKubeconfig(api.kubeconfig()));
    const client = new K8sClient(cluster, { kind: 'bearer', token: 't' });
    const hub = new WatchHub(silent, undefined, { watchTimeoutS: 60, maxBackoffMs: 50 });
    const got: string[] = [];
    const sub = hub.subscribe('user-a', { key: 'isvcs/utf8?', path, query: {} }, async () => client, {
      resync: () => {},
      event: (_t, o) => got.push(String((o.metadata as { annotations: { note: string } }).annotations.note)),
      error: () => {},
    });
    await sub.ready;
    await until(() => col.watches.length === 1, 'watch', 200);
    const note = '서빙 모델 설명'.repeat(50);
    const ev = {
      type: 'ADDED',
      object: { metadata: { name: 'k', namespace: 'ns', resourceVersion: '11', annotations: { note } } },
    };
    const bytes = Buffer.from(`${JSON.stringify(ev)}\n`, 'utf8');
    const cut = bytes.indexOf(Buffer.from('모', 'utf8')) + 1; // inside the 3 bytes of one syllable
    const w = col.watches[0];
    w?.res.write(bytes.subarray(0, cut));
    await new Promise((r) => setTimeout(r, 50)); // two chunks on the wire
    w?.res.write(bytes.subarray(cut));
    await until(() => got.length === 1, 'ADDED', 200);
    expect(got[0]).toBe(note);
    sub.unsubscribe();
    await cluster.close();
  });

  it('peek: only the owner’s own live part; serialise: one shared buffer while the part is unchanged', async () => {
    const col = new Collection();
    const path = '/apis/serving.kserve.io/v1beta1/namespaces/peek/inferenceservices';
    col.install(api, path);
    const cluster = createCluster(loadKubeconfig(api.kubeconfig()));
    const client = new K8sClient(cluster, { kind: 'bearer', token: 't' });
    const hub = new WatchHub(silent, undefined, { watchTimeoutS: 60, maxBackoffMs: 50 });
    const spec = { key: 'isvcs/peek?', path, query: {} };
    const noop = { resync: () => {}, event: () => {}, error: () => {} };
    const sub = hub.subscribe('user-a', spec, async () => client, noop);
    expect(hub.peek('user-a', spec.key)).toBeUndefined(); // not listed yet
    await sub.ready;
    await until(() => col.watches.length === 1, 'watch', 200);
    expect(hub.peek('user-a', spec.key)?.snapshot()).toHaveLength(1);
    expect(hub.peek('user-b', spec.key)).toBeUndefined();
    expect(hub.peek('user-a', 'isvcs/other?')).toBeUndefined();

    let builds = 0;
    const build = () => {
      builds += 1;
      return `n=${sub.part.snapshot().length}`;
    };
    const first = hub.serialise('g', [sub.part], build);
    expect(hub.serialise('g', [sub.part], build)).toBe(first); // the same Buffer object
    expect(builds).toBe(1);
    hub.serialise('g2', [sub.part], build); // another group: its own
    expect(builds).toBe(2);
    hub.serialise('g', [], build); // other parts under the same group: their own
    expect(builds).toBe(3);
    expect(hub.serialise('g', [sub.part], build)).toBe(first); // kept beside it
    expect(builds).toBe(3);
    col.send({ type: 'ADDED', object: obj('b', '11') });
    await until(() => sub.part.items.size === 2, 'ADDED', 200);
    expect(hub.serialise('g', [sub.part], build).toString()).toBe('n=2');
    expect(builds).toBe(4);

    // a failing watch is not live: lists go to the apiserver until it has relisted
    col.watches.at(-1)?.res.destroy();
    await until(() => hub.peek('user-a', spec.key) === undefined, 'not live after the failure', 200);
    await until(() => hub.peek('user-a', spec.key) !== undefined, 'live again after the relist', 200);
    sub.unsubscribe();
    expect(hub.peek('user-a', spec.key)).toBeUndefined();
    await cluster.close();
  });

  it('rejects ready with the apiserver error (403) so the route can answer it', async () => {
    api.json(
      'GET',
      '/apis/serving.kserve.io/v1beta1/namespaces/alice/inferenceservices',
      403,
      status(403, 'Forbidden', 'no'),
    );
    const cluster = createCluster(loadKubeconfig(api.kubeconfig()));
    const client = new K8sClient(cluster, { kind: 'bearer', token: 't' });
    const hub = new WatchHub(silent);
    const sub = hub.subscribe(
      'u',
      { key: 'isvcs/alice', path: '/apis/serving.kserve.io/v1beta1/namespaces/alice/inferenceservices', query: {} },
      async () => client,
      { resync: () => {}, event: () => {}, error: () => {} },
    );
    await expect(sub.ready).rejects.toMatchObject({ apiError: { status: 403, reason: 'Forbidden' } });
    sub.unsubscribe();
    await cluster.close();
  });
});

describe('SSE watch route', () => {
  const api = new FakeServer();
  const col = new Collection();
  beforeAll(async () => {
    await api.start();
    col.install(api);
  });
  afterAll(() => api.stop());

  it('streams RESYNC then changes, with heartbeats, and ends on logout/shutdown', async () => {
    const { app, services } = await testApp({
      SERVEDECK_AUTH_MODE: 'kubeconfig',
      SERVEDECK_KUBECONFIG: api.kubeconfig(),
      SERVEDECK_PASSWORD_LOGIN: 'false',
      SERVEDECK_SSE_HEARTBEAT_MS: '100',
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const res = await fetch(`${base}/api/namespaces/ns/watch/inferenceservices`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body?.getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = (await reader?.read()) ?? { done: true, value: undefined };
        if (done) throw new Error(`stream ended before ${needle}`);
        text += new TextDecoder().decode(value);
      }
    };
    await readUntil('"type":"RESYNC"');
    await until(() => col.watches.length > 0, 'upstream watch', 200);
    col.send({ type: 'MODIFIED', object: obj('a', '12') });
    await readUntil('"type":"MODIFIED"');
    await readUntil(': ping');
    expect(text).toMatch(
      /event: change\ndata: \{"type":"RESYNC","resource":"inferenceservices","items":\[.*\],"resourceVersion":"\d+"\}\n\n/,
    );
    expect(services.streams.size).toBe(1);
    services.streams.closeAll();
    await expect(
      (async () => {
        for (;;) {
          const { done } = (await reader?.read()) ?? { done: true };
          if (done) return 'ended';
        }
      })(),
    ).resolves.toBe('ended');
    expect(services.streams.size).toBe(0);
    server.close();
    await services.close();
  });
});
