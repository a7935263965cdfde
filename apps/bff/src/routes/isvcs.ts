import { SERVEDECK_FIELD_MANAGER } from '@servedeck/shared';
import { Router } from 'express';
import { principalOf } from '../auth/require-session';
import { authorOf } from '../history/routes';
import { recordRevision } from '../history/store';
import { HttpApiError } from '../http/api-error';
import { objectBody } from '../http/body';
import { nameParam, nsParam, writeOptions } from '../http/params';
import type { K8sClient } from '../k8s/client';
import { isRecord, type K8sObject } from '../k8s/objects';
import { k8sPaths } from '../k8s/paths';
import { sendListAcross } from '../watch';
import { audit, type RouteContext, requestClient } from './context';

const API_VERSION = 'serving.kserve.io/v1beta1';
const KIND = 'InferenceService';

function withTypeMeta(obj: K8sObject): K8sObject {
  return { apiVersion: API_VERSION, kind: KIND, ...obj };
}

/** On a 409 conflict, attach the live object so the UI can show both versions. */
async function withLive(client: K8sClient, ns: string, name: string | undefined, err: unknown): Promise<never> {
  if (err instanceof HttpApiError && err.apiError.status === 409 && name) {
    try {
      const live = await client.call('GET', k8sPaths.isvc(ns, name));
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

export function isvcRoutes(ctx: RouteContext): Router {
  const r = Router();
  const base = '/api/namespaces/:ns/inferenceservices';

  r.get(base, async (req, res) => {
    const ns = nsParam(req, true);
    await sendListAcross(ctx, req, res, ns, k8sPaths.isvcs, 'isvcs');
  });

  r.get(`${base}/:name`, async (req, res) => {
    const ns = nsParam(req);
    const name = nameParam(req);
    res.json((await requestClient(ctx, req).call('GET', k8sPaths.isvc(ns, name))).body);
  });

  type Write = { verb: string; method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; withName: boolean; body: boolean };
  const writes: Write[] = [
    { verb: 'create', method: 'POST', withName: false, body: true },
    { verb: 'replace', method: 'PUT', withName: true, body: true },
    { verb: 'patch', method: 'PATCH', withName: true, body: true },
    { verb: 'delete', method: 'DELETE', withName: true, body: false },
  ];
  for (const w of writes) {
    const path = w.withName ? `${base}/:name` : base;
    const handler = async (req: import('express').Request, res: import('express').Response): Promise<void> => {
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
        else body = withTypeMeta(body);
      }
      const name = routeName ?? (body ? nameOf(body) : undefined);
      const entry = { verb: w.verb, resource: 'inferenceservices', namespace: ns, name, dryRun: opts.dryRun === 'All' };
      try {
        const result = await client
          .call(w.method, routeName ? k8sPaths.isvc(ns, routeName) : k8sPaths.isvcs(ns), {
            query: {
              dryRun: opts.dryRun,
              fieldValidation: w.method === 'DELETE' ? undefined : opts.fieldValidation,
              fieldManager: w.method === 'DELETE' ? undefined : SERVEDECK_FIELD_MANAGER,
            },
            ...(body ? { body, contentType } : {}),
          })
          .catch((err: unknown) => withLive(client, ns, name, err));
        audit(ctx, req, { ...entry, status: result.status });
        // spec history (apps/bff/src/history): a revision per real write; a failure to record is reported, not raised
        const history =
          w.method === 'DELETE' || opts.dryRun === 'All'
            ? undefined
            : await recordRevision(client, ns, result.body, {
                operation: w.method === 'POST' ? 'create' : 'update',
                author: authorOf(req),
              });
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
