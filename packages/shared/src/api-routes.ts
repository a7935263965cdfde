import { INFERENCE_SERVICE_NAMES } from './registry/inference-service-names';
import { kindApiPaths } from './registry/resource-kind';

/**
 * The BFF's HTTP API: the one contract between apps/web and apps/bff. Every path the web app calls is
 * built here; every route the BFF mounts uses the same patterns. All `/api` routes need a session;
 * mutating ones (POST, PUT, PATCH, DELETE) also need the `x-csrf-token` header from `GET /api/me`.
 */
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'servedeck.sid';
/** `namespace` value meaning "all namespaces the user may use". */
export const ALL_NAMESPACES = '_all';

const enc = encodeURIComponent;
const ISVC = INFERENCE_SERVICE_NAMES;

export const apiPaths = {
  me: () => '/api/me',
  namespaces: () => '/api/namespaces',
  /** GET list (ns may be ALL_NAMESPACES), POST create. Query: dryRun=All, fieldValidation=Strict|Warn. */
  isvcs: (ns: string) => kindApiPaths.list(ISVC, ns),
  /** GET, PUT (replace), PATCH (merge-patch), DELETE. Same query options as create. */
  isvc: (ns: string, name: string) => kindApiPaths.object(ISVC, ns, name),
  /** Pods, services and deployments owned by the InferenceService (by KServe's labels). */
  isvcResources: (ns: string, name: string) => `${apiPaths.isvc(ns, name)}/resources`,
  /** Ready/total pod counts per InferenceService in a namespace (or ALL_NAMESPACES), for the list. */
  isvcPodCounts: (ns: string) => `/api/namespaces/${enc(ns)}/inferenceservice-pods`,
  /** Events of the InferenceService and of everything it owns. */
  isvcEvents: (ns: string, name: string) => `${apiPaths.isvc(ns, name)}/events`,
  /** Server-sent events: list-then-watch of InferenceServices in a namespace (or ALL_NAMESPACES). */
  isvcsWatch: (ns: string) => kindApiPaths.listWatch(ISVC, ns),
  /** Server-sent events: one InferenceService with its pods, services and events. */
  isvcWatch: (ns: string, name: string) => kindApiPaths.objectWatch(ISVC, ns, name),
  /** Inference proxy: append a protocol path (`/v1/models/...`, `/v2/...`, `/openai/v1/...`). Query: route=gateway|cluster-local. */
  isvcInfer: (ns: string, name: string, protocolPath: string) => kindApiPaths.infer(ISVC, ns, name, protocolPath),
  /**
   * Plain text: the log of every pod of one component, each line `POD TIMESTAMP TEXT`, interleaved by time.
   * Query: component (predictor|transformer|explainer), container, tailLines (per pod), previous, follow,
   * download=true (the whole log as an attachment).
   */
  isvcLogs: (ns: string, name: string) => `${apiPaths.isvc(ns, name)}/logs`,
  /** Server readiness vs model readiness (KServe V2 health / model ready, V1 model status), through the inference route. */
  isvcModelReadiness: (ns: string, name: string) => `${apiPaths.isvc(ns, name)}/model-readiness`,
  /** Plain-text pod log. Query: container, tailLines, sinceSeconds, previous, follow, download=true (whole log, attachment). */
  podLog: (ns: string, pod: string) => `/api/namespaces/${enc(ns)}/pods/${enc(pod)}/log`,
  servingRuntimes: (ns: string) => `/api/namespaces/${enc(ns)}/servingruntimes`,
  clusterServingRuntimes: () => '/api/clusterservingruntimes',
  /** JSON schema of InferenceService (from the CRD's openAPIV3Schema) for the editor. */
  isvcSchema: () => kindApiPaths.schema(ISVC),
} as const;

export const authPaths = {
  /** GET: starts the OIDC login; `returnTo` (a same-origin path) is where to land afterwards. */
  login: (returnTo?: string) => (returnTo ? `/auth/login?returnTo=${enc(returnTo)}` : '/auth/login'),
  callback: () => '/auth/callback',
  /** POST (CSRF): destroys the session; answers `{ redirectTo }` (the issuer's end-session URL when advertised). */
  logout: () => '/auth/logout',
  /** POST `{ email, password }`: Dex password grant, only when enabled (sandbox). */
  passwordLogin: () => '/auth/password',
} as const;
