/** Pinned versions of what the sandbox builds from the Go module proxy. */
export const versions = {
  kubernetes: 'v1.36.3',
  etcd: 'v3.6.16',
  dex: 'v2.45.1',
  /** Dex's v2.x tags are not module versions (no /v2 suffix): the pseudo-version of the v2.45.1 commit. */
  dexModule: 'v0.0.0-20260303133905-11d2eeb52b42',
  /** The KServe of the CRDs in ../shared/kserve (controller manager and router). */
  kserve: 'v0.20.0',
} as const;

/** ClusterIP range of the sandbox; the controller allocates Service IPs from it. */
export const serviceClusterIpRange = '10.96.0.0/16';
export const ingressDomain = 'example.com';
export const clientId = 'servedeck';
/** Ports the BFF/web may run on; Dex's client accepts their /auth/callback redirect URIs. */
export const redirectPorts = [8080, 5173, 18080, 18081, 18082, 18083, 18084, 18085, 18086, 18087, 18088, 18089];
