import type { ApiError, WatchEvent, WatchResource } from '@servedeck/shared';
import type { Request, Response } from 'express';
import { principalKey } from '../auth/principal';
import { principalOf } from '../auth/require-session';
import { HttpApiError, sendApiError } from '../http/api-error';
import { SseStream } from '../http/sse';
import type { K8sObject } from '../k8s/objects';
import type { Subscription, WatchPartSpec } from '../k8s/watch';
import { clientFor, type RouteContext } from './context';

export type StreamPart = {
  resource: WatchResource;
  spec: WatchPartSpec;
  /** The stream cannot open without this part's first list (its errors become the HTTP answer). */
  primary: boolean;
  /** Optional filter, given the current items of all parts by resource. */
  filter?: (obj: K8sObject, current: (r: WatchResource) => K8sObject[]) => boolean;
};

/**
 * An SSE response fed by one or more shared upstream list-watches. Each RESYNC carries the union of
 * the parts of its resource; events pass through (filtered). Ends on logout, when the session is gone,
 * on a final upstream error, or when the client leaves.
 */
export async function serveWatchStream(ctx: RouteContext, req: Request, res: Response, parts: StreamPart[]) {
  const p = principalOf(req);
  const owner = principalKey(p);
  const getClient = async () => {
    const cur = await ctx.auth.current(p).catch(() => undefined);
    return cur ? clientFor(ctx, cur) : undefined;
  };
  const stream = new SseStream(res, ctx.config.sseHeartbeatMs, () => {
    if (p.mode !== 'oidc') return;
    void ctx.auth
      .current(p)
      .catch(() => p)
      .then((cur) => {
        if (!cur) endWith({ status: 401, reason: 'Unauthenticated', message: 'The session has ended', causes: [] });
      });
  });
  const subs: Subscription[] = [];
  const endWith = (err: ApiError): void => {
    stream.send('error', err);
    stream.close();
  };
  const current = (r: WatchResource): K8sObject[] =>
    subs.filter((_, i) => parts[i]?.resource === r).flatMap((s) => (s.part.synced ? s.part.snapshot() : []));
  const send = (ev: WatchEvent): void => stream.send('change', ev);

  for (const part of parts) {
    const sub = ctx.hub.subscribe(owner, part.spec, getClient, {
      resync: (_items, rv) => {
        const same = parts.filter((x) => x.resource === part.resource);
        const items = current(part.resource).filter((o) => !part.filter || part.filter(o, current));
        send({ type: 'RESYNC', resource: part.resource, items, resourceVersion: same.length === 1 ? rv : '' });
      },
      event: (type, object) => {
        if (part.filter && !part.filter(object, current)) return;
        send({ type, object, resource: part.resource });
      },
      error: (err, final) => {
        if (final && part.primary) endWith(err);
        else stream.send('error', err);
      },
    });
    subs.push(sub);
  }
  const unregister = ctx.streams.add(p.sessionId, () => stream.close());
  ctx.metrics.sseStreams.inc();
  stream.onClose(() => {
    ctx.metrics.sseStreams.dec();
    unregister();
    for (const s of subs) s.unsubscribe();
  });

  try {
    await Promise.all(subs.filter((_, i) => parts[i]?.primary).map((s) => s.ready));
  } catch (err) {
    const clientStillThere = !stream.isClosed;
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
    stream.send('change', { type: 'RESYNC', resource: 'inferenceservices', items: [], resourceVersion: '' });
  }
}
