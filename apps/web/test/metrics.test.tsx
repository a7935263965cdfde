import { type IsvcMetrics, metricsPaths } from '@servedeck/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { aligned, chartsOf } from '../src/features/metrics/chart-data';
import { LoadTest } from '../src/features/metrics/components/LoadTest';
import { MetricsTab } from '../src/features/metrics/components/MetricsTab';
import { histogram, percentile, runLoad } from '../src/features/metrics/load-stats';
import { metricsEn, metricsKo } from '../src/features/metrics/messages';
import { createQueryClient } from '../src/lib/query-client';
import { server } from './msw';

// uPlot draws on a canvas (none in jsdom): the chart is replaced by its data.
vi.mock('../src/features/metrics/components/TimeChart', () => ({
  default: ({ def }: { def: { id: string; lines: { points: unknown[] }[] } }) => (
    <div data-chart={def.id} data-points={def.lines.map((l) => l.points.length).join(',')} />
  ),
}));

const metrics = (over: Partial<IsvcMetrics> = {}): IsvcMetrics => ({
  namespace: 'ns',
  name: 'iris',
  range: '1h',
  start: 1000,
  end: 1030,
  step: 15,
  series: [
    {
      metric: 'requests',
      label: '2xx',
      unit: 'req/s',
      points: [
        [1000, 2],
        [1015, 3],
      ],
    },
    { metric: 'latencyP95', label: '', unit: 's', points: [[1015, 0.0125]] },
    { metric: 'memory', label: '', unit: 'bytes', points: [[1000, 3 * 1024 * 1024]] },
    { metric: 'errorRatio', label: '', unit: 'ratio', points: [[1000, 0.25]] },
  ],
  totals: { requests: 100, errors: 2 },
  ...over,
});

function renderTab() {
  const client = createQueryClient({ retryDelayMs: 0 });
  return render(
    <QueryClientProvider client={client}>
      <MetricsTab ns="ns" name="iris" />
    </QueryClientProvider>,
  );
}

describe('metrics charts from the BFF answer', () => {
  it('converts units (s → ms, bytes → MiB, ratio → %) and omits tokens unless exported', () => {
    const charts = chartsOf(metrics());
    expect(charts.map((c) => c.id)).toEqual(['requests', 'latency', 'errorRatio', 'cpu', 'memory', 'readyReplicas']);
    const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
    expect(byId.latency?.lines).toEqual([{ label: { key: 'series.p95' }, points: [[1015, 12.5]] }]);
    expect(byId.memory?.lines[0]?.points).toEqual([[1000, 3]]);
    expect(byId.errorRatio?.lines[0]?.points).toEqual([[1000, 25]]);
    expect(byId.requests?.lines[0]?.label).toEqual({ text: '2xx' });
    expect(byId.cpu?.lines).toEqual([]);
    const withTokens = chartsOf(
      metrics({ series: [{ metric: 'tokens', label: 'generated', unit: 'tokens/s', points: [[1000, 5]] }] }),
    );
    expect(withTokens.at(-1)).toMatchObject({ id: 'tokens', lines: [{ label: { key: 'series.generated' } }] });
  });

  it('aligns every line on the range steps with gaps as null', () => {
    expect(aligned(1000, 1030, 15, [{ label: { text: 'a' }, points: [[1015, 3]] }])).toEqual([
      [1000, 1015, 1030],
      [null, 3, null],
    ]);
  });
});

