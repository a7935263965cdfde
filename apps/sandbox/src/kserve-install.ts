/**
 * What a KServe install puts into the cluster besides the CRDs and runtimes, from the vendored files in
 * apps/sandbox/kserve/ (KServe v0.20.0, see its README): the `kserve` namespace, the manager's
 * ServiceAccount and ClusterRole, the `inferenceservice-config` ConfigMap and the webhook configurations,
 * the latter pointed at the manager on 127.0.0.1 instead of a Service (as envtest does).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { kserveNamespace } from './control-plane';
import { SandboxError } from './errors';
import type { KubeObject } from './kube';
import { sandboxDir } from './paths';

export const vendoredKserveDir = join(sandboxDir, 'kserve');

const object = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({ name: z.string(), namespace: z.string().optional() }),
});

/** The Kubernetes objects of one vendored YAML file. */
export function loadVendored(file: string, dir = vendoredKserveDir): KubeObject[] {
  const path = join(dir, file);
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((d) => d.toJS() as unknown)
    .filter((o) => o !== null && o !== undefined)
    .map((o) => {
      const r = object.safeParse(o);
      if (!r.success) throw new SandboxError(`${path} holds something that is not a Kubernetes object`);
      return r.data as KubeObject;
    });
}

const webhookConfig = z.looseObject({
  webhooks: z.array(
    z.looseObject({
      name: z.string(),
      clientConfig: z.object({ service: z.object({ path: z.string() }) }),
    }),
  ),
});

/**
 * A webhook configuration with each `clientConfig.service` replaced by `url: <base><path>` and the CA
 * that signed the manager's serving cert; `creationTimestamp: null` (a controller-gen artefact) dropped.
 */
export function pointWebhooksAt(obj: KubeObject, base: string, caPem: string): KubeObject {
  const parsed = webhookConfig.safeParse(obj);
  if (!parsed.success) throw new SandboxError(`${obj.kind}/${obj.metadata.name} has no webhooks with a service path`);
  const { creationTimestamp: _dropped, ...metadata } = obj.metadata;
  const caBundle = Buffer.from(caPem, 'utf8').toString('base64');
  return {
    ...obj,
    metadata: { ...metadata, name: obj.metadata.name },
    webhooks: parsed.data.webhooks.map((w) => ({
      ...w,
      clientConfig: { url: `${base}${w.clientConfig.service.path}`, caBundle },
    })),
  };
}

/** Namespace, ServiceAccount, ClusterRole(+Binding) and the ConfigMap: everything the manager needs at start. */
export function kserveBaseObjects(dir = vendoredKserveDir): KubeObject[] {
  const inNs = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, namespace: kserveNamespace } });
  const binding = loadVendored('rbac-role-binding.yaml', dir).map((b) => ({
    ...b,
    // kustomize fills in the subject's namespace upstream.
    subjects: z
      .array(z.looseObject({ kind: z.string(), name: z.string() }))
      .parse(b.subjects)
      .map((s) => (s.kind === 'ServiceAccount' ? { ...s, namespace: kserveNamespace } : s)),
  }));
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: kserveNamespace } },
    ...loadVendored('rbac-service-account.yaml', dir).map(inNs),
    ...loadVendored('rbac-role.yaml', dir),
    ...binding,
    ...loadVendored('inferenceservice-config.yaml', dir).map(inNs),
  ];
}

/** KServe's webhook configurations (all of config/webhook/manifests.yaml) aimed at `base`. */
export function kserveWebhookObjects(base: string, caPem: string, dir = vendoredKserveDir): KubeObject[] {
  return loadVendored('webhook-manifests.yaml', dir).map((o) => pointWebhooksAt(o, base, caPem));
}
