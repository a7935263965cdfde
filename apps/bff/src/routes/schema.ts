import { crdNameOf, kindApiPaths, RESOURCE_KINDS, type ResourceKind } from '@servedeck/shared';
import { Router } from 'express';
import { apiError } from '../http/api-error';
import { isRecord } from '../k8s/objects';
import { k8sPaths } from '../k8s/paths';
import { type RouteContext, requestClient } from './context';

type Cached = { schema: Record<string, unknown>; etag: string; fetchedAt: number };

/** The openAPIV3Schema of one version of a CRD object, or undefined. */
export function schemaFromCrd(crd: unknown, version = 'v1beta1'): Record<string, unknown> | undefined {
  if (!isRecord(crd) || !isRecord(crd.spec) || !Array.isArray(crd.spec.versions)) return undefined;
  const v = crd.spec.versions.find((x) => isRecord(x) && x.name === version);
  if (!isRecord(v) || !isRecord(v.schema) || !isRecord(v.schema.openAPIV3Schema)) return undefined;
  return v.schema.openAPIV3Schema;
}

/**
 * The JSON schema of each registry kind for the editor (`/api/schema/<kind in lower case>`), read from its
 * CRD *as the user* (a user who may not read CRDs gets the apiserver's 403). The schema is public cluster
 * metadata, so it is cached for every user for 10 minutes, keyed by the CRD's resourceVersion (ETag).
 */
export function schemaRoutes(ctx: RouteContext, kinds: readonly ResourceKind[] = RESOURCE_KINDS): Router {
  const r = Router();
  for (const kind of kinds) {
    let cached: Cached | undefined;
    r.get(kindApiPaths.schema(kind), async (req, res) => {
      if (!cached || Date.now() - cached.fetchedAt > 10 * 60_000) {
        const crd = (await requestClient(ctx, req).call('GET', k8sPaths.crd(crdNameOf(kind)))).body;
        const schema = schemaFromCrd(crd, kind.version);
        if (!schema) throw apiError(502, 'BadGateway', `The ${kind.kind} CRD has no ${kind.version} schema`);
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
  }
  return r;
}
