import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { istioStandInCrds } from './istio-crds';
import { kubectl, repoRoot } from './kubectl';

type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown> };

function render(overlay: string): { text: string; objects: Obj[] } {
  const r = kubectl(['kustomize', join(repoRoot, 'deploy/overlays', overlay)]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { text: r.stdout, objects: parseAllDocuments(r.stdout).map((d) => d.toJSON() as Obj) };
}

function ensureNamespace(name: string): void {
  const r = kubectl(['create', 'namespace', name]);
  expect(r.code === 0 || r.stderr.includes('AlreadyExists')).toBe(true);
}

beforeAll(() => {
  const crds = kubectl(['apply', '--server-side', '-f', '-'], istioStandInCrds);
  expect(crds.stderr).toBe('');
  const established = kubectl([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    'crd/virtualservices.networking.istio.io',
    'crd/authorizationpolicies.security.istio.io',
  ]);
  expect(established.code).toBe(0);
});

describe.each(['standalone-oidc', 'kubeflow'])('overlay %s', (overlay) => {
  it('passes a server-side dry-run apply on the sandbox apiserver', () => {
    const { text, objects } = render(overlay);
    for (const ns of new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => Boolean(n)))) {
      ensureNamespace(ns);
    }
    const r = kubectl(['apply', '--server-side', '--dry-run=server', '--field-manager=servedeck-ci', '-f', '-'], text);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/deployment\.apps\/servedeck serverside-applied \(server dry run\)/);
  });

  it('runs non-root with a read-only root filesystem, probes and resource requests', () => {
    const deploy = render(overlay).objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'servedeck');
    if (!deploy) throw new Error(`overlay ${overlay} renders no servedeck Deployment`);
    const pod = (deploy.spec as { template: { spec: Record<string, unknown> } }).template.spec as {
      securityContext: { runAsNonRoot: boolean };
      containers: Array<{
        securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean };
        readinessProbe?: unknown;
        livenessProbe?: unknown;
        resources: { requests: Record<string, string> };
      }>;
    };
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    for (const c of pod.containers) {
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
      expect(c.readinessProbe).toBeDefined();
      expect(c.livenessProbe).toBeDefined();
      expect(Object.keys(c.resources.requests)).toEqual(expect.arrayContaining(['cpu', 'memory']));
    }
  });
});

describe('least privilege', () => {
  it('grants the ServiceAccount no rights in oidc mode and only impersonation in kubeflow mode', () => {
    const oidc = render('standalone-oidc').objects;
    expect(oidc.filter((o) => /Role(Binding)?$/.test(o.kind))).toEqual([]);
    const kf = render('kubeflow').objects;
    const roles = kf.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role') as unknown as Array<{
      rules: Array<{ verbs: string[]; resources: string[] }>;
    }>;
    expect(roles.flatMap((r) => r.rules)).toEqual([
      { apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] },
    ]);
  });
});
