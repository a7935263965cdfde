import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { SandboxError } from './errors';
import { sleep } from './health';
import { type KubeClient, type KubeObject, objectPath } from './kube';

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

const hashAnnotation = 'servedeck.dev/applied-sha256';

/** The object with an annotation holding the hash of its content, so an unchanged object can be skipped. */
export function withContentHash(obj: KubeObject): { obj: KubeObject; hash: string } {
  const hash = createHash('sha256').update(JSON.stringify(obj)).digest('hex');
  const annotations = {
    ...((obj.metadata.annotations as Record<string, string> | undefined) ?? {}),
    [hashAnnotation]: hash,
  };
  return { obj: { ...obj, metadata: { ...obj.metadata, annotations } }, hash };
}

const annotated = z.object({
  metadata: z.object({ annotations: z.record(z.string(), z.string()).optional() }),
});

/**
 * Server-side applies each object unless the cluster already holds this exact content (same hash
 * annotation): re-applying the ~640 kB KServe CRDs costs seconds of apiserver CPU on every `up`.
 */
export async function applyAll(kube: KubeClient, objs: KubeObject[], what: string): Promise<{ applied: number }> {
  let applied = 0;
  for (const o of objs) {
    const { obj, hash } = withContentHash(o);
    const current = await kube.call('GET', objectPath(obj));
    const cur = annotated.safeParse(current.body);
    if (current.status === 200 && cur.success && cur.data.metadata.annotations?.[hashAnnotation] === hash) continue;
    const r = await kube.apply(obj);
    if (r.status >= 300) {
      throw new SandboxError(
        `applying ${what} ${o.kind}/${o.metadata.name} failed (${r.status}): ${JSON.stringify(r.body).slice(0, 2000)}`,
      );
    }
    applied += 1;
  }
  return { applied };
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
