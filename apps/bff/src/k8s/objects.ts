import { z } from 'zod';

export type K8sObject = Record<string, unknown>;

const listSchema = z.object({
  items: z.array(z.record(z.string(), z.unknown())).nullable().default([]),
  metadata: z.object({ resourceVersion: z.string().optional(), continue: z.string().optional() }).optional(),
});

export type ListBody = {
  items: K8sObject[];
  resourceVersion: string | undefined;
  /** The token for the next page of a `limit`ed list; undefined on the last page. */
  continueToken: string | undefined;
};

export function asList(body: unknown): ListBody {
  const parsed = listSchema.safeParse(body);
  if (!parsed.success) return { items: [], resourceVersion: undefined, continueToken: undefined };
  const m = parsed.data.metadata;
  return {
    items: parsed.data.items ?? [],
    resourceVersion: m?.resourceVersion,
    continueToken: m?.continue || undefined,
  };
}

const metaSchema = z.object({
  metadata: z
    .object({
      name: z.string().optional(),
      namespace: z.string().optional(),
      uid: z.string().optional(),
      resourceVersion: z.string().optional(),
    })
    .optional(),
});

export type Meta = {
  name?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
};

export function meta(obj: unknown): Meta {
  const parsed = metaSchema.safeParse(obj);
  return parsed.success ? (parsed.data.metadata ?? {}) : {};
}

/** Stable identity of an object inside one watch: namespace/name (uid changes on recreate, which is fine). */
export function objectKey(obj: unknown): string {
  const m = meta(obj);
  return `${m.namespace ?? ''}/${m.name ?? ''}`;
}

export function isRecord(v: unknown): v is K8sObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
