import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podMatcher, quoteLabel, regexLiteral } from '../src/metrics-query/promql';
import { testApp } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';
import { FakePrometheus } from './helpers/fake-prometheus';

/** Read one PromQL double-quoted string at `s[0]`: its value and where it ends (-1: unterminated). */
function readString(s: string): { value: string; end: number } {
  let value = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\') {
      const n = s[++i];
      value += n === 'n' ? '\n' : (n ?? '');
    } else {
      value += c;
    }
  }
  return { value, end: -1 };
}

/** The query with every string literal emptied: what the user's input cannot change. */
function skeleton(q: string): string {
  return q.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

/** The skeleton with range windows (chosen from the server's fixed table by `range`) as `[w]`. */
function shape(q: string): string {
  return skeleton(q).replace(/\[\d+[smhd]\]/g, '[w]');
}

const hostile = fc.string({
  unit: fc.constantFrom(
    'a',
    'z',
    '0',
    '-',
    '.',
    '"',
    '\\',
    '}',
    '{',
    ')',
    '(',
    '|',
    '*',
    '\n',
    '/',
    '=',
    '~',
    ',',
    ' ',
    'é',
  ),
  maxLength: 24,
});

describe('PromQL building resists injection', () => {
  it('a quoted label value reads back as exactly the input, and ends where it should', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), hostile), (s) => {
        const quoted = quoteLabel(s);
        const { value, end } = readString(quoted);
        expect(value).toBe(s);
        expect(end).toBe(quoted.length);
      }),
    );
  });

  it('a regex literal matches the input and nothing else of the same length class', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), hostile), fc.string({ maxLength: 4 }), (s, other) => {
        const re = new RegExp(`^${regexLiteral(s)}$`, 'u');
        expect(re.test(s)).toBe(true);
        if (other !== s) expect(re.test(other)).toBe(false);
      }),
    );
  });

  it('a pod matcher has exactly two label matchers whatever the names', () => {
    fc.assert(
      fc.property(hostile, hostile, (ns, name) => {
        expect(skeleton(podMatcher(ns, name, []))).toBe('namespace="",pod=~""');
      }),
    );
  });
});

describe('metrics route fuzz (fake apiserver, fake Prometheus)', () => {
  const api = new FakeServer();
  const prom = new FakePrometheus();
  beforeAll(async () => {
    await api.start();
    await prom.start();
    api.json('GET', /^\/apis\/serving\.kserve\.io\/v1beta1\/namespaces\/[^/]+\/inferenceservices\/[^/]+$/, 200, {
      metadata: { name: 'x' },
      spec: { predictor: {} },
    });
  });
  afterAll(async () => {
    await api.stop();
    await prom.stop();
  });

  it('any namespace, name, range or component: 200 with the same query skeletons, or a 4xx; never a 500', async () => {
    const { app } = await testApp({
      SERVEDECK_AUTH_MODE: 'kubeconfig',
      SERVEDECK_KUBECONFIG: api.kubeconfig(),
      SERVEDECK_PASSWORD_LOGIN: 'false',
      SERVEDECK_PROMETHEUS_URL: prom.url,
    });
    const agent = request.agent(app);
    await agent.get('/api/namespaces/ns/inferenceservices/iris/metrics?range=1h').expect(200);
    const baseline = prom.queries.map((q) => shape(q.query)).sort();
    expect(baseline).toHaveLength(12);
    const names = fc.oneof(hostile, fc.constantFrom('iris', 'a.b', 'x-y'));
    await fc.assert(
      fc.asyncProperty(
        names,
        names,
        fc.oneof(fc.constantFrom('1h', '7d'), hostile),
        fc.oneof(fc.constantFrom('', 'predictor'), hostile),
        async (ns, name, range, component) => {
          prom.queries.length = 0;
          const q = new URLSearchParams({ range, component }).toString();
          const res = await agent.get(
            `/api/namespaces/${encodeURIComponent(ns)}/inferenceservices/${encodeURIComponent(name)}/metrics?${q}`,
          );
          expect([200, 400, 404]).toContain(res.status);
          if (res.status !== 200) {
            expect(prom.queries).toHaveLength(0);
            return;
          }
          expect(prom.queries.map((x) => shape(x.query)).sort()).toEqual(baseline);
          for (const x of prom.queries) expect(x.query).toContain(`namespace=${quoteLabel(ns)}`);
        },
      ),
      { numRuns: 150 },
    );
  });
});
