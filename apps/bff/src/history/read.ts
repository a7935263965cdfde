import type { History } from '@servedeck/shared';
import { z } from 'zod';
import { HttpApiError } from '../http/api-error';
import type { K8sClient } from '../k8s/client';
import { k8sPaths } from '../k8s/paths';
import { outsideChanges } from './managed-fields';
import { listRevisions } from './store';

const liveSchema = z.object({
  metadata: z.object({
    resourceVersion: z.string().default(''),
    generation: z.number().int().nonnegative().default(0),
  }),
});

/**
 * The history of one InferenceService, as the user: the object itself first (so whoever may not read it gets the
 * apiserver's 403/404), then its revisions. ConfigMaps the user may not list: history off, the reason said.
 */
export async function readHistory(client: K8sClient, ns: string, name: string): Promise<History> {
  const live = (await client.call('GET', k8sPaths.isvc(ns, name))).body;
  const meta = liveSchema.safeParse(live);
  const generation = meta.success ? meta.data.metadata.generation : 0;
  const resourceVersion = meta.success ? meta.data.metadata.resourceVersion : '';
  const outside = outsideChanges(live);
  try {
    const revisions = await listRevisions(client, ns, name);
    const newest = revisions.at(-1);
    return {
      enabled: true,
      revisions,
      outside,
      generation,
      resourceVersion,
      // a spec change bumps generation; one past the newest recorded revision was made without ServeDeck
      changedOutside: newest !== undefined && generation > newest.generation,
    };
  } catch (err) {
    if (!(err instanceof HttpApiError) || err.apiError.status !== 403) throw err;
    return {
      enabled: false,
      disabledReason: 'Forbidden',
      disabledMessage: `History is off in namespace ${ns}: you may not read ConfigMaps here (${err.apiError.message})`,
      revisions: [],
      outside,
      generation,
      resourceVersion,
      changedOutside: false,
    };
  }
}
