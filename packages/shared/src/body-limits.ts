/**
 * What the BFF accepts in a write body (apps/bff/src/http/body.ts uses these), so the editor can say so before
 * sending: at most MAX_BODY_BYTES, nested at most MAX_DEPTH levels (no Kubernetes object needs more, and
 * serialising a deeper one would overflow the stack).
 */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
export const MAX_DEPTH = 200;

/** Nesting depth of a parsed value, without recursion (stops counting past `limit`). */
export function nestingDepth(value: unknown, limit = MAX_DEPTH): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}
