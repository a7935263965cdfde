import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, createCluster, isHttpApiError, K8sClient } from '../../src/k8s/client';
import { loadKubeconfig } from '../../src/k8s/kubeconfig';
import { eventually, loginAs, sandboxEnv } from './client';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../..');
const NAME = 'servedeck-test-busy';
/** A namespace no other test uses: only calls about it are limited. */
const BUSY_NS = 'servedeck-busy-check';
const FC = '/apis/flowcontrol.apiserver.k8s.io/v1';

/**
 * API Priority and Fairness turned down for one flow: a PriorityLevelConfiguration with no nominal seats
 * that rejects instead of queueing (the apiserver still runs one request at a time there), and a
 * FlowSchema sending user@example.com's calls about inferenceservices in BUSY_NS to it. While one call of
 * that flow runs (a LIST waiting ~3 s for a resourceVersion the watch cache does not have yet), every
 * other one gets 429 with Retry-After, as on a real apiserver under load.
 */
describe('a busy apiserver (API Priority and Fairness), on the sandbox', () => {
  let admin: K8sClient;
  let adminCluster: Cluster;
  let userCluster: Cluster;
  let token = '';
  let schemaUid = '';
  const path = `/apis/serving.kserve.io/v1beta1/namespaces/${BUSY_NS}/inferenceservices`;

  /** One raw call of the limited flow, no retry: its status. */
  async function raw(query = ''): Promise<number> {
    const res = await request(`${userCluster.server}${path}${query}`, {
      dispatcher: userCluster.userDispatcher,
      headers: { authorization: `Bearer ${token}` },
    });
    await res.body.dump();
    return res.statusCode;
  }

  /** Occupy the flow's one seat for ~3 s per LIST, back to back for `ms`; resolves once the seat is taken. */
  async function busyFor(ms: number): Promise<{ done: Promise<void> }> {
    const end = Date.now() + ms;
    const holder = (async () => {
      // a holder can itself be refused (429) when a probe below has the seat at that moment: send it again
      let status: number;
      do status = await raw('?resourceVersion=999999999&resourceVersionMatch=NotOlderThan');
      while (status === 429 || Date.now() < end);
    })();
    await eventually(async () => ((await raw()) === 429 ? true : undefined), 10_000, 'the seat to be taken', 50);
    return { done: holder }; // (an async function returning the promise itself would wait for it)
  }

  const ensure = async (collection: string, body: unknown): Promise<void> => {
    await admin.call('POST', collection, { body }).catch((err: unknown) => {
      if (!isHttpApiError(err, 409)) throw err;
    });
  };

  beforeAll(async () => {
    adminCluster = createCluster(loadKubeconfig(sandboxEnv().kubeconfig));
    admin = new K8sClient(adminCluster, { kind: 'kubeconfig' });
    await cleanUp();
    // a namespace of user@example.com's own (the flow schema limits only calls about it)
    await ensure('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: BUSY_NS } });
    await ensure(`/apis/rbac.authorization.k8s.io/v1/namespaces/${BUSY_NS}/rolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'namespaceAdmin', namespace: BUSY_NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'servedeck-profile-owner' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'user@example.com' }],
    });
    await admin.call('POST', `${FC}/prioritylevelconfigurations`, {
      body: {
        apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
        kind: 'PriorityLevelConfiguration',
        metadata: { name: NAME },
        spec: {
          type: 'Limited',
          limited: {
            nominalConcurrencyShares: 0,
            lendablePercent: 0,
            borrowingLimitPercent: 0,
            limitResponse: { type: 'Reject' },
          },
        },
      },
    });
    const fs = await admin.call('POST', `${FC}/flowschemas`, {
      body: {
        apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
        kind: 'FlowSchema',
        metadata: { name: NAME },
        spec: {
          priorityLevelConfiguration: { name: NAME },
          matchingPrecedence: 100,
          distinguisherMethod: { type: 'ByUser' },
          rules: [
            {
              subjects: [{ kind: 'User', user: { name: 'user@example.com' } }],
              resourceRules: [
                {
                  verbs: ['*'],
                  apiGroups: ['serving.kserve.io'],
                  resources: ['inferenceservices'],
                  namespaces: [BUSY_NS],
                },
              ],
            },
          ],
        },
      },
    });
    schemaUid = (fs.body as { metadata: { uid: string } }).metadata.uid;
    token =
      execFileSync(process.execPath, [join(repoRoot, 'scripts/sandbox.mjs'), 'token', 'user@example.com'], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .at(-1) ?? '';
    userCluster = createCluster(loadKubeconfig(sandboxEnv().kubeconfig));
    // the apiserver's APF config controller picks the new objects up within a moment
    await eventually(
      async () => {
        const res = await request(`${userCluster.server}${path}`, {
          dispatcher: userCluster.userDispatcher,
          headers: { authorization: `Bearer ${token}` },
        });
        await res.body.dump();
        return res.headers['x-kubernetes-pf-flowschema-uid'] === schemaUid ? true : undefined;
      },
      30_000,
      'the apiserver to use the test flow schema',
    );
  });

  async function cleanUp(): Promise<void> {
    for (const p of [`${FC}/flowschemas/${NAME}`, `${FC}/prioritylevelconfigurations/${NAME}`]) {
      await admin.call('DELETE', p).catch(() => undefined);
    }
  }

  afterAll(async () => {
    await cleanUp();
    await userCluster?.close();
    await adminCluster?.close();
  });

  it('the apiserver really answers 429 with Retry-After while the flow is busy', async () => {
    const holder = await busyFor(1);
    const res = await request(`${userCluster.server}${path}`, {
      dispatcher: userCluster.userDispatcher,
      headers: { authorization: `Bearer ${token}` },
    });
    await res.body.dump();
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('1');
    await holder.done;
  });

  it('K8sClient waits as told and answers once the apiserver has room again', async () => {
    userCluster.busyRetry = { retries: 6, baseMs: 500, maxDelayMs: 1000 };
    const holder = await busyFor(1);
    const client = new K8sClient(userCluster, { kind: 'bearer', token });
    expect((await client.call('GET', path)).status).toBe(200);
    await holder.done;
  });

  it('K8sClient retries the 429s, then rejects with 429 ClusterBusy', async () => {
    userCluster.busyRetry = { retries: 2, baseMs: 50, maxDelayMs: 200 };
    const holder = await busyFor(1);
    const client = new K8sClient(userCluster, { kind: 'bearer', token });
    await expect(client.call('GET', path)).rejects.toMatchObject({
      apiError: { status: 429, reason: 'ClusterBusy', message: expect.stringMatching(/^The cluster is busy/) },
    });
    await holder.done;
  });

  it('other calls of the same user are not limited', async () => {
    const holder = await busyFor(1);
    const client = new K8sClient(userCluster, { kind: 'bearer', token });
    const ok = await client.call(
      'GET',
      '/apis/serving.kserve.io/v1beta1/namespaces/kubeflow-user-example-com/inferenceservices',
    );
    expect(ok.status).toBe(200);
    await holder.done;
  });

  it('the browser: a short busy spell is bridged; a long one is 429 ClusterBusy, never a generic error', async () => {
    const browser = await loginAs('user@example.com');
    let holder = await busyFor(1); // ~3 s: inside the BFF's retries (1 s, 1 s, 2 s)
    const bridged = await browser.get(`/api/namespaces/${BUSY_NS}/inferenceservices/anything`);
    expect(bridged.status).toBe(404);
    await holder.done;
    holder = await busyFor(8000);
    const busy = await browser.get(`/api/namespaces/${BUSY_NS}/inferenceservices/anything`);
    expect(busy.status).toBe(429);
    expect(busy.json()).toMatchObject({
      reason: 'ClusterBusy',
      message: expect.stringMatching(/^The cluster is busy/),
    });
    await holder.done;
  });
});
