import {
  HISTORY_KEEP,
  HISTORY_LABEL,
  HISTORY_REVISION_LABEL,
  type HistoryOperation,
  type HistoryRecord,
  type HistoryRevision,
  historyRevisionSchema,
} from '@servedeck/shared';
import { z } from 'zod';
import { HttpApiError } from '../http/api-error';
import type { K8sClient } from '../k8s/client';
import { asList, isRecord, type K8sObject } from '../k8s/objects';
import { k8sPaths } from '../k8s/paths';

/** A revision's ConfigMap holds the spec as JSON; ConfigMaps are limited to 1 MiB, keep a margin for metadata. */
export const MAX_SPEC_BYTES = 900 * 1024;
const A = 'servedeck.dev/';

/** `<isvc>-rev-<n>`; InferenceService names are DNS-1035 labels (at most 63), so this stays a valid name. */
export function revisionName(isvc: string, revision: number): string {
  return `${isvc}-rev-${revision}`;
}

const isvcMetaSchema = z.object({
  metadata: z.object({
    name: z.string(),
    uid: z.string(),
    resourceVersion: z.string().default(''),
    generation: z.number().int().nonnegative().default(0),
  }),
  spec: z.record(z.string(), z.unknown()).default({}),
});

const configMapSchema = z.object({
  metadata: z.object({
    labels: z.record(z.string(), z.string()).default({}),
    annotations: z.record(z.string(), z.string()).default({}),
  }),
  data: z.record(z.string(), z.string()).default({}),
});

/** The ConfigMap recording one revision of `isvc` (as the apiserver returned it after the write). */
export function revisionConfigMap(
  isvc: unknown,
  revision: number,
  meta: { operation: HistoryOperation; author: string; time: string; restoredFrom?: number | undefined },
): K8sObject {
  const o = isvcMetaSchema.parse(isvc);
  const name = o.metadata.name;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: revisionName(name, revision),
      labels: {
        [HISTORY_LABEL]: name,
        [HISTORY_REVISION_LABEL]: String(revision),
        'app.kubernetes.io/managed-by': 'servedeck',
      },
      annotations: {
        [`${A}operation`]: meta.operation,
        [`${A}author`]: meta.author,
        [`${A}time`]: meta.time,
        [`${A}resource-version`]: o.metadata.resourceVersion,
        [`${A}generation`]: String(o.metadata.generation),
        ...(meta.restoredFrom === undefined ? {} : { [`${A}restored-from`]: String(meta.restoredFrom) }),
      },
      // No controller and no blockOwnerDeletion: the garbage collector deletes revisions after the object,
      // and writing them needs no update right on the InferenceService's finalizers.
      ownerReferences: [
        { apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService', name, uid: o.metadata.uid },
      ],
    },
    data: { 'spec.json': JSON.stringify(o.spec) },
  };
}

/** A revision from its ConfigMap; undefined for anything that does not parse (edited by hand, foreign). */
export function revisionOf(cm: unknown): HistoryRevision | undefined {
  const parsed = configMapSchema.safeParse(cm);
  if (!parsed.success) return undefined;
  const { labels, annotations: a } = parsed.data.metadata;
  let spec: unknown;
  try {
    spec = JSON.parse(parsed.data.data['spec.json'] ?? '');
  } catch {
    return undefined;
  }
  const restored = a[`${A}restored-from`];
  const r = historyRevisionSchema.safeParse({
    revision: Number(labels[HISTORY_REVISION_LABEL]),
    operation: a[`${A}operation`],
    author: a[`${A}author`] ?? '',
    time: a[`${A}time`] ?? '',
    resourceVersion: a[`${A}resource-version`] ?? '',
    generation: Number(a[`${A}generation`] ?? '0'),
    ...(restored === undefined ? {} : { restoredFrom: Number(restored) }),
    spec,
  });
  return r.success ? r.data : undefined;
}

/** Revisions of one InferenceService, oldest first. Throws the apiserver's error (403: history is off). */
export async function listRevisions(client: K8sClient, ns: string, name: string): Promise<HistoryRevision[]> {
  const res = await client.call('GET', k8sPaths.configMaps(ns), {
    query: { labelSelector: `${HISTORY_LABEL}=${name}` },
  });
  return asList(res.body)
    .items.map(revisionOf)
    .filter((r): r is HistoryRevision => r !== undefined)
    .sort((x, y) => x.revision - y.revision);
}

function failure(err: unknown): HistoryRecord {
  if (err instanceof HttpApiError)
    return { recorded: false, reason: err.apiError.reason, message: err.apiError.message };
  return { recorded: false, reason: 'InternalError', message: err instanceof Error ? err.message : String(err) };
}

/**
 * Record a revision after a successful write through ServeDeck, as the user. Never throws: the write itself
 * succeeded, so a failure to record (e.g. 403 where the user may not create ConfigMaps) is reported, not raised.
 */
export async function recordRevision(
  client: K8sClient,
  ns: string,
  isvc: unknown,
  meta: { operation: HistoryOperation; author: string; restoredFrom?: number | undefined; now?: Date },
): Promise<HistoryRecord> {
  try {
    const o = isvcMetaSchema.safeParse(isvc);
    if (!o.success) return { recorded: false, reason: 'BadRequest', message: 'The written object has no name or uid' };
    const name = o.data.metadata.name;
    if (Buffer.byteLength(JSON.stringify(o.data.spec)) > MAX_SPEC_BYTES) {
      return {
        recorded: false,
        reason: 'RequestEntityTooLarge',
        message: `The spec is larger than ${MAX_SPEC_BYTES} bytes and does not fit a ConfigMap (1 MiB)`,
      };
    }
    const existing = await listRevisions(client, ns, name);
    const newest = existing.at(-1);
    // a write that left the spec alone (labels, annotations such as stop/start) does not bump generation
    if (newest && newest.generation === o.data.metadata.generation) {
      return { recorded: false, reason: 'Unchanged', message: `The spec is revision ${newest.revision}'s` };
    }
    let next = (newest?.revision ?? 0) + 1;
    const time = (meta.now ?? new Date()).toISOString();
    // Two writers may pick the same number: the name is unique, so the second gets 409 and takes the next one.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.call('POST', k8sPaths.configMaps(ns), {
          body: revisionConfigMap(isvc, next, { ...meta, time }),
        });
        break;
      } catch (err) {
        if (attempt < 3 && err instanceof HttpApiError && err.apiError.reason === 'AlreadyExists') {
          next += 1;
          continue;
        }
        throw err;
      }
    }
    await prune(client, ns, name, existing, next);
    return { recorded: true, revision: next };
  } catch (err) {
    return failure(err);
  }
}

/** Keep the newest HISTORY_KEEP revisions; older ones go (a failed delete is retried at the next record). */
async function prune(client: K8sClient, ns: string, name: string, existing: HistoryRevision[], newest: number) {
  const drop = [...existing.map((r) => r.revision), newest].sort((a, b) => a - b).slice(0, -HISTORY_KEEP);
  for (const rev of drop) {
    await client
      .call('DELETE', `${k8sPaths.configMaps(ns)}/${encodeURIComponent(revisionName(name, rev))}`)
      .catch(() => {});
  }
}

export function specOf(obj: unknown): Record<string, unknown> {
  return isRecord(obj) && isRecord(obj.spec) ? obj.spec : {};
}
