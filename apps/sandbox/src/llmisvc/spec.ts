import type { ComponentSpec } from '../component-spec';
import { kserveNamespace } from '../control-plane';
import { binaryPath } from '../gobuild';
import { httpOk } from '../health';
import { type Layout, logFile } from '../paths';
import type { LlmisvcPorts } from '../state';

/**
 * KServe's LLMInferenceService controller (`cmd/llmisvc` v0.20.0) as a sandbox component: its own identity
 * (`system:serviceaccount:kserve:llmisvc-controller-manager`, KServe's ClusterRole through its binding), its
 * webhook server on `webhook` (serving cert from `$TMPDIR/k8s-webhook-server/serving-certs`), metrics over
 * plain HTTP on 127.0.0.1 (its default is HTTPS with TokenReview-based authorization on :8443), health on
 * 127.0.0.1. Like the manager, `cmd/llmisvc` sets only the webhook server's port, so it listens on every address.
 */
export function llmisvcSpec(ports: LlmisvcPorts, l: Layout, cache: string): ComponentSpec {
  const health = `http://127.0.0.1:${ports.health}/readyz`;
  return {
    name: 'llmisvc-controller',
    port: ports.webhook,
    extraPorts: [ports.metrics, ports.health],
    argv: [
      binaryPath(cache, 'kserve-llmisvc'),
      `--kubeconfig=${l.llmisvcKubeconfig}`,
      `--webhook-port=${ports.webhook}`,
      `--metrics-addr=127.0.0.1:${ports.metrics}`,
      '--metrics-secure=false',
      `--health-probe-addr=127.0.0.1:${ports.health}`,
      '--leader-elect=false',
    ],
    env: { ...process.env, POD_NAMESPACE: kserveNamespace, TMPDIR: l.llmisvcTmp },
    cwd: l.llmisvcDir,
    log: logFile(l.stateDir, 'llmisvc-controller'),
    readyTimeoutMs: 120_000,
    healthUrl: health,
    healthy: () => httpOk(health),
  };
}

export function llmisvcWebhookBase(ports: LlmisvcPorts): string {
  return `https://127.0.0.1:${ports.webhook}`;
}
