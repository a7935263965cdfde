/**
 * `up`'s step for KServe's LLMInferenceService controller, after the manager: the CRDs it works with (Gateway
 * API, InferencePool; from the Go module proxy), the sandbox's GatewayClass and KServe's ingress Gateway, the
 * controller's RBAC, the controller itself, its webhook configurations, the CRDs' conversion webhook, then the
 * LLMInferenceServiceConfig presets (validated by its webhook, as in a real install).
 */
import { z } from 'zod';
import { SandboxError } from '../errors';
import { applyAll, waitEstablished } from '../kserve';
import type { KubeRest } from '../kube';
import type { LlmisvcPorts } from '../state';
import { versions } from '../versions';
import { llmisvcDependencyCrds } from './crds';
import {
  conversionPatch,
  gatewayObjects,
  kserveConfigDir,
  llmCrdNames,
  llmisvcBaseObjects,
  llmisvcPresetObjects,
  llmisvcWebhookObjects,
} from './install';
import { llmisvcWebhookBase } from './spec';

const conversionAnnotation = 'servedeck.dev/conversion-webhook';

const crdMeta = z.object({
  items: z.array(
    z.object({ metadata: z.object({ name: z.string(), annotations: z.record(z.string(), z.string()).optional() }) }),
  ),
});

/** Points the LLM CRDs' conversion at the controller (a merge patch, skipped when the URL is already there). */
async function patchConversion(kube: KubeRest, base: string, caPem: string): Promise<number> {
  const r = await kube.listMetadata('/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
  const list = crdMeta.safeParse(r.body);
  const marker = `${base}/convert`;
  let patched = 0;
  for (const name of llmCrdNames) {
    const current = list.success ? list.data.items.find((i) => i.metadata.name === name) : undefined;
    if (current?.metadata.annotations?.[conversionAnnotation] === marker) continue;
    const body = { metadata: { annotations: { [conversionAnnotation]: marker } }, ...conversionPatch(base, caPem) };
    const p = await kube.call(
      'PATCH',
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
      body,
      'application/merge-patch+json',
    );
    if (p.status >= 300)
      throw new SandboxError(`conversion webhook of CRD ${name}: ${p.status} ${p.text.slice(0, 500)}`);
    patched += 1;
  }
  return patched;
}

export async function llmisvcStep(o: {
  kube: KubeRest;
  shared: string;
  ports: LlmisvcPorts;
  gatewayPort: number;
  caPem: string;
  start: () => Promise<unknown>;
  log: (m: string) => void;
}): Promise<void> {
  const { kube, log } = o;
  const deps = llmisvcDependencyCrds(versions.kserve);
  const applied = await applyAll(kube, deps.crds, 'CRD');
  if (applied.applied > 0) {
    await waitEstablished(
      kube,
      deps.crds.map((c) => c.metadata.name),
    );
  }
  log(
    `${deps.crds.length} CRDs (${Object.entries(deps.versions)
      .map(([m, v]) => `${m}@${v}`)
      .join(', ')}): ${applied.applied} applied`,
  );
  await applyAll(kube, gatewayObjects(o.gatewayPort), 'Gateway');
  const configDir = kserveConfigDir(o.shared);
  await applyAll(kube, llmisvcBaseObjects(configDir), 'LLMInferenceService controller RBAC');
  await o.start();
  const base = llmisvcWebhookBase(o.ports);
  const webhooks = llmisvcWebhookObjects(configDir, base, o.caPem);
  await applyAll(kube, webhooks, 'LLMInferenceService webhook');
  const patched = await patchConversion(kube, base, o.caPem);
  const presets = llmisvcPresetObjects(configDir);
  await applyAll(kube, presets, 'LLMInferenceServiceConfig');
  log(
    `${webhooks.length} webhook configurations and the CRDs' conversion (${patched} patched) -> ${base}; ` +
      `${presets.length} LLMInferenceServiceConfig presets in kserve`,
  );
}
