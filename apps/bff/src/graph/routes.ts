import { INFERENCE_GRAPH } from '@servedeck/shared';
import { Router } from 'express';
import type { RouteContext } from '../routes/context';
import { kindWatchRoutes } from '../routes/kind-watch';
import { objectRoutes } from '../routes/object-routes';

/**
 * InferenceGraph (serving.kserve.io/v1alpha1): the registry kind's list/get/create/replace/patch/delete
 * (dry-run, strict field validation, 409 with the live object) and its two watch streams. Its console goes
 * through the inference route (apps/bff/src/inference, target from the graph's status.url).
 */
export function graphRoutes(ctx: RouteContext): Router {
  const r = Router();
  r.use(objectRoutes(ctx, INFERENCE_GRAPH));
  r.use(kindWatchRoutes(ctx, INFERENCE_GRAPH));
  return r;
}
