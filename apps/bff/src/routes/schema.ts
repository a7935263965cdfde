import { Router } from 'express';
import { apiError } from '../http/api-error';
import { isRecord } from '../k8s/objects';
import { ISVC_CRD, k8sPaths } from '../k8s/paths';
import { type RouteContext, requestClient } from './context';

type Cached = { schema: Record<string, unknown>; etag: string; fetchedAt: number };

/** The v1beta1 openAPIV3Schema of a CRD object, or undefined. */
export function schemaFromCrd(crd: unknown, version = 'v1beta1'): Record<string, unknown> | undefined {
  if (!isRecord(crd) || !isRecord(crd.spec) || !Array.isArray(crd.spec.versions)) return undefined;
  const v = crd.spec.versions.find((x) => isRecord(x) && x.name === version);
  if (!isRecord(v) || !isRecord(v.schema) || !isRecord(v.schema.openAPIV3Schema)) return undefined;
  return v.schema.openAPIV3Schema;
}

/**
 * The InferenceService JSON schema for the editor, read from the CRD *as the user* (a user who may not
 * read CRDs gets the apiserver's 403). The schema is public cluster metadata, so it is cached for every
 * user for 10 minutes, keyed by the CRD's resourceVersion (ETag).
 */
export function schemaRoutes(ctx: RouteContext): Router {
  const r = Router();
  let cached: Cached | undefined;
  r.get('/api/schema/inferenceservice', async (req, res) => {
    if (!cached || Date.now() - cached.fetchedAt > 10 * 60_000) {
      const crd = (await requestClient(ctx, req).call('GET', k8sPaths.crd(ISVC_CRD))).body;
      const schema = schemaFromCrd(crd);
      if (!schema) throw apiError(502, 'BadGateway', 'The InferenceService CRD has no v1beta1 schema');
      const rv = isRecord(crd) && isRecord(crd.metadata) ? String(crd.metadata.resourceVersion ?? '') : '';
      cached = { schema, etag: `"crd-${rv}"`, fetchedAt: Date.now() };
    }
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('ETag', cached.etag);
    if (req.headers['if-none-match'] === cached.etag) {
      res.status(304).end();
      return;
    }
    res.json(cached.schema);
  });
  return r;
}
