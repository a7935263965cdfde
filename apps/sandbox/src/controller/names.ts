/** Names, labels, hosts and URLs KServe (Standard/RawDeployment mode) gives to the objects of an InferenceService. */
import type { ComponentType } from './kserve-types';

export {
  DEPLOYMENT_MODE_ANNOTATION as deploymentModeAnnotation,
  STOP_ANNOTATION as stopAnnotation,
} from '@servedeck/shared';

export const finalizerName = 'inferenceservice.finalizers';
export const nodeName = 'sandbox-node';
export const isvcLabel = 'serving.kserve.io/inferenceservice';
export const storageUriAnnotation = 'internal.serving.kserve.io/storage-initializer-sourceuri';
export const podTemplateHashLabel = 'pod-template-hash';
export const revisionAnnotation = 'deployment.kubernetes.io/revision';
export const storageInitializerName = 'storage-initializer';
export const kserveContainerName = 'kserve-container';
export const storageInitializerImage = 'kserve/storage-initializer:v0.20.0';
export const modelMountPath = '/mnt/models';

export function componentName(isvc: string, component: ComponentType): string {
  return `${isvc}-${component}`;
}

export function rawServiceLabel(isvc: string, component: ComponentType): string {
  return `isvc.${componentName(isvc, component)}`;
}

export function componentLabels(isvc: string, component: ComponentType): Record<string, string> {
  return { [isvcLabel]: isvc, component, app: rawServiceLabel(isvc, component) };
}

/** `domainTemplate` `{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}`. */
export function externalHost(name: string, namespace: string, domain: string): string {
  return `${name}-${namespace}.${domain}`;
}

export function clusterLocalHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}

export type IsvcUrls = {
  url: string;
  address: string;
  components: Partial<Record<ComponentType, { url: string; address: string }>>;
};

/** status.url, status.address.url and status.components.*.{url,address.url}. */
export function isvcUrls(name: string, namespace: string, domain: string, components: ComponentType[]): IsvcUrls {
  const comps: IsvcUrls['components'] = {};
  for (const c of components) {
    const cn = componentName(name, c);
    comps[c] = {
      url: `http://${externalHost(cn, namespace, domain)}`,
      address: `http://${clusterLocalHost(cn, namespace)}`,
    };
  }
  const entry = components.includes('transformer') ? 'transformer' : 'predictor';
  return {
    url: `http://${externalHost(name, namespace, domain)}`,
    address: `http://${clusterLocalHost(componentName(name, entry), namespace)}`,
    components: comps,
  };
}

const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' `rand.SafeEncodeString`: maps every byte onto a vowel-free alphabet. */
export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += safeAlphabet[ch.charCodeAt(0) % safeAlphabet.length];
  return out;
}

/** FNV-1a 32-bit, as the deployment controller hashes a pod template. */
export function fnv32a(input: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** pod-template-hash of a template (stable JSON). */
export function podTemplateHash(template: unknown): string {
  return safeEncode(String(fnv32a(stableStringify(template))));
}

export function randomSuffix(n = 5, rnd: () => number = Math.random): string {
  let out = '';
  for (let i = 0; i < n; i++) out += safeAlphabet[Math.floor(rnd() * safeAlphabet.length)];
  return out;
}

export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableStringify(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The sandbox's one Node as first registered (by `up` in real mode, or by the kubelet, whichever comes first). */
export function nodeManifest(): {
  apiVersion: 'v1';
  kind: 'Node';
  metadata: { name: string; labels: Record<string, string> };
} {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: nodeName,
      labels: {
        'kubernetes.io/hostname': nodeName,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node-role.kubernetes.io/sandbox': '',
      },
    },
  };
}
