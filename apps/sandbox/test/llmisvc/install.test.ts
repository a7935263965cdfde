import { describe, expect, it } from 'vitest';
import { crdsIn, requiredVersion } from '../../src/llmisvc/crds';
import {
  conversionPatch,
  gatewayObjects,
  kserveConfigDir,
  llmisvcBaseObjects,
  llmisvcPresetObjects,
  llmisvcWebhookObjects,
} from '../../src/llmisvc/install';
import { llmisvcSpec } from '../../src/llmisvc/spec';
import { layout, sharedDir } from '../../src/paths';

const caPem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const configDir = kserveConfigDir(sharedDir());

describe("KServe's LLMInferenceService controller install", () => {
  it('binds KServe’s llmisvc ClusterRole to its ServiceAccount in kserve (the kustomize variable filled in)', () => {
    const objs = llmisvcBaseObjects(configDir);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/llmisvc-controller-manager',
      'ClusterRole/kserve-llmisvc-manager-role',
      'ClusterRoleBinding/llmisvc-manager-rolebinding',
    ]);
    expect(objs[0]?.metadata.namespace).toBe('kserve');
    expect(objs[2]?.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'llmisvc-controller-manager', namespace: 'kserve' },
    ]);
  });

  it('aims its webhooks and the CRD conversion at the controller on 127.0.0.1 with the sandbox CA', () => {
    const objs = llmisvcWebhookObjects(configDir, 'https://127.0.0.1:5443', caPem);
    const hooks = objs.flatMap((o) => o.webhooks as { name: string; clientConfig: Record<string, string> }[]);
    expect(hooks.map((h) => h.clientConfig.url)).toContain(
      'https://127.0.0.1:5443/validate-serving-kserve-io-v1alpha2-llminferenceservice',
    );
    expect(hooks.map((h) => h.clientConfig.url)).toContain(
      'https://127.0.0.1:5443/mutate-serving-kserve-io-v1alpha2-llminferenceservice',
    );
    for (const h of hooks) expect(Object.keys(h.clientConfig).sort()).toEqual(['caBundle', 'url']);
    const conv = conversionPatch('https://127.0.0.1:5443', caPem).spec.conversion;
    expect(conv.strategy).toBe('Webhook');
    expect(conv.webhook.clientConfig.url).toBe('https://127.0.0.1:5443/convert');
    expect(Buffer.from(conv.webhook.clientConfig.caBundle, 'base64').toString('utf8')).toBe(caPem);
  });

  it('puts every LLMInferenceServiceConfig preset into kserve', () => {
    const presets = llmisvcPresetObjects(configDir);
    expect(presets.map((p) => p.metadata.name)).toEqual(
      expect.arrayContaining(['kserve-config-llm-template', 'kserve-config-llm-router-route']),
    );
    for (const p of presets) {
      expect(p.kind).toBe('LLMInferenceServiceConfig');
      expect(p.metadata.namespace).toBe('kserve');
    }
  });

  it('declares the ingress Gateway KServe routes through, its listener on the sandbox gateway port', () => {
    const [cls, gw] = gatewayObjects(31234);
    expect(cls?.spec).toMatchObject({ controllerName: 'servedeck.dev/sandbox-gateway' });
    expect(gw?.metadata).toEqual({ name: 'kserve-ingress-gateway', namespace: 'kserve' });
    expect(gw?.spec).toMatchObject({
      gatewayClassName: 'servedeck-sandbox',
      listeners: [{ name: 'http', protocol: 'HTTP', port: 31234 }],
    });
  });

  it('runs cmd/llmisvc with its own kubeconfig, plain-HTTP metrics and health on 127.0.0.1', () => {
    const l = layout('/tmp/sb');
    const s = llmisvcSpec({ webhook: 1001, metrics: 1002, health: 1003 }, l, '/cache');
    expect(s.name).toBe('llmisvc-controller');
    expect(s.argv[0]).toBe('/cache/bin/kserve-llmisvc-v0.20.0/kserve-llmisvc');
    expect(s.argv.slice(1)).toEqual([
      `--kubeconfig=${l.llmisvcKubeconfig}`,
      '--webhook-port=1001',
      '--metrics-addr=127.0.0.1:1002',
      '--metrics-secure=false',
      '--health-probe-addr=127.0.0.1:1003',
      '--leader-elect=false',
    ]);
    expect(s.env).toMatchObject({ POD_NAMESPACE: 'kserve', TMPDIR: l.llmisvcTmp });
    expect(s.healthUrl).toBe('http://127.0.0.1:1003/readyz');
  });

  it("reads the versions of the CRDs' modules from KServe's go.mod and only CRDs from their files", () => {
    const goMod =
      'module x\n\nrequire (\n\tsigs.k8s.io/gateway-api v1.5.1\n\tsigs.k8s.io/gateway-api-inference-extension v1.5.0\n)\n';
    expect(requiredVersion(goMod, 'sigs.k8s.io/gateway-api')).toBe('v1.5.1');
    expect(requiredVersion(goMod, 'sigs.k8s.io/gateway-api-inference-extension')).toBe('v1.5.0');
    expect(() => requiredVersion(goMod, 'sigs.k8s.io/lws')).toThrow(/does not require/);
    const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: a.b\n';
    expect(crdsIn(`---\n${crd}`, 'f').map((c) => c.metadata.name)).toEqual(['a.b']);
    expect(() => crdsIn('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n', 'f')).toThrow(/not a CRD/);
  });
});
