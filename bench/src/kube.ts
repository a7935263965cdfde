/** A small admin client for the sandbox apiserver (client certificate from the sandbox kubeconfig). */
import { Agent, request } from 'node:https';
import { bufferFromFileOrString, KubeConfig } from '@kubernetes/client-node';

/**
 * The current context's server and TLS material, loaded by client-node's KubeConfig: the same loader as
 * the BFF (apps/bff/src/k8s/kubeconfig.ts) and the sandbox (apps/sandbox/src/kube.ts).
 */
export function adminTarget(kubeconfigPath: string): { server: string; ca: Buffer; cert: Buffer; key: Buffer } {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const ca = bufferFromFileOrString(cluster?.caFile, cluster?.caData);
  const cert = bufferFromFileOrString(user?.certFile, user?.certData);
  const key = bufferFromFileOrString(user?.keyFile, user?.keyData);
  if (!cluster || !ca || !cert || !key) {
    throw new Error(
      `${kubeconfigPath}: the sandbox kubeconfig needs a cluster with a CA and a user with a client certificate`,
    );
  }
  return { server: cluster.server, ca, cert, key };
}

export type KubeAnswer = { status: number; body: unknown; text: string };

export class AdminKube {
  private readonly agent: Agent;
  readonly server: string;

  constructor(kubeconfigPath: string) {
    const { server, ca, cert, key } = adminTarget(kubeconfigPath);
    this.server = server;
    this.agent = new Agent({ keepAlive: true, maxSockets: 32, ca, cert, key });
  }

  call(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    extraHeaders: Record<string, string> = {},
  ): Promise<KubeAnswer> {
    const url = new URL(path, this.server);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((done, fail) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            ...extraHeaders,
            ...(payload ? { 'content-type': contentType, 'content-length': String(payload.length) } : {}),
          },
          timeout: 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON: keep the text
            }
            done({ status: res.statusCode ?? 0, body: parsed, text });
          });
          res.on('error', fail);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timeout`)));
      req.on('error', fail);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Fails unless the status is one of `ok`. */
  async must(method: string, path: string, body?: unknown, contentType?: string, ok = [200, 201]): Promise<KubeAnswer> {
    const r = await this.call(method, path, body, contentType);
    if (!ok.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`);
    return r;
  }

  /** Create, or leave alone when it already exists (409). */
  async ensure(collectionPath: string, obj: unknown): Promise<void> {
    await this.must('POST', collectionPath, obj, 'application/json', [200, 201, 409]);
  }

  close(): void {
    this.agent.destroy();
  }
}

export const ISVC_GROUP_PATH = '/apis/serving.kserve.io/v1beta1';
export const isvcsPath = (ns: string): string => `${ISVC_GROUP_PATH}/namespaces/${ns}/inferenceservices`;
export const isvcPath = (ns: string, name: string): string => `${isvcsPath(ns)}/${name}`;

/** Namespace plus a RoleBinding giving `email` the sandbox owner role there (like a Kubeflow profile). */
export async function ensureUserNamespace(kube: AdminKube, ns: string, email: string, labels: Record<string, string>) {
  await kube.ensure('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } });
  await kube.ensure(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'servedeck-bench-owner', namespace: ns, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: OWNER_ROLE },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: email }],
  });
}

/** The sandbox's Kubeflow-like owner role (apps/sandbox/src/rbac.ts). */
export const OWNER_ROLE = 'servedeck-profile-owner';

/** Run `fn` over items with at most `limit` in flight. */
export async function inBatches<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await fn(item);
    }
  });
  await Promise.all(workers);
}
