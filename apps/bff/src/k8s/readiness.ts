/**
 * Readiness of a BFF replica: not ready until the apiserver has answered once (the configuration — URL, CA,
 * credentials path — works), then ready for as long as the process serves. Later apiserver or etcd outages
 * do not make replicas unready: they would all turn unready at once and users would get the ingress's bare
 * 503 instead of ServeDeck's own "cluster unavailable" answer and the web app.
 */
export function readinessGate(probe: () => Promise<boolean>): () => Promise<boolean> {
  let reached = false;
  return async () => {
    if (reached) return true;
    reached = await probe().catch(() => false);
    return reached;
  };
}
