import { apiVersionOf, type HistoryRecord, type ResourceKind, SERVEDECK_FIELD_MANAGER } from '@servedeck/shared';
import { type Request, type Response, Router } from 'express';
import { principalOf } from '../auth/require-session';
import { HttpApiError } from '../http/api-error';
import { objectBody } from '../http/body';
import { nameParam, nsParam, writeOptions } from '../http/params';
import type { K8sClient } from '../k8s/client';
import { isRecord, type K8sObject } from '../k8s/objects';
import { k8sPaths } from '../k8s/paths';
import { sendListAcross } from '../watch';
import { audit, type RouteContext, requestClient } from './context';

/** Called after a real (not dry-run) create or update; its answer goes out as the write answer's `history`. */
export type AfterWrite = (
  client: K8sClient,
  ns: string,
  written: unknown,
  op: { operation: 'create' | 'update'; req: Request },
) => Promise<HistoryRecord | undefined>;

/** On a 409 conflict, attach the live object so the UI can show both versions. */
async function withLive(
  client: K8sClient,
  kind: ResourceKind,
  ns: string,
  name: string | undefined,
  err: unknown,
): Promise<never> {
  if (err instanceof HttpApiError && err.apiError.status === 409 && name) {
    try {
      const live = await client.call('GET', k8sPaths.kindObject(kind, ns, name));
      throw new HttpApiError({ ...err.apiError, live: live.body });
    } catch (inner) {
      if (inner instanceof HttpApiError && inner.apiError.live !== undefined) throw inner;
    }
  }
  throw err;
}

function nameOf(obj: K8sObject): string | undefined {
  const m = obj.metadata;
  return isRecord(m) && typeof m.name === 'string' ? m.name : undefined;
}

type Write = { verb: string; method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; withName: boolean; body: boolean };
const WRITES: Write[] = [
  { verb: 'create', method: 'POST', withName: false, body: true },
  { verb: 'replace', method: 'PUT', withName: true, body: true },
  { verb: 'patch', method: 'PATCH', withName: true, body: true },
  { verb: 'delete', method: 'DELETE', withName: true, body: false },
];

/**
 * List (one namespace or all), get, create, replace, merge-patch and delete of one registry kind, as the
 * user, at `/api/namespaces/:ns/<plural>[/:name]` (kindApiPaths). Writes carry fieldManager=servedeck,
 * are audited, and a 409 carries the live object.
 */
export function objectRoutes(ctx: RouteContext, kind: ResourceKind, afterWrite?: AfterWrite): Router {
  const r = Router();
  const base = `/api/namespaces/:ns/${kind.plural}`;
  const collection = (ns: string) => k8sPaths.kind(kind, ns);

  r.get(base, async (req, res) => {
    const ns = nsParam(req, true);
    await sendListAcross(ctx, req, res, ns, collection, kind.watchKey);
  });

  r.get(`${base}/:name`, async (req, res) => {
    const ns = nsParam(req);
    const name = nameParam(req);
    res.json((await requestClient(ctx, req).call('GET', k8sPaths.kindObject(kind, ns, name))).body);
  });

  for (const w of WRITES) {
    const path = w.withName ? `${base}/:name` : base;
    const handler = async (req: Request, res: Response): Promise<void> => {
      const ns = nsParam(req);
      const routeName = w.withName ? nameParam(req) : undefined;
      const opts = writeOptions(req);
      principalOf(req);
      const client = requestClient(ctx, req);
      let body: K8sObject | undefined;
      let contentType = 'application/json';
      if (w.body) {
        body = objectBody(req);
        if (w.method === 'PATCH') contentType = 'application/merge-patch+json';
        else body = { apiVersion: apiVersionOf(kind), kind: kind.kind, ...body };
      }
      const name = routeName ?? (body ? nameOf(body) : undefined);
      const entry = { verb: w.verb, resource: kind.plural, namespace: ns, name, dryRun: opts.dryRun === 'All' };
      try {
        const result = await client
          .call(w.method, routeName ? k8sPaths.kindObject(kind, ns, routeName) : collection(ns), {
            query: {
              dryRun: opts.dryRun,
              fieldValidation: w.method === 'DELETE' ? undefined : opts.fieldValidation,
              fieldManager: w.method === 'DELETE' ? undefined : SERVEDECK_FIELD_MANAGER,
            },
            ...(body ? { body, contentType } : {}),
          })
          .catch((err: unknown) => withLive(client, kind, ns, name, err));
        audit(ctx, req, { ...entry, status: result.status });
        const history =
          w.method === 'DELETE' || opts.dryRun === 'All' || !afterWrite
            ? undefined
            : await afterWrite(client, ns, result.body, { operation: w.method === 'POST' ? 'create' : 'update', req });
        res.status(result.status).json({
          object: isRecord(result.body) ? result.body : {},
          warnings: result.warnings,
          ...(history ? { history } : {}),
        });
      } catch (err) {
        const status = err instanceof HttpApiError ? err.apiError.status : 500;
        const reason = err instanceof HttpApiError ? err.apiError.reason : 'InternalError';
        audit(ctx, req, { ...entry, status, reason });
        throw err;
      }
    };
    if (w.method === 'POST') r.post(path, handler);
    else if (w.method === 'PUT') r.put(path, handler);
    else if (w.method === 'PATCH') r.patch(path, handler);
    else r.delete(path, handler);
  }
  return r;
}
