import type { ApiError } from '@servedeck/shared';
import { HttpApiError } from '../http/api-error';
import type { K8sClient } from '../k8s/client';
import { k8sError } from '../k8s/errors';
import { asList, isRecord, type K8sObject, meta, objectKey } from '../k8s/objects';
import type { Logger } from '../logger';

/** How long refusals (401/403/404) after a successful sync are retried before a stream ends. */
const WatchGraceMs = 30_000;

export type CollectionSpec = {
  /** Identity of the upstream list within one user (kind, namespace, selectors). */
  key: string;
  path: string;
  query: Record<string, string>;
  /** What is kept of each object as it comes in (list collections: lean.ts). */
  trim?: (obj: K8sObject) => K8sObject;
};

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** The spec of one upstream collection; the key is what the hub shares (and the list route looks up) by. */
export function collectionSpec(
  kind: string,
  ns: string,
  path: string,
  query: Record<string, string> = {},
): CollectionSpec {
  const q = new URLSearchParams(query).toString();
  return { key: `${kind}/${ns}?${q}`, path, query };
}

let nextPartId = 1;

export type CollectionListener = {
  resync(items: K8sObject[], resourceVersion: string): void;
  event(type: ChangeType, obj: K8sObject): void;
  /** final: the watch has stopped (401/403/404, session gone); otherwise it retries. */
  error(err: ApiError, final: boolean): void;
};

export type ClientProvider = () => Promise<K8sClient | undefined>;

class GoneError extends Error {}

/** Waits `ms` or until `signal` aborts; the abort listener is removed when the time is up (one per retry). */
export const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

function isFinal(err: ApiError): boolean {
  return err.status === 401 || err.status === 403 || err.status === 404;
}

/**
 * List-then-watch of one upstream collection: list (RESYNC), watch from the list's resourceVersion with
 * bookmarks, resume from the last resourceVersion seen when the watch ends, relist on 410 Gone.
 * resourceVersion is opaque: kept and passed back, never compared.
 */
export class CollectionWatch {
  readonly items = new Map<string, K8sObject>();
  resourceVersion: string | undefined;
  synced = false;
  /** Unique per CollectionWatch: with `generation`, identifies one state of `items` (shared serialisations). */
  readonly id = nextPartId++;
  /** Bumped whenever `items` changes (a list or an event). */
  generation = 0;
  /** Start of the current run of failures (reset by a successful list). */
  private failingSince: number | undefined;
  readonly listeners = new Set<CollectionListener>();
  private readonly abort = new AbortController();
  /** The current list/watch attempt: `interrupt` ends it (and only it). */
  private attempt = new AbortController();
  private interruptedWith: ApiError | undefined;
  /** The attempt `resume` ended: its end is not a failure. */
  private resumed: AbortController | undefined;
  private stopped = false;
  /** Told of a refusal (401/403) before it is handled (a shared part tries another subscriber's credentials). */
  onRefused: (() => void) | undefined;
  /** List answers waiting for the first list (whenLive): told true when it succeeds, false on a failure or stop. */
  private readonly syncWaiters = new Set<(ok: boolean) => void>();

