import { describe, expect, it } from 'vitest';
import { componentSpecs } from '../src/components';
import { controlPlaneSpecs, kcmControllers } from '../src/control-plane';
import { kserveBaseObjects, kserveWebhookObjects } from '../src/kserve-install';
import { checkRecordedKserveMode, checkRequestedKserveMode } from '../src/kserve-mode';
import { layout } from '../src/paths';
import type { SandboxState } from '../src/state';

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

describe('one KServe mode (the imitation was removed)', () => {
  it('accepts SERVEDECK_SANDBOX_KSERVE unset or real, refuses imitation as removed and anything else', () => {
    expect(() => checkRequestedKserveMode({})).not.toThrow();
    expect(() => checkRequestedKserveMode({ SERVEDECK_SANDBOX_KSERVE: '' })).not.toThrow();
    expect(() => checkRequestedKserveMode({ SERVEDECK_SANDBOX_KSERVE: 'real' })).not.toThrow();
    expect(() => checkRequestedKserveMode({ SERVEDECK_SANDBOX_KSERVE: 'imitation' })).toThrow(
      /SERVEDECK_SANDBOX_KSERVE=imitation: the KServe imitation was removed/,
    );
    expect(() => checkRequestedKserveMode({ SERVEDECK_SANDBOX_KSERVE: 'Real' })).toThrow(
      'SERVEDECK_SANDBOX_KSERVE=Real is not a mode: the only one is real (or leave it unset)',
    );
  });
  it('runs a sandbox recorded as real; one the imitation made has to be reset', () => {
    expect(() => checkRecordedKserveMode('real', '/s')).not.toThrow();
    expect(() => checkRecordedKserveMode('imitation', '/s')).toThrow(/made by the KServe imitation.*sandbox -- reset/s);
  });
  it('starts kube-apiserver with the ServiceAccount admission plugin and the control plane after it', () => {
    const state: SandboxState = {
      version: 1,
      createdAt: 'now',
      ports: { etcd: 1, etcdPeer: 2, dex: 3, apiserver: 4, gateway: 5, kubelet: 6 },
      controlPorts: {
        kserveWebhook: 41001,
        kserveMetrics: 41002,
        kserveHealth: 41003,
        kubeControllerManager: 41004,
        kubeScheduler: 41005,
      },
      kserveMode: 'real',
      clientSecret: 'abcdefghijklmnopqrstuvwx',
      components: {},
    };
    const specs = componentSpecs(state, layout('/nonexistent-sandbox'), '/c');
    expect(specs.map((s) => s.name).slice(0, 6)).toEqual([
      'etcd',
      'dex',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'kserve-controller',
    ]);
    const apiserver = specs.find((s) => s.name === 'kube-apiserver')?.argv.join(' ');
    expect(apiserver).not.toContain('--disable-admission-plugins');
    expect(specs.find((s) => s.name === 'controller')?.env).not.toHaveProperty('SANDBOX_KSERVE_MODE');
  });
});
