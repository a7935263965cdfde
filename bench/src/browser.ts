/** Headless Chromium (Debian's) driven by playwright-core: the list page (5,000 rows; 20,000 in the fanout phase). */
import { existsSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { type CpuProfile, frameStats } from './page-stats';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type ListPageResult =
  | { measured: false; reason: string }
  | {
      measured: true;
      rows: number;
      /** From navigation start until every row is in the list and the main thread answers within 50 ms. */
      interactiveMs: number;
      /** Until the first data row is shown. */
      firstRowMs: number;
      frames: number;
      frameP50Ms: number;
      frameP95Ms: number;
      frameMaxMs: number;
      /** Share of frames longer than 1.5 × 16.7 ms (a missed vsync). */
      slowFrames: number;
      /** [ms since navigation start, rows in the list] at each change. */
      rowTimeline: [number, number][];
      /** V8 heap of the page after the scroll (CDP Runtime.getHeapUsage), then after a forced GC. */
      heapUsedBytes?: number | undefined;
      heapAfterGcBytes?: number | undefined;
      /** The page's list answer (GET .../inferenceservices, Resource Timing): on the wire and decoded. */
      listBytes?: { wire: number; decoded: number } | undefined;
      /** The first RESYNC of the page's stream: characters of its data (≈ bytes: JSON is ASCII here), when it came. */
      firstResync?: { chars: number; atMs: number } | undefined;
      /** RESYNCs and other change events the page's stream delivered until the scroll ended. */
      resyncs?: number | undefined;
      changes?: number | undefined;
    };

export type PageOptions = {
  url: string;
  /** A session cookie (OIDC/password mode); trusted-header mode names the user in `headers` instead. */
  cookie?: string;
  /** Sent with every request of the page (trusted-header mode: `kubeflow-userid`). */
  headers?: Record<string, string>;
  /** The list page's path (default: all namespaces). */
  path?: string;
  rows: number;
  dir: string;
  log: (s: string) => void;
  /** Write a CPU profile of the load (navigation until interactive) here (Chromium's .cpuprofile JSON). */
  profileFile?: string;
};

type PageStreamStats = { resyncs: number; changes: number; firstResyncChars: number; firstResyncAt: number };

function cookiesFor(url: string, header: string) {
  return header.split(';').flatMap((part) => {
    const i = part.indexOf('=');
    if (i <= 0) return [];
    return [{ name: part.slice(0, i).trim(), value: part.slice(i + 1).trim(), url }];
  });
}

export async function measureListPage(o: PageOptions): Promise<ListPageResult> {
  if (!existsSync(CHROMIUM)) return { measured: false, reason: `${CHROMIUM} is not installed` };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  try {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      ...(o.headers ? { extraHTTPHeaders: o.headers } : {}),
    });
    if (o.cookie) await context.addCookies(cookiesFor(o.url, o.cookie));
    // The page's stream, seen from inside: an EventSource that also counts its RESYNCs (a length and a prefix test
    // per message: nothing parsed twice).
    await context.addInitScript(() => {
      const stats = { resyncs: 0, changes: 0, firstResyncChars: 0, firstResyncAt: 0 };
      (globalThis as unknown as { __sse: typeof stats }).__sse = stats;
      const Original = globalThis.EventSource;
      if (!Original) return;
      globalThis.EventSource = class extends Original {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          this.addEventListener('change', (m) => {
            const data = (m as MessageEvent<unknown>).data;
            if (typeof data !== 'string') return;
            if (data.startsWith('{"type":"RESYNC"')) {
              if (stats.resyncs === 0) {
                stats.firstResyncChars = data.length;
                stats.firstResyncAt = performance.now();
              }
              stats.resyncs++;
            } else stats.changes++;
          });
        }
      };
    });
    // Record when the list's row count changes (aria-rowcount on the table), from navigation start.
    await context.addInitScript(() => {
      const log: [number, number][] = [];
      (globalThis as unknown as { __rows: [number, number][] }).__rows = log;
      let last = -1;
      const timer = setInterval(() => {
        const n = Number(document.querySelector('table.isvc-table')?.getAttribute('aria-rowcount') ?? 0) - 1;
        if (n !== last) {
          log.push([Math.round(performance.now()), n]);
          last = n;
        }
        if (log.length > 200) clearInterval(timer);
      }, 25);
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (o.profileFile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await page.goto(`${o.url}${o.path ?? '/ns/_all'}`, { waitUntil: 'commit', timeout: 60_000 });
    const table = page.locator('table.isvc-table');
    try {
      await table.waitFor({ timeout: 120_000 });
    } catch {
      return { measured: false, reason: 'the list page showed no table (table.isvc-table) within 120 s' };
    }
    const firstRowMs = await page
      .locator('table.isvc-table tbody tr[aria-rowindex]')
      .first()
      .waitFor({ timeout: 120_000 })
      .then(() => page.evaluate(() => performance.now()));
    await page.waitForFunction(
      (n) => Number(document.querySelector('table.isvc-table')?.getAttribute('aria-rowcount') ?? 0) >= n + 1,
      o.rows,
      { timeout: 180_000, polling: 50 },
    );
    // Interactive: the main thread answers a task within 50 ms (no long task pending).
    const interactiveMs = await page.evaluate(async () => {
      for (let i = 0; i < 400; i++) {
        const t = performance.now();
        await new Promise((r) => setTimeout(r, 0));
        if (performance.now() - t < 50) return performance.now();
      }
      return performance.now();
    });
    if (o.profileFile) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      writeFileSync(o.profileFile, JSON.stringify(profile));
      await cdp.send('Profiler.disable');
    }
    const frames = await page.evaluate(async () => {
      const el = document.querySelector('.table-scroll');
      if (!el) return [] as number[];
      const out: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 240; i++) {
        el.scrollTop += 120;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        out.push(now - last);
        last = now;
      }
      return out;
    });
    const timeline = await page.evaluate(() => (globalThis as unknown as { __rows?: [number, number][] }).__rows ?? []);
    const stream = await page.evaluate(() => (globalThis as unknown as { __sse?: PageStreamStats }).__sse);
    const listBytes = await page.evaluate(() => {
      const entry = performance
        .getEntriesByType('resource')
        .find((e) => /\/api\/namespaces\/[^/]+\/inferenceservices(\?|$)/.test(e.name)) as
        | PerformanceResourceTiming
        | undefined;
      return entry ? { wire: entry.encodedBodySize, decoded: entry.decodedBodySize } : undefined;
    });
    const heap = async () =>
      ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number }).usedSize;
    const heapUsedBytes = await heap().catch(() => undefined);
    const heapAfterGcBytes = await cdp
      .send('HeapProfiler.collectGarbage')
      .then(heap)
      .catch(() => undefined);
    const f = frameStats(frames);
    if (!f) return { measured: false, reason: 'no scroll container (.table-scroll) on the list page' };
    return {
      measured: true,
      rows: o.rows,
      interactiveMs,
      firstRowMs,
      frames: f.frames,
      frameP50Ms: f.p50Ms,
      frameP95Ms: f.p95Ms,
      frameMaxMs: f.maxMs,
      slowFrames: f.longShare,
      rowTimeline: timeline.slice(0, 12),
      heapUsedBytes,
      heapAfterGcBytes,
      listBytes,
      firstResync:
        stream && stream.resyncs > 0 ? { chars: stream.firstResyncChars, atMs: stream.firstResyncAt } : undefined,
      resyncs: stream?.resyncs,
      changes: stream?.changes,
    };
  } catch (err) {
    return { measured: false, reason: err instanceof Error ? (err.message.split('\n')[0] ?? 'error') : String(err) };
  } finally {
    await browser.close();
  }
}

