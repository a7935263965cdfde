import { describe, expect, it } from 'vitest';
import { createMetrics } from '../src/metrics';

describe('BFF gauges read at scrape time', () => {
  it('reports the upstream list-watches the hub holds now', async () => {
    let watches = 0;
    const m = createMetrics(false, { upstreamWatches: () => watches });
    expect(await m.registry.metrics()).toContain('servedeck_bff_upstream_watches 0');
    watches = 4000;
    expect(await m.registry.metrics()).toContain('servedeck_bff_upstream_watches 4000');
  });

  it('has no such gauge without a source', async () => {
    expect(await createMetrics(false).registry.metrics()).not.toContain('servedeck_bff_upstream_watches');
  });
});
