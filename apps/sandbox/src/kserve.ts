import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { SandboxError } from './errors';
import { sleep } from './health';
import type { KubeClient, KubeObject } from './kube';

const kubeObject = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({ name: z.string(), namespace: z.string().optional() }),
});

/** Every Kubernetes object in the YAML files of `dir` (sorted by file name), minus kustomization.yaml. */
export function loadManifests(dir: string): KubeObject[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml')
    .sort();
  return files.flatMap((f) =>
    parseAllDocuments(readFileSync(join(dir, f), 'utf8'))
      .map((d) => d.toJS() as unknown)
      .filter((o) => o !== null && o !== undefined)
      .map((o) => {
        const r = kubeObject.safeParse(o);
        if (!r.success) throw new SandboxError(`${join(dir, f)} holds something that is not a Kubernetes object`);
        return r.data as KubeObject;
      }),
  );
}

export async function applyAll(kube: KubeClient, objs: KubeObject[], what: string): Promise<void> {
  for (const o of objs) {
    const r = await kube.apply(o);
    if (r.status >= 300) {
      throw new SandboxError(
        `applying ${what} ${o.kind}/${o.metadata.name} failed (${r.status}): ${JSON.stringify(r.body).slice(0, 2000)}`,
      );
    }
  }
}

const crdStatus = z.object({
  status: z.object({ conditions: z.array(z.object({ type: z.string(), status: z.string() })).optional() }).optional(),
});

export async function waitEstablished(kube: KubeClient, names: string[], timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let pending = names;
  while (pending.length > 0) {
    const still: string[] = [];
    for (const n of pending) {
      const r = await kube.call('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${n}`);
      const s = crdStatus.safeParse(r.body);
      const ok = s.success && s.data.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
      if (!ok) still.push(n);
    }
    pending = still;
    if (pending.length === 0) return;
    if (Date.now() > until)
      throw new SandboxError(`CRDs not Established within ${timeoutMs / 1000}s: ${pending.join(', ')}`);
    await sleep(250);
  }
}
