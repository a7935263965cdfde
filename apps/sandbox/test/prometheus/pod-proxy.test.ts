import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hostPortOf, parsePodPath } from '../../src/prometheus/pod-proxy';

describe('pod-port proxy paths', () => {
  it('reads namespace, pod, container port and the rest of the path', () => {
    expect(parsePodPath('/pods/ns/iris-predictor-7d-x/8080/metrics')).toEqual({
      namespace: 'ns',
      pod: 'iris-predictor-7d-x',
      port: 8080,
      path: '/metrics',
    });
    expect(parsePodPath('/pods/ns/p/8082')).toMatchObject({ port: 8082, path: '/' });
    expect(parsePodPath('/pods/NS/p/8080/metrics')).toBeUndefined();
    expect(parsePodPath('/pods/ns/p/0/metrics')).toBeUndefined();
    expect(parsePodPath('/pods/ns/p/99999/metrics')).toBeUndefined();
    expect(parsePodPath('/other')).toBeUndefined();
  });

  it("finds a pod's host port in the kubelet's map", () => {
    const map = [
      { namespace: 'ns', name: 'a', ports: [{ containerPort: 8080, hostPort: 40001 }] },
      { namespace: 'other', name: 'a', ports: [{ containerPort: 8080, hostPort: 40002 }] },
    ];
    expect(hostPortOf(map, 'other', 'a', 8080)).toBe(40002);
    expect(hostPortOf(map, 'ns', 'a', 8082)).toBeUndefined();
  });

  it('forwards a scrape to the host port the kubelet names', async () => {
    const { startPodProxy } = await import('../../src/prometheus/pod-proxy');
    const target = createServer((req, res) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`hit ${req.url}`),
    );
    await new Promise<void>((ok) => target.listen(0, '127.0.0.1', ok));
    const targetPort = (target.address() as AddressInfo).port;
    // a plain-HTTP stand-in for the kubelet's /ports (the real one is HTTPS with client certificates)
    const kubelet = createServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          JSON.stringify([
            { namespace: 'ns', name: 'p', uid: 'u', ports: [{ containerPort: 8080, hostPort: targetPort }] },
          ]),
        ),
    );
    await new Promise<void>((ok) => kubelet.listen(0, '127.0.0.1', ok));
    const proxy = await startPodProxy({
      port: 0,
      kubeletUrl: `http://127.0.0.1:${(kubelet.address() as AddressInfo).port}`,
      tls: { ca: '', cert: '', key: '' },
    });
    const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const ok = await fetch(`${base}/pods/ns/p/8080/metrics`);
      expect(await ok.text()).toBe('hit /metrics');
      const missing = await fetch(`${base}/pods/ns/q/8080/metrics`);
      expect(missing.status).toBe(404);
    } finally {
      proxy.close();
      kubelet.close();
      target.close();
    }
  });
});
