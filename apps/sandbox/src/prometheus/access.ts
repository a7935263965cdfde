/**
 * What Prometheus needs to discover and scrape like a cluster's: a ServiceAccount in kube-system whose
 * ClusterRole reads pods, nodes, services and endpoints (and nodes/metrics), a TokenRequest token for it
 * (written to a file Prometheus re-reads), and a client certificate from the sandbox CA for the kubelet API.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KubeObject, KubeRest } from '../kube';

export const prometheusNamespace = 'kube-system';
export const prometheusServiceAccount = 'servedeck-prometheus';

export function accessObjects(): KubeObject[] {
  const name = prometheusServiceAccount;
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: prometheusNamespace } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name },
      rules: [
        {
          apiGroups: [''],
          resources: ['nodes', 'nodes/metrics', 'pods', 'services', 'endpoints'],
          verbs: ['get', 'list', 'watch'],
        },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { nonResourceURLs: ['/metrics', '/metrics/cadvisor'], verbs: ['get'] },
      ],
    } as KubeObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: prometheusNamespace }],
    } as KubeObject,
  ];
}

/** Apply the ServiceAccount and its rights, then write a fresh token (valid `hours`) to `tokenFile`. */
export async function writeServiceAccountToken(kube: KubeRest, tokenFile: string, hours = 48): Promise<void> {
  for (const obj of accessObjects()) {
    const res = await kube.apply(obj);
    if (res.status >= 300) {
      throw new Error(`applying ${obj.kind} ${obj.metadata.name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
  const res = await kube.call(
    'POST',
    `/api/v1/namespaces/${prometheusNamespace}/serviceaccounts/${prometheusServiceAccount}/token`,
    { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: hours * 3600 } },
  );
  const token = (res.body as { status?: { token?: unknown } } | undefined)?.status?.token;
  if (res.status !== 201 || typeof token !== 'string') {
    throw new Error(`TokenRequest for ${prometheusServiceAccount}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  }
  mkdirSync(dirname(tokenFile), { recursive: true });
  writeFileSync(tokenFile, token, { mode: 0o600 });
}

/** A client certificate (CN=servedeck-prometheus) signed by the sandbox CA, made once with openssl. */
export function ensureClientCert(o: { caCert: string; caKey: string; cert: string; key: string }): void {
  if (existsSync(o.cert) && existsSync(o.key)) return;
  mkdirSync(dirname(o.cert), { recursive: true });
  const csr = `${o.cert}.csr`;
  execFileSync(
    'openssl',
    [
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      o.key,
      '-out',
      csr,
      '-subj',
      '/CN=servedeck-prometheus',
    ],
    { stdio: 'ignore' },
  );
  execFileSync(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      o.caCert,
      '-CAkey',
      o.caKey,
      '-CAcreateserial',
      '-out',
      o.cert,
      '-days',
      '365',
      '-sha256',
    ],
    { stdio: 'ignore' },
  );
}
