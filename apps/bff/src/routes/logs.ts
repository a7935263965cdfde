import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { z } from 'zod';
import { apiError } from '../http/api-error';
import { nameParam, nsParam } from '../http/params';
import { k8sPaths } from '../k8s/paths';
import { type RouteContext, requestClient } from './context';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));

const logQuerySchema = z.object({
  container: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/)
    .optional(),
  tailLines: z.coerce.number().int().min(0).max(100_000).optional(),
  sinceSeconds: z.coerce.number().int().min(1).optional(),
  previous: flag,
  follow: flag,
  /** The whole log (no byte limit) as an attachment: the Logs tab's download, streamed (docs/diagnostics.md). */
  download: flag,
});

/** Pod logs as text/plain; with follow=true the response streams until the client or the pod goes away. */
export function logRoutes(ctx: RouteContext): Router {
  const r = Router();
  r.get('/api/namespaces/:ns/pods/:pod/log', async (req, res) => {
    const ns = nsParam(req);
    const pod = nameParam(req, 'pod');
    const parsed = logQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      throw apiError(400, 'BadRequest', 'Invalid log options', {
        causes: parsed.error.issues.map((i) => ({ message: i.message, field: i.path.join('.') })),
      });
    }
    const q = parsed.data;
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    if (q.follow) {
      // a followed log is long-lived: logout and shutdown end it like an SSE stream
      const unregister = ctx.streams.add(req.principal?.sessionId, () => {
        abort.abort();
        res.end();
      });
      res.on('close', unregister);
    }
    const body = await requestClient(ctx, req).stream(
      k8sPaths.podLog(ns, pod),
      {
        container: q.container,
        tailLines: q.tailLines,
        sinceSeconds: q.sinceSeconds,
        previous: q.previous,
        follow: q.follow,
        limitBytes: q.follow || q.download ? undefined : 8 * 1024 * 1024,
      },
      abort.signal,
      'text/plain, */*',
    );
    res.status(200);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (q.follow) res.setHeader('X-Accel-Buffering', 'no');
    if (q.download && !q.follow) {
      const file = `${ns}_${pod}_${q.container ?? 'log'}${q.previous ? '_previous' : ''}.log`;
      res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
    }
    res.flushHeaders();
    await pipeline(body, res).catch(() => {
      // client went away or the pod's log ended abruptly: nothing more to send
    });
  });
  return r;
}
