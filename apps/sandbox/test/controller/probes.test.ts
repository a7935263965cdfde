import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkProbe, ProbeCounter, probeSpec } from '../../src/controller/probes';

describe('probeSpec', () => {
  it("fills in the API's defaults and resolves named ports", () => {
    expect(
      probeSpec(
        {
          name: 'c',
          ports: [{ name: 'http1', containerPort: 8080 }],
          readinessProbe: { httpGet: { path: 'v2/health/ready', port: 'http1' as unknown as number } },
        },
        'readiness',
      ),
    ).toEqual({
      action: { kind: 'http', port: 8080, path: '/v2/health/ready', headers: {} },
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(
      probeSpec({ name: 'c', livenessProbe: { tcpSocket: { port: 'x' as unknown as number } } }, 'liveness')?.action,
    ).toEqual({
      kind: 'invalid',
      message: 'unknown port x',
    });
    expect(probeSpec({ name: 'c' }, 'startup')).toBeUndefined();
  });
});

describe('ProbeCounter', () => {
  it('readiness starts failed and flips after successThreshold successes / failureThreshold failures in a row', () => {
    const c = new ProbeCounter({ successThreshold: 2, failureThreshold: 3 }, 'readiness');
    expect(c.result).toBe(false);
    expect(c.record(true)).toBe(false);
    expect(c.record(false)).toBe(false);
    expect(c.record(true)).toBe(false);
    expect(c.record(true)).toBe(true);
    expect(c.result).toBe(true);
    expect([c.record(false), c.record(false), c.record(true), c.record(false), c.record(false)]).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(c.record(false)).toBe(true);
    expect(c.result).toBe(false);
  });
  it('liveness starts successful', () => {
    const c = new ProbeCounter({ successThreshold: 1, failureThreshold: 1 }, 'liveness');
    expect(c.result).toBe(true);
    expect(c.record(false)).toBe(true);
  });
});

describe('checkProbe', () => {
  it('checks HTTP status (200-399 pass) and TCP connects on the host port of the container port', async () => {
    const server = createServer((req, res) => res.writeHead(req.url === '/ok' ? 200 : 503).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const map = (p: number) => (p === 8080 ? port : undefined);
    try {
      expect(await checkProbe({ kind: 'http', port: 8080, path: '/ok', headers: {} }, map, 1)).toEqual({
        ok: true,
        message: '',
      });
      expect(await checkProbe({ kind: 'http', port: 8080, path: '/no', headers: {} }, map, 1)).toEqual({
        ok: false,
        message: 'HTTP probe failed with statuscode: 503',
      });
      expect((await checkProbe({ kind: 'tcp', port: 8080 }, map, 1)).ok).toBe(true);
      expect(await checkProbe({ kind: 'tcp', port: 9000 }, map, 1)).toEqual({
        ok: false,
        message: 'port 9000 is not open in the pod',
      });
    } finally {
      server.close();
    }
    expect(await checkProbe({ kind: 'tcp', port: 8080 }, map, 1, '192.0.2.2')).toEqual({
      ok: false,
      message: 'dial tcp 192.0.2.2:8080: connect: connection refused',
    });
  });
});
