import type { ObjectMeta } from '../k8s-objects';

/** The states every kind's status rolls up to (the list's and the details' badge). */
export type StatusPhase = 'Ready' | 'NotReady' | 'Loading' | 'Failed' | 'Stopped';

export type StatusRollup = {
  phase: StatusPhase;
  /** Short machine-ish reason (a condition reason, a failure reason). */
  reason?: string;
  /** Human sentence from the controller, when it gave one. */
  message?: string;
};

/** What every list row of every kind shows; `columns` holds the kind's own ones (by column id). */
export type RowSummary = {
  key: string;
  name: string;
  namespace: string;
  status: StatusRollup;
  url: string | undefined;
  createdAt: string | undefined;
  labels: Record<string, string>;
  columns: Record<string, string | number | undefined>;
};

/** Console operations a kind offers (which request forms the test console shows for it). */
export type ConsoleOperation = 'kserve-v1' | 'kserve-v2' | 'openai' | 'graph';

/** Core kinds an object may own (the per-object watch and the owned-resources route read these). */
export type OwnedKind = 'pods' | 'services' | 'deployments';

/**
 * One kind ServeDeck handles. Adding a kind is adding one of these (registry/index.ts) plus its views;
 * the BFF's routes, watches and schema route and the web app's paths are all derived from it.
 */
export type ResourceKind = {
  /** `InferenceService` */
  kind: string;
  /** `serving.kserve.io` ('' for the core group) */
  group: string;
  /** `v1beta1`: the version ServeDeck reads and writes (and whose CRD schema the editor uses). */
  version: string;
  /** `inferenceservices`: the apiserver's resource name, and the BFF's path segment. */
  plural: string;
  /** Short key of the BFF's watch cache and streams (`isvcs`). */
  watchKey: string;
  namespaced: boolean;
  /** How to summarise one object as a list row (never throws: a malformed object still gets a row). */
  summarize(obj: unknown): RowSummary;
  /** Status roll-up of one object. */
  status(obj: unknown): StatusRollup;
  /** How to find the objects it owns: a label whose value is the object's name. */
  owned: { label: string; kinds: readonly OwnedKind[] } | undefined;
  /** Which console operations apply (empty: no console target). */
  console: readonly ConsoleOperation[];
};

const enc = encodeURIComponent;

export const apiVersionOf = (k: ResourceKind): string => (k.group ? `${k.group}/${k.version}` : k.version);

/** `inferenceservices.serving.kserve.io`: the CRD's name. */
export const crdNameOf = (k: ResourceKind): string => `${k.plural}.${k.group}`;

/** The owned-objects label selector of one object (`serving.kserve.io/inferenceservice=NAME`). */
export function ownedSelector(k: ResourceKind, name: string): string | undefined {
  return k.owned ? `${k.owned.label}=${name}` : undefined;
}

/** apiserver paths of a kind (the BFF's allow-list is built from these). */
export const kindK8sPaths = {
  collection: (k: ResourceKind, ns: string): string =>
    `${k.group ? `/apis/${k.group}` : '/api'}/${k.version}${k.namespaced ? `/namespaces/${enc(ns)}` : ''}/${k.plural}`,
  object: (k: ResourceKind, ns: string, name: string): string => `${kindK8sPaths.collection(k, ns)}/${enc(name)}`,
};

/** What a kind's BFF paths are built from: its names, not its behaviour (so a path needs no schema). */
export type KindNames = Pick<ResourceKind, 'kind' | 'plural'>;

/** The BFF's HTTP paths of a kind (the web app calls these; the BFF mounts the same patterns). */
export const kindApiPaths = {
  /** GET list (ns may be ALL_NAMESPACES), POST create. Query: dryRun=All, fieldValidation=Strict|Warn. */
  list: (k: KindNames, ns: string): string => `/api/namespaces/${enc(ns)}/${k.plural}`,
  /** GET, PUT (replace), PATCH (merge-patch), DELETE. */
  object: (k: KindNames, ns: string, name: string): string => `${kindApiPaths.list(k, ns)}/${enc(name)}`,
  /** SSE: list-then-watch of the kind in a namespace (or ALL_NAMESPACES). */
  listWatch: (k: KindNames, ns: string): string => `/api/namespaces/${enc(ns)}/watch/${k.plural}`,
  /** SSE: one object with what it owns. */
  objectWatch: (k: KindNames, ns: string, name: string): string => `${kindApiPaths.object(k, ns, name)}/watch`,
  /** Inference proxy of a kind with console operations. */
  infer: (k: KindNames, ns: string, name: string, protocolPath: string): string =>
    `${kindApiPaths.object(k, ns, name)}/infer${protocolPath.startsWith('/') ? '' : '/'}${protocolPath}`,
  /** JSON schema of the kind (its CRD's openAPIV3Schema for `version`). */
  schema: (k: KindNames): string => `/api/schema/${k.kind.toLowerCase()}`,
};

/** Metadata fields every summariser reads (a malformed object gives empty values, never a throw). */
export function metaOf(obj: unknown): Pick<ObjectMeta, 'name' | 'namespace' | 'creationTimestamp' | 'labels'> {
  const m = typeof obj === 'object' && obj !== null ? (obj as { metadata?: unknown }).metadata : undefined;
  if (typeof m !== 'object' || m === null) return { name: '' };
  const r = m as Record<string, unknown>;
  const labels = typeof r.labels === 'object' && r.labels !== null ? (r.labels as Record<string, string>) : undefined;
  return {
    name: typeof r.name === 'string' ? r.name : '',
    ...(typeof r.namespace === 'string' ? { namespace: r.namespace } : {}),
    ...(typeof r.creationTimestamp === 'string' ? { creationTimestamp: r.creationTimestamp } : {}),
    ...(labels ? { labels } : {}),
  };
}
