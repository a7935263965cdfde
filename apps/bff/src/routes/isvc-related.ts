import { Router } from 'express';
import { nameParam, nsParam } from '../http/params';
import { asList, isRecord, type K8sObject, meta } from '../k8s/objects';
import { eventConcerns, ownedKeys, ownedObjects, ownedResources } from '../k8s/owned';
import { ISVC_LABEL, k8sPaths } from '../k8s/paths';
import { listAcross } from '../watch';
import { type RouteContext, requestClient } from './context';

function podReady(pod: K8sObject): boolean {
  const status = pod.status;
  if (!isRecord(status) || !Array.isArray(status.conditions)) return false;
  return status.conditions.some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True');
}

/** Pods, services, deployments and events of one InferenceService; pod counts for the list page. */
export function isvcRelatedRoutes(ctx: RouteContext): Router {
  const r = Router();
  const one = '/api/namespaces/:ns/inferenceservices/:name';

  r.get(`${one}/resources`, async (req, res) => {
    const ns = nsParam(req);
    const name = nameParam(req);
    const client = requestClient(ctx, req);
    await client.call('GET', k8sPaths.isvc(ns, name)); // 403/404 for the object itself come first
    res.json(await ownedResources(client, ns, name));
  });

  r.get(`${one}/events`, async (req, res) => {
    const ns = nsParam(req);
    const name = nameParam(req);
    const client = requestClient(ctx, req);
    await client.call('GET', k8sPaths.isvc(ns, name));
    const [owned, events] = await Promise.all([
      ownedObjects(client, ns, name),
      client.call('GET', k8sPaths.events(ns)),
    ]);
    const keys = ownedKeys((r) => owned.objects.get(r) ?? []);
    const items = asList(events.body).items.filter((e) => eventConcerns(e, name, keys));
    res.json({ items, warnings: owned.warnings });
  });

  r.get('/api/namespaces/:ns/inferenceservice-pods', async (req, res) => {
    const ns = nsParam(req, true);
    const list = await listAcross(ctx, req, ns, k8sPaths.pods, { labelSelector: ISVC_LABEL });
    const counts = new Map<string, { namespace: string; name: string; ready: number; total: number }>();
    for (const pod of list.items) {
      const m = meta(pod);
      const labels = isRecord(pod.metadata) && isRecord(pod.metadata.labels) ? pod.metadata.labels : {};
      const isvc = labels[ISVC_LABEL];
      if (typeof isvc !== 'string' || !m.namespace) continue;
      const key = `${m.namespace}/${isvc}`;
      const c = counts.get(key) ?? { namespace: m.namespace, name: isvc, ready: 0, total: 0 };
      c.total += 1;
      if (podReady(pod)) c.ready += 1;
      counts.set(key, c);
    }
    res.json({ items: [...counts.values()], warnings: list.warnings });
  });

  r.get('/api/namespaces/:ns/servingruntimes', async (req, res) => {
    const ns = nsParam(req, true);
    res.json(await listAcross(ctx, req, ns, k8sPaths.servingRuntimes));
  });

  r.get('/api/clusterservingruntimes', async (req, res) => {
    const { items, resourceVersion } = asList(
      (await requestClient(ctx, req).call('GET', k8sPaths.clusterServingRuntimes())).body,
    );
    res.json({ items, ...(resourceVersion ? { resourceVersion } : {}), warnings: [] });
  });

  return r;
}
