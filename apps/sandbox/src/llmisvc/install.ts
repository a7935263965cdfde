/**
 * What a KServe install adds for LLMInferenceServices (KServe v0.20.0's `config/rbac/llmisvc`,
 * `config/webhook/llmisvc`, `config/llmisvcconfig` and the CRDs' conversion patch, from
 * `<shared>/kserve/config/`), as the sandbox applies it:
 * - the controller's ServiceAccount, ClusterRole `kserve-llmisvc-manager-role` and its binding (the subject's
 *   kustomize variable filled in);
 * - its webhook configurations (defaulters and validators of LLMInferenceService and LLMInferenceServiceConfig)
 *   with `clientConfig.url: https://127.0.0.1:<port><path>`, as for the manager (kserve-install.ts);
 * - the conversion webhook the CRDs name (`/convert`, v1alpha1 <-> v1alpha2) on the same server;
 * - the LLMInferenceServiceConfig presets (`kserve-config-llm-*`) in the `kserve` namespace;
 * - the ingress Gateway KServe routes LLM traffic through (`kserve/kserve-ingress-gateway`, inferenceservice-config's
 *   `kserveIngressGateway`), of the sandbox gateway's own GatewayClass: its listener is the gateway's port.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { kserveNamespace } from '../control-plane';
import { gatewayControllerName } from '../gateway/gateway-api';
import { loadVendored, pointWebhooksAt } from '../kserve-install';
import type { KubeObject } from '../kube';

export const llmisvcServiceAccount = 'llmisvc-controller-manager';
export const gatewayClassName = 'servedeck-sandbox';
export const ingressGateway = { namespace: kserveNamespace, name: 'kserve-ingress-gateway' } as const;
export const llmCrdNames = ['llminferenceservices.serving.kserve.io', 'llminferenceserviceconfigs.serving.kserve.io'];

export function kserveConfigDir(shared: string): string {
  return join(shared, 'kserve', 'config');
}

/** ServiceAccount, ClusterRole and ClusterRoleBinding of the LLMInferenceService controller. */
export function llmisvcBaseObjects(configDir: string): KubeObject[] {
  const binding = loadVendored('rbac_llmisvc_clusterrolebinding.yaml', configDir).map((b) => ({
    ...b,
    subjects: z
      .array(z.looseObject({ kind: z.string(), name: z.string() }))
      .parse(b.subjects)
      .map((s) =>
        s.kind === 'ServiceAccount' ? { ...s, name: llmisvcServiceAccount, namespace: kserveNamespace } : s,
      ),
  }));
  return [
    ...loadVendored('rbac_llmisvc_service_account.yaml', configDir).map((o) => ({
      ...o,
      metadata: { ...o.metadata, namespace: kserveNamespace },
    })),
    ...loadVendored('rbac_llmisvc_role.yaml', configDir),
    ...binding,
  ];
}

/** The controller's webhook configurations aimed at `base` (https://127.0.0.1:PORT). */
export function llmisvcWebhookObjects(configDir: string, base: string, caPem: string): KubeObject[] {
  return loadVendored('webhook_llmisvc_manifests.yaml', configDir).map((o) => pointWebhooksAt(o, base, caPem));
}

/** The merge patch that points a CRD's conversion at the controller's `/convert` (KServe's CRD patch, with a URL). */
export function conversionPatch(base: string, caPem: string) {
  return {
    spec: {
      conversion: {
        strategy: 'Webhook',
        webhook: {
          clientConfig: { url: `${base}/convert`, caBundle: Buffer.from(caPem, 'utf8').toString('base64') },
          conversionReviewVersions: ['v1', 'v1beta1'],
        },
      },
    },
  };
}

/** The LLMInferenceServiceConfig presets (`llmisvcconfig_*.yaml` but the kustomization) in the kserve namespace. */
export function llmisvcPresetObjects(configDir: string): KubeObject[] {
  if (!existsSync(configDir)) return [];
  return readdirSync(configDir)
    .filter((f) => /^llmisvcconfig_.*\.ya?ml$/.test(f) && !f.includes('kustomization'))
    .sort()
    .flatMap((f) => loadVendored(f, configDir))
    .map((o) => ({ ...o, metadata: { ...o.metadata, namespace: kserveNamespace } }));
}

/** GatewayClass of the sandbox gateway and the Gateway KServe's routes attach to (listener = the gateway's port). */
export function gatewayObjects(gatewayPort: number): KubeObject[] {
  return [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: gatewayClassName },
      spec: {
        controllerName: gatewayControllerName,
        description: 'ServeDeck sandbox gateway (apps/sandbox/src/gateway)',
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: ingressGateway.name, namespace: ingressGateway.namespace },
      spec: {
        gatewayClassName,
        listeners: [
          { name: 'http', protocol: 'HTTP', port: gatewayPort, allowedRoutes: { namespaces: { from: 'All' } } },
        ],
      },
    },
  ];
}