describe('Metrics tab', () => {
  it('says how to turn metrics on when the BFF has no Prometheus', async () => {
    server.use(
      http.get(metricsPaths.isvc('ns', 'iris'), () =>
        HttpResponse.json({ status: 404, reason: 'MetricsNotConfigured', message: 'x', causes: [] }, { status: 404 }),
      ),
    );
    renderTab();
    expect(await screen.findByText('Metrics are not configured')).toBeInTheDocument();
    expect(screen.getByText(/SERVEDECK_PROMETHEUS_URL/)).toBeInTheDocument();
  });

  it('names Prometheus when it is unreachable, with the BFF message and a retry', async () => {
    server.use(
      http.get(metricsPaths.isvc('ns', 'iris'), () =>
        HttpResponse.json(
          {
            status: 503,
            reason: 'MetricsUnavailable',
            message: 'Prometheus (SERVEDECK_PROMETHEUS_URL) cannot be reached (ECONNREFUSED)',
            causes: [],
          },
          { status: 503 },
        ),
      ),
    );
    renderTab();
    expect(await screen.findByText('Prometheus is unreachable')).toBeInTheDocument();
    expect(screen.getByText(/ECONNREFUSED/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('draws the series it has, says why the others are empty, and asks again for a new range', async () => {
    const ranges: string[] = [];
    server.use(
      http.get(metricsPaths.isvc('ns', 'iris'), ({ request }) => {
        ranges.push(new URL(request.url).searchParams.get('range') ?? '');
        return HttpResponse.json(metrics());
      }),
    );
    const { container } = renderTab();
    await screen.findByText('100 requests and 2 server errors in this range');
    await waitFor(() => expect(container.querySelector('[data-chart="requests"]')).not.toBeNull());
    expect(container.querySelector('[data-chart="requests"]')?.getAttribute('data-points')).toBe('2');
    expect(screen.getByTestId('metrics-cpu')).toHaveTextContent(/has not scraped this InferenceService’s pods/);
    expect(screen.queryByTestId('metrics-tokens')).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: '7 days' }));
    await waitFor(() => expect(ranges).toContain('7d'));
    expect(ranges[0]).toBe('1h');
  });

  it('says there is no traffic yet when no request series came back', async () => {
    server.use(
      http.get(metricsPaths.isvc('ns', 'iris'), () =>
        HttpResponse.json(metrics({ series: [], totals: { requests: null, errors: null } })),
      ),
    );
    renderTab();
    expect(await screen.findByText(/No traffic yet/)).toBeInTheDocument();
  });
});

describe('load test', () => {
  it('percentiles by nearest rank; histogram counts every value', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99)]).toEqual([50, 95, 99]);
    expect(percentile([], 0.5)).toBeNaN();
    const h = histogram([1, 2, 2, 3, 10], 3);
    expect(h.reduce((n, b) => n + b.count, 0)).toBe(5);
    expect(h[0]).toMatchObject({ from: 1, count: 4 });
    expect(histogram([5, 5], 20)).toEqual([{ from: 5, to: 5, count: 2 }]);
  });

  it('never has more than C requests in flight and sends exactly N', async () => {
    let inFlight = 0;
    let most = 0;
    let sent = 0;
    const results: number[] = [];
    await runLoad({
      count: 37,
      concurrency: 5,
      signal: new AbortController().signal,
      send: async () => {
        sent += 1;
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight -= 1;
        return 200;
      },
      onResult: (r) => results.push(r.status),
    });
    expect(sent).toBe(37);
    expect(results).toHaveLength(37);
    expect(most).toBe(5);
  });

  it('stops sending when cancelled', async () => {
    const ac = new AbortController();
    let sent = 0;
    await runLoad({
      count: 1000,
      concurrency: 2,
      signal: ac.signal,
      send: async () => {
        sent += 1;
        if (sent === 10) ac.abort();
        await Promise.resolve();
        return 200;
      },
      onResult: () => {},
    });
    expect(sent).toBeLessThan(13);
  });

  it('runs from the console, then shows status codes and p50/p95/p99', async () => {
    const send = vi.fn(async () => 200);
    render(<LoadTest send={send} />);
    fireEvent.change(screen.getByLabelText('Requests (N)'), { target: { value: '20' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send 20 requests' }));
    });
    expect(await screen.findByText(/^20 sent in/)).toBeInTheDocument();
    expect(send).toHaveBeenCalledTimes(20);
    expect(screen.getByText(/200 × 20/)).toBeInTheDocument();
    expect(screen.getByTestId('load-percentiles')).toHaveTextContent(/^p50 .* · p95 .* · p99 /);
  });

  it('refuses N above 1000 or C above 16', () => {
    render(<LoadTest send={async () => 200} />);
    fireEvent.change(screen.getByLabelText('Concurrency (C)'), { target: { value: '17' } });
    expect(screen.getByRole('alert')).toHaveTextContent('N must be 1 to 1000 and C 1 to 16');
    expect(screen.getByRole('button', { name: /Send/ })).toBeDisabled();
  });
});

describe('metrics catalogues', () => {
  const flat = (o: object, p = ''): [string, string][] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[`${p}${k}`, v]] : flat(v as object, `${p}${k}.`)));
  it('Korean has every English key with the same placeholders', () => {
    const ko = new Map(flat(metricsKo));
    for (const [key, en] of flat(metricsEn)) {
      const k = ko.get(key);
      expect(k, key).toBeTypeOf('string');
      const holes = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(holes(k ?? ''), key).toEqual(holes(en));
    }
  });
});
