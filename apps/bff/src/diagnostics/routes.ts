import type { Readable } from 'node:stream';
import { componentSchema, type ModelReadiness } from '@servedeck/shared';
import { type Response, Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth/require-session';
import { apiError, HttpApiError } from '../http/api-error';
import { nameParam, nsParam } from '../http/params';
import { probeInference } from '../inference/probe';
import { loadIsvc, type ProxyDeps } from '../inference/proxy';
import type { K8sClient } from '../k8s/client';
import { asList, meta } from '../k8s/objects';
import { ISVC_LABEL, k8sPaths } from '../k8s/paths';
import { type RouteContext, requestClient } from '../routes/context';
import { linesOf, mergeByTime, WindowMerger } from './log-merge';
import { interpretProbe, readinessPlan, unsupportedReadiness } from './model-readiness';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));

const mergedLogQuerySchema = z.object({
  component: componentSchema.default('predictor'),
  container: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/)
    .default('kserve-container'),
  /** Per pod. */
  tailLines: z.coerce.number().int().min(0).max(100_000).optional(),
  previous: flag,
  follow: flag,
  download: flag,
});

/** Followed logs: how long a line waits for lines of other pods before it goes out in time order. */
const FOLLOW_WINDOW_MS = 300;
/** A shown (not downloaded, not followed) log reads at most this much per pod, like the single-pod route. */
const SHOWN_LIMIT_BYTES = 8 * 1024 * 1024;
const READINESS_TIMEOUT_MS = 5_000;

function badQuery(error: z.ZodError): HttpApiError {
  return apiError(400, 'BadRequest', 'Invalid log options', {
    causes: error.issues.map((i) => ({ message: i.message, field: i.path.join('.') })),
  });
}

async function componentPods(client: K8sClient, ns: string, name: string, component: string): Promise<string[]> {
  const list = await client.call('GET', k8sPaths.pods(ns), {
    query: { labelSelector: `${ISVC_LABEL}=${name},component=${component}` },
  });
  return asList(list.body)
    .items.map((p) => meta(p).name)
    .filter((n): n is string => typeof n === 'string')
    .sort();
}

/** `POD - (log not available: REASON: MESSAGE)`: a pod whose log cannot be read is said in place, not an error. */
function unavailable(pod: string, err: unknown): string {
  const why = err instanceof HttpApiError ? `${err.apiError.reason}: ${err.apiError.message}` : 'error';
  return `${pod} - (log not available: ${why.replace(/\s+/g, ' ').slice(0, 300)})`;
}

/**
 * Diagnostics of one InferenceService (docs/diagnostics.md): the merged log of a component's pods and the model's
 * readiness beside the server's. Everything as the user: the InferenceService is read first (its 403/404 answer),
 * pods and logs through the apiserver, readiness through the inference route (probeInference).
 */
