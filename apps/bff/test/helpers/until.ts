/** Poll `cond` every 10 ms until it holds; throws naming `what` after `tries` polls. */
export async function until(cond: () => boolean, what: string, tries = 500): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Poll `fn` until it returns a value (not undefined); a throw counts as not yet. After `timeoutMs`, fails
 * naming `what` and the last error seen.
 */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  everyMs = 500,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const v = await fn().catch((err: unknown) => {
      last = err;
      return undefined;
    });
    if (v !== undefined) return v;
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
