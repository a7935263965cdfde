/**
 * The one admin client of the sandbox, the bench and the tests (issue 19): a small Kubernetes REST client over
 * undici for the sandbox's own apiserver, as the admin (client certificate) or as a user (Bearer ID token). The
 * kubelet's control loops wrap it with typed results and informers (controller/typed-kube.ts). The BFF keeps its
 * own client (per-user tokens, health, speed: apps/bff/src/k8s).
 */
import { readFileSync } from 'node:fs';
import { bufferFromFileOrString, KubeConfig } from '@kubernetes/client-node';
import { Agent, request } from 'undici';
import type { Layout } from './paths';

const metadataListOnly = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

/** An answer: the status, the body parsed as JSON when it is JSON (else the text), and the text. */
export type KubeResponse = { status: number; body: unknown; text: string };
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class KubeRest {
  private readonly agent: Agent;
  constructor(
    readonly server: string,
    tls: { ca: string | Buffer; cert?: string | Buffer; key?: string | Buffer },
    private readonly token?: string,
    private readonly timeoutMs = 60_000,
  ) {
    this.agent = new Agent({ connect: tls, keepAliveTimeout: 30_000 });
  }

  static admin(server: string, pki: Layout['pki']): KubeRest {
    const read = (f: string) => readFileSync(f, 'utf8');
    return new KubeRest(server, { ca: read(pki.caCert), cert: read(pki.adminCert), key: read(pki.adminKey) });
  }

  static asUser(server: string, caPem: string, idToken: string): KubeRest {
    return new KubeRest(server, { ca: caPem }, idToken);
  }

  /** The current context of a kubeconfig (a path or a loaded one): see `kubeconfigTarget`. */
  static fromKubeconfig(kubeconfig: string | KubeConfig, timeoutMs?: number): KubeRest {
    const t = kubeconfigTarget(kubeconfig);
    return new KubeRest(t.server, t.tls, t.token, timeoutMs);
  }

  /** One request; throws only when there is no answer (connection refused, timeout). */
  async call(
    method: Method,
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
      signal: AbortSignal.timeout(this.timeoutMs),
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.body.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON (e.g. /readyz) */
    }
    return { status: res.statusCode, body: parsed, text };
  }

  /** Fails unless the status is one of `ok`. */
  async must(method: Method, path: string, body?: unknown, contentType?: string, ok = [200, 201]) {
    const r = await this.call(method, path, body, contentType);
    if (!ok.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`);
    return r;
  }

  /** Create, or leave alone when it already exists (409). */
  async ensure(collectionPath: string, obj: unknown): Promise<void> {
    await this.must('POST', collectionPath, obj, 'application/json', [200, 201, 409]);
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

/**
 * Server and credentials of a kubeconfig's current context, loaded by client-node's KubeConfig as the BFF loads
 * its own (files relative to the kubeconfig, inline data): a client certificate, else a token. The sandbox's
 * admin kubeconfig has a client certificate.
 */
export function kubeconfigTarget(kubeconfig: string | KubeConfig): {
  server: string;
  tls: { ca: Buffer; cert?: Buffer; key?: Buffer };
  token?: string;
} {
  const kc = typeof kubeconfig === 'string' ? new KubeConfig() : kubeconfig;
  if (typeof kubeconfig === 'string') kc.loadFromFile(kubeconfig);
  const where = typeof kubeconfig === 'string' ? kubeconfig : 'kubeconfig';
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const ca = bufferFromFileOrString(cluster?.caFile, cluster?.caData);
  const cert = bufferFromFileOrString(user?.certFile, user?.certData);
  const key = bufferFromFileOrString(user?.keyFile, user?.keyData);
  if (!cluster || !ca) throw new Error(`${where}: the current context needs a cluster with a CA`);
  if (cert && key) return { server: cluster.server, tls: { ca, cert, key } };
  if (user?.token) return { server: cluster.server, tls: { ca }, token: user.token };
  throw new Error(`${where}: the current user needs a client certificate or a token`);
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
  LLMInferenceServiceConfig: 'llminferenceserviceconfigs',
  LLMInferenceService: 'llminferenceservices',
  GatewayClass: 'gatewayclasses',
  Gateway: 'gateways',
  HTTPRoute: 'httproutes',
};

/** REST path of a named object: /api/v1/... for the core group, /apis/GROUP/VERSION/... otherwise. */
export function objectPath(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  const plural = plurals[obj.kind];
  if (!plural) throw new Error(`objectPath: unknown kind ${obj.kind}`);
  const base = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  const ns = obj.metadata.namespace ? `/namespaces/${obj.metadata.namespace}` : '';
  return `${base}${ns}/${plural}/${encodeURIComponent(obj.metadata.name)}`;
}
