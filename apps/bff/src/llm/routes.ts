import { LLM_INFERENCE_SERVICE, LLM_INFERENCE_SERVICE_CONFIG } from '@servedeck/shared';
import { Router } from 'express';
import type { RouteContext } from '../routes/context';
import { kindWatchRoutes } from '../routes/kind-watch';
import { objectRoutes } from '../routes/object-routes';

/**
 * LLMInferenceService and LLMInferenceServiceConfig (serving.kserve.io/v1alpha2): list/get/create/replace/
 * patch/delete with dry-run and strict validation, and the watch streams (the service with the Deployments,
 * Pods and Services labelled `app.kubernetes.io/name=NAME`, and their events). The OpenAI console goes through
 * the inference route (inference/llm-target.ts).
 */
export function llmRoutes(ctx: RouteContext): Router {
  const r = Router();
  r.use(objectRoutes(ctx, LLM_INFERENCE_SERVICE));
  r.use(kindWatchRoutes(ctx, LLM_INFERENCE_SERVICE));
  r.use(objectRoutes(ctx, LLM_INFERENCE_SERVICE_CONFIG));
  r.use(kindWatchRoutes(ctx, LLM_INFERENCE_SERVICE_CONFIG));
  return r;
}
