/**
 * By hand, not a phase of `npm run bench` yet: the metrics route for one InferenceService (range=1h, 12
 * queries) against the same PromQL sent straight to Prometheus, and the namespace route. Needs a sandbox
 * with Prometheus and a BFF started on it:
 *   cd bench && BFF_URL=http://127.0.0.1:PORT PROM=$(npm run --silent sandbox -- env --json | jq -r .prometheusUrl) \
 *     npx tsx src/metrics-route.ts
 * Creates bench-metrics-iris in kubeflow-user-example-com (deleted at the end), sends it 100 inferences.
 */
import { readFileSync } from 'node:fs';

// The BFF's own query builder (apps/bff/src/metrics-query), loaded at run time (another package).
type Promql = {
  isvcQueries(entry: string, all: string, w: string): { query: string }[];
  podMatcher(ns: string, name: string, components: string[]): string;
  totalQueries(entry: string, r: string): { requests: string; errors: string };
};
type Ranges = {
  RANGES: Record<string, { window: string }>;
  rangeWindow(range: string, now: number): { start: number; end: number; step: number };
};
const src = (f: string) => new URL(`../../apps/bff/src/metrics-query/${f}`, import.meta.url).href;
const { isvcQueries, podMatcher, totalQueries } = (await import(src('promql.ts'))) as Promql;
const { RANGES, rangeWindow } = (await import(src('ranges.ts'))) as Ranges;

const BFF = process.env.BFF_URL ?? 'http://127.0.0.1:8080';
const PROM = process.env.PROM ?? '';
if (!PROM) throw new Error('set PROM to the Prometheus URL');
const NS = 'kubeflow-user-example-com';
const NAME = 'bench-metrics-iris';
const N = 60;
let cookie = '';
async function call(method: string, path: string, body?: string, type = 'application/json', csrf = '') {
  const res = await fetch(BFF + path, {
    method,
    headers: { cookie, ...(body ? { 'content-type': type } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    ...(body ? { body } : {}),
  });
  for (const c of res.headers.getSetCookie()) if (c.startsWith('servedeck.sid=')) cookie = c.split(';')[0] ?? '';
  return { status: res.status, text: await res.text() };
}
const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)] ?? NaN;
const login = await call('POST', '/auth/password', JSON.stringify({ email: 'user@example.com', password: '12341234' }));
const csrf = JSON.parse(login.text).csrfToken as string;
const base = `/api/namespaces/${NS}/inferenceservices`;
if ((await call('GET', `${base}/${NAME}`)).status === 404) {
  const y = `metadata: {name: ${NAME}}\nspec: {predictor: {model: {modelFormat: {name: sklearn}, protocolVersion: v2, storageUri: gs://seldon-models/sklearn/iris}}}\n`;
  console.log('create', (await call('POST', base, y, 'application/yaml', csrf)).status);
}
for (let i = 0; i < 240; i++) {
  const r = JSON.parse((await call('GET', `${base}/${NAME}`)).text);
  if (r.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True'))
    break;
  await new Promise((r) => setTimeout(r, 1000));
}
const input = readFileSync('/work/shared/kserve/samples/v1beta1_sklearn_v2_iris-input.json', 'utf8');
for (let i = 0; i < 100; i++)
  await call('POST', `${base}/${NAME}/infer/v2/models/${NAME}/infer`, input, 'application/json', csrf);
await new Promise((r) => setTimeout(r, 12_000));
const route: number[] = [];
for (let i = 0; i < N; i++) {
  const t0 = performance.now();
  const r = await call('GET', `${base}/${NAME}/metrics?range=1h`);
  route.push(performance.now() - t0);
  if (r.status !== 200) throw new Error(r.text);
}
const entry = podMatcher(NS, NAME, ['predictor']);
const all = podMatcher(NS, NAME, []);
const direct: number[] = [];
for (let i = 0; i < N; i++) {
  const { start, end, step } = rangeWindow('1h', Math.floor(Date.now() / 1000));
  const qs = isvcQueries(entry, all, RANGES['1h']?.window ?? '2m');
  const t = totalQueries(entry, '1h');
  const t0 = performance.now();
  const post = (p: string, f: Record<string, string>) =>
    fetch(PROM + p, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(f),
    }).then((r) => r.text());
  await Promise.all([
    ...qs.map((q) =>
      post('/api/v1/query_range', { query: q.query, start: String(start), end: String(end), step: String(step) }),
    ),
    post('/api/v1/query', { query: t.requests, time: String(end) }),
    post('/api/v1/query', { query: t.errors, time: String(end) }),
  ]);
  direct.push(performance.now() - t0);
}
const nsRoute: number[] = [];
for (let i = 0; i < N; i++) {
  const t0 = performance.now();
  await call('GET', `/api/namespaces/${NS}/inferenceservice-metrics`);
  nsRoute.push(performance.now() - t0);
}
const f = (xs: number[]) => `p50 ${pct(xs, 0.5).toFixed(1)} ms, p95 ${pct(xs, 0.95).toFixed(1)} ms`;
console.log(`metrics route (range=1h, 12 queries): ${f(route)}`);
console.log(`same 12 PromQL straight to Prometheus (parallel): ${f(direct)}`);
console.log(`namespace route (cached 5 s): ${f(nsRoute)}`);
console.log(`load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
await call('DELETE', `${base}/${NAME}`, undefined, 'application/json', csrf);
