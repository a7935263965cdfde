import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkQueue, type WorkQueueOptions } from '../../src/controller/work-queue';

type Deferred = { resolve: () => void; reject: (err: Error) => void };

/** A handler whose every call waits until the test settles it; records calls and the most keys in flight. */
function controlledHandler() {
  const calls: string[] = [];
  const pending: { key: string; d: Deferred }[] = [];
  const inFlight = new Map<string, number>();
  let maxSameKey = 0;
  let maxTotal = 0;
  let total = 0;
  const handler = (key: string) =>
    new Promise<void>((resolve, reject) => {
      calls.push(key);
      const n = (inFlight.get(key) ?? 0) + 1;
      inFlight.set(key, n);
      total += 1;
      maxSameKey = Math.max(maxSameKey, n);
      maxTotal = Math.max(maxTotal, total);
      const done = () => {
        inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
        total -= 1;
      };
      pending.push({
        key,
        d: {
          resolve: () => {
            done();
            resolve();
          },
          reject: (err) => {
            done();
            reject(err);
          },
        },
      });
    });
  /** Settles the oldest pending call of `key`. */
  const settle = (key: string, err?: Error) => {
    const i = pending.findIndex((p) => p.key === key);
    const p = pending.splice(i, 1)[0];
    if (i < 0 || !p) throw new Error(`no pending call of ${key}`);
    if (err) p.d.reject(err);
    else p.d.resolve();
  };
  return {
    handler,
    calls,
    settle,
    pendingKeys: () => pending.map((p) => p.key),
    maxSameKey: () => maxSameKey,
    maxTotal: () => maxTotal,
  };
}

