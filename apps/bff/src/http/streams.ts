/** Open long-lived responses (SSE, followed logs) by session, so logout and shutdown can end them. */
export class StreamRegistry {
  private readonly bySession = new Map<string, Set<() => void>>();
  private readonly all = new Set<() => void>();

  add(sessionId: string | undefined, close: () => void): () => void {
    this.all.add(close);
    if (sessionId) {
      const set = this.bySession.get(sessionId) ?? new Set();
      set.add(close);
      this.bySession.set(sessionId, set);
    }
    return () => {
      this.all.delete(close);
      if (sessionId) {
        const set = this.bySession.get(sessionId);
        set?.delete(close);
        if (set?.size === 0) this.bySession.delete(sessionId);
      }
    };
  }

  get size(): number {
    return this.all.size;
  }

  closeSession(sessionId: string): void {
    for (const close of [...(this.bySession.get(sessionId) ?? [])]) close();
  }

  closeAll(): void {
    for (const close of [...this.all]) close();
  }
}
