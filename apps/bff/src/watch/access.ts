import pLimit, { type LimitFunction } from 'p-limit';
import type { K8sClient } from '../k8s/client';
import { k8sPaths } from '../k8s/paths';

/**
 * Who may share an upstream list-watch (see hub.ts): a user joins a shared copy of a collection only after the
 * apiserver has said, for that user, that they may `watch` (a stream) or `list` (a list answer) it in its
 * namespace; the answer is asked again while the user stays (AccessReviews' `ttlMs`).
 *
 * Why that is enough: Kubernetes authorises a list or watch of a namespaced collection as a whole (verb, group,
 * resource, namespace): there are no per-object or per-field read rules, so any two users allowed to list a
 * namespace's pods get exactly the same objects. That holds for what the kube-apiserver itself serves (core
 * groups and CRDs); an aggregated API server may answer each user differently (OpenShift's `projects`), so
 * only the groups below are ever shared.
 */
export type AccessAttrs = { group: string; resource: string; namespace: string };
export type AccessVerb = 'list' | 'watch';

/** API groups the kube-apiserver serves itself (built in, or the CRDs ServeDeck reads): the same answer for everyone allowed. */
const SHAREABLE_GROUPS = new Set([
  '',
  'apps',
  'autoscaling',
  'serving.kserve.io',
  'serving.knative.dev',
  'networking.k8s.io',
  'gateway.networking.k8s.io',
]);

const CORE = /^\/api\/v1\/namespaces\/([^/]+)\/([^/]+)$/;
const GROUPED = /^\/apis\/([^/]+)\/[^/]+\/namespaces\/([^/]+)\/([^/]+)$/;

/** The access-review attributes of a namespaced collection path, or undefined when it is never shared. */
export function accessAttrsOf(path: string): AccessAttrs | undefined {
  const core = CORE.exec(path);
  const grouped = core ? undefined : GROUPED.exec(path);
  const [group, ns, resource] = core
    ? ['', core[1], core[2]]
    : grouped
      ? [grouped[1], grouped[2], grouped[3]]
      : [undefined, undefined, undefined];
  if (group === undefined || ns === undefined || resource === undefined || !SHAREABLE_GROUPS.has(group)) return;
  return { group, resource, namespace: decodeURIComponent(ns) };
}

/** One SelfSubjectAccessReview as the client's user: true only when the apiserver answers `allowed`. */
export async function selfAccessReview(client: K8sClient, attrs: AccessAttrs, verb: AccessVerb): Promise<boolean> {
  const res = await client.call('POST', k8sPaths.selfSubjectAccessReviews(), {
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {
        resourceAttributes: { ...(attrs.namespace ? { namespace: attrs.namespace } : {}), verb, ...pick(attrs) },
      },
    },
    signal: AbortSignal.timeout(10_000),
  });
  const body = res.body as { status?: { allowed?: boolean; denied?: boolean } };
  return body.status?.allowed === true && body.status.denied !== true;
}

const pick = (a: AccessAttrs) => ({ group: a.group, resource: a.resource });

/** The user's client, as of now (oidc: the session re-read, tokens refreshed); undefined once the session ended. */
export type ClientSource = () => Promise<K8sClient | undefined>;

export type Review = (client: K8sClient, attrs: AccessAttrs, verb: AccessVerb) => Promise<boolean>;
export type ReviewCounter = (verdict: 'allowed' | 'denied' | 'failed') => void;

/** allowed / denied: the apiserver's answer; unknown: it could not be asked (no answer, an error). */
export type Verdict = 'allowed' | 'denied' | 'unknown';

type Entry = { verdict: Promise<Verdict>; at: number };

/**
 * The apiserver's answers to "may this user list/watch this collection here?", kept `ttlMs` per user, verb and
 * place, and shared by every stream and list of that user (one review per user and namespace per `ttlMs`).
 * A user allowed everywhere (a ClusterRole bound cluster-wide) is recognised by one review without a
 * namespace, which then answers for every namespace.
 */
export class AccessReviews {
  private readonly entries = new Map<string, Entry>();
  /**
   * Reviews in flight at once: users joining with hundreds of namespaces each would otherwise send thousands at
   * once, which the apiserver's priority and fairness queues answer with 429 (a user's whole burst shares one
   * flow), and each refused review would leave that user on watches of their own.
   */
  private readonly limit: LimitFunction;

  constructor(
    private readonly review: Review,
    readonly ttlMs = 20_000,
    private readonly count: ReviewCounter = () => {},
    private readonly now: () => number = Date.now,
    concurrency = 16,
  ) {
    this.limit = pLimit(concurrency);
  }

  /** May `owner` (whose client asks) `verb` the collection? Answers `unknown` rather than throw. */
  async verdict(owner: string, client: ClientSource, attrs: AccessAttrs, verb: AccessVerb): Promise<Verdict> {
    const everywhere = await this.ask(owner, client, { ...attrs, namespace: '' }, verb);
    if (everywhere === 'allowed') return 'allowed';
    return this.ask(owner, client, attrs, verb);
  }

  private ask(owner: string, client: ClientSource, attrs: AccessAttrs, verb: AccessVerb): Promise<Verdict> {
    const key = `${owner}\u0000${verb}\u0000${attrs.group}\u0000${attrs.resource}\u0000${attrs.namespace}`;
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.verdict;
    this.prune(now);
    const verdict = client()
      .then((c) => (c ? this.limit(() => this.review(c, attrs, verb)) : Promise.reject(new Error('no session'))))
      .then(
        (ok): Verdict => {
          this.count(ok ? 'allowed' : 'denied');
          return ok ? 'allowed' : 'denied';
        },
        (): Verdict => {
          // no answer (or the review itself refused: some clusters forbid SelfSubjectAccessReview): not kept, so
          // the next question asks again; the caller treats it as "not confirmed"
          this.count('failed');
          if (this.entries.get(key)?.verdict === verdict) this.entries.delete(key);
          return 'unknown';
        },
      );
    this.entries.set(key, { verdict, at: now });
    return verdict;
  }

  private prune(now: number): void {
    if (this.entries.size < 10_000) return;
    for (const [k, e] of this.entries) if (now - e.at >= this.ttlMs) this.entries.delete(k);
  }
}
