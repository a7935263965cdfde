/**
 * How the sandbox kubelet runs KServe's router image (`kserve/router`, the inferenceservice-config `router.image`)
 * for an InferenceGraph's pod: the router binary built from KServe's source (router-source.ts), listening on
 * 127.0.0.1 and the pod's host port for container port 8080, and reaching the graph's steps at their
 * `*.svc.cluster.local` URLs through the gateway as its HTTP proxy (gateway/cluster-local-proxy.ts).
 */
import { existsSync } from 'node:fs';
import { binaryPath } from '../gobuild';
import { cacheDir } from '../paths';
import { ROUTER_ADDR_ENV } from './router-source';

/** KServe's constants.RouterPort: the container port its router listens on (and its readiness probe checks). */
export const ROUTER_PORT = 8080;

export type SandboxRouter = { binary: string; proxyUrl: string };

/** The router binary and the gateway's proxy URL, or undefined when the binary is not built (ErrImagePull then). */
export function sandboxRouter(gatewayPort: number, cache = cacheDir()): SandboxRouter | undefined {
  const binary = binaryPath(cache, 'kserve-router-sandbox');
  return existsSync(binary) ? { binary, proxyUrl: `http://127.0.0.1:${gatewayPort}` } : undefined;
}

/**
 * The router process's environment: the container's own (KServe's PROPAGATE_HEADERS etc.), its listen address,
 * and the gateway as HTTP proxy. Go's net/http uses HTTP_PROXY for http:// step URLs, never for loopback.
 */
export function routerEnv(containerEnv: Record<string, string>, hostPort: number, proxyUrl: string) {
  return {
    ...containerEnv,
    [ROUTER_ADDR_ENV]: `127.0.0.1:${hostPort}`,
    HTTP_PROXY: proxyUrl,
    http_proxy: proxyUrl,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
}
