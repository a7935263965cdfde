/** Talking to Prometheus straight and to the BFF's metrics routes, for the metrics phase (metrics-route.ts). */
import { Agent, request } from 'node:http';
import { apiHeaders, type RunningBff } from './bff';

/** The BFF's own query builder (apps/bff/src/metrics-query), loaded at run time from the other package. */
export type Promql = {
  isvcQueries(entry: string, all: string, w: string): { query: string }[];
  podMatcher(ns: string, name: string, components: string[]): string;
  totalQueries(entry: string, r: string): { requests: string; errors: string };
  namespaceRateQuery(namespace: string): string;
};
export type Ranges = {
  RANGES: Record<string, { window: string }>;
  rangeWindow(range: string, now: number): { start: number; end: number; step: number };
};
/** The namespace route's window (apps/bff/src/metrics-query/namespace-rates.ts). */
export type History = { HISTORY_S: number; HISTORY_STEP_S: number };
const bffSource = (f: string) => new URL(`../../apps/bff/src/metrics-query/${f}`, import.meta.url).href;
export async function loadQueryBuilders(): Promise<{ promql: Promql; ranges: Ranges; history: History }> {
  const promql = (await import(bffSource('promql.ts'))) as Promql;
  const ranges = (await import(bffSource('ranges.ts'))) as Ranges;
  const history = (await import(bffSource('namespace-rates.ts'))) as History;
  return { promql, ranges, history };
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 32 });

/** POST a form to Prometheus's HTTP API; resolves with the body (throws on a non-200). */
export function promPost(base: string, path: string, form: Record<string, string>): Promise<string> {
  const body = new URLSearchParams(form).toString();
  return new Promise((done, fail) => {
    const req = request(
      `${base}${path}`,
      {
        method: 'POST',
        agent: keepAlive,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200) done(text);
          else fail(new Error(`Prometheus ${path}: ${res.statusCode} ${text.slice(0, 200)}`));
        });
        res.on('error', fail);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`Prometheus ${path}: no answer in 30 s`)));
    req.on('error', fail);
    req.end(body);
  });
}

/** GET through the BFF as the signed-in user; resolves with status and body. */
export async function bffGet(bff: RunningBff, path: string): Promise<{ status: number; text: string }> {
  const r = await fetch(`${bff.url}${path}`, { headers: apiHeaders(bff.session), signal: AbortSignal.timeout(30_000) });
  return { status: r.status, text: await r.text() };
}
