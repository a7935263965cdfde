import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSandboxEnv } from '../src/env-schema';
import { loadManifests, withContentHash } from '../src/kserve';
import { objectPath } from '../src/kube';
import { layout, sharedDir } from '../src/paths';
import { clusterRoles, profileObjects } from '../src/rbac';
import { sandboxEnv, shellExports } from '../src/sandbox-env';
import type { SandboxState } from '../src/state';

describe('objectPath', () => {
  it('builds core, grouped, namespaced and cluster-scoped paths', () => {
    expect(objectPath({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } })).toBe('/api/v1/namespaces/a');
    expect(
      objectPath({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'rb', namespace: 'ns' },
      }),
    ).toBe('/apis/rbac.authorization.k8s.io/v1/namespaces/ns/rolebindings/rb');
    expect(() => objectPath({ apiVersion: 'v1', kind: 'Gadget', metadata: { name: 'g' } })).toThrow(/unknown kind/);
  });
});

describe('RBAC', () => {
  it("lets every authenticated user read runtimes and only the CRDs of ServeDeck's kinds (for their schemas)", () => {
    const [, , role, binding] = clusterRoles();
    expect(role?.rules).toContainEqual({
      apiGroups: ['apiextensions.k8s.io'],
      resources: ['customresourcedefinitions'],
      resourceNames: [
        'inferenceservices.serving.kserve.io',
        'inferencegraphs.serving.kserve.io',
        'trainedmodels.serving.kserve.io',
        'llminferenceservices.serving.kserve.io',
        'llminferenceserviceconfigs.serving.kserve.io',
      ],
      verbs: ['get'],
    });
    expect(binding?.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' },
    ]);
  });
  it('binds owners and viewers in their namespace only', () => {
    const objs = profileObjects({ namespace: 'ns1', owners: ['o@x'], viewers: ['v@x'] });
    expect(objs.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace//ns1',
      'RoleBinding/ns1/namespaceAdmin',
      'RoleBinding/ns1/namespaceViewer',
    ]);
    expect(profileObjects({ namespace: 'n', owners: ['o@x'], viewers: [] })).toHaveLength(2);
  });
  it('gives viewers read verbs only', () => {
    const rules = (clusterRoles()[1]?.rules ?? []) as { verbs: string[] }[];
    const verbs = new Set(rules.flatMap((r) => r.verbs));
    expect([...verbs].sort()).toEqual(['get', 'list', 'watch']);
  });
});

describe('sandboxEnv', () => {
  const state: SandboxState = {
    version: 1,
    createdAt: 'now',
    ports: { etcd: 1, etcdPeer: 2, dex: 3, apiserver: 4, gateway: 5, kubelet: 6 },
    kserveMode: 'real',
    clientSecret: 'abcdefghijklmnopqrstuvwx',
    components: {},
  };
  const e = sandboxEnv(state, layout('/s'));
  it('has the fields of docs/contracts.md', () => {
    expect(e).toMatchObject({
      stateDir: '/s',
      kubeconfig: '/s/kubeconfig',
      apiserverUrl: 'https://127.0.0.1:4',
      caFile: '/s/pki/ca.crt',
      issuer: 'https://127.0.0.1:3/dex',
      clientId: 'servedeck',
      clientSecret: 'abcdefghijklmnopqrstuvwx',
      gatewayUrl: 'http://127.0.0.1:5',
      ingressDomain: 'example.com',
    });
    expect(e.redirectPorts).toContain(8080);
    expect(e.logins[0]).toMatchObject({ email: 'user@example.com', password: '12341234' });
    expect(e.bff.SERVEDECK_OIDC_ISSUER).toBe('https://127.0.0.1:3/dex');
    expect(Object.keys(e.bff)).not.toContain('SERVEDECK_PORT');
  });
  it('is what the readers of env --json parse (env-schema.ts)', () => {
    const printed = `> servedeck sandbox\n${JSON.stringify(e, null, 2)}\n`;
    expect(parseSandboxEnv(printed)).toEqual(e);
    expect(() => parseSandboxEnv(JSON.stringify({ ...e, gatewayUrl: 'not a url' }))).toThrow(/gatewayUrl/);
  });
  it('quotes shell exports', () => {
    const sh = shellExports({ ...e, bff: { ...e.bff, SERVEDECK_OIDC_CLIENT_SECRET: "it's" } });
    expect(sh).toContain(`export SERVEDECK_OIDC_CLIENT_SECRET='it'\\''s'`);
    expect(sh).toContain("export KUBECONFIG='/s/kubeconfig'");
  });
});

describe('loadManifests', () => {
  it('reads every runtime of shared/kserve/runtimes except the kustomization', () => {
    const runtimes = loadManifests(join(sharedDir(), 'kserve', 'runtimes'));
    expect(runtimes.length).toBeGreaterThanOrEqual(10);
    expect(new Set(runtimes.map((r) => r.kind))).toEqual(new Set(['ClusterServingRuntime']));
    expect(runtimes.map((r) => r.metadata.name)).toContain('kserve-sklearnserver');
  });
  it('says where the files should be when the folder is missing', () => {
    expect(() => loadManifests('/does/not/exist')).toThrow(/SERVEDECK_SHARED_DIR/);
  });
  it('hashes content so an unchanged object can be skipped', () => {
    const o = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', annotations: { x: '1' } } };
    const a = withContentHash(o);
    expect(a.obj.metadata.annotations).toEqual({ x: '1', 'servedeck.dev/applied-sha256': a.hash });
    expect(withContentHash(o).hash).toBe(a.hash);
    expect(withContentHash({ ...o, metadata: { name: 'b' } }).hash).not.toBe(a.hash);
  });
});
