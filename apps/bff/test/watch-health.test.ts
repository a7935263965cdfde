import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster, K8sClient } from '../src/k8s/client';
import type { ClusterState } from '../src/k8s/health';
import { loadKubeconfig } from '../src/k8s/kubeconfig';
import { WatchHub } from '../src/watch/hub';
import { silent } from './helpers/app';
import { FakeServer, status } from './helpers/fake-apiserver';
import { until } from './helpers/until';

const PATH = '/apis/serving.kserve.io/v1beta1/namespaces/health/inferenceservices';

describe('WatchHub health check (etcd down: watches open but silent)', () => {
  const api = new FakeServer();
  let etcdDown = false;
  let lists = 0;
  const watches: ServerResponse[] = [];
  beforeAll(async () => {
    await api.start();
    api.on('GET', PATH, (req, res) => {
      const u = new URL(req.url ?? '', 'http://x');
      if (u.searchParams.get('watch') === '1') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        watches.push(res); // stays open and silent, like a watch while etcd is down
        return;
      }
      lists += 1;
      const code = etcdDown ? 500 : 200;
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          etcdDown
            ? status(500, 'InternalError', 'etcdserver: request timed out')
            : {
                items: [{ metadata: { name: 'a', namespace: 'health', resourceVersion: '10' } }],
                metadata: { resourceVersion: '10' },
              },
        ),
      );
    });
  });
  afterAll(() => api.stop());

  it('a failing check makes the parts not live and tells the subscribers (not final); they relist when it is back', async () => {
    const cluster = createCluster(loadKubeconfig(api.kubeconfig()));
    const client = new K8sClient(cluster, { kind: 'bearer', token: 't' });
    const hub = new WatchHub(silent, undefined, { watchTimeoutS: 60, maxBackoffMs: 50 });
    let state: ClusterState = { ok: true };
    let checks = 0;
    hub.useHealth(async () => {
      checks += 1;
      return state;
    });
    const seen: string[] = [];
    const spec = { key: 'isvcs/health?', path: PATH, query: {} };
    const sub = hub.subscribe('user-a', spec, async () => client, {
      resync: (items) => seen.push(`RESYNC ${items.length}`),
      event: (t) => seen.push(t),
      error: (e, final) => seen.push(`ERROR ${e.status} ${e.reason} ${final ? 'final' : 'retrying'}`),
    });
    await sub.ready;
    await until(() => watches.length === 1, 'the watch', 300);
    await hub.checkHealth();
    expect(hub.peek('user-a', spec.key)).toBeDefined(); // healthy: still served from the watch
    expect(seen).toEqual(['RESYNC 1']);

    etcdDown = true;
    state = { ok: false, why: 'storage', detail: 'etcd' };
    await hub.checkHealth();
    expect(hub.peek('user-a', spec.key)).toBeUndefined(); // lists go to the apiserver (503 there)
    await until(() => seen.length >= 2, 'the error', 300);
    expect(seen[1]).toBe('ERROR 503 ClusterUnavailable retrying');
    await until(() => lists >= 2, 'a relist attempt', 300);
    expect(hub.peek('user-a', spec.key)).toBeUndefined();
    const checksWhileDown = checks;
    await hub.checkHealth(); // nothing live: no probe
    expect(checks).toBe(checksWhileDown);

    etcdDown = false;
    state = { ok: true };
    await until(() => hub.peek('user-a', spec.key) !== undefined, 'live again after a relist', 300);
    expect(seen.at(-1)).toBe('RESYNC 1');
    expect(seen.filter((s) => s.includes('final'))).toEqual([]);
    sub.unsubscribe();
    expect(hub.size).toBe(0);
    await hub.checkHealth(); // no parts: the interval stops
    hub.stopAll();
    await cluster.close();
  });
});
