import { describe, expect, it } from 'vitest';
import { chooseMode } from '../src/commands/up';
import { controlPlaneSpecs, kcmControllers } from '../src/control-plane';
import { kserveBaseObjects, kserveWebhookObjects } from '../src/kserve-install';
import { requestedKserveMode } from '../src/kserve-mode';
import { layout } from '../src/paths';

const caPem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('vendored KServe install', () => {
  it('aims every webhook of KServe at the manager on 127.0.0.1 with the sandbox CA', () => {
    const objs = kserveWebhookObjects('https://127.0.0.1:4443', caPem);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'MutatingWebhookConfiguration/inferenceservice.serving.kserve.io',
      'ValidatingWebhookConfiguration/inferenceservice.serving.kserve.io',
      'ValidatingWebhookConfiguration/trainedmodel.serving.kserve.io',
      'ValidatingWebhookConfiguration/inferencegraph.serving.kserve.io',
      'ValidatingWebhookConfiguration/clusterservingruntime.serving.kserve.io',
      'ValidatingWebhookConfiguration/servingruntime.serving.kserve.io',
    ]);
    const hooks = objs.flatMap((o) => o.webhooks as { name: string; clientConfig: Record<string, string> }[]);
    expect(hooks.map((h) => [h.name, h.clientConfig.url])).toContainEqual([
      'inferenceservice.kserve-webhook-server.pod-mutator',
      'https://127.0.0.1:4443/mutate-pods',
    ]);
    for (const h of hooks) {
      expect(Object.keys(h.clientConfig).sort(), h.name).toEqual(['caBundle', 'url']);
      expect(Buffer.from(h.clientConfig.caBundle ?? '', 'base64').toString('utf8')).toBe(caPem);
    }
    for (const o of objs) expect(o.metadata).not.toHaveProperty('creationTimestamp');
  });

  it('installs the manager as its ServiceAccount bound to KServe ClusterRole, with the config in kserve', () => {
    const objs = kserveBaseObjects();
    const byKind = (k: string) => objs.filter((o) => o.kind === k);
    expect(byKind('ServiceAccount')[0]?.metadata).toMatchObject({
      name: 'kserve-controller-manager',
      namespace: 'kserve',
    });
    expect(byKind('ClusterRoleBinding')[0]).toMatchObject({
      roleRef: { name: 'kserve-manager-role' },
      subjects: [{ kind: 'ServiceAccount', name: 'kserve-controller-manager', namespace: 'kserve' }],
    });
    const cm = byKind('ConfigMap')[0] as unknown as {
      metadata: { name: string; namespace: string };
      data: Record<string, string>;
    };
    expect(cm.metadata).toMatchObject({ name: 'inferenceservice-config', namespace: 'kserve' });
    expect(JSON.parse(cm.data.deploy ?? '')).toEqual({ defaultDeploymentMode: 'Standard' });
    expect(JSON.parse(cm.data.ingress ?? '')).toMatchObject({
      ingressDomain: 'example.com',
      disableIstioVirtualHost: true,
      disableIngressCreation: false,
    });
  });
});

describe('real control plane processes', () => {
  const ports = {
    kserveWebhook: 41001,
    kserveMetrics: 41002,
    kserveHealth: 41003,
    kubeControllerManager: 41004,
    kubeScheduler: 41005,
  };
  const specs = controlPlaneSpecs(ports, layout('/s'), '/c');
  it('binds only the sandbox ports on 127.0.0.1, never the model servers 8080/8081, leader election off', () => {
    expect(specs.map((s) => s.name)).toEqual(['kube-controller-manager', 'kube-scheduler', 'kserve-controller']);
    for (const s of specs) {
      const args = s.argv.join(' ');
      expect(args, s.name).not.toMatch(/:808[01]\b/);
      expect(s.argv, s.name).toContain('--leader-elect=false');
    }
    const kserve = specs[2];
    expect(kserve?.argv).toEqual([
      '/c/bin/kserve-manager-v0.20.0/kserve-manager',
      '--kubeconfig=/s/kserve/kubeconfig',
      '--webhook-port=41001',
      '--metrics-addr=127.0.0.1:41002',
      '--health-probe-addr=127.0.0.1:41003',
      '--leader-elect=false',
    ]);
    expect(kserve?.env).toMatchObject({
      POD_NAMESPACE: 'kserve',
      TMPDIR: '/s/kserve/tmp',
    });
  });
  it("runs kube-controller-manager's controllers for Deployments, GC, ServiceAccounts, HPA and PV binding", () => {
    const kcm = specs[0]?.argv ?? [];
    expect(kcm).toContain(`--controllers=${kcmControllers.join(',')}`);
    expect(kcmControllers).toEqual(
      expect.arrayContaining([
        'deployment-controller',
        'replicaset-controller',
        'garbage-collector-controller',
        'serviceaccount-token-controller',
        'horizontal-pod-autoscaler-controller',
        'persistentvolume-binder-controller',
      ]),
    );
    expect(kcm).toContain('--service-account-private-key-file=/s/pki/sa.key');
  });
});

describe('KServe mode switch', () => {
  it('reads SERVEDECK_SANDBOX_KSERVE and names the allowed values on a typo', () => {
    expect(requestedKserveMode({})).toBeUndefined();
    expect(requestedKserveMode({ SERVEDECK_SANDBOX_KSERVE: 'real' })).toBe('real');
    expect(() => requestedKserveMode({ SERVEDECK_SANDBOX_KSERVE: 'Real' })).toThrow(
      'SERVEDECK_SANDBOX_KSERVE=Real is not a mode: use one of imitation, real',
    );
  });
  it('keeps the recorded mode, defaults to real, and refuses a switch without reset', () => {
    expect(chooseMode(undefined, undefined)).toBe('real');
    expect(chooseMode(undefined, 'imitation')).toBe('imitation');
    expect(chooseMode(undefined, 'real')).toBe('real');
    expect(chooseMode('real', undefined)).toBe('real');
    expect(() => chooseMode('imitation', 'real')).toThrow(/reset/);
  });
});
