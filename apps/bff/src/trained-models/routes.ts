import { TRAINED_MODEL } from '@servedeck/shared';
import { Router } from 'express';
import type { RouteContext } from '../routes/context';
import { kindWatchRoutes } from '../routes/kind-watch';
import { objectRoutes } from '../routes/object-routes';

/**
 * TrainedModel (serving.kserve.io/v1alpha1, multi-model serving): the registry kind's list/get/create/replace/
 * patch/delete and its watch streams, as the user. Its console goes through the parent InferenceService's
 * inference route with the TrainedModel's name as the model (KServe serves it at `/v1/models/NAME:predict`).
 */
export function trainedModelRoutes(ctx: RouteContext): Router {
  const r = Router();
  r.use(objectRoutes(ctx, TRAINED_MODEL));
  r.use(kindWatchRoutes(ctx, TRAINED_MODEL));
  return r;
}
