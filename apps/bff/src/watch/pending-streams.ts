type Entry = { n: number; done: Promise<void>; settle: () => void };

/**
 * Streams about to subscribe to collections, by key (the hub's owner and collection): a stream asks its access
 * reviews before it subscribes (stream.ts), and a list answer of the same owner opened with it (the list page
 * opens both at once) waits for that instead of listing from the apiserver beside it.
 */
export class PendingStreams {
  private readonly entries = new Map<string, Entry>();
  private waiters = 0;

  /** Waits in `settled` now. */
  get waiting(): number {
    return this.waiters;
  }

  /** A stream will subscribe to these keys; returns how to say it has (or has given up). Calling it again does nothing. */
  add(keys: string[]): () => void {
    for (const k of keys) {
      let e = this.entries.get(k);
      if (!e) {
        let settle: () => void = () => {};
        const done = new Promise<void>((r) => {
          settle = r;
        });
        e = { n: 0, done, settle };
        this.entries.set(k, e);
      }
      e.n += 1;
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      for (const k of keys) {
        const e = this.entries.get(k);
        if (!e) continue;
        e.n -= 1;
        if (e.n > 0) continue;
        this.entries.delete(k);
        e.settle();
      }
    };
  }

  /** Resolves once no stream is about to subscribe to `key` (at once when none is), or at `deadline` (epoch ms). */
  async settled(key: string, deadline: number): Promise<void> {
    const e = this.entries.get(key);
    if (!e) return;
    let timer: NodeJS.Timeout | undefined;
    this.waiters += 1;
    try {
      await Promise.race([
        e.done,
        new Promise<void>((r) => {
          timer = setTimeout(r, Math.max(0, deadline - Date.now()));
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.waiters -= 1;
    }
  }
}
