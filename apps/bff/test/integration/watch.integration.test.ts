import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type Cluster, createCluster, K8sClient } from '../../src/k8s/client';
import { loadKubeconfig } from '../../src/k8s/kubeconfig';
import { type RunningBff, startBff } from '../../src/main';
import { SseReader } from '../helpers/sse-reader';
import { sklearnIsvc } from '../security/harness';
import { bffUrl, loginAs, sandboxEnv, USER_NS } from './client';

const NAME = 'bff-watch-probe';
const base = `/api/namespaces/${USER_NS}/inferenceservices`;

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
    const sse = new SseReader(res.body);
    await sse.until(() => sse.text.includes('"type":"RESYNC"'), 'the RESYNC', 30_000);
    const created = await c.request('POST', base, {
      type: 'application/json',
      body: JSON.stringify(sklearnIsvc(NAME)),
    });
    expect(created.status, created.text).toBe(201);
    await sse.until(
      () => sse.changes().some((e) => e.type === 'ADDED' && e.object?.metadata?.name === NAME),
      'the ADDED event',
      30_000,
    );
    await sse.until(() => sse.text.includes(': ping'), 'a heartbeat', 30_000); // 1 s in the test config
    expect(sse.text).not.toContain('eyJ');
    // logout ends the stream
    expect((await c.request('POST', '/auth/logout')).status).toBe(200);
    await sse.until(() => sse.ended, 'the end of the stream', 30_000);
  });

  it('the per-object stream carries the InferenceService and its pods', async () => {
    const c = await loginAs('user@example.com');
    const existing = await c.get(`${base}/${NAME}`);
    expect(existing.status).toBe(200);
    const sse = await SseReader.open(`${bffUrl()}${base}/${NAME}/watch`, { cookie: c.cookie });
    expect(sse.status).toBe(200);
    const resources = ['inferenceservices', 'pods', 'services', 'deployments', 'events'];
    await sse.until(
      () => resources.every((r) => sse.changes().some((e) => e.type === 'RESYNC' && e.resource === r)),
      'a RESYNC of every resource',
      30_000,
    );
    expect(sse.text).toContain(`"name":"${NAME}"`);
    await sse.close();
  });
});

describe('all namespaces (several) against the sandbox', () => {
  // Namespaces of user@example.com besides its profile (RoleBinding to the sandbox's owner role). Kept
  // between runs (this apiserver has no namespace controller to finish deleting them); their objects go.
  const nss = ['servedeck-it-watch-a', 'servedeck-it-watch-b', 'servedeck-it-watch-c'];
  const isvcs = (ns: string) => `/apis/serving.kserve.io/v1beta1/namespaces/${ns}/inferenceservices`;
  const probe = (ns: string, name: string) => ({
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    // the sandbox controller leaves it alone (no model server)
    metadata: { name, namespace: ns, annotations: { 'sandbox.servedeck.dev/ignore': 'true' } },
    spec: { predictor: { model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://servedeck-it/models/x' } } },
  });
  let cluster: Cluster;
  let admin: K8sClient;
  let bff: RunningBff;
  const ensure = async (path: string, body: unknown) => {
    await admin.call('POST', path, { body }).catch((err: unknown) => {
      if (!(err instanceof Error && 'apiError' in err && (err.apiError as { status: number }).status === 409))
        throw err;
    });
  };

  beforeAll(async () => {
    cluster = createCluster(loadKubeconfig(sandboxEnv().kubeconfig));
    admin = new K8sClient(cluster, { kind: 'kubeconfig' });
    for (const ns of nss) {
      await ensure('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      await ensure(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'servedeck-it-owner', namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'servedeck-profile-owner' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'user@example.com' }],
      });
      await admin.call('DELETE', isvcs(ns));
      for (const name of ['one', 'two']) await ensure(isvcs(ns), probe(ns, name));
    }
    // A BFF of its own that offers those namespaces too (the shared one probes only the profiles).
    bff = await startBff(
      loadConfig({
        ...sandboxEnv().bff,
        SERVEDECK_PASSWORD_LOGIN: 'true',
        SERVEDECK_PORT: '0',
        SERVEDECK_PUBLIC_URL: 'http://127.0.0.1:1',
        SERVEDECK_NAMESPACES: [USER_NS, ...nss].join(','),
        SERVEDECK_LOG_LEVEL: 'warn',
        SERVEDECK_SSE_HEARTBEAT_MS: '1000',
      }),
    );
  });
  afterAll(async () => {
    await bff?.stop();
    for (const ns of nss) await admin?.call('DELETE', isvcs(ns)).catch(() => undefined);
    await cluster?.close();
  });

  it('one RESYNC with every namespace merged, then events', async () => {
    const c = await loginAs('user@example.com', bff.url);
    const sse = await SseReader.open(`${bff.url}/api/namespaces/_all/watch/inferenceservices`, { cookie: c.cookie });
    expect(sse.status).toBe(200);
    await sse.until(() => sse.changes().some((e) => e.type === 'RESYNC'), 'the RESYNC', 30_000);
    // a change after the RESYNC arrives as an event of its own
    await admin.call('POST', isvcs(nss[1] ?? ''), { body: probe(nss[1] ?? '', 'three') });
    await sse.until(
      () => sse.changes().some((e) => e.type === 'ADDED' && e.object?.metadata?.name === 'three'),
      'the ADDED event',
      30_000,
    );
    await sse.close();
    const resyncs = sse.changes().filter((e) => e.type === 'RESYNC');
    expect(resyncs).toHaveLength(1);
    const names = ((resyncs[0]?.items ?? []) as Array<{ metadata: { namespace: string; name: string } }>).map(
      (o) => `${o.metadata.namespace}/${o.metadata.name}`,
    );
    for (const ns of nss) expect(names).toEqual(expect.arrayContaining([`${ns}/one`, `${ns}/two`]));
    expect(names.filter((n) => n.startsWith('servedeck-it-watch-'))).toHaveLength(6);
    expect(sse.text).not.toContain('eyJ');
  });
});
