import { HttpApiError } from '../http/api-error';
import { type ClusterState, clusterUnavailable } from '../k8s/health';
import type { K8sObject } from '../k8s/objects';
import type { Logger } from '../logger';
import { type ClientProvider, type CollectionListener, type CollectionSpec, CollectionWatch } from './collection-watch';
import { PendingStreams } from './pending-streams';

/**
 * How a part may outlive its last subscriber: `register` ties it to something that can end it sooner (the
 * session's streams: logout, shutdown), and returns how to untie it.
 */
export type Linger = { register(stop: () => void): () => void };

export type Subscription = {
  part: CollectionWatch;
  ready: Promise<void>;
  /** With `linger`, a part left without subscribers keeps running for the hub's `lingerMs` (a reload, a new tab). */
  unsubscribe(linger?: Linger): void;
};

/** Parts shared between users are keyed by this instead of a user's identity. */
const SHARED = '\u0001shared';

/**
 * The credentials of a part shared between users: one of its subscribers' (never a ServiceAccount of the
 * BFF's own). The first subscriber whose session still gives a client is used; a refusal moves the one in
 * use to the back, and when its subscriber leaves the part continues as the next (CollectionWatch.resume).
 * A part left without subscribers (lingering) keeps the last one's.
 */
export class SharedCredentials {
  private readonly providers: ClientProvider[] = [];
  private inUse: ClientProvider | undefined;
  private last: ClientProvider | undefined;

  /** Adds a subscriber's provider; true when the part's current request runs as someone who has left (lingering). */
  add(p: ClientProvider): boolean {
    this.providers.push(p);
    return this.inUse !== undefined && this.providers.length === 1 && this.inUse !== p;
  }

  /** Removes a subscriber's provider; true when it was the one the part's current request uses. */
  remove(p: ClientProvider): boolean {
    const i = this.providers.indexOf(p);
    if (i < 0) return false;
    this.providers.splice(i, 1);
    if (this.providers.length === 0) this.last = p;
    return this.inUse === p && this.providers.length > 0;
  }

  /** The part's refusal (401/403) came with the provider in use: the next attempt tries the others first. */
  refused(): void {
    const p = this.inUse;
    const i = p ? this.providers.indexOf(p) : -1;
    if (p && i >= 0 && this.providers.length > 1) {
      this.providers.splice(i, 1);
      this.providers.push(p);
    }
  }

  readonly get: ClientProvider = async () => {
    const candidates = this.providers.length > 0 ? [...this.providers] : this.last ? [this.last] : [];
    for (const p of candidates) {
      const client = await p().catch(() => undefined);
      if (client) {
        this.inUse = p;
        return client;
      }
    }
    return undefined;
  };
}

/**
 * Shares upstream watches: between the streams of one user (several tabs), keyed by the user's identity plus
 * the collection; and, when the caller says the apiserver has confirmed this user's access (`shared`, see
 * access.ts), between users, keyed by the collection alone.
 */
export class WatchHub {
  private readonly parts = new Map<string, CollectionWatch>();
  private readonly credentials = new WeakMap<CollectionWatch, SharedCredentials>();
  /** The last serialised merged list per owner and group of parts, shared by that owner's streams. */
  private readonly serialised = new Map<string, { version: string; parts: CollectionWatch[]; data: Buffer }>();

