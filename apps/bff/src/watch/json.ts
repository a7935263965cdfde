import type { WatchResource } from '@servedeck/shared';
import type { K8sObject } from '../k8s/objects';

/**
 * The one builder of the live lists' JSON: a list answer and a stream's RESYNC are joined from each
 * object's JSON (CollectionWatch keeps it, made once per object), so a list of thousands is a string
 * join, not a serialisation of every object for every answer. Each function gives the same text as
 * JSON.stringify of the object it names.
 */

/** Objects as comma-separated JSON (the inside of a JSON array). */
export function objectsJson(objects: K8sObject[]): string {
  return objects.map((o) => JSON.stringify(o)).join(',');
}

/** `[a,b,...]` from pieces that are each comma-separated JSON (empty pieces are skipped). */
function joinItems(pieces: string[]): string {
  return `[${pieces.filter((p) => p.length > 0).join(',')}]`;
}

/** A list answer (ListAnswer): `{"items":[...],"resourceVersion":"..."?,"warnings":[...]}`. */
export function listJson(pieces: string[], resourceVersion: string | undefined, warnings: string[]): string {
  return `${LIST_HEAD}${joinItems(pieces).slice(1, -1)}${listTail(resourceVersion, warnings)}`;
}

/** A list answer written in pieces (pages as they arrive): the head, then items, then `listTail`. */
export const LIST_HEAD = '{"items":[';

/** What follows the last item of a list answer. */
export function listTail(resourceVersion: string | undefined, warnings: string[]): string {
  const rv = resourceVersion ? `,"resourceVersion":${JSON.stringify(resourceVersion)}` : '';
  return `]${rv},"warnings":${JSON.stringify(warnings)}}`;
}

/** A stream's RESYNC (WatchEvent): `{"type":"RESYNC","resource":...,"items":[...],"resourceVersion":...}`. */
export function resyncJson(resource: WatchResource, pieces: string[], resourceVersion: string): string {
  return `{"type":"RESYNC","resource":${JSON.stringify(resource)},"items":${joinItems(pieces)},"resourceVersion":${JSON.stringify(resourceVersion)}}`;
}
