/** A small map whose entries expire; values may be promises (a burst shares one upstream call). */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Delete every key for which the predicate holds. */
  deleteWhere(pred: (key: string) => boolean): void {
    for (const k of this.entries.keys()) if (pred(k)) this.entries.delete(k);
  }

  /** The cached value, or the loader's (cached; a failed load is not cached). */
  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const p = load();
    this.set(key, p as unknown as V);
    try {
      const v = await p;
      this.set(key, v);
      return v;
    } catch (err) {
      this.delete(key);
      throw err;
    }
  }
}