/** One layout shift the browser reported (PerformanceObserver 'layout-shift'), with the elements that moved. */
export type LayoutShift = { atMs: number; value: number; sources: string[] };

/**
 * The layout shifts of a page in its first `settleMs` (no user input), with what moved: Lighthouse 12.2's own
 * layout-shifts audit fails on Debian's Chromium ("Cannot read properties of undefined (reading 'frame_sequence')"),
 * so the elements are read from the browser's PerformanceObserver. A source is `tag#id.class` of the node.
 */
export async function pageLayoutShifts(
  url: string,
  cookie: string,
  viewport: { width: number; height: number },
  settleMs = 5000,
  /** Lighthouse's mobile conditions: 4× CPU slowdown, 150 ms RTT, 1.6 Mbit/s down (its simulated slow 4G). */
  throttle = false,
): Promise<LayoutShift[]> {
  if (!existsSync(CHROMIUM)) return [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  try {
    const context = await browser.newContext({ viewport });
    await context.addCookies(cookiesFor(url, cookie));
    await context.addInitScript(() => {
      type Src = { node?: Node | null };
      type Entry = PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Src[] };
      const found: { atMs: number; value: number; sources: string[] }[] = [];
      (globalThis as unknown as { __shifts: typeof found }).__shifts = found;
      const describe = (n: Node | null | undefined): string => {
        if (!n || !(n instanceof Element)) return n ? n.nodeName.toLowerCase() : '?';
        const cls =
          typeof n.className === 'string' && n.className ? `.${n.className.trim().split(/\s+/).join('.')}` : '';
        return `${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ''}${cls}`;
      };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as Entry[]) {
          if (e.hadRecentInput) continue;
          found.push({
            atMs: Math.round(e.startTime),
            value: e.value,
            sources: (e.sources ?? []).map((s) => describe(s.node)),
          });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const page = await context.newPage();
    if (throttle) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 150,
        downloadThroughput: (1.6 * 1024 * 1024) / 8,
        uploadThroughput: (750 * 1024) / 8,
      });
    }
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForTimeout(settleMs);
    return await page.evaluate(() => (globalThis as unknown as { __shifts: LayoutShift[] }).__shifts);
  } finally {
    await browser.close();
  }
}
