import { restoreBodySchema, restoreQuerySchema } from '@servedeck/shared';
import { type Request, Router } from 'express';
import { principalOf } from '../auth/require-session';
import { apiError } from '../http/api-error';
import { nameParam, nsParam } from '../http/params';
import { audit, type RouteContext, requestClient } from '../routes/context';
import { readHistory } from './read';
import { restoreRevision } from './restore';

/** Who a revision is by: the session's email, else its user name. */
export function authorOf(req: Request): string {
  const u = principalOf(req).user;
  return u.email ?? u.name;
}

function revParam(req: Request): number {
  const raw = req.params.rev;
  const n = typeof raw === 'string' && /^[1-9][0-9]{0,8}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n)) {
    throw apiError(400, 'BadRequest', 'Invalid revision: a positive whole number', {
      causes: [{ field: 'rev', message: `not a revision number: ${String(raw).slice(0, 40)}` }],
    });
  }
  return n;
}

function zodCauses(issues: { path: PropertyKey[]; message: string }[], where: string) {
  return issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), message: i.message }));
}

export function historyRoutes(ctx: RouteContext): Router {
  const r = Router();
  const base = '/api/namespaces/:ns/inferenceservices/:name/history';

  r.get(base, async (req, res) => {
    res.json(await readHistory(requestClient(ctx, req), nsParam(req), nameParam(req)));
  });

  r.post(`${base}/:rev/restore`, async (req, res) => {
    const ns = nsParam(req);
    const name = nameParam(req);
    const rev = revParam(req);
    const q = restoreQuerySchema.safeParse({
      dryRun: typeof req.query.dryRun === 'string' ? req.query.dryRun : undefined,
    });
    if (!q.success) {
      throw apiError(400, 'BadRequest', 'dryRun must be true or false', { causes: zodCauses(q.error.issues, 'query') });
    }
    const b = restoreBodySchema.safeParse(req.body ?? {});
    if (!b.success) {
      throw apiError(400, 'BadRequest', 'The body may hold only { resourceVersion: string }', {
        causes: zodCauses(b.error.issues, 'body'),
      });
    }
    const dryRun = q.data.dryRun === 'true';
    const entry = { verb: 'restore', resource: 'inferenceservices', namespace: ns, name, dryRun };
    try {
      const result = await restoreRevision(
        requestClient(ctx, req),
        { ns, name, rev },
        { dryRun, resourceVersion: b.data.resourceVersion, author: authorOf(req) },
      );
      audit(ctx, req, { ...entry, status: 200 });
      res.json(result);
    } catch (err) {
      const e = err as { apiError?: { status: number; reason: string } };
      audit(ctx, req, { ...entry, status: e.apiError?.status ?? 500, reason: e.apiError?.reason ?? 'InternalError' });
      throw err;
    }
  });
  return r;
}
