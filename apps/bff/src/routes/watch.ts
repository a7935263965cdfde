import { ALL_NAMESPACES } from '@servedeck/shared';
import { Router } from 'express';
import { principalOf } from '../auth/require-session';
import { nameParam, nsParam } from '../http/params';
import { eventConcerns, OWNED_KINDS, ownedKeys, ownedSelector } from '../k8s/owned';
import { k8sPaths } from '../k8s/paths';
import { listCollectionSpec, type StreamPart, serveWatchStream, collectionSpec as spec } from '../watch';
import { namespacesFor, type RouteContext } from './context';

/** SSE: list-then-watch of InferenceServices in a namespace (or all usable ones), or of one with what it owns. */
export function watchRoutes(ctx: RouteContext): Router {
  const r = Router();

  r.get('/api/namespaces/:ns/watch/inferenceservices', async (req, res) => {
    const ns = nsParam(req, true);
    const namespaces = ns === ALL_NAMESPACES ? await namespacesFor(ctx, principalOf(req)) : [ns];
    const parts: StreamPart[] = namespaces.map((n) => ({
      resource: 'inferenceservices',
      spec: listCollectionSpec('isvcs', n, k8sPaths.isvcs(n)),
      primary: ns !== ALL_NAMESPACES,
    }));
    await serveWatchStream(ctx, req, res, parts);
  });

  r.get('/api/namespaces/:ns/inferenceservices/:name/watch', async (req, res) => {
    const ns = nsParam(req);
    const name = nameParam(req);
    const parts: StreamPart[] = [
      {
        resource: 'inferenceservices',
        spec: spec('isvcs', ns, k8sPaths.isvcs(ns), { fieldSelector: `metadata.name=${name}` }),
        primary: true,
      },
      // pods, services, deployments, replicasets, HPAs, ... (OWNED_KINDS): shown, and whose events are shown
      ...OWNED_KINDS.map(
        (k): StreamPart => ({
          resource: k.resource,
          spec: spec(k.resource, ns, k.path(ns), { labelSelector: ownedSelector(k, name) }),
          primary: false,
        }),
      ),
      {
        resource: 'events',
        spec: spec('events', ns, k8sPaths.events(ns)),
        primary: false,
        dependsOn: OWNED_KINDS.map((k) => k.resource),
        filter: (e, current) => eventConcerns(e, name, ownedKeys(current)),
      },
    ];
    await serveWatchStream(ctx, req, res, parts);
  });
  return r;
}
