import { apiserverUrl, gatewayUrl } from './components';
import { dexIssuer } from './config/dex';
import type { SandboxEnv } from './env-schema';
import type { Layout } from './paths';
import { readPrometheusPorts } from './prometheus/files';
import { prometheusUrl } from './prometheus/spec';
import type { SandboxState } from './state';
import { namespaces, users } from './users';
import { clientId, ingressDomain, redirectPorts } from './versions';

/** The `env --json` object of docs/contracts.md. */
export function sandboxEnv(state: SandboxState, l: Layout): SandboxEnv {
  const issuer = dexIssuer(state.ports.dex);
  const gateway = gatewayUrl(state);
  const promPorts = readPrometheusPorts(l.stateDir);
  const prometheus = promPorts ? prometheusUrl(promPorts) : undefined;
  return {
    stateDir: l.stateDir,
    /** Always `real` (KServe's own controller manager and webhooks) but in a sandbox the removed imitation made. */
    kserveMode: state.kserveMode,
    kubeconfig: l.kubeconfig,
    apiserverUrl: apiserverUrl(state),
    caFile: l.pki.caCert,
    issuer,
    clientId,
    clientSecret: state.clientSecret,
    gatewayUrl: gateway,
    /** The sandbox's Prometheus (absent before the first `up` that started it). */
    ...(prometheus ? { prometheusUrl: prometheus } : {}),
    ingressDomain,
    redirectPorts,
    logins: users.map((u) => ({ email: u.email, password: u.password, note: u.note })),
    bff: {
      SERVEDECK_AUTH_MODE: 'oidc',
      SERVEDECK_OIDC_ISSUER: issuer,
      SERVEDECK_OIDC_CLIENT_ID: clientId,
      SERVEDECK_OIDC_CLIENT_SECRET: state.clientSecret,
      SERVEDECK_OIDC_CA_FILE: l.pki.caCert,
      SERVEDECK_PASSWORD_LOGIN: 'true',
      SERVEDECK_KUBECONFIG: l.kubeconfig,
      SERVEDECK_GATEWAY_URL: gateway,
      SERVEDECK_CLUSTER_LOCAL_URL: gateway,
      // Users cannot list namespaces (as in Kubeflow): the BFF probes these with access reviews.
      SERVEDECK_NAMESPACES: namespaces.map((n) => n.namespace).join(','),
      ...(prometheus ? { SERVEDECK_PROMETHEUS_URL: prometheus } : {}),
    },
  };
}

const shellQuote = (v: string) => `'${v.replaceAll("'", `'\\''`)}'`;

/** `env` without --json: exports for a shell (`eval "$(npm run sandbox -- env)"`). */
export function shellExports(env: SandboxEnv): string {
  const vars: Record<string, string> = {
    ...env.bff,
    KUBECONFIG: env.kubeconfig,
    SANDBOX_APISERVER_URL: env.apiserverUrl,
    SANDBOX_CA_FILE: env.caFile,
    SANDBOX_DEX_ISSUER: env.issuer,
    SANDBOX_GATEWAY_URL: env.gatewayUrl,
  };
  return Object.entries(vars)
    .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
    .join('\n');
}
