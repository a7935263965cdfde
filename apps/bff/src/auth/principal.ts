import type { AuthMode } from '@servedeck/shared';
import type { K8sAuth } from '../k8s/client';

export type UserInfo = { name: string; email?: string; groups: string[] };

/** Who is calling, and how to act as them. Attached to the request by requireSession. */
export type Principal = {
  user: UserInfo;
  mode: AuthMode;
  k8sAuth: K8sAuth;
  /** Bearer for the inference gateway (the Dex ID token in oidc mode). */
  gatewayToken: string | undefined;
  /** When the session must be refreshed by (oidc mode). */
  expiresAt: string | undefined;
  sessionId: string | undefined;
};

/**
 * A user's own upstream resources (watches, caches) are keyed by this. A list-watch is shared between users only
 * after the apiserver confirms each one's access (watch/access.ts); nothing else is.
 */
export function principalKey(p: Principal): string {
  let key = keys.get(p);
  if (key === undefined) {
    key = `${p.mode}\u0000${p.user.name}\u0000${[...p.user.groups].sort().join(',')}`;
    keys.set(p, key);
  }
  return key;
}

/** Keys made, per principal (a principal is not changed once made; the lean path reuses one per session). */
const keys = new WeakMap<Principal, string>();

declare global {
  namespace Express {
    interface Request {
      principal?: Principal;
    }
  }
}
