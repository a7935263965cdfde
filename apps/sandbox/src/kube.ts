import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import type { Layout } from './paths';

const metadataListOnly = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

export type KubeResponse = { status: number; body: unknown };

/** A minimal Kubernetes API client over undici: the admin (client cert) or a user (Bearer ID token). */
export class KubeClient {
  private readonly agent: Agent;
  constructor(
    readonly server: string,
    tls: { ca: string; cert?: string; key?: string },
    private readonly token?: string,
  ) {
    this.agent = new Agent({ connect: tls });
  }

  static admin(server: string, pki: Layout['pki']): KubeClient {
    const read = (f: string) => readFileSync(f, 'utf8');
    return new KubeClient(server, { ca: read(pki.caCert), cert: read(pki.adminCert), key: read(pki.adminKey) });
  }

  static asUser(server: string, caPem: string, idToken: string): KubeClient {
    return new KubeClient(server, { ca: caPem }, idToken);
  }

  async call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType = 'application/json',
    accept = 'application/json',
  ): Promise<KubeResponse> {
    const headers: Record<string, string> = { accept };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = contentType;
    const res = await request(`${this.server}${path}`, {
      method,
      headers,
      dispatcher: this.agent,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.body.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON (e.g. /readyz) */
    }
    return { status: res.statusCode, body: parsed };
  }

  /** Server-side apply (idempotent; no last-applied annotation, so the ~640 kB CRD fits). */
  apply(obj: KubeObject): Promise<KubeResponse> {
    const path = `${objectPath(obj)}?fieldManager=servedeck-sandbox&force=true`;
    return this.call('PATCH', path, obj, 'application/apply-patch+yaml');
  }

  /** Only the metadata of a collection's objects (PartialObjectMetadataList): a small answer even for CRDs. */
  listMetadata(path: string): Promise<KubeResponse> {
    return this.call('GET', path, undefined, undefined, metadataListOnly);
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
};

/** Plural resource names of the kinds the sandbox itself creates. */
const plurals: Record<string, string> = {
  Namespace: 'namespaces',
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
  Role: 'roles',
  RoleBinding: 'rolebindings',
  CustomResourceDefinition: 'customresourcedefinitions',
  ClusterServingRuntime: 'clusterservingruntimes',
  ServingRuntime: 'servingruntimes',
  InferenceService: 'inferenceservices',
  ServiceAccount: 'serviceaccounts',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  PersistentVolume: 'persistentvolumes',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  Node: 'nodes',
  MutatingWebhookConfiguration: 'mutatingwebhookconfigurations',
  ValidatingWebhookConfiguration: 'validatingwebhookconfigurations',
};

/** REST path of a named object: /api/v1/... for the core group, /apis/GROUP/VERSION/... otherwise. */
export function objectPath(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  const plural = plurals[obj.kind];
  if (!plural) throw new Error(`objectPath: unknown kind ${obj.kind}`);
  const base = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  const ns = obj.metadata.namespace ? `/namespaces/${obj.metadata.namespace}` : '';
  return `${base}${ns}/${plural}/${encodeURIComponent(obj.metadata.name)}`;
}
