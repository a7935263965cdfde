import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { prometheusConfig } from '../../src/prometheus/config';

type Relabel = {
  source_labels?: string[];
  regex?: string;
  action?: string;
  target_label?: string;
  replacement?: string;
};

/** Apply Prometheus relabelling (replace/keep/drop; the subset the config uses) to a label set. */
function relabel(rules: Relabel[], labels: Record<string, string>): Record<string, string> | undefined {
  const out = { ...labels };
  for (const r of rules) {
    const value = (r.source_labels ?? []).map((l) => out[l] ?? '').join((r as { separator?: string }).separator ?? ';');
    const re = new RegExp(`^(?:${r.regex ?? '(.*)'})$`);
    const m = re.exec(value);
    if (r.action === 'keep' && !m) return undefined;
    if (r.action === 'drop' && m) return undefined;
    if ((r.action ?? 'replace') === 'replace' && m && r.target_label) {
      out[r.target_label] = (r.replacement ?? '$1').replace(/\$(\d)/g, (_s, d: string) => m[Number(d)] ?? '');
    }
  }
  return out;
}

describe('sandbox prometheus.yml', () => {
  const cfg = parse(
    prometheusConfig({
      apiserverUrl: 'https://127.0.0.1:6443',
      caFile: '/s/ca.crt',
      tokenFile: '/s/token',
      kubeletCert: '/s/c.crt',
      kubeletKey: '/s/c.key',
      podProxyPort: 9911,
    }),
  );
  const pods = cfg.scrape_configs[0];
  const pod = (annotations: Record<string, string>, extra: Record<string, string> = {}) => ({
    __address__: '127.0.0.1:8080',
    __meta_kubernetes_namespace: 'ns',
    __meta_kubernetes_pod_name: 'iris-predictor-abc',
    __meta_kubernetes_pod_phase: 'Running',
    __meta_kubernetes_pod_container_init: 'false',
    __meta_kubernetes_pod_label_serving_kserve_io_inferenceservice: 'iris',
    __meta_kubernetes_pod_label_component: 'predictor',
    ...annotations,
    ...extra,
  });

  it('scrapes every 5 s through Kubernetes service discovery with the ServiceAccount token', () => {
    expect(cfg.global.scrape_interval).toBe('5s');
    expect(pods.kubernetes_sd_configs[0]).toMatchObject({
      role: 'pod',
      api_server: 'https://127.0.0.1:6443',
      authorization: { credentials_file: '/s/token' },
    });
    expect(cfg.scrape_configs[1]).toMatchObject({ metrics_path: '/metrics/cadvisor', scheme: 'https' });
  });

  it("sends a KServe runtime pod's port and path through the pod-port proxy, labelled namespace and pod", () => {
    const t = relabel(
      pods.relabel_configs,
      pod({
        __meta_kubernetes_pod_annotationpresent_prometheus_kserve_io_port: 'true',
        __meta_kubernetes_pod_annotation_prometheus_kserve_io_port: '8080',
        __meta_kubernetes_pod_annotation_prometheus_kserve_io_path: '/metrics',
      }),
    );
    expect(t).toMatchObject({
      __address__: '127.0.0.1:9911',
      __metrics_path__: '/pods/ns/iris-predictor-abc/8080/metrics',
      namespace: 'ns',
      pod: 'iris-predictor-abc',
      inferenceservice: 'iris',
      instance: 'iris-predictor-abc:8080',
    });
  });

  it('prometheus.io/port and path win over the runtime defaults', () => {
    const t = relabel(
      pods.relabel_configs,
      pod({
        __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true',
        __meta_kubernetes_pod_annotation_prometheus_io_port: '8082',
        __meta_kubernetes_pod_annotation_prometheus_io_path: '/custom',
        __meta_kubernetes_pod_annotation_prometheus_kserve_io_port: '8080',
      }),
    );
    expect(t?.__metrics_path__).toBe('/pods/ns/iris-predictor-abc/8082/custom');
  });

  it('leaves unannotated pods, init containers and pods not running alone', () => {
    expect(relabel(pods.relabel_configs, pod({}))).toBeUndefined();
    const annotated = { __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true' };
    expect(
      relabel(pods.relabel_configs, pod(annotated, { __meta_kubernetes_pod_container_init: 'true' })),
    ).toBeUndefined();
    expect(relabel(pods.relabel_configs, pod(annotated, { __meta_kubernetes_pod_phase: 'Pending' }))).toBeUndefined();
    expect(
      relabel(
        pods.relabel_configs,
        pod({ __meta_kubernetes_pod_annotation_serving_kserve_io_enable_prometheus_scraping: 'true' }),
      ),
    ).toBeDefined();
  });
});
