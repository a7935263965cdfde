import { INFERENCE_SERVICE } from '@servedeck/shared';
import type { Router } from 'express';
import { authorOf } from '../history/routes';
import { recordRevision } from '../history/store';
import type { RouteContext } from './context';
import { objectRoutes } from './object-routes';

/**
 * InferenceService routes: the registry kind's routes (object-routes.ts), plus a spec history revision
 * per real create/update (apps/bff/src/history; a failure to record is reported, not raised).
 */
export function isvcRoutes(ctx: RouteContext): Router {
  return objectRoutes(ctx, INFERENCE_SERVICE, (client, ns, written, { operation, req }) =>
    recordRevision(client, ns, written, { operation, author: authorOf(req) }),
  );
}
