/** `--check` (the package's test:integration): every measurement produced numbers. No timing is asserted. */
import type { CeilingResults } from './ceiling';
import type { FanoutResults } from './fanout';
import type { LighthouseRun } from './lighthouse';
import type { ListScaleResults } from './list-scale';
import type { MetricsPhaseResults } from './metrics-route';
import type { Phase } from './phase';
import type { ProxyResults } from './proxy';
import type { SseSlowResults } from './sse-slow';
import type { WebWeight } from './web-weight';

export type Check = { name: string; ok: boolean; why?: string };

const num = (n: number | undefined): boolean => n !== undefined && Number.isFinite(n) && n >= 0;

export function producedNumbers(
  phases: Phase[],
  proxy: ProxyResults | undefined,
  list: ListScaleResults | undefined,
  web: { weight: WebWeight; runs: LighthouseRun[] } | undefined,
  failures: string[],
  more: {
    metrics?: MetricsPhaseResults | undefined;
    sse?: SseSlowResults | undefined;
    ceiling?: CeilingResults | undefined;
    fanout?: FanoutResults | undefined;
  } = {},
): Check[] {
  const checks: Check[] = [];
  const phaseFailure = (p: Phase) => failures.find((f) => f.startsWith(`${p}:`));
  if (phases.includes('proxy')) {
    checks.push({ name: 'proxy phase ran', ok: proxy !== undefined, why: phaseFailure('proxy') ?? 'no result' });
    for (const r of proxy?.rows ?? []) {
      const ok = r.result !== undefined && num(r.result.rps) && r.result.requests > 0 && num(r.result.p50Ms);
      checks.push({
        name: `proxy ${r.upstream} ${r.target} ${r.payload.id} c=${r.connections}`,
        ok,
        why: r.error ?? 'no requests completed',
      });
    }
    const bffRows = proxy?.rows.filter((r) => r.target === 'servedeck') ?? [];
    checks.push({
      name: 'BFF peak RSS read',
      ok: bffRows.length > 0 && bffRows.every((r) => num(r.peakRss)),
      why: 'VmHWM missing',
    });
  }
  if (phases.includes('list')) {
    checks.push({ name: 'list phase ran', ok: list !== undefined, why: phaseFailure('list') ?? 'no result' });
    if (list) {
      checks.push({
        name: 'BFF listed every object',
        ok: list.bffItems >= list.objects,
        why: `${list.bffItems} of ${list.objects}`,
      });
      checks.push({ name: 'warm list timed', ok: num(list.bffWarm?.p50), why: 'no samples' });
      checks.push({
        name: 'direct list timed',
        ok: num(list.userDirect?.p50) && num(list.adminDirect?.p50),
        why: 'no samples',
      });
      checks.push({ name: 'write → client latency', ok: num(list.writeLatency?.p95), why: 'no event arrived' });
      checks.push({ name: 'BFF memory read', ok: num(list.bffRssWatching), why: 'VmRSS missing' });
      checks.push({
        name: 'list page measured',
        ok: list.page.measured,
        why: list.page.measured ? '' : list.page.reason,
      });
      checks.push({ name: 'scale objects removed', ok: list.leftovers === 0, why: `${list.leftovers} left` });
    }
  }
  if (phases.includes('web')) {
    checks.push({ name: 'web phase ran', ok: web !== undefined, why: phaseFailure('web') ?? 'no result' });
    if (web) {
      checks.push({ name: 'initial JS weighed', ok: web.weight.jsGzip > 0, why: 'no entry chunk found' });
      for (const r of web.runs)
        checks.push({ name: `lighthouse ${r.page} ${r.formFactor}`, ok: num(r.score), why: r.error ?? 'no score' });
    }
  }
  if (phases.includes('metrics')) {
    const m = more.metrics;
    checks.push({ name: 'metrics phase ran', ok: m !== undefined, why: phaseFailure('metrics') ?? 'no result' });
    checks.push({
      name: 'metrics route and direct timed (one InferenceService)',
      ok: num(m?.isvc?.route?.p50) && num(m?.isvc?.direct?.p50),
      why: m?.errors.join('; ') || 'no samples',
    });
    checks.push({
      name: 'namespace metrics route and direct timed (5,000)',
      ok: num(m?.namespace?.routeUncached?.p50) && num(m?.namespace?.direct?.p50),
      why: m?.errors.join('; ') || 'no samples',
    });
    const ns = m?.namespace;
    checks.push({
      name: 'namespace route answered every InferenceService',
      ok: ns !== undefined && ns.answered >= ns.isvcs,
      why: ns
        ? `a round's answer held ${ns.answered} of ${ns.isvcs} InferenceServices`
        : (m?.errors.find((e) => e.startsWith('namespace:')) ?? phaseFailure('metrics') ?? 'no result'),
    });
  }
  if (phases.includes('ceiling')) {
    const r = more.ceiling;
    checks.push({ name: 'ceiling phase ran', ok: r !== undefined, why: phaseFailure('ceiling') ?? 'no result' });
    for (const row of r?.rows ?? []) {
      checks.push({
        name: `ceiling ${row.target} c=${row.connections}: answered, not only errors`,
        ok: row.result !== undefined && row.result.requests > 0 && row.result.rps > 0 && num(row.result.p50Ms),
        why: row.error ?? `${row.result?.rps ?? 0} answers/s of ${row.result?.requests ?? 0} requests`,
      });
    }
  }
  if (phases.includes('sse')) {
    const r = more.sse;
    checks.push({ name: 'sse phase ran', ok: r !== undefined, why: phaseFailure('sse') ?? 'no result' });
    for (const v of r?.variants ?? []) {
      checks.push({
        name: `sse ${v.name}: BFF memory read, clients served`,
        ok: num(v.rssPeak) && v.clientsServed > 0 && v.patches > 0,
        why: `rss ${v.rssPeak}, ${v.clientsServed} clients served, ${v.patches} patches`,
      });
    }
  }
  if (phases.includes('fanout')) {
    const r = more.fanout;
    checks.push({ name: 'fanout phase ran', ok: r !== undefined, why: phaseFailure('fanout') ?? 'no result' });
    const first = r?.steps[0];
    checks.push({
      name: 'fanout: the first step measured (time to the whole list, BFF memory, upstream watches)',
      ok:
        first !== undefined &&
        first.completed > 0 &&
        num(first.complete?.p50) &&
        num(first.bffRss) &&
        num(first.upstreamWatches),
      why: first
        ? `${first.completed} of ${first.joined} complete, rss ${first.bffRss}, watches ${first.upstreamWatches}`
        : 'no step',
    });
    const page = r?.page;
    checks.push({
      name: 'fanout: the list page measured (interactive, scroll frames, JS heap, first RESYNC)',
      ok:
        page?.measured === true &&
        num(page.interactiveMs) &&
        page.frames > 0 &&
        num(page.frameP95Ms) &&
        num(page.heapUsedBytes) &&
        page.firstResync !== undefined &&
        page.firstResync.chars > 0,
      why: !page
        ? 'not measured'
        : page.measured
          ? `interactive ${page.interactiveMs}, ${page.frames} frames, heap ${page.heapUsedBytes}, first RESYNC ${page.firstResync?.chars}`
          : page.reason,
    });
  }
  return checks;
}