/** Lets queued microtasks (the queue's pump, handler starts and settlements) run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}

function queueWith(h: ReturnType<typeof controlledHandler>, o: Partial<WorkQueueOptions> = {}) {
  return new WorkQueue({ handler: h.handler, ...o });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WorkQueue', () => {
  it('handles a key added several times while queued once', async () => {
    const h = controlledHandler();
    const q = queueWith(h, { workers: 1 });
    q.add('ns/a');
    q.add('ns/a');
    q.add('ns/b');
    q.add('ns/a');
    await flush();
    expect(h.calls).toEqual(['ns/a']);
    h.settle('ns/a');
    await flush();
    h.settle('ns/b');
    await flush();
    expect(h.calls).toEqual(['ns/a', 'ns/b']);
    await q.idle();
  });

  it('never hands one key to two workers; a key added while being handled runs once more afterwards', async () => {
    const h = controlledHandler();
    const q = queueWith(h, { workers: 4 });
    q.add('ns/a');
    await flush();
    expect(h.pendingKeys()).toEqual(['ns/a']);
    q.add('ns/a');
    q.add('ns/a');
    await flush();
    // free workers are there, but the key is being handled: it waits (dirty)
    expect(h.calls).toEqual(['ns/a']);
    h.settle('ns/a');
    await flush();
    expect(h.calls).toEqual(['ns/a', 'ns/a']);
    h.settle('ns/a');
    await flush();
    expect(h.calls).toEqual(['ns/a', 'ns/a']);
    expect(h.maxSameKey()).toBe(1);
    await q.idle();
  });

  it('handles up to `workers` distinct keys in parallel and starts the next when one ends', async () => {
    const h = controlledHandler();
    const q = queueWith(h, { workers: 2 });
    for (const k of ['ns/a', 'ns/b', 'ns/c', 'ns/d']) q.add(k);
    await flush();
    expect(h.pendingKeys()).toEqual(['ns/a', 'ns/b']);
    expect(q.stats()).toMatchObject({ queued: 2, active: 2 });
    h.settle('ns/b');
    await flush();
    expect(h.pendingKeys()).toEqual(['ns/a', 'ns/c']);
    h.settle('ns/a');
    h.settle('ns/c');
    await flush();
    h.settle('ns/d');
    await flush();
    expect(h.calls).toEqual(['ns/a', 'ns/b', 'ns/c', 'ns/d']);
    expect(h.maxTotal()).toBe(2);
    await q.idle();
  });

  it('retries a failing key with exponential back-off up to the cap, and forgets the failures on success', async () => {
    const h = controlledHandler();
    const errors: number[] = [];
    const q = queueWith(h, {
      workers: 1,
      backoffBaseMs: 100,
      backoffCapMs: 350,
      onError: (_k, _e, ms) => errors.push(ms),
    });
    q.add('ns/a');
    await flush();
    const failAndExpectRetryAfter = async (ms: number) => {
      const before = h.calls.length;
      h.settle('ns/a', new Error('boom'));
      await flush();
      await vi.advanceTimersByTimeAsync(ms - 1);
      expect(h.calls.length).toBe(before);
      await vi.advanceTimersByTimeAsync(1);
      await flush();
      expect(h.calls.length).toBe(before + 1);
    };
    await failAndExpectRetryAfter(100);
    await failAndExpectRetryAfter(200);
    await failAndExpectRetryAfter(350); // 400 capped
    await failAndExpectRetryAfter(350);
    expect(errors).toEqual([100, 200, 350, 350]);
    expect(q.failuresOf('ns/a')).toBe(4);
    h.settle('ns/a');
    await flush();
    expect(q.failuresOf('ns/a')).toBe(0);
    q.add('ns/a');
    await flush();
    await failAndExpectRetryAfter(100);
    h.settle('ns/a');
    await q.idle();
  });

  it('a key that becomes due again during its back-off is handled once', async () => {
    const h = controlledHandler();
    const q = queueWith(h, { workers: 1, backoffBaseMs: 1000 });
    q.add('ns/a');
    await flush();
    h.settle('ns/a', new Error('boom'));
    await flush();
    q.addAfter('ns/a', 5000); // later than the back-off: the earlier delayed add wins
    await vi.advanceTimersByTimeAsync(1000);
    await flush();
    expect(h.calls).toEqual(['ns/a', 'ns/a']);
    h.settle('ns/a');
    await vi.advanceTimersByTimeAsync(10_000);
    await flush();
    expect(h.calls).toEqual(['ns/a', 'ns/a']);
    await q.idle();
  });

  it('takes turns between lanes, so a key added behind a flood of another namespace is handled next', async () => {
    const h = controlledHandler();
    const q = queueWith(h, { workers: 1 });
    for (let i = 0; i < 100; i++) q.add(`bench/o-${i}`);
    await flush();
    expect(h.pendingKeys()).toEqual(['bench/o-0']);
    q.add('kubeflow-user-example-com/sklearn-iris');
    h.settle('bench/o-0');
    await flush();
    h.settle('bench/o-1');
    await flush();
    expect(h.calls.slice(0, 3)).toEqual(['bench/o-0', 'bench/o-1', 'kubeflow-user-example-com/sklearn-iris']);
    // within one lane it is a FIFO
    h.settle('kubeflow-user-example-com/sklearn-iris');
    await flush();
    h.settle('bench/o-2');
    await flush();
    expect(h.calls.slice(3, 5)).toEqual(['bench/o-2', 'bench/o-3']);
    q.shutDown();
    h.settle('bench/o-3');
    await flush();
    expect(h.calls).toHaveLength(5);
  });

  it('after the watchdog the worker moves on, but the stuck key is not handled again until it settles', async () => {
    const h = controlledHandler();
    const errors: string[] = [];
    const q = queueWith(h, {
      workers: 1,
      timeoutMs: 60_000,
      backoffBaseMs: 1000,
      onError: (k, e) => errors.push(`${k}: ${e instanceof Error ? e.message : String(e)}`),
    });
    q.add('ns/stuck');
    q.add('ns/next');
    await flush();
    expect(h.pendingKeys()).toEqual(['ns/stuck']);
    await vi.advanceTimersByTimeAsync(60_000);
    await flush();
    expect(errors).toEqual(['ns/stuck: not done within 60000 ms']);
    expect(h.pendingKeys()).toEqual(['ns/stuck', 'ns/next']);
    h.settle('ns/next');
    // the back-off re-add comes while the stuck reconcile still runs: it must wait
    await vi.advanceTimersByTimeAsync(5000);
    await flush();
    expect(h.calls).toEqual(['ns/stuck', 'ns/next']);
    expect(q.stats().processing).toEqual(['ns/stuck']);
    h.settle('ns/stuck');
    await flush();
    expect(h.calls).toEqual(['ns/stuck', 'ns/next', 'ns/stuck']);
    expect(h.maxSameKey()).toBe(1);
    h.settle('ns/stuck');
    await q.idle();
  });

  it('takes nothing more after shutDown and drops delayed adds', async () => {
    const h = controlledHandler();
    const q = queueWith(h, { workers: 1 });
    q.add('ns/a');
    q.add('ns/b');
    q.addAfter('ns/c', 1000);
    await flush();
    q.shutDown();
    q.add('ns/d');
    h.settle('ns/a');
    await vi.advanceTimersByTimeAsync(2000);
    await flush();
    expect(h.calls).toEqual(['ns/a']);
    await q.idle();
  });
});