  constructor(
    readonly spec: CollectionSpec,
    public getClient: ClientProvider,
    private readonly logger: Logger,
    // Backoff capped at 2 s (±25 % jitter): after an apiserver restart every stream resumes within ~3 s.
    private readonly opts: { watchTimeoutS: number; maxBackoffMs: number } = {
      watchTimeoutS: 290,
      maxBackoffMs: 2_000,
    },
    private readonly onChange?: (obj: K8sObject) => void,
  ) {}

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    this.settleWaiters(false);
  }

  /**
   * The watch cannot be trusted (the cluster's health check fails: an apiserver whose etcd is down keeps
   * its watches open and silent): no longer live (lists go to the apiserver), the subscribers get `err`
   * (not final), and it relists (RESYNC) once lists work again.
   */
  interrupt(err: ApiError): void {
    if (this.stopped || this.interruptedWith) return;
    this.interruptedWith = err;
    this.failingSince ??= Date.now();
    this.attempt.abort();
    this.attempt = new AbortController();
  }

  /**
   * Ends the current request only and continues from the last resourceVersion with `getClient`'s credentials
   * as of now, without a relist or an error to the subscribers: a shared part whose request ran as a
   * subscriber who left continues as another one.
   */
  resume(): void {
    if (this.stopped) return;
    this.resumed = this.attempt;
    this.attempt.abort();
    this.attempt = new AbortController();
  }

  /** Stopped for good (a final error): a new subscriber gets a fresh watch. */
  get dead(): boolean {
    return this.stopped;
  }

  snapshot(): K8sObject[] {
    return [...this.items.values()];
  }

  /** Each object's JSON, made once: objects are replaced by events, never changed in place. */
  private readonly json = new WeakMap<K8sObject, string>();

  /**
   * The items as JSON, comma-separated (the inside of a JSON array): lists and RESYNCs of thousands join
   * strings made once per object instead of serialising every object again for every answer.
   */
  itemsJson(): string {
    const out: string[] = [];
    for (const o of this.items.values()) {
      let s = this.json.get(o);
      if (s === undefined) {
        s = JSON.stringify(o);
        this.json.set(o, s);
      }
      out.push(s);
    }
    return out.join(',');
  }

  /**
   * Synced and watching without a failure since its last list: `items` is the collection as of the last
   * event the apiserver sent (what a list would answer, give or take the events in flight).
   */
  get live(): boolean {
    return !this.stopped && this.synced && this.resourceVersion !== undefined && this.failingSince === undefined;
  }

  /**
   * Doing its first list without a failure so far: it will be live once that list is in (see whenLive). A part
   * that has failed (even before its first list: it retries) is not waited for.
   */
  get syncing(): boolean {
    return !this.stopped && !this.synced && this.failingSince === undefined;
  }

  /**
   * Whether the part is live now, or becomes live within `timeoutMs` because its first list, in flight, succeeds:
   * false at once when it is neither live nor syncing, and false as soon as that list fails, the part stops, or
   * the time is up. Never rejects. The waiter does not count as a subscriber (the part is released as before).
   */
  whenLive(timeoutMs: number): Promise<boolean> {
    if (this.live) return Promise.resolve(true);
    if (!this.syncing || timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const settle = (ok: boolean) => {
        clearTimeout(timer);
        this.syncWaiters.delete(settle);
        resolve(ok && this.live);
      };
      const timer = setTimeout(() => settle(false), timeoutMs);
      this.syncWaiters.add(settle);
    });
  }

  /** List answers waiting for this part's first list now. */
  get waiting(): number {
    return this.syncWaiters.size;
  }

  private settleWaiters(ok: boolean): void {
    for (const settle of [...this.syncWaiters]) settle(ok);
  }

  private async run(): Promise<void> {
    let backoff = 500;
    while (!this.stopped) {
      const attempt = this.attempt;
      try {
        const client = await this.getClient();
        if (!client) {
          this.fail({ status: 401, reason: 'Unauthenticated', message: 'The session has ended', causes: [] }, true);
          return;
        }
        if (this.resourceVersion === undefined) await this.list(client, attempt.signal);
        await this.watch(client, attempt.signal);
        backoff = 500;
      } catch (err) {
        if (this.stopped) return;
        if (this.resumed === attempt && !this.interruptedWith) {
          this.resumed = undefined;
          continue; // from the same resourceVersion (a list not finished yet starts again)
        }
        const interrupted = this.interruptedWith;
        this.interruptedWith = undefined;
        if (err instanceof GoneError && !interrupted) {
          this.resourceVersion = undefined; // relist: RESYNC
          continue;
        }
        const apiErr: ApiError = interrupted
          ? interrupted
          : err instanceof HttpApiError
            ? err.apiError
            : { status: 503, reason: 'UpstreamUnavailable', message: 'The watch was interrupted', causes: [] };
        if (apiErr.status === 410) {
          this.resourceVersion = undefined;
          continue;
        }
        // After the first sync, 401/403/404 are transient for a while: a restarting apiserver refuses valid
        // ID tokens until its OIDC authenticator has the issuer's keys (401), denies until its RBAC cache has
        // synced (403), and does not serve CRD resources until they are established again (404). Only when
        // they last longer than the grace period do they end the stream. Expired sessions end streams at
        // the heartbeat.
        if (apiErr.status === 401 || apiErr.status === 403) this.onRefused?.();
        this.failingSince ??= Date.now();
        const inGrace = this.synced && Date.now() - this.failingSince < WatchGraceMs;
        const final = isFinal(apiErr) && !inGrace;
        this.fail(apiErr, final);
        if (final) return;
        // After a failure, relist (RESYNC) instead of resuming from the last resourceVersion: after an
        // apiserver restart that version is gone anyway (410), and the new apiserver's watch cache takes
        // seconds to fill while a list answers at once, so clients converge sooner.
        this.resourceVersion = undefined;
        this.logger.debug({ key: this.spec.key, err }, 'watch interrupted, retrying');
        await sleep(backoff * (0.75 + Math.random() * 0.5), this.abort.signal);
        backoff = Math.min(backoff * 2, this.opts.maxBackoffMs);
      }
    }
  }

  private fail(err: ApiError, final: boolean): void {
    if (final) this.stopped = true;
    this.settleWaiters(false);
    for (const l of this.listeners) l.error(err, final);
  }

  private async list(client: K8sClient, attempt: AbortSignal): Promise<void> {
    // bounded: a request sent while an apiserver starts up may never be answered
    const signal = AbortSignal.any([this.abort.signal, attempt, AbortSignal.timeout(10_000)]);
    const res = await client.call('GET', this.spec.path, { query: this.spec.query, signal });
    const { items, resourceVersion } = asList(res.body);
    this.items.clear();
    for (const o of items) this.items.set(objectKey(o), this.spec.trim ? this.spec.trim(o) : o);
    this.generation += 1;
    this.resourceVersion = resourceVersion ?? '';
    this.synced = true;
    this.failingSince = undefined;
    this.settleWaiters(true);
    const snapshot = this.snapshot();
    for (const l of this.listeners) l.resync(snapshot, this.resourceVersion);
  }

  private async watch(client: K8sClient, attempt: AbortSignal): Promise<void> {
    const body = await client.stream(
      this.spec.path,
      {
        ...this.spec.query,
        watch: '1',
        allowWatchBookmarks: 'true',
        resourceVersion: this.resourceVersion,
        timeoutSeconds: this.opts.watchTimeoutS,
      },
      AbortSignal.any([this.abort.signal, attempt]),
      'application/json',
      10_000,
    );
    // One decoder for the whole stream: a character split across two chunks (a Korean syllable is 3 bytes)
    // is completed by the next chunk instead of becoming U+FFFD in each.
    const decoder = new TextDecoder('utf-8');
    let buf = '';
    for await (const chunk of body) {
      buf += typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line.length > 0) this.handleLine(line);
        nl = buf.indexOf('\n');
      }
    }
  }

  private handleLine(line: string): void {
    let ev: unknown;
    try {
      ev = JSON.parse(line);
    } catch {
      return;
    }
    if (!isRecord(ev) || typeof ev.type !== 'string' || !isRecord(ev.object)) return;
    let obj = ev.object;
    if (ev.type === 'ERROR') {
      if (obj.code === 410) throw new GoneError('resourceVersion too old');
      throw k8sError(typeof obj.code === 'number' ? obj.code : 500, JSON.stringify(obj));
    }
    const rv = meta(obj).resourceVersion;
    if (rv !== undefined) this.resourceVersion = rv;
    if (ev.type === 'BOOKMARK') return;
    if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED' && ev.type !== 'DELETED') return;
    if (this.spec.trim) obj = this.spec.trim(obj);
    const key = objectKey(obj);
    if (ev.type === 'DELETED') this.items.delete(key);
    else this.items.set(key, obj);
    this.generation += 1;
    this.onChange?.(obj);
    for (const l of this.listeners) l.event(ev.type, obj);
  }
}
