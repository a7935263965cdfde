import { type RestoreResult, SERVEDECK_FIELD_MANAGER } from '@servedeck/shared';
import { apiError, HttpApiError } from '../http/api-error';
import type { K8sClient } from '../k8s/client';
import { isRecord } from '../k8s/objects';
import { k8sPaths } from '../k8s/paths';
import { recordRevision, revisionName, revisionOf, specOf } from './store';

async function attachLive(client: K8sClient, ns: string, name: string, err: unknown): Promise<never> {
  if (err instanceof HttpApiError && err.apiError.status === 409) {
    const live = await client.call('GET', k8sPaths.isvc(ns, name)).catch(() => undefined);
    if (live) throw new HttpApiError({ ...err.apiError, live: live.body });
  }
  throw err;
}

/**
 * Put revision `rev`'s spec back (a replace of the live object with that spec), as the user, with the
 * editor's conflict check: the resourceVersion the user saw goes with the write, a 409 carries the live object.
 */
export async function restoreRevision(
  client: K8sClient,
  target: { ns: string; name: string; rev: number },
  opts: { dryRun: boolean; resourceVersion: string | undefined; author: string },
): Promise<RestoreResult> {
  const { ns, name, rev } = target;
  const cmPath = `${k8sPaths.configMaps(ns)}/${encodeURIComponent(revisionName(name, rev))}`;
  const cm = await client.call('GET', cmPath).catch((err: unknown) => {
    if (err instanceof HttpApiError && err.apiError.status === 404) {
      throw apiError(404, 'NotFound', `Revision ${rev} of ${ns}/${name} does not exist`);
    }
    throw err;
  });
  const revision = revisionOf(cm.body);
  if (!revision || revision.revision !== rev) {
    throw apiError(
      422,
      'Invalid',
      `Revision ${rev} of ${ns}/${name} is not a ServeDeck revision (edited outside ServeDeck?)`,
      {
        causes: [
          { field: `configmaps/${revisionName(name, rev)}`, message: 'labels, annotations or spec.json unreadable' },
        ],
      },
    );
  }
  const live = (await client.call('GET', k8sPaths.isvc(ns, name))).body;
  if (!isRecord(live) || !isRecord(live.metadata))
    throw apiError(502, 'BadGateway', 'The apiserver answered no object');
  const { managedFields: _mf, ...metadata } = live.metadata;
  const body = {
    ...live,
    metadata: { ...metadata, ...(opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {}) },
    spec: revision.spec,
  };
  delete (body as Record<string, unknown>).status;
  const result = await client
    .call('PUT', k8sPaths.isvc(ns, name), {
      query: { dryRun: opts.dryRun ? 'All' : undefined, fieldManager: SERVEDECK_FIELD_MANAGER },
      body,
    })
    .catch((err: unknown) => attachLive(client, ns, name, err));
  const object = isRecord(result.body) ? result.body : {};
  const history = opts.dryRun
    ? undefined
    : await recordRevision(client, ns, object, { operation: 'restore', author: opts.author, restoredFrom: rev });
  return {
    object,
    warnings: result.warnings,
    dryRun: opts.dryRun,
    before: specOf(live),
    ...(history ? { history } : {}),
  };
}
