import { describe, expect, it } from 'vitest';
import { gatewayClassStatus, gatewayStatus, routeParents, sameStatus } from '../../src/gateway/gateway-api';
import { attachedTo, type HttpRouteLike, routeHttp, serviceOf, weightedBackend } from '../../src/gateway/httproute';

const ns = 'kubeflow-user-example-com';
const svc = { group: '', kind: 'Service', name: 'tiny-kserve-workload-svc', port: 8000, weight: 1 };
const gw = { namespace: 'kserve', name: 'kserve-ingress-gateway' };
const rewrite = (to: string) => [
  { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: to } } },
];

/** The shape KServe's kserve-config-llm-router-route preset renders to for `tiny` without a scheduler. */
const route: HttpRouteLike = {
  metadata: { name: 'tiny-kserve-route', namespace: ns, generation: 2, creationTimestamp: '2026-12-06T00:00:00Z' },
  spec: {
    parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gw.name, namespace: gw.namespace }],
    rules: [
      {
        name: 'v1-chat-completions-path',
        backendRefs: [svc],
        matches: [{ path: { type: 'PathPrefix', value: `/${ns}/tiny/v1/chat/completions` } }],
        filters: rewrite('/v1/chat/completions'),
      },
      {
        name: 'v1-model-routing',
        backendRefs: [svc],
        matches: [
          {
            path: { type: 'Exact', value: '/v1/chat/completions' },
            headers: [{ type: 'Exact', name: 'X-Gateway-Model-Name', value: `publishers/${ns}/models/tiny` }],
          },
        ],
      },
      {
        name: 'v1-catch-all-path',
        backendRefs: [svc],
        matches: [{ path: { type: 'PathPrefix', value: `/${ns}/tiny` } }],
        filters: rewrite('/'),
      },
    ],
  },
};

const req = (path: string, headers: Record<string, string> = {}) => ({
  host: '127.0.0.1',
  method: 'POST',
  path,
  headers,
});

describe('HTTPRoute routing (Gateway API)', () => {
  it("rewrites KServe's path prefixes to vLLM's paths and picks the Service backend", () => {
    const chat = routeHttp([route], req(`/${ns}/tiny/v1/chat/completions`));
    expect(chat?.rule.name).toBe('v1-chat-completions-path');
    expect(chat?.path).toBe('/v1/chat/completions');
    expect(serviceOf(chat?.backend, ns)).toEqual({ namespace: ns, name: 'tiny-kserve-workload-svc', port: 8000 });
    const models = routeHttp([route], req(`/${ns}/tiny/v1/models?x=1`));
    expect(models?.rule.name).toBe('v1-catch-all-path');
    expect(models?.path).toBe('/v1/models?x=1');
    expect(routeHttp([route], req(`/${ns}/tiny`))?.path).toBe('/');
  });

  it('matches path prefixes element by element, headers exactly, and 404s the rest', () => {
    expect(routeHttp([route], req(`/${ns}/tinyx/v1/models`))).toBeUndefined();
    expect(routeHttp([route], req('/v1/chat/completions'))).toBeUndefined();
    const byHeader = routeHttp(
      [route],
      req('/v1/chat/completions', { 'x-gateway-model-name': `publishers/${ns}/models/tiny` }),
    );
    expect(byHeader?.rule.name).toBe('v1-model-routing');
    expect(byHeader?.path).toBe('/v1/chat/completions');
  });

  it('honours route hostnames and attachment to our Gateway only', () => {
    const hosted = { ...route, spec: { ...route.spec, hostnames: ['*.example.com'] } };
    expect(routeHttp([hosted], { ...req(`/${ns}/tiny/v1/models`), host: 'a.example.com' })).toBeDefined();
    expect(routeHttp([hosted], req(`/${ns}/tiny/v1/models`))).toBeUndefined();
    expect(attachedTo(route, [gw])).toBe(true);
    expect(attachedTo(route, [{ namespace: 'kserve', name: 'other' }])).toBe(false);
  });

  it('splits by weight and never sends to weight 0; other backend kinds are not Services', () => {
    const a = { name: 'a', weight: 1 };
    const b = { name: 'b', weight: 3 };
    expect(weightedBackend([a, b], 0.1)?.name).toBe('a');
    expect(weightedBackend([a, b], 0.5)?.name).toBe('b');
    expect(weightedBackend([{ name: 'z', weight: 0 }, b], 0)?.name).toBe('b');
    expect(serviceOf({ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'p' }, ns)).toBeUndefined();
  });
});

describe('Gateway API status the sandbox gateway writes', () => {
  const now = '2026-12-06T22:00:00Z';
  const gateway = {
    metadata: { ...gw, generation: 1 },
    spec: { gatewayClassName: 'servedeck-sandbox', listeners: [{ name: 'http', protocol: 'HTTP', port: 31234 }] },
  };

  it('programs a Gateway whose listener is the gateway port, with 127.0.0.1 as its address', () => {
    const s = gatewayStatus(gateway, [route], 31234, now);
    expect(s.addresses).toEqual([{ type: 'IPAddress', value: '127.0.0.1' }]);
    expect(s.conditions.map((c) => [c.type, c.status])).toEqual([
      ['Accepted', 'True'],
      ['Programmed', 'True'],
    ]);
    expect(s.listeners[0]?.attachedRoutes).toBe(1);
    const other = gatewayStatus(gateway, [route], 40000, now);
    expect(other.conditions[1]).toMatchObject({ type: 'Programmed', status: 'False' });
    expect(gatewayClassStatus({ metadata: { generation: 1 } }, now).conditions[0]?.status).toBe('True');
  });

  it('accepts attached routes and resolves Service backends that exist (else BackendNotFound / InvalidKind)', () => {
    const ok = routeParents(route, [gw], () => true, now);
    expect(ok).toHaveLength(1);
    expect(ok[0]?.controllerName).toBe('servedeck.dev/sandbox-gateway');
    expect(ok[0]?.conditions.map((c) => [c.type, c.status, c.observedGeneration])).toEqual([
      ['Accepted', 'True', 2],
      ['ResolvedRefs', 'True', 2],
    ]);
    expect(routeParents(route, [gw], () => false, now)[0]?.conditions[1]).toMatchObject({ reason: 'BackendNotFound' });
    const pool = {
      ...route,
      spec: {
        ...route.spec,
        rules: [{ backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'p' }] }],
      },
    };
    expect(routeParents(pool, [gw], () => true, now)[0]?.conditions[1]).toMatchObject({
      status: 'False',
      reason: 'InvalidKind',
    });
  });

  it('keeps transition times and compares statuses without them', () => {
    const first = routeParents(route, [gw], () => true, '2026-01-01T00:00:00Z');
    const again = routeParents({ ...route, status: { parents: first } }, [gw], () => true, now);
    expect(again[0]?.conditions[0]?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(sameStatus({ parents: first }, { parents: routeParents(route, [gw], () => true, now) })).toBe(true);
    expect(sameStatus({ parents: first }, { parents: [] })).toBe(false);
  });
});
