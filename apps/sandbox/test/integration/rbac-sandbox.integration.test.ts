import { describe, expect, it } from 'vitest';
import { isvcPath, sandbox } from './sandbox';

const sbx = sandbox();
const ns = 'kubeflow-user-example-com';
const isvc = (name: string) => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name },
  spec: {
    predictor: {
      model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model' },
    },
  },
});

async function as<T>(email: string, fn: (k: Awaited<ReturnType<typeof sbx.asUser>>) => Promise<T>): Promise<T> {
  const k = await sbx.asUser(email);
  try {
    return await fn(k);
  } finally {
    await k.close();
  }
}

describe('OIDC (Dex ID tokens) and RBAC', () => {
  it('lets user@example.com list InferenceServices in its namespace and forbids alice', async () => {
    await as('user@example.com', async (k) => {
      expect((await k.call('GET', isvcPath(ns))).status).toBe(200);
      const other = await k.call('GET', isvcPath('alice'));
      expect(other.status).toBe(403);
      expect(other.body).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
      expect(JSON.stringify(other.body)).toContain('user@example.com');
    });
  });

  it('lets user@example.com create InferenceServices (dry run) and alice only in her namespace', async () => {
    await as('user@example.com', async (k) => {
      expect((await k.call('POST', `${isvcPath(ns)}?dryRun=All`, isvc('rbac-user'))).status).toBe(201);
    });
    await as('alice@example.com', async (k) => {
      expect((await k.call('POST', `${isvcPath('alice')}?dryRun=All`, isvc('rbac-alice'))).status).toBe(201);
      expect((await k.call('GET', isvcPath(ns))).status).toBe(403);
    });
  });

  it('lets the viewer list but not create', async () => {
    await as('viewer@example.com', async (k) => {
      expect((await k.call('GET', isvcPath(ns))).status).toBe(200);
      expect((await k.call('POST', `${isvcPath(ns)}?dryRun=All`, isvc('rbac-viewer'))).status).toBe(403);
      expect((await k.call('GET', isvcPath('alice'))).status).toBe(403);
    });
  });

  it('lets every user list ClusterServingRuntimes and read only the InferenceService CRD', async () => {
    await as('alice@example.com', async (k) => {
      expect((await k.call('GET', '/apis/serving.kserve.io/v1alpha1/clusterservingruntimes')).status).toBe(200);
      const crds = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
      expect((await k.call('GET', `${crds}/inferenceservices.serving.kserve.io`)).status).toBe(200);
      expect((await k.call('GET', `${crds}/servingruntimes.serving.kserve.io`)).status).toBe(403);
      expect((await k.call('GET', crds)).status).toBe(403);
    });
  });

  it('makes nobody but the admin certificate cluster-admin', async () => {
    await as('user@example.com', async (k) => {
      expect((await k.call('GET', '/api/v1/namespaces')).status).toBe(403);
      expect((await k.call('GET', '/api/v1/namespaces/default/secrets')).status).toBe(403);
      const review = await k.call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb: 'delete',
            group: 'serving.kserve.io',
            resource: 'inferenceservices',
            namespace: ns,
          },
        },
      });
      expect(review.status).toBe(201);
      expect(review.body).toMatchObject({ status: { allowed: true } });
    });
    const admin = sbx.admin();
    expect((await admin.call('GET', '/api/v1/namespaces')).status).toBe(200);
    await admin.close();
  });

  it('rejects a request without a valid token', async () => {
    const k = (await import('../../src/kube')).KubeRest;
    const { readFileSync } = await import('node:fs');
    const anon = k.asUser(
      `https://127.0.0.1:${sbx.state.ports.apiserver}`,
      readFileSync(sbx.ctx.l.pki.caCert, 'utf8'),
      'not-a-jwt',
    );
    expect((await anon.call('GET', isvcPath(ns))).status).toBe(401);
    await anon.close();
  });
});

describe('Dex', () => {
  it('issues refresh tokens for offline_access, and the refresh grant returns a new ID token', async () => {
    const { readFileSync } = await import('node:fs');
    const { Agent, request } = await import('undici');
    const { passwordGrant } = await import('../../src/dex-token');
    const issuer = `https://127.0.0.1:${sbx.state.ports.dex}/dex`;
    const caPem = readFileSync(sbx.ctx.l.pki.caCert, 'utf8');
    const first = await passwordGrant({
      issuer,
      caPem,
      clientId: 'servedeck',
      clientSecret: sbx.state.clientSecret,
      username: 'alice@example.com',
      password: 'alice1234',
      offlineAccess: true,
    });
    expect(first.ok).toBe(true);
    const refreshToken = first.ok ? (first.value.refresh_token ?? '') : '';
    expect(refreshToken).not.toBe('');
    const agent = new Agent({ connect: { ca: caPem } });
    const res = await request(`${issuer}/token`, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`servedeck:${sbx.state.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
    });
    const body = (await res.body.json()) as { id_token?: string };
    await agent.close();
    expect(res.statusCode).toBe(200);
    expect(body.id_token).toMatch(/^ey/);
  });
});
