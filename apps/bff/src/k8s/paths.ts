import { crdNameOf, INFERENCE_SERVICE, kindK8sPaths, type ResourceKind } from '@servedeck/shared';

/**
 * apiserver paths of the kinds the BFF reads and writes (allow-list: nothing else is reachable). The
 * registry's kinds (packages/shared/src/registry) come from their entries; the core kinds are listed here.
 */
const e = encodeURIComponent;

export const ISVC_LABEL = INFERENCE_SERVICE.owned?.label ?? 'serving.kserve.io/inferenceservice';
export const ISVC_CRD = crdNameOf(INFERENCE_SERVICE);

export const k8sPaths = {
  namespaces: () => '/api/v1/namespaces',
  isvcs: (ns: string) => kindK8sPaths.collection(INFERENCE_SERVICE, ns),
  isvc: (ns: string, name: string) => kindK8sPaths.object(INFERENCE_SERVICE, ns, name),
  /** Any kind of the resource registry (only the registry's entries reach here). */
  kind: (k: ResourceKind, ns: string) => kindK8sPaths.collection(k, ns),
  kindObject: (k: ResourceKind, ns: string, name: string) => kindK8sPaths.object(k, ns, name),
  pods: (ns: string) => `/api/v1/namespaces/${e(ns)}/pods`,
  podLog: (ns: string, pod: string) => `/api/v1/namespaces/${e(ns)}/pods/${e(pod)}/log`,
  services: (ns: string) => `/api/v1/namespaces/${e(ns)}/services`,
  events: (ns: string) => `/api/v1/namespaces/${e(ns)}/events`,
  /** Spec history revisions (apps/bff/src/history). */
  configMaps: (ns: string) => `/api/v1/namespaces/${e(ns)}/configmaps`,
  deployments: (ns: string) => `/apis/apps/v1/namespaces/${e(ns)}/deployments`,
  /** Diagnostics: events of what an InferenceService owns (a quota's FailedCreate lands on the ReplicaSet). */
  replicaSets: (ns: string) => `/apis/apps/v1/namespaces/${e(ns)}/replicasets`,
  horizontalPodAutoscalers: (ns: string) => `/apis/autoscaling/v2/namespaces/${e(ns)}/horizontalpodautoscalers`,
  servingRuntimes: (ns: string) => `/apis/serving.kserve.io/v1alpha1/namespaces/${e(ns)}/servingruntimes`,
  clusterServingRuntimes: () => '/apis/serving.kserve.io/v1alpha1/clusterservingruntimes',
  crd: (name: string) => `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${e(name)}`,
  selfSubjectAccessReviews: () => '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
} as const;

/** DNS-1123 label (namespaces) and subdomain (object names): anything else never reaches the apiserver. */
export const NAMESPACE_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const NAME_RE = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
