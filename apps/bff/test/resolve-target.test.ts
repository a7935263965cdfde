import { describe, expect, it } from 'vitest';
import { HttpApiError } from '../src/http/api-error';
import { resolveTarget } from '../src/inference/resolve-target';

const isvc = (status: unknown) => ({ metadata: { name: 'iris', namespace: 'ns' }, status });
const cfg = { gatewayUrl: 'http://127.0.0.1:9000', clusterLocalUrl: 'http://127.0.0.1:9001' };

describe('resolveTarget', () => {
  it('sends gateway requests to the configured gateway with the status host and the token', () => {
    expect(resolveTarget(isvc({ url: 'http://iris-ns.example.com' }), 'gateway', cfg)).toEqual({
      origin: 'http://127.0.0.1:9000',
      host: 'iris-ns.example.com',
      basePath: '',
      bearer: true,
    });
  });

  it('keeps the path prefix of path-based routing', () => {
    expect(resolveTarget(isvc({ url: 'http://example.com/serving/ns/iris/' }), 'gateway', cfg)).toMatchObject({
      host: 'example.com',
      basePath: '/serving/ns/iris',
    });
  });

  it('uses the cluster-local address (Host kept, no token)', () => {
    const t = resolveTarget(
      isvc({ url: 'http://iris-ns.example.com', address: { url: 'http://iris-predictor.ns.svc.cluster.local' } }),
      'cluster-local',
      cfg,
    );
    expect(t).toEqual({
      origin: 'http://127.0.0.1:9001',
      host: 'iris-predictor.ns.svc.cluster.local',
      basePath: '',
      bearer: false,
    });
  });

  it('connects to the status URL itself when no gateway is configured', () => {
    const t = resolveTarget(isvc({ url: 'https://iris.models.example.org:8443' }), 'gateway', {
      gatewayUrl: undefined,
      clusterLocalUrl: undefined,
    });
    expect(t).toMatchObject({ origin: 'https://iris.models.example.org:8443', host: 'iris.models.example.org:8443' });
  });

  it('answers 503 NotReady without a URL and 502 for a strange one', () => {
    const reason = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err instanceof HttpApiError ? `${err.apiError.status} ${err.apiError.reason}` : 'other';
      }
      return 'none';
    };
    expect(reason(() => resolveTarget(isvc({}), 'gateway', cfg))).toBe('503 NotReady');
    expect(reason(() => resolveTarget(isvc(undefined), 'cluster-local', cfg))).toBe('503 NotReady');
    expect(reason(() => resolveTarget(isvc({ url: 'file:///etc/passwd' }), 'gateway', cfg))).toBe('502 BadGateway');
    expect(reason(() => resolveTarget(isvc({ url: 'not a url' }), 'gateway', cfg))).toBe('502 BadGateway');
  });
});
