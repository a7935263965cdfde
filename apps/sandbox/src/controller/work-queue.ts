/**
 * A work queue in the style of client-go's `workqueue` (rate-limited, delaying), for the controller's
 * reconciles:
 *
 * - keys (`namespace/name`) are de-duplicated while they wait: adding a queued key again changes nothing;
 * - a key is never handled by two workers at once: a key added while it is being handled is marked dirty
 *   and queued again when that handling ends;
 * - a small pool of workers (default 4) handles different keys in parallel;
 * - a failed key is retried after a per-key exponential back-off (base × 2^(failures-1), capped); a success
 *   forgets its failures;
 * - each handling has a watchdog: after `timeoutMs` its worker moves on and the key is retried with
 *   back-off, but the key stays claimed until the stuck handling really settles (so still never two at once);
 * - fair ordering: one FIFO per lane (the namespace) and the lanes take turns. A plain FIFO makes a new key
 *   wait behind everything queued before it (5,000 benchmark keys: minutes); with lanes it waits behind at
 *   most one key of each other busy lane, so a user's InferenceService in its own namespace is handled
 *   within a few reconciles however many keys another namespace floods in. Within one lane it is a FIFO.
 */

export type WorkQueueOptions = {
  handler: (key: string) => Promise<void>;
  /** Parallel handlings (distinct keys). Default 4. */
  workers?: number;
  /** Fairness lane of a key; lanes take turns. Default: the text before the first `/` (the namespace). */
  laneOf?: (key: string) => string;
  /** Watchdog per handling. Default 60 s. */
  timeoutMs?: number;
  /** Back-off after the first failure. Default 1 s. */
  backoffBaseMs?: number;
  /** Longest back-off. Default 60 s. */
  backoffCapMs?: number;
  /** Told about each failure (including watchdog timeouts) and when the key will be retried. */
  onError?: (key: string, err: unknown, retryInMs: number) => void;
};

export type WorkQueueStats = {
  /** Keys waiting in lanes. */
  queued: number;
  /** Keys being handled (including ones whose worker gave up on them after the watchdog). */
  processing: string[];
  /** Keys waiting for a delayed add (back-off or requeue-after). */
  delayed: number;
  /** Workers busy. */
  active: number;
};

export class TimeoutError extends Error {}

export class WorkQueue {
  private readonly workers: number;
  private readonly laneOf: (key: string) => string;
  private readonly timeoutMs: number;
  private readonly baseMs: number;
  private readonly capMs: number;
  /** lane → its FIFO of keys */
  private readonly lanes = new Map<string, string[]>();
  /** lanes with queued keys, in turn order */
  private readonly turns: string[] = [];
  /** keys that need handling (queued, or added again while being handled) */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly delayed = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private active = 0;
  private pumpScheduled = false;
  private down = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly o: WorkQueueOptions) {
    this.workers = Math.max(1, o.workers ?? 4);
    this.laneOf = o.laneOf ?? ((k) => k.slice(0, Math.max(0, k.indexOf('/'))));
    this.timeoutMs = o.timeoutMs ?? 60_000;
    this.baseMs = o.backoffBaseMs ?? 1000;
    this.capMs = o.backoffCapMs ?? 60_000;
  }

  /** Queues a key unless it is already waiting; a key being handled is queued again when it is done. */
  add(key: string): void {
    if (this.down || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.push(key);
    this.schedulePump();
  }

  /** Adds the key after `ms`; an earlier pending delayed add of the same key wins. */
  addAfter(key: string, ms: number): void {
    if (this.down) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = Date.now() + ms;
    const prior = this.delayed.get(key);
    if (prior && prior.at <= at) return;
    if (prior) clearTimeout(prior.timer);
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
      this.checkIdle();
    }, ms);
    timer.unref?.();
    this.delayed.set(key, { at, timer });
  }

  /** Counts a failure of the key and adds it after its back-off; returns the delay. */
  addRateLimited(key: string): number {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    const ms = this.backoffFor(n);
    this.addAfter(key, ms);
    return ms;
  }

  /** Back-off after `n` consecutive failures. */
  backoffFor(n: number): number {
    return Math.min(this.baseMs * 2 ** Math.min(Math.max(n - 1, 0), 30), this.capMs);
  }

  /** Forgets the key's failures (its next failure starts the back-off again). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  failuresOf(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  stats(): WorkQueueStats {
    let queued = 0;
    for (const l of this.lanes.values()) queued += l.length;
    return { queued, processing: [...this.processing], delayed: this.delayed.size, active: this.active };
  }

  /** Stops taking keys and drops delayed adds; handlings under way finish on their own. */
  shutDown(): void {
    this.down = true;
    for (const d of this.delayed.values()) clearTimeout(d.timer);
    this.delayed.clear();
    this.checkIdle();
  }

  /** Resolves when nothing is queued, being handled or delayed. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return (
      this.processing.size === 0 &&
      (this.down || (this.dirty.size === 0 && this.delayed.size === 0)) &&
      !this.pumpScheduled
    );
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private push(key: string): void {
    const lane = this.laneOf(key);
    const q = this.lanes.get(lane);
    if (q) q.push(key);
    else {
      this.lanes.set(lane, [key]);
      this.turns.push(lane);
    }
  }

  /** The next key: the first of the lane whose turn it is; that lane goes to the back if it has more. */
  private next(): string | undefined {
    const lane = this.turns.shift();
    if (lane === undefined) return undefined;
    const q = this.lanes.get(lane) ?? [];
    const key = q.shift();
    if (q.length > 0) this.turns.push(lane);
    else this.lanes.delete(lane);
    return key;
  }

  /** Starts handlings in a microtask, so a burst of adds is de-duplicated before anything runs. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
      this.checkIdle();
    });
  }

  private pump(): void {
    while (!this.down && this.active < this.workers) {
      const key = this.next();
      if (key === undefined) return;
      this.dirty.delete(key);
      this.processing.add(key);
      this.active += 1;
      void this.handle(key);
    }
  }

  private async handle(key: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const work = Promise.resolve().then(() => this.o.handler(key));
    const watchdog = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
      timer.unref?.();
    });
    const outcome = await Promise.race([
      work.then(
        () => ({ ok: true as const }),
        (err: unknown) => ({ ok: false as const, err }),
      ),
      watchdog.then(() => ({ ok: false as const, err: new TimeoutError(`not done within ${this.timeoutMs} ms`) })),
    ]);
    clearTimeout(timer);
    this.active -= 1;
    if (outcome.ok) this.forget(key);
    else {
      const ms = this.addRateLimited(key);
      this.o.onError?.(key, outcome.err, ms);
    }
    if (outcome.ok || !(outcome.err instanceof TimeoutError)) this.finish(key);
    // The worker moves on; the key stays claimed until the stuck handling settles.
    else
      void work.then(
        () => this.finish(key),
        () => this.finish(key),
      );
    this.schedulePump();
  }

  private finish(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.down) {
      this.push(key);
      this.schedulePump();
    }
    this.checkIdle();
  }
}
