import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { SandboxError } from './errors';
import { sleep } from './health';
import { type KubeObject, type KubeResponse, type KubeRest, objectPath } from './kube';

const kubeObject = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({ name: z.string(), namespace: z.string().optional() }),
});

/** Every Kubernetes object in the YAML files of `dir` (sorted by file name), minus kustomization.yaml. */
export function loadManifests(dir: string): KubeObject[] {
  if (!existsSync(dir)) {
    throw new SandboxError(
      `${dir} does not exist: the KServe files live in <repo>/../shared (or SERVEDECK_SHARED_DIR)`,
    );
  }
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

const metadataList = z.object({
  items: z.array(
    z.object({ metadata: z.object({ name: z.string(), annotations: z.record(z.string(), z.string()).optional() }) }),
  ),
});

/** Collection path of an object (its path without the name): one LIST per collection. */
const collectionOf = (obj: KubeObject) => objectPath(obj).replace(/\/[^/]+$/, '');

/**
 * Server-side applies each object unless the cluster already holds this exact content (same hash
 * annotation). Current hashes come from one metadata-only LIST per collection: re-applying, or even
 * GETting, the ~640 kB KServe CRDs one by one costs seconds of apiserver CPU on every `up`.
 */
export async function applyAll(
  kube: KubeRest,
  objs: KubeObject[],
  what: string,
  opts: { retryDelayMs?: number } = {},
): Promise<{ applied: number }> {
  const current = new Map<string, string | undefined>();
  for (const collection of new Set(objs.map(collectionOf))) {
    const r = await kube.listMetadata(collection);
    const list = metadataList.safeParse(r.body);
    if (r.status !== 200 || !list.success) continue; // e.g. the namespace does not exist yet
    for (const i of list.data.items)
      current.set(`${collection}/${i.metadata.name}`, i.metadata.annotations?.[hashAnnotation]);
  }
  let applied = 0;
  for (const o of objs) {
    const { obj, hash } = withContentHash(o);
    if (current.get(objectPath(obj)) === hash) continue;
    const r = await applyRetrying(kube, obj, opts.retryDelayMs ?? 2000);
    if (r.status >= 300) {
      throw new SandboxError(
        `applying ${what} ${o.kind}/${o.metadata.name} failed (${r.status}): ${JSON.stringify(r.body).slice(0, 2000)}`,
      );
    }
    applied += 1;
  }
  return { applied };
}

/** Statuses of an apiserver that is busy or slow, not of a refusal: 429, 500 (etcd timeouts), 503, 504. */
const transient = new Set([429, 500, 503, 504]);

/**
 * Server-side apply is idempotent, so an apply the apiserver timed out on is simply sent again (a loaded 2-core
 * machine made a ~640 kB CRD apply answer 504 "context deadline exceeded" once in a CI rehearsal).
 */
async function applyRetrying(kube: KubeRest, obj: KubeObject, delayMs: number): Promise<KubeResponse> {
  let r = await kube.apply(obj);
  for (let attempt = 1; attempt <= 3 && transient.has(r.status); attempt += 1) {
    await sleep(delayMs * attempt);
    r = await kube.apply(obj);
  }
  return r;
}

const crdList = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string() }),
      status: z
        .object({ conditions: z.array(z.object({ type: z.string(), status: z.string() })).optional() })
        .optional(),
    }),
  ),
});

export async function waitEstablished(kube: KubeRest, names: string[], timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await kube.call('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
    const list = crdList.safeParse(r.body);
    const established = new Set(
      list.success
        ? list.data.items
            .filter((i) => i.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
            .map((i) => i.metadata.name)
        : [],
    );
    const pending = names.filter((n) => !established.has(n));
    if (pending.length === 0) return;
    if (Date.now() > until) {
      throw new SandboxError(`CRDs not Established within ${timeoutMs / 1000}s: ${pending.join(', ')}`);
    }
    await sleep(250);
  }
}
