import { readFileSync } from 'node:fs';
import { METRICS_UNAVAILABLE } from '@servedeck/shared';
import { Agent, type Dispatcher, request } from 'undici';
import { z } from 'zod';
import type { PrometheusConfig } from '../config';
import { apiError, type HttpApiError } from '../http/api-error';

const sampleSchema = z.tuple([z.number(), z.string()]);
const labelsSchema = z.record(z.string(), z.string());
const matrixSchema = z.array(z.object({ metric: labelsSchema, values: z.array(sampleSchema) }));
const vectorSchema = z.array(z.object({ metric: labelsSchema, value: sampleSchema }));
const answerSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.object({ resultType: z.string(), result: z.unknown() }),
  }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() }),
]);

export type PromMatrix = z.infer<typeof matrixSchema>;
export type PromVector = z.infer<typeof vectorSchema>;

/** Time budget for every query of one answer: the route answers (data or 503) within 5 s. */
export const PROMETHEUS_BUDGET_MS = 4000;

/** What the metrics routes ask of Prometheus (an interface, so tests can stand in a fake server). */
export type PromApi = {
  queryRange(query: string, start: number, end: number, step: number, signal: AbortSignal): Promise<PromMatrix>;
  query(query: string, time: number, signal: AbortSignal): Promise<PromVector>;
  close(): Promise<void>;
};

export function metricsUnavailable(message: string): HttpApiError {
  return apiError(503, METRICS_UNAVAILABLE, message);
}

function readOptional(file: string | undefined): string | undefined {
  if (!file) return undefined;
  return readFileSync(file, 'utf8').trim() || undefined;
}

/** Prometheus's HTTP API (`/api/v1/query`, `/api/v1/query_range`), POSTed as forms; also Thanos querier. */
export class PrometheusClient implements PromApi {
  private readonly dispatcher: Dispatcher;
  private token: { value: string | undefined; at: number } | undefined;

  constructor(
    private readonly cfg: PrometheusConfig,
    private readonly now: () => number = Date.now,
  ) {
    const ca = readOptional(cfg.caFile);
    this.dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 32, ...(ca ? { connect: { ca } } : {}) });
  }

  /** The bearer token, re-read every minute (projected ServiceAccount tokens rotate). */
  private bearer(): string | undefined {
    if (!this.cfg.tokenFile) return undefined;
    if (!this.token || this.now() - this.token.at > 60_000) {
      let value: string | undefined;
      try {
        value = readOptional(this.cfg.tokenFile);
      } catch {
        value = undefined;
      }
      this.token = { value, at: this.now() };
    }
    return this.token.value;
  }

  private async post(path: string, form: Record<string, string>, signal: AbortSignal): Promise<unknown> {
    const token = this.bearer();
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`${this.cfg.url}${path}`, {
        method: 'POST',
        dispatcher: this.dispatcher,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: new URLSearchParams(form).toString(),
        signal,
        headersTimeout: PROMETHEUS_BUDGET_MS,
        bodyTimeout: PROMETHEUS_BUDGET_MS,
      });
    } catch (err) {
      if (signal.aborted) {
        throw metricsUnavailable(
          `Prometheus (SERVEDECK_PROMETHEUS_URL) did not answer within ${PROMETHEUS_BUDGET_MS / 1000} s`,
        );
      }
      const code = (err as { code?: unknown }).code;
      throw metricsUnavailable(
        `Prometheus (SERVEDECK_PROMETHEUS_URL) cannot be reached${typeof code === 'string' ? ` (${code})` : ''}`,
      );
    }
    let text: string;
    try {
      text = await res.body.text();
    } catch {
      throw metricsUnavailable(
        `Prometheus (SERVEDECK_PROMETHEUS_URL) did not answer within ${PROMETHEUS_BUDGET_MS / 1000} s`,
      );
    }
    if (res.statusCode === 401 || res.statusCode === 403) {
      throw metricsUnavailable(
        `Prometheus (SERVEDECK_PROMETHEUS_URL) refused ServeDeck's credentials (HTTP ${res.statusCode}): check SERVEDECK_PROMETHEUS_TOKEN_FILE`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = answerSchema.safeParse(json);
    if (!parsed.success) {
      throw metricsUnavailable(
        `Prometheus (SERVEDECK_PROMETHEUS_URL) answered HTTP ${res.statusCode} without a query result`,
      );
    }
    if (parsed.data.status === 'error') {
      throw metricsUnavailable(
        `Prometheus (SERVEDECK_PROMETHEUS_URL) could not run the query: ${parsed.data.errorType ?? 'error'}: ${parsed.data.error ?? ''}`.trim(),
      );
    }
    return parsed.data.data.result;
  }

  async queryRange(query: string, start: number, end: number, step: number, signal: AbortSignal): Promise<PromMatrix> {
    const result = await this.post(
      '/api/v1/query_range',
      { query, start: String(start), end: String(end), step: String(step), timeout: `${PROMETHEUS_BUDGET_MS / 1000}s` },
      signal,
    );
    const m = matrixSchema.safeParse(result);
    if (!m.success)
      throw metricsUnavailable('Prometheus (SERVEDECK_PROMETHEUS_URL) answered a range query with no matrix');
    return m.data;
  }

  async query(query: string, time: number, signal: AbortSignal): Promise<PromVector> {
    const result = await this.post(
      '/api/v1/query',
      { query, time: String(time), timeout: `${PROMETHEUS_BUDGET_MS / 1000}s` },
      signal,
    );
    const v = vectorSchema.safeParse(result);
    if (!v.success)
      throw metricsUnavailable('Prometheus (SERVEDECK_PROMETHEUS_URL) answered an instant query with no vector');
    return v.data;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