  /** Parts without subscribers that are kept running for a while, and how to end that early. */
  private readonly lingering = new Map<CollectionWatch, { timer: NodeJS.Timeout; unregister: () => void }>();
  /**
   * How long a part keeps running after its last subscriber left (when it asks to linger): a reload or a
   * new tab of the same user within it is answered from the live copy (lists and the stream's RESYNC).
   */
  lingerMs = 30_000;
  /** How often the cluster's health is checked while parts run (see useHealth). */
  healthIntervalMs = 5_000;
  private health: (() => Promise<ClusterState | undefined>) | undefined;
  private healthTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly onChange?: (obj: K8sObject) => void,
    private readonly opts?: { watchTimeoutS: number; maxBackoffMs: number },
  ) {}

  /**
   * One shared health check of the cluster every `healthIntervalMs` while any part is live: when it fails
   * (etcd down: the watches stay open but silent), every live part is interrupted (CollectionWatch.interrupt).
   */
  useHealth(check: () => Promise<ClusterState | undefined>): void {
    this.health ??= check;
    this.ensureHealthTimer();
  }

  private ensureHealthTimer(): void {
    if (!this.health || this.healthTimer || this.parts.size === 0) return;
    this.healthTimer = setInterval(() => void this.checkHealth(), this.healthIntervalMs);
    this.healthTimer.unref();
  }

  /** One health check (the interval's tick): interrupts the live parts when the cluster is unavailable. */
  async checkHealth(): Promise<void> {
    if (this.parts.size === 0) {
      clearInterval(this.healthTimer);
      this.healthTimer = undefined;
      return;
    }
    const live = [...this.parts.values()].filter((p) => p.live);
    if (!this.health || live.length === 0) return;
    const st = await this.health().catch(() => undefined);
    if (!st || st.ok) return;
    const err = clusterUnavailable(st, false).apiError;
    for (const p of live) p.interrupt(err);
  }

  /** Parts kept running without subscribers. */
  get lingeringCount(): number {
    return this.lingering.size;
  }

  private endLinger(part: CollectionWatch): void {
    const l = this.lingering.get(part);
    if (!l) return;
    this.lingering.delete(part);
    clearTimeout(l.timer);
    l.unregister();
  }

  private release(key: string, part: CollectionWatch): void {
    this.endLinger(part);
    part.stop();
    this.forget(part);
    if (this.parts.get(key) === part) this.parts.delete(key);
  }

  /** Upstream list-watches running now (every user's, lingering ones included): the apiserver's share of the streams. */
  get size(): number {
    return this.parts.size;
  }

  /**
   * The user's own live list-watch of this collection, if one is running and synced (see CollectionWatch.live),
   * without waiting (whenSynced waits for one still on its first list). Keyed by the owner.
   */
  peek(ownerKey: string, specKey: string): CollectionWatch | undefined {
    const part = this.parts.get(partKey(ownerKey, specKey));
    return part?.live ? part : undefined;
  }

  /**
   * How long a list answer waits, at most, for parts whose first list is in flight (whenSynced) before it lists
   * from the apiserver itself. A stream opened together with the list (the list page) starts the parts; waiting
   * for their first list makes one apiserver list serve both.
   */
  syncWaitMs = 5_000;

  /**
   * The user's own list-watch of this collection once it is live (see CollectionWatch.live), waiting for a part
   * still doing its first list: undefined when there is none, it is failing, it fails or stops, or `deadline`
   * (epoch ms) passes first. Never rejects. Keyed by the owner: one user never reads another's own.
   */
  async whenSynced(ownerKey: string, specKey: string, deadline: number): Promise<CollectionWatch | undefined> {
    const part = this.parts.get(partKey(ownerKey, specKey));
    if (!part) return undefined;
    return (await part.whenLive(deadline - Date.now())) ? part : undefined;
  }

  /** whenSynced of the part shared between users: only for a user whose access the apiserver has confirmed. */
  whenSharedSynced(specKey: string, deadline: number): Promise<CollectionWatch | undefined> {
    return this.whenSynced(SHARED, specKey, deadline);
  }

  /** Streams about to subscribe (their access reviews in flight): list answers of their owner wait for them. */
  private readonly pending = new PendingStreams();

  /**
   * A stream of `ownerKey` will subscribe to these collections once its access reviews are in (stream.ts): list
   * answers of the same owner wait for that (whenStarted) instead of listing beside it. Returns how to say it
   * has subscribed or given up. Keyed by the owner: it tells no one else anything.
   */
  starting(ownerKey: string, specKeys: string[]): () => void {
    return this.pending.add(specKeys.map((k) => partKey(ownerKey, k)));
  }

  /** Resolves once no stream of `ownerKey` is about to subscribe to the collection (see starting), or at `deadline`. */
  whenStarted(ownerKey: string, specKey: string, deadline: number): Promise<void> {
    return this.pending.settled(partKey(ownerKey, specKey), deadline);
  }

  /** A part shared between users runs for this collection and is live or doing its first list (whenSharedSynced may give it). */
  sharedStarting(specKey: string): boolean {
    const part = this.parts.get(partKey(SHARED, specKey));
    return part !== undefined && (part.live || part.syncing);
  }

  /** List answers waiting for a part's first list, or for a stream to subscribe, now (one per answer and part). */
  get waitingLists(): number {
    let n = this.pending.waiting;
    for (const p of this.parts.values()) n += p.waiting;
    return n;
  }

  /** Parts shared between users (lingering ones included). */
  get sharedCount(): number {
    let n = 0;
    for (const k of this.parts.keys()) if (k.startsWith(partKey(SHARED, ''))) n++;
    return n;
  }

  /**
   * One serialisation of a merged list shared by every stream and list answer made of the same parts (one
   * user's tabs; users sharing parts): `build` runs only when the parts (or their contents) changed since the
   * last call with the same `groupKey` and parts. Several tabs on a list of thousands then hold one buffer
   * instead of one copy each (writes to sockets share it). Keyed by the parts themselves: whoever reads the
   * parts may read what is made of them, and nothing else.
   */
  serialise(groupKey: string, parts: CollectionWatch[], build: () => string): Buffer {
    const key = `${groupKey}\u0000${parts.map((p) => p.id).join(',')}`;
    const version = parts.map((p) => `${p.generation}.${p.resourceVersion ?? ''}`).join(',');
    const hit = this.serialised.get(key);
    if (hit && hit.version === version) return hit.data;
    const data = Buffer.from(build(), 'utf8');
    this.serialised.set(key, { version, parts, data });
    return data;
  }

  private forget(part: CollectionWatch): void {
    for (const [k, v] of this.serialised) if (v.parts.includes(part)) this.serialised.delete(k);
  }

  /**
   * Subscribe to the collection's list-watch: the owner's own, or with `shared` (the apiserver has confirmed
   * the owner's access: access.ts) the one shared between users, which then also runs as this subscriber
   * when its current one leaves.
   */
  subscribe(
    ownerKey: string,
    spec: CollectionSpec,
    getClient: ClientProvider,
    listener: CollectionListener,
    shared = false,
  ): Subscription {
    const key = partKey(shared ? SHARED : ownerKey, spec.key);
    let part = this.parts.get(key);
    let created = false;
    if (!part || part.dead) {
      const creds = shared ? new SharedCredentials() : undefined;
      part = new CollectionWatch(spec, creds ? creds.get : getClient, this.logger, this.opts, this.onChange);
      if (creds) {
        this.credentials.set(part, creds);
        part.onRefused = () => creds.refused();
      }
      this.parts.set(key, part);
      created = true;
    } else {
      if (!shared) part.getClient = getClient; // the most recent tab's session provides credentials
      this.endLinger(part);
    }
    const creds = this.credentials.get(part);
    const p = part;
    // a lingering part runs as its last subscriber, who left: from now on it runs as this one
    if (creds?.add(getClient) && !created) p.resume();
    let unsubscribe: (linger?: Linger) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      let settled = false;
      const wrapped: CollectionListener = {
        resync: (items, rv) => {
          listener.resync(items, rv);
          if (!settled) {
            settled = true;
            resolve();
          }
        },
        event: (t, o) => listener.event(t, o),
        error: (err, final) => {
          if (!settled && final) {
            settled = true;
            reject(new HttpApiError(err));
            return;
          }
          listener.error(err, final);
        },
      };
      p.listeners.add(wrapped);
      unsubscribe = (linger) => {
        if (!p.listeners.delete(wrapped)) return;
        // the subscriber whose credentials the shared part's request runs with left: continue as another one
        if (creds?.remove(getClient)) p.resume();
        if (p.listeners.size > 0) return;
        if (!linger || this.lingerMs <= 0 || p.dead || this.parts.get(key) !== p) {
          this.release(key, p);
          return;
        }
        const timer = setTimeout(() => this.release(key, p), this.lingerMs);
        timer.unref();
        // registered last: ending it (logout) calls release, which unregisters
        const entry = { timer, unregister: () => {} };
        this.lingering.set(p, entry);
        entry.unregister = linger.register(() => this.release(key, p));
      };
      if (p.synced && p.resourceVersion !== undefined) wrapped.resync(p.snapshot(), p.resourceVersion);
    });
    if (created) {
      part.start();
      this.ensureHealthTimer();
    }
    ready.catch(() => {});
    return { part, ready, unsubscribe: (linger) => unsubscribe(linger) };
  }

  stopAll(): void {
    clearInterval(this.healthTimer);
    this.healthTimer = undefined;
    for (const p of [...this.lingering.keys()]) this.endLinger(p);
    for (const p of this.parts.values()) p.stop();
    this.parts.clear();
    this.serialised.clear();
  }
}

/** A part's key in the hub: its owner (a user, or SHARED) and its collection. */
function partKey(ownerKey: string, specKey: string): string {
  return `${ownerKey}\u0000${specKey}`;
}
