/**
 * Live lists: where a list or an SSE stream of Kubernetes objects is made, as the user.
 * - collection-watch.ts: CollectionWatch, the list-then-watch of one upstream collection;
 * - hub.ts: WatchHub, shares those per user, and between users the apiserver confirms; lingers after the last
 *   tab; health check; lets a list wait for a part's first list (whenSynced) and for a stream about to
 *   subscribe (pending-streams.ts);
 * - access.ts: AccessReviews, the apiserver's answers on who may share a collection (SelfSubjectAccessReview);
 * - recheck.ts: asks those again while a stream shares, and ends a user's share on a refusal;
 * - merge.ts: StreamMerger, several collections into one stream (one RESYNC per resource, then events);
 * - stream.ts: serveWatchStream, the SSE answer of a stream route;
 * - list.ts: listAcross / sendListAcross, a list across namespaces, from the user's live watch when one runs
 *   (or is starting: waited for up to hub.syncWaitMs);
 * - json.ts: the one builder of list and RESYNC JSON;
 * - lean.ts: lists (answers and streams) without managedFields;
 * - watched-list.ts: a list answered from live watches, from per-namespace bytes (gzip joined from pieces).
 * Routes use this surface only.
 */
export { type CollectionSpec, collectionSpec } from './collection-watch';
export { WatchHub } from './hub';
export { listCollectionSpec } from './lean';
export { type ListAnswer, listAcross, sendListAcross } from './list';
export { type StreamPart, serveWatchStream } from './stream';
