import { isRecord, type K8sObject } from '../k8s/objects';
import { type CollectionSpec, collectionSpec } from './collection-watch';
import { objectsJson } from './json';

/**
 * Lists (list answers and list streams) carry each object without `metadata.managedFields`: nearly half of
 * an InferenceService's JSON (the field owners of every writer), and nothing a list shows. What reads it
 * (History's field owners, the YAML tab's "who set this line") reads the object's own GET and its
 * per-object stream, which keep it: those collections are never lean.
 */
export function withoutManagedFields(o: K8sObject): K8sObject {
  const m = o.metadata;
  if (!isRecord(m) || !('managedFields' in m)) return o;
  const { managedFields: _dropped, ...metadata } = m;
  return { ...o, metadata };
}

/** Lean objects as comma-separated JSON (a list answer's items from the apiserver). */
export function leanObjectsJson(objects: K8sObject[]): string {
  return objectsJson(objects.map(withoutManagedFields));
}

/**
 * The list-watch of a whole namespace's collection of a kind (the list page's stream, and the list answer
 * served from it): lean objects. Its key differs from collectionSpec's, so a collection that keeps
 * managedFields never shares its part.
 */
export function listCollectionSpec(kind: string, ns: string, path: string): CollectionSpec {
  const spec = collectionSpec(kind, ns, path);
  return { ...spec, key: `${spec.key}#lean`, trim: withoutManagedFields };
}
