import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type Cluster, createCluster, K8sClient } from '../../src/k8s/client';
import { loadKubeconfig } from '../../src/k8s/kubeconfig';
import { type RunningBff, startBff } from '../../src/main';
import { SseReader } from '../helpers/sse-reader';
import { type BffClient, loginAs, sandboxEnv } from './client';

/**
 * Watches shared between users (watch/access.ts, hub.ts, recheck.ts) with the sandbox's real RBAC and access
 * reviews: user@example.com and viewer@example.com may both watch a namespace and share one upstream watch;
 * alice may not and is refused by the apiserver itself; removing viewer's RoleBinding ends viewer's share
 * within the recheck window while user keeps theirs.
 */
describe('list-watches shared between users (sandbox RBAC)', () => {
  const NS = 'servedeck-it-share';
  const isvcs = `/apis/serving.kserve.io/v1beta1/namespaces/${NS}/inferenceservices`;
  const bindings = `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`;
  const probe = (name: string) => ({
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name, namespace: NS, annotations: { 'sandbox.servedeck.dev/ignore': 'true' } },
    spec: { predictor: { model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://servedeck-it/models/x' } } },
  });
  const binding = (who: string) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `servedeck-it-${who.split('@')[0]}`, namespace: NS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'servedeck-profile-owner' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: who }],
  });
  let cluster: Cluster;
  let admin: K8sClient;
  let bff: RunningBff;
  const conflictOk = (err: unknown) => {
    if (!(err instanceof Error && 'apiError' in err && (err.apiError as { status: number }).status === 409)) throw err;
  };

  beforeAll(async () => {
    cluster = createCluster(loadKubeconfig(sandboxEnv().kubeconfig));
    admin = new K8sClient(cluster, { kind: 'kubeconfig' });
    await admin
      .call('POST', '/api/v1/namespaces', {
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
      })
      .catch(conflictOk);
    for (const who of ['user@example.com', 'viewer@example.com'])
      await admin.call('POST', bindings, { body: binding(who) }).catch(conflictOk);
    await admin.call('DELETE', isvcs);
    await admin.call('POST', isvcs, { body: probe('one') });
    bff = await startBff(
      loadConfig({
        ...sandboxEnv().bff,
        SERVEDECK_PASSWORD_LOGIN: 'true',
        SERVEDECK_PORT: '0',
        SERVEDECK_PUBLIC_URL: 'http://127.0.0.1:1',
        SERVEDECK_LOG_LEVEL: 'warn',
        SERVEDECK_METRICS_PORT: '0',
        SERVEDECK_METRICS_HOST: '127.0.0.1',
        SERVEDECK_WATCH_ACCESS_RECHECK_MS: '3000',
      }),
    );
  });
  afterAll(async () => {
    await bff?.stop();
    await admin?.call('DELETE', isvcs).catch(() => undefined);
    await cluster?.close();
  });

  const login = (email: string) => loginAs(email, bff.url);
  const gauge = async (name: string) => {
    const text = await (await fetch(bff.metricsUrl ?? '')).text();
    return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN);
  };
  const stream = async (c: BffClient) =>
    SseReader.open(`${bff.url}/api/namespaces/${NS}/watch/inferenceservices`, { cookie: c.cookie });
  const names = (sse: SseReader) =>
    (sse.changes().find((e) => e.type === 'RESYNC')?.items ?? []).map(
      (o) => (o as { metadata: { name: string } }).metadata.name,
    );

  it('shares one upstream watch between allowed users, refuses alice, and ends a share whose binding goes', async () => {
    const [user, viewer, alice] = await Promise.all([
      login('user@example.com'),
      login('viewer@example.com'),
      login('alice@example.com'),
    ]);
    const a = await stream(user);
    await a.until(() => a.changes().some((e) => e.type === 'RESYNC'), 'user’s RESYNC', 30_000);
    const b = await stream(viewer);
    expect(b.status).toBe(200);
    await b.until(() => b.changes().some((e) => e.type === 'RESYNC'), 'viewer’s RESYNC', 30_000);
    expect(names(a)).toEqual(['one']);
    expect(names(b)).toEqual(['one']);
    expect(await gauge('servedeck_bff_upstream_watches')).toBe(1);
    expect(await gauge('servedeck_bff_shared_watches')).toBe(1);

    // alice may not: no share, and the apiserver refuses her own list (403 before the stream opens)
    const c = await stream(alice);
    await c.until(() => c.ended, 'alice’s refusal', 30_000);
    expect(c.status).toBe(403);
    expect(await gauge('servedeck_bff_upstream_watches')).toBe(1);

    // one upstream event reaches both
    await admin.call('POST', isvcs, { body: probe('two') });
    for (const s of [a, b])
      await s.until(
        () => s.changes().some((e) => e.type === 'ADDED' && e.object?.metadata?.name === 'two'),
        'the ADDED',
        30_000,
      );

    // viewer's RoleBinding goes: viewer's stream ends with a 403 within the window; user's goes on
    // (a user's own open watch would go on until its 290 s timeout: the end within 30 s is the recheck's)
    await admin.call('DELETE', `${bindings}/servedeck-it-viewer`);
    await b.until(() => b.ended, 'viewer’s stream to end', 30_000);
    expect(b.events.at(-1)).toMatchObject({ event: 'error', data: { status: 403, reason: 'Forbidden' } });
    await admin.call('POST', isvcs, { body: probe('three') });
    await a.until(
      () => a.changes().some((e) => e.type === 'ADDED' && e.object?.metadata?.name === 'three'),
      'user’s next ADDED',
      30_000,
    );
    expect(a.ended).toBe(false);
    await a.close();
    await admin.call('POST', bindings, { body: binding('viewer@example.com') }).catch(conflictOk);
  });
});
