import type { ApiError } from '@servedeck/shared';
import type { Request, Response } from 'express';
import { principalKey } from '../auth/principal';
import { principalOf } from '../auth/require-session';
import { HttpApiError, sendApiError } from '../http/api-error';
import { formatSseJson, SseStream } from '../http/sse';
import { clientFor, type RouteContext } from '../routes/context';
import { accessAttrsOf } from './access';
import type { CollectionSpec } from './collection-watch';
import type { Subscription } from './hub';
import { resyncJson } from './json';
import { type MergeInput, StreamMerger } from './merge';
import { recheckShared } from './recheck';

export type StreamPart = MergeInput & { spec: CollectionSpec };

/**
 * An SSE response fed by one or more shared upstream list-watches. Per resource, one RESYNC with the union
 * of its parts once they have all listed, then the events (filtered); relists are merged again (see
 * StreamMerger). Ends on logout, when the session is gone, on a final upstream error, or when the client
 * leaves.
 */
export async function serveWatchStream(ctx: RouteContext, req: Request, res: Response, parts: StreamPart[]) {
  const p = principalOf(req);
  const owner = principalKey(p);
  // The principal again, its session re-read from the store (oidc: tokens refreshed when due, undefined once
  // it has ended; throws 503 IssuerUnavailable while Dex is down: retried, not ended). Other modes do not
  // depend on a session: the principal stays (the request's socket may be gone while a part lingers).
  const again = async () => (p.mode === 'oidc' ? ctx.auth.authenticate(req, { sid: p.sessionId ?? '' }) : p);
  const getClient = async () => {
    const cur = await again();
    return cur ? clientFor(ctx, cur) : undefined;
  };
  const stream = new SseStream(res, {
    heartbeatMs: ctx.config.sseHeartbeatMs,
    maxBufferBytes: ctx.config.sseMaxBufferBytes,
    onHeartbeat: () => {
      if (p.mode !== 'oidc') return;
      void again()
        .catch(() => p)
        .then((cur) => {
          if (!cur) endWith({ status: 401, reason: 'Unauthenticated', message: 'The session has ended', causes: [] });
        });
    },
    // a slow client is dropped rather than buffered without bound; its EventSource reconnects to a RESYNC
    onFallBehind: (pendingBytes) =>
      ctx.logger.info({ reqId: req.id, url: req.originalUrl, pendingBytes }, 'stream client fell behind: dropped'),
  });
  // Which parts this user may share with others: those the apiserver confirms the user may watch (access.ts).
  // The others run as this user alone, as before, and the apiserver answers their requests itself.
  const access = parts.map((part) => (ctx.config.sharedWatches ? accessAttrsOf(part.spec.path) : undefined));
  // until the parts are subscribed (below), this user's lists of them wait for them instead of listing beside them
  const subscribed = ctx.hub.starting(
    owner,
    parts.map((part) => part.spec.key),
  );
  const verdicts = await Promise.all(
    access.map((attrs) => (attrs ? ctx.access.verdict(owner, getClient, attrs, 'watch') : 'denied')),
  ).catch((err: unknown) => {
    subscribed();
    throw err;
  });
  const shared = verdicts.map((v) => v === 'allowed');
  const subs: Subscription[] = [];
  /** Parts whose shared copy this stream left because the user's access ended (see recheck). */
  const dropped = parts.map(() => false);
  /** The client left (a reload, a closed tab): the parts may linger for its next stream. Not after logout etc. */
  let linger = true;
  const endWith = (err: ApiError): void => {
    linger = false;
    stream.send('error', err);
    stream.close();
  };
  // a silent watch (etcd down) is noticed by one shared health check while any watch runs
  const health = ctx.cluster.health;
  if (health) ctx.hub.useHealth(() => health.check());
  const merger = new StreamMerger(parts, {
    write: (chunk) => stream.sendRaw(chunk),
    end: endWith,
    // every tab of this user on the same list shares one serialised RESYNC while the parts are unchanged
    serialise: (resource, members, build) => {
      const kept = members.filter((i) => !dropped[i]);
      return ctx.hub.serialise(
        `${resource}\u0000${kept.map((i) => parts[i]?.spec.key).join('\u0000')}`,
        kept.flatMap((i) => (subs[i] ? [subs[i].part] : [])),
        build,
      );
    },
  });

  parts.forEach((part, i) => {
    const sub = ctx.hub.subscribe(
      owner,
      part.spec,
      getClient,
      {
        resync: () => merger.resync(i),
        event: (type, object) => merger.event(i, type, object),
        error: (err, final) => merger.error(i, err, final),
      },
      shared[i],
    );
    subs.push(sub);
    merger.attach(i, sub.part);
    // A refusal before the first list rejects `ready` instead of calling `error`: for a primary part the
    // route answers it below; an optional one (a namespace of all) is then settled, not waited for.
    if (!part.primary) {
      sub.ready.catch((err: unknown) => {
        if (err instanceof HttpApiError) merger.error(i, err.apiError, true);
      });
    }
  });
  subscribed();
  merger.start();
  // Shared parts: the user's access is asked again while the stream lasts; a refusal ends this user's share.
  const stopRecheck = recheckShared(ctx, owner, getClient, access, shared, (i, err) => {
    if (dropped[i]) return;
    dropped[i] = true;
    subs[i]?.unsubscribe();
    merger.detach(i);
    merger.error(i, err, true);
  });
  // logout of this session and shutdown end the stream, and the parts with it (no linger)
  const unregister = ctx.streams.add(p.sessionId, () => {
    linger = false;
    stream.close();
  });
  ctx.metrics.sseStreams.inc();
  stream.onClose(() => {
    stopRecheck();
    merger.close();
    ctx.metrics.sseStreams.dec();
    unregister();
    // a lingering part is still ended by this session's logout (and by shutdown)
    const lingering = linger ? { register: (stop: () => void) => ctx.streams.add(p.sessionId, stop) } : undefined;
    for (const s of subs) s.unsubscribe(lingering);
  });

  try {
    await Promise.all(subs.filter((_, i) => parts[i]?.primary).map((s) => s.ready));
  } catch (err) {
    const clientStillThere = !stream.isClosed;
    linger = false;
    stream.close(); // not opened yet: releases the subscriptions without writing
    if (clientStillThere) {
      const apiErr =
        err instanceof HttpApiError
          ? err.apiError
          : { status: 500, reason: 'InternalError', message: 'Internal error', causes: [] };
      sendApiError(res, apiErr, typeof req.id === 'string' ? req.id : undefined);
    }
    return;
  }
  stream.open();
  if (parts.length === 0) {
    // all namespaces, but none usable: still one RESYNC so the client knows the (empty) list
    stream.sendRaw(formatSseJson('change', resyncJson('inferenceservices', [], '')));
  }
}
