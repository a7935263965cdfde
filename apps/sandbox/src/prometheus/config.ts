/**
 * prometheus.yml for the sandbox: Prometheus's own Kubernetes service discovery against the sandbox
 * apiserver (a ServiceAccount token), scraping every 5 s
 * - `kubernetes-pods`: pods annotated as KServe's runtimes and controller annotate them
 *   (`prometheus.io/scrape: "true"`, `serving.kserve.io/enable-prometheus-scraping: "true"`, or a runtime's
 *   `prometheus.kserve.io/port`); port and path from `prometheus.io/port|path`, else `prometheus.kserve.io/port|path`.
 *   The sandbox's pods all run on 127.0.0.1 with remapped ports, so the address is rewritten to the pod-port
 *   proxy (`/pods/NS/POD/PORT/PATH`, pod-proxy.ts), which asks the kubelet where that port really is.
 * - `kubelet-cadvisor`: each Node's kubelet on its HTTPS port, `/metrics/cadvisor` (client certificate).
 * Pure: builds the YAML text.
 */
import { stringify } from 'yaml';

export type PrometheusConfigInput = {
  apiserverUrl: string;
  caFile: string;
  /** ServiceAccount token file (TokenRequest), re-read by Prometheus on every use. */
  tokenFile: string;
  /** Client certificate for the kubelet API. */
  kubeletCert: string;
  kubeletKey: string;
  podProxyPort: number;
  scrapeIntervalS?: number;
};

const ann = (name: string) => `__meta_kubernetes_pod_annotation_${name.replace(/[^a-zA-Z0-9_]/g, '_')}`;
const annPresent = (name: string) => `__meta_kubernetes_pod_annotationpresent_${name.replace(/[^a-zA-Z0-9_]/g, '_')}`;

export function prometheusConfig(i: PrometheusConfigInput): string {
  const interval = `${i.scrapeIntervalS ?? 5}s`;
  const sd = (role: 'pod' | 'node') => ({
    role,
    api_server: i.apiserverUrl,
    tls_config: { ca_file: i.caFile },
    authorization: { type: 'Bearer', credentials_file: i.tokenFile },
  });
  const config = {
    global: { scrape_interval: interval, scrape_timeout: '4s', evaluation_interval: interval },
    scrape_configs: [
      {
        job_name: 'kubernetes-pods',
        kubernetes_sd_configs: [sd('pod')],
        relabel_configs: [
          // only running pods, not their init containers (the storage initializer)
          { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Running', action: 'keep' },
          { source_labels: ['__meta_kubernetes_pod_container_init'], regex: 'true', action: 'drop' },
          {
            source_labels: [
              ann('prometheus.io/scrape'),
              ann('serving.kserve.io/enable-prometheus-scraping'),
              annPresent('prometheus.kserve.io/port'),
            ],
            separator: ';',
            regex: 'true;.*;.*|.*;true;.*|.*;.*;true',
            action: 'keep',
          },
          // port: prometheus.io/port, else the runtime's prometheus.kserve.io/port, else 8080
          { target_label: '__tmp_port', replacement: '8080' },
          { source_labels: [ann('prometheus.kserve.io/port')], regex: '(\\d+)', target_label: '__tmp_port' },
          { source_labels: [ann('prometheus.io/port')], regex: '(\\d+)', target_label: '__tmp_port' },
          { target_label: '__tmp_path', replacement: '/metrics' },
          { source_labels: [ann('prometheus.kserve.io/path')], regex: '(/.*)', target_label: '__tmp_path' },
          { source_labels: [ann('prometheus.io/path')], regex: '(/.*)', target_label: '__tmp_path' },
          {
            source_labels: ['__meta_kubernetes_namespace', '__meta_kubernetes_pod_name', '__tmp_port', '__tmp_path'],
            separator: ';',
            regex: '([^;]+);([^;]+);([^;]+);/?(.*)',
            replacement: '/pods/$1/$2/$3/$4',
            target_label: '__metrics_path__',
          },
          { target_label: '__address__', replacement: `127.0.0.1:${i.podProxyPort}` },
          {
            source_labels: ['__meta_kubernetes_pod_name', '__tmp_port'],
            separator: ':',
            target_label: 'instance',
          },
          { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
          { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
          {
            source_labels: ['__meta_kubernetes_pod_label_serving_kserve_io_inferenceservice'],
            target_label: 'inferenceservice',
          },
          { source_labels: ['__meta_kubernetes_pod_label_component'], target_label: 'component' },
        ],
      },
      {
        job_name: 'kubelet-cadvisor',
        scheme: 'https',
        metrics_path: '/metrics/cadvisor',
        kubernetes_sd_configs: [sd('node')],
        tls_config: { ca_file: i.caFile, cert_file: i.kubeletCert, key_file: i.kubeletKey },
        relabel_configs: [{ source_labels: ['__meta_kubernetes_node_name'], target_label: 'node' }],
      },
    ],
  };
  return stringify(config, { lineWidth: 0 });
}
