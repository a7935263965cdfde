import { z } from 'zod';
import { historyRecordSchema } from './history';

/** The wire contract between the BFF and the web app: every body either side sends or answers. */

export const authModeSchema = z.enum(['oidc', 'trusted-header', 'kubeconfig']);
export type AuthMode = z.infer<typeof authModeSchema>;

/** `GET /api/me`: who the user is. Never carries a token. */
export const meSchema = z.object({
  user: z.object({ name: z.string(), email: z.string().optional(), groups: z.array(z.string()) }),
  mode: authModeSchema,
  /** ISO time the session ends (or must be refreshed by); absent in kubeconfig mode. */
  expiresAt: z.string().optional(),
  /** Synchronizer token for the `x-csrf-token` header of mutating requests. */
  csrfToken: z.string(),
  /** Whether the password form is offered (sandbox). */
  passwordLogin: z.boolean(),
  /** Ingress gateway base URL (SERVEDECK_GATEWAY_URL) for the console's "copy as curl"; absent when unknown. */
  gatewayUrl: z.string().optional(),
  /**
   * The cluster ServeDeck talks to, for the header: a name (SERVEDECK_CLUSTER_NAME, else the kubeconfig
   * context, else `in-cluster`) and the apiserver URL. Never credentials.
   */
  cluster: z.object({ name: z.string(), server: z.string() }).optional(),
});
export type Me = z.infer<typeof meSchema>;

/** `POST /auth/password` body. */
export const passwordLoginSchema = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});
export type PasswordLogin = z.infer<typeof passwordLoginSchema>;

/** `POST /auth/logout` answer: where the browser should go next. */
export const logoutResultSchema = z.object({ redirectTo: z.string() });
export type LogoutResult = z.infer<typeof logoutResultSchema>;

export const namespaceListSchema = z.object({ items: z.array(z.object({ name: z.string() })) });
export type NamespaceList = z.infer<typeof namespaceListSchema>;

export const dryRunSchema = z.enum(['All']);
export const fieldValidationSchema = z.enum(['Strict', 'Warn', 'Ignore']);
/** Query options accepted by every write route. */
export const writeOptionsSchema = z.object({
  dryRun: dryRunSchema.optional(),
  fieldValidation: fieldValidationSchema.optional(),
});
export type WriteOptions = z.infer<typeof writeOptionsSchema>;

/** Every write answers the object as the apiserver returned it and the apiserver's warnings. */
export const writeResultSchema = z.object({
  object: z.record(z.string(), z.unknown()),
  warnings: z.array(z.string()),
  /** The spec history's record of a real write (docs/history.md); absent for dry runs and deletes. */
  history: historyRecordSchema.optional(),
});
export type WriteResult = z.infer<typeof writeResultSchema>;

/**
 * Which list of a watch stream an event belongs to. The namespace stream carries only
 * `inferenceservices`; the per-object stream also `pods`, `services`, `deployments`, `events` and the other
 * owned kinds whose events it shows (`replicasets`, `horizontalpodautoscalers`: apps/bff/src/k8s/owned.ts).
 */
export const watchResourceSchema = z.enum([
  'inferenceservices',
  'inferencegraphs',
  'trainedmodels',
  'llminferenceservices',
  'llminferenceserviceconfigs',
  'pods',
  'services',
  'deployments',
  'events',
  'replicasets',
  'horizontalpodautoscalers',
]);
export type WatchResource = z.infer<typeof watchResourceSchema>;

/**
 * One server-sent event of a watch stream (`event: change`). RESYNC replaces the whole list (of
 * `resource`, when given). Other SSE events: `event: error` with an ApiError (the stream ends after it
 * when the error is final, e.g. 401/403), and `: ping` comments every 15 s.
 */
export const watchEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.enum(['ADDED', 'MODIFIED', 'DELETED']),
    object: z.record(z.string(), z.unknown()),
    resource: watchResourceSchema.optional(),
  }),
  z.object({
    type: z.literal('RESYNC'),
    items: z.array(z.record(z.string(), z.unknown())),
    /** Opaque; empty when the list merges several upstream lists (all namespaces). */
    resourceVersion: z.string(),
    resource: watchResourceSchema.optional(),
  }),
]);
export type WatchEvent = z.infer<typeof watchEventSchema>;

export const inferRouteSchema = z.enum(['gateway', 'cluster-local']);
export type InferRoute = z.infer<typeof inferRouteSchema>;

const k8sObject = z.record(z.string(), z.unknown());

/**
 * Every list route answers `{ items, resourceVersion?, warnings }`: raw Kubernetes objects, the list's
 * opaque resourceVersion (one namespace only), and what could not be read (partial data, e.g. a 403 in
 * one namespace of an all-namespaces list).
 */
export const objectListSchema = z.object({
  items: z.array(k8sObject),
  resourceVersion: z.string().optional(),
  warnings: z.array(z.string()).default([]),
});
export type ObjectList = z.infer<typeof objectListSchema>;

/** `GET apiPaths.isvcResources`: what KServe created for it (label serving.kserve.io/inferenceservice). */
export const isvcResourcesSchema = z.object({
  pods: z.array(k8sObject).default([]),
  services: z.array(k8sObject).default([]),
  deployments: z.array(k8sObject).default([]),
  warnings: z.array(z.string()).default([]),
});
export type IsvcResources = z.infer<typeof isvcResourcesSchema>;

/** `GET apiPaths.isvcPodCounts`: ready and total predictor pods per InferenceService (by label `serving.kserve.io/inferenceservice`). */
export const isvcPodCountsSchema = z.object({
  items: z.array(
    z.object({ namespace: z.string(), name: z.string(), ready: z.number().int(), total: z.number().int() }),
  ),
});
export type IsvcPodCounts = z.infer<typeof isvcPodCountsSchema>;
