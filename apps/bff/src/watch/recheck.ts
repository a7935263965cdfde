import type { ApiError } from '@servedeck/shared';
import type { RouteContext } from '../routes/context';
import type { AccessAttrs, ClientSource } from './access';

const where = (a: AccessAttrs) => `${a.resource}${a.group ? `.${a.group}` : ''} in the namespace "${a.namespace}"`;

export const noLongerAllowed = (a: AccessAttrs): ApiError => ({
  status: 403,
  reason: 'Forbidden',
  message: `You may no longer watch ${where(a)}: the cluster's access review says no`,
  causes: [],
});

const unconfirmed = (a: AccessAttrs): ApiError => ({
  status: 503,
  reason: 'AccessUnconfirmed',
  message: `Your access to ${where(a)} could not be confirmed with the cluster for a while: the stream stopped`,
  causes: [],
});

/**
 * While a stream lasts, asks the apiserver again (through the shared AccessReviews, so one review per user and
 * namespace serves all of that user's streams) whether its user may still watch each part it shares with
 * other users, every third of `config.watchAccessRecheckMs`; with the reviews kept two thirds of it, access
 * that ends is noticed within that window. A refusal, or no confirmation for twice the window (the apiserver
 * not answering reviews), ends that part for this user (`drop`). Returns how to stop.
 *
 * A part the user does not share runs as the user alone and needs none of this: the apiserver itself refuses
 * its next request.
 */
export function recheckShared(
  ctx: Pick<RouteContext, 'access' | 'config'>,
  owner: string,
  getClient: ClientSource,
  access: Array<AccessAttrs | undefined>,
  shared: boolean[],
  drop: (i: number, err: ApiError) => void,
): () => void {
  const windowMs = ctx.config.watchAccessRecheckMs;
  const live = new Map<number, AccessAttrs>();
  access.forEach((a, i) => {
    if (a && shared[i]) live.set(i, a);
  });
  if (live.size === 0) return () => {};
  const confirmedAt = new Map<number, number>([...live.keys()].map((i) => [i, Date.now()]));
  let running = false;
  const end = (i: number, err: ApiError) => {
    if (!live.delete(i)) return;
    drop(i, err);
  };
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await Promise.all(
        [...live].map(async ([i, attrs]) => {
          const v = await ctx.access.verdict(owner, getClient, attrs, 'watch');
          if (v === 'allowed') confirmedAt.set(i, Date.now());
          else if (v === 'denied') end(i, noLongerAllowed(attrs));
          else if (Date.now() - (confirmedAt.get(i) ?? 0) > 2 * windowMs) end(i, unconfirmed(attrs));
        }),
      );
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), Math.max(1, Math.floor(windowMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}
