/**
 * InferenceService's names, apart from its registry entry: the BFF paths (api-routes.ts) need only these, so the
 * web app's first script builds its paths without the entry's zod schema.
 */
export const INFERENCE_SERVICE_NAMES = {
  kind: 'InferenceService',
  group: 'serving.kserve.io',
  version: 'v1beta1',
  plural: 'inferenceservices',
} as const;