export function diagnosticsRoutes(ctx: RouteContext, proxy: ProxyDeps): Router {
  const r = Router();
  const one = '/api/namespaces/:ns/inferenceservices/:name';

  r.get(`${one}/logs`, async (req, res) => {
    const ns = nsParam(req);
    const name = nameParam(req);
    const parsed = mergedLogQuerySchema.safeParse(req.query);
    if (!parsed.success) throw badQuery(parsed.error);
    const q = parsed.data;
    const follow = q.follow === true && !q.download && !q.previous;
    const client = requestClient(ctx, req);
    await client.call('GET', k8sPaths.isvc(ns, name));
    const pods = await componentPods(client, ns, name, q.component);

    const abort = new AbortController();
    res.on('close', () => abort.abort());
    if (follow) {
      const unregister = ctx.streams.add(req.principal?.sessionId, () => {
        abort.abort();
        res.end();
      });
      res.on('close', unregister);
    }
    const opened = await Promise.all(
      pods.map(async (pod) => {
        try {
          const body = await client.stream(
            k8sPaths.podLog(ns, pod),
            {
              container: q.container,
              timestamps: true,
              tailLines: q.download ? undefined : q.tailLines,
              previous: q.previous,
              follow,
              limitBytes: follow || q.download ? undefined : SHOWN_LIMIT_BYTES,
            },
            abort.signal,
            'text/plain, */*',
          );
          return { pod, body };
        } catch (err) {
          if (abort.signal.aborted) return { pod, notice: '' };
          if (err instanceof HttpApiError && err.apiError.status >= 500 && err.apiError.reason === 'ClusterUnavailable')
            throw err;
          return { pod, notice: unavailable(pod, err) };
        }
      }),
    );
    writeHead(res, {
      ns,
      name,
      component: q.component,
      container: q.container,
      pods,
      download: q.download === true,
      previous: q.previous === true,
      follow,
    });
    for (const o of opened) if ('notice' in o && o.notice) res.write(`${o.notice}\n`);
    const streams = opened.flatMap((o) => ('body' in o && o.body ? [{ pod: o.pod, body: o.body }] : []));
    try {
      if (follow) await followMerged(res, streams, abort.signal);
      else {
        for await (const line of mergeByTime(streams.map((s) => ({ pod: s.pod, lines: linesOf(s.body) })))) {
          if (abort.signal.aborted) break;
          if (!res.write(`${line}\n`)) await drained(res, abort.signal);
        }
      }
    } catch {
      // the client left, or a pod's log broke off: what was written stands
    } finally {
      for (const s of streams) s.body.destroy();
      if (!res.writableEnded) res.end();
    }
  });

  r.get(`${one}/model-readiness`, async (req, res) => {
    const ns = nsParam(req);
    const name = nameParam(req);
    const principal = principalOf(req);
    const requestId = typeof req.id === 'string' ? req.id : '';
    // as the user, from the same short cache as the inference route: 403/404 for the object answer here
    const isvc = await loadIsvc(proxy, principal, ns, name);
    const plan = readinessPlan(isvc, name);
    const now = new Date();
    if ('unsupported' in plan) {
      res.json(unsupportedReadiness(plan, now));
      return;
    }
    const probe = (path: string) =>
      probeInference(
        proxy,
        principal,
        { ns, name, path, route: 'gateway', requestId, timeoutMs: READINESS_TIMEOUT_MS },
        isvc,
      );
    const [server, model] = await Promise.all([probe(plan.serverPath), probe(plan.modelPath)]);
    const answer: ModelReadiness = {
      protocol: plan.protocol,
      model: plan.model,
      server: interpretProbe(plan.serverPath, server),
      modelReady: interpretProbe(plan.modelPath, model, plan.protocol === 'v1'),
      checkedAt: now.toISOString(),
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(answer);
  });

  return r;
}

function writeHead(
  res: Response,
  o: {
    ns: string;
    name: string;
    component: string;
    container: string;
    pods: string[];
    download: boolean;
    previous: boolean;
    follow: boolean;
  },
): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // the pods merged, so the page can name them (and say when there are none)
  res.setHeader('X-Log-Pods', o.pods.join(','));
  if (o.follow) res.setHeader('X-Accel-Buffering', 'no');
  if (o.download) {
    const file = `${o.ns}_${o.name}_${o.component}_${o.container}${o.previous ? '_previous' : ''}.log`;
    res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
  }
  res.flushHeaders();
}

function drained(res: Response, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Followed: every pod's lines into a WindowMerger, written in time order once they have waited the window. */
async function followMerged(
  res: Response,
  streams: Array<{ pod: string; body: Readable }>,
  signal: AbortSignal,
): Promise<void> {
  const merger = new WindowMerger(FOLLOW_WINDOW_MS);
  const flush = (all: boolean) => {
    const lines = merger.take(Date.now(), all);
    if (lines.length > 0 && !res.writableEnded) res.write(`${lines.join('\n')}\n`);
  };
  const timer = setInterval(() => flush(false), FOLLOW_WINDOW_MS / 3);
  try {
    await Promise.all(
      streams.map(async (s) => {
        for await (const line of linesOf(s.body)) {
          if (signal.aborted) return;
          merger.push(s.pod, line, Date.now());
        }
      }),
    );
  } finally {
    clearInterval(timer);
    flush(true);
  }
}
