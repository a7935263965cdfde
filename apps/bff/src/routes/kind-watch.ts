import { ALL_NAMESPACES, type ResourceKind, type WatchResource, watchResourceSchema } from '@servedeck/shared';
import { Router } from 'express';
import { principalOf } from '../auth/require-session';
import { nameParam, nsParam } from '../http/params';
import { isRecord, type K8sObject, meta } from '../k8s/objects';
import { k8sPaths } from '../k8s/paths';
import { listCollectionSpec, type StreamPart, serveWatchStream, collectionSpec as spec } from '../watch';
import { namespacesFor, type RouteContext } from './context';

const OWNED_PATHS = { pods: k8sPaths.pods, services: k8sPaths.services, deployments: k8sPaths.deployments } as const;

/** The kind's plural as a stream's `resource` (wire.ts watchResourceSchema must list it). */
export function watchResourceOf(kind: ResourceKind): WatchResource {
  return watchResourceSchema.parse(kind.plural);
}

/** Does an Event concern the object (by kind and name) or one of the named objects it owns? */
export function eventAbout(event: K8sObject, kind: string, name: string, owned: Set<string>): boolean {
  const io = event.involvedObject;
  if (!isRecord(io) || typeof io.name !== 'string') return false;
  if (io.kind === kind) return io.name === name;
  return owned.has(io.name);
}

/**
 * SSE routes of one registry kind (kindApiPaths.listWatch / objectWatch): list-then-watch of the kind in a
 * namespace (or every usable one), and one object with the objects it owns (`kind.owned`) and their events.
 */
export function kindWatchRoutes(ctx: RouteContext, kind: ResourceKind): Router {
  const r = Router();
  const resource = watchResourceOf(kind);
  const collection = (ns: string) => k8sPaths.kind(kind, ns);

  r.get(`/api/namespaces/:ns/watch/${kind.plural}`, async (req, res) => {
    const ns = nsParam(req, true);
    const namespaces = ns === ALL_NAMESPACES ? await namespacesFor(ctx, principalOf(req)) : [ns];
    const parts: StreamPart[] = namespaces.map((n) => ({
      resource,
      spec: listCollectionSpec(kind.watchKey, n, collection(n)),
      primary: ns !== ALL_NAMESPACES,
    }));
    await serveWatchStream(ctx, req, res, parts);
  });

  r.get(`/api/namespaces/:ns/${kind.plural}/:name/watch`, async (req, res) => {
    const ns = nsParam(req);
    const name = nameParam(req);
    const ownedKinds = kind.owned?.kinds ?? [];
    const selector = { labelSelector: `${kind.owned?.label}=${name}` };
    const parts: StreamPart[] = [
      {
        resource,
        spec: spec(kind.watchKey, ns, collection(ns), { fieldSelector: `metadata.name=${name}` }),
        primary: true,
      },
      ...ownedKinds.map(
        (k): StreamPart => ({ resource: k, spec: spec(k, ns, OWNED_PATHS[k](ns), selector), primary: false }),
      ),
      {
        resource: 'events',
        spec: spec('events', ns, k8sPaths.events(ns)),
        primary: false,
        dependsOn: [...ownedKinds],
        filter: (e, current) => {
          const owned = new Set<string>();
          for (const k of ownedKinds) for (const o of current(k)) if (meta(o).name) owned.add(meta(o).name as string);
          return eventAbout(e, kind.kind, name, owned);
        },
      },
    ];
    await serveWatchStream(ctx, req, res, parts);
  });
  return r;
}
