import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readCmdline } from '../../src/processes';
import { runCli } from './cli';
import { sandbox } from './sandbox';

const sbx = sandbox();
const admin = sbx.admin();
afterAll(() => admin.close());

const statusList = z.array(
  z.object({
    name: z.string(),
    pid: z.number().nullable(),
    port: z.number().nullable(),
    running: z.boolean(),
    healthy: z.boolean(),
  }),
);

describe('sandbox up', () => {
  it('status lists every started component with a live PID of ours and a healthy endpoint', () => {
    const r = runCli(['status', '--json']);
    expect(r.code).toBe(0);
    const list = statusList.parse(JSON.parse(r.stdout));
    const started = list.filter((c) => c.pid !== null);
    expect(started.map((c) => c.name)).toEqual(expect.arrayContaining(['etcd', 'dex', 'kube-apiserver']));
    for (const c of started) {
      expect(c, c.name).toMatchObject({ running: true, healthy: true });
      expect(readCmdline(c.pid ?? 0)).toEqual(sbx.state.components[c.name as 'etcd']?.argv);
    }
  });

  it('serves kube-apiserver v1.36.3', async () => {
    const r = await admin.call('GET', '/version');
    expect(r.body).toMatchObject({ gitVersion: 'v1.36.3', major: '1', minor: '36' });
  });

  it('has the InferenceService CRD Established', async () => {
    const r = await admin.call(
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/inferenceservices.serving.kserve.io',
    );
    expect(r.status).toBe(200);
    const crd = z
      .object({ status: z.object({ conditions: z.array(z.object({ type: z.string(), status: z.string() })) }) })
      .parse(r.body);
    expect(crd.status.conditions).toContainEqual(expect.objectContaining({ type: 'Established', status: 'True' }));
  });

  it('has the ClusterServingRuntimes from shared/kserve/runtimes', async () => {
    const r = await admin.call('GET', '/apis/serving.kserve.io/v1alpha1/clusterservingruntimes');
    const names = z.object({ items: z.array(z.object({ metadata: z.object({ name: z.string() }) })) }).parse(r.body);
    expect(names.items.map((i) => i.metadata.name)).toEqual(
      expect.arrayContaining(['kserve-sklearnserver', 'kserve-mlserver', 'kserve-xgbserver']),
    );
  });

  it('is idempotent: a second up reports the running sandbox and exits 0', () => {
    const r = runCli(['up'], 120_000);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sandbox is already running');
  });

  it('serves the core/v1 Events API', async () => {
    const ns = 'kubeflow-user-example-com';
    const name = `itest-${Date.now()}`;
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: { kind: 'InferenceService', namespace: ns, name: 'x', apiVersion: 'serving.kserve.io/v1beta1' },
      reason: 'Testing',
      message: 'integration test',
      type: 'Normal',
      source: { component: 'itest' },
    };
    expect((await admin.call('POST', `/api/v1/namespaces/${ns}/events`, event)).status).toBe(201);
    const user = await sbx.asUser('user@example.com');
    const list = await user.call('GET', `/api/v1/namespaces/${ns}/events?fieldSelector=metadata.name=${name}`);
    await user.close();
    expect(list.status).toBe(200);
    expect(z.object({ items: z.array(z.unknown()) }).parse(list.body).items).toHaveLength(1);
    await admin.call('DELETE', `/api/v1/namespaces/${ns}/events/${name}`);
  });
});
