/**
 * Live lists: where a list or an SSE stream of Kubernetes objects is made, as the user.
 * - collection-watch.ts: CollectionWatch, the list-then-watch of one upstream collection;
 * - hub.ts: WatchHub, shares those per user (never across users), lingers after the last tab, health check;
 * - merge.ts: StreamMerger, several collections into one stream (one RESYNC per resource, then events);
 * - stream.ts: serveWatchStream, the SSE answer of a stream route;
 * - list.ts: listAcross / sendListAcross, a list across namespaces, from the user's live watch when one runs;
 * - json.ts: the one builder of list and RESYNC JSON.
 * Routes use this surface only.
 */
export { type CollectionSpec, collectionSpec } from './collection-watch';
export { WatchHub } from './hub';
export { type ListAnswer, listAcross, sendListAcross } from './list';
export { type StreamPart, serveWatchStream } from './stream';
