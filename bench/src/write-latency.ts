/**
 * Write → SSE client latency, shared by the list-scale and fanout phases: a label change on a different
 * InferenceService every 100 ms (as admin), and each subscriber's first arrival of that label value.
 */
import type { KubeRest } from '@servedeck/sandbox/kube';
import { isvcPath } from './kube';
import { sleep } from './procs';
import { scaleName } from './scale-objects';
import { type Subscriber, TICK_LABEL } from './sse-client';

/** Patch `writes` objects spread over the namespaces, 100 ms apart, then wait 3 s; tick → time the PATCH started. */
export async function writeTicks(
  kube: KubeRest,
  nss: readonly string[],
  perNamespace: number,
  writes: number,
): Promise<Map<string, number>> {
  const objects = nss.length * perNamespace;
  const written = new Map<string, number>();
  const run = Date.now().toString(36);
  for (let w = 0; w < writes; w++) {
    const i = (w * 97) % objects;
    const ns = nss[Math.floor(i / perNamespace)] ?? nss[0] ?? '';
    const tick = `${run}-${w}`;
    written.set(tick, performance.now());
    await kube.must(
      'PATCH',
      isvcPath(ns, scaleName(i)),
      { metadata: { labels: { [TICK_LABEL]: tick } } },
      'application/merge-patch+json',
    );
    await sleep(100);
  }
  await sleep(3000);
  return written;
}

/** Arrival − write start, per subscriber and write it received (same clock). */
export function deliveryLatencies(subs: readonly Subscriber[], written: ReadonlyMap<string, number>): number[] {
  const latencies: number[] = [];
  for (const s of subs)
    for (const [tick, at] of s.arrivals) {
      const t0 = written.get(tick);
      if (t0 !== undefined) latencies.push(at - t0);
    }
  return latencies;
}
