import { apiPaths, writeResultSchema } from '@servedeck/shared';
import { requestJson } from '@/lib/http';

/**
 * A quick action's write: the BFF's PATCH route (a JSON merge patch, `fieldManager=servedeck`, recorded in the
 * spec history like every ServeDeck write), with the resourceVersion in the patch so a change in between is a
 * 409, as in the editor. `dryRun`: the apiserver validates and answers the result without writing.
 */
export function patchIsvc(ns: string, name: string, patch: Record<string, unknown>, dryRun: boolean) {
  return requestJson(apiPaths.isvc(ns, name), writeResultSchema, {
    method: 'PATCH',
    json: patch,
    contentType: 'application/merge-patch+json',
    query: { fieldValidation: 'Strict', ...(dryRun ? { dryRun: 'All' } : {}) },
  });
}
