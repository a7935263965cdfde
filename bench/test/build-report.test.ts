import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, type RawResults, readResults, renderRun } from '../src/build-report';
import type { CeilingResults } from '../src/ceiling';
import type { SseSlowResults } from '../src/sse-slow';

const MB = 1024 * 1024;
const wrk = (rps: number) => ({ rps, requests: rps * 5, p50Ms: 2, p99Ms: 9, errors: 0 });

const ceiling: CeilingResults = {
  rows: [16, 64].flatMap((c) => [
    { target: 'undici-1' as const, connections: c, result: wrk(6000), cpuMsPerRequest: 0.08 },
    { target: 'servedeck-1' as const, connections: c, result: wrk(3000), cpuMsPerRequest: 0.16 },
  ]),
  warmUps: {},
  durationS: 5,
  load: { start: [1, 1, 1], end: [1, 1, 1] },
  notes: ['a ceiling note'],
};

const sse: SseSlowResults = {
  clients: 50,
  bytesPerS: 64 * 1024,
  objects: 200,
  objectBytes: 10_000,
  patchesPerS: 20,
  variants: [
    {
      name: 'bounded (default, 4 MiB)',
      maxBufferBytes: undefined,
      rssBefore: 150 * MB,
      rssPeak: 200 * MB,
      rssEnd: 160 * MB,
      drops: 4,
      resyncs: 54,
      connections: 54,
      bytesRead: 20 * MB,
      clientsServed: 50,
      patches: 1200,
      durationS: 60,
    },
  ],
  load: { start: [1, 1, 1], end: [1, 1, 1] },
  how: 'node apps/bff/dist/main.js',
};

const raw: RawResults = {
  started: Date.parse('2026-12-07T04:00:00Z'),
  machine: {
    cpuModel: 'Test CPU',
    cores: 2,
    memoryBytes: 24 * 1024 ** 3,
    os: 'Linux 6',
    node: '20.20.2',
    loadAtStart: [1, 2, 3],
  },
  quick: false,
  durationS: 100,
  failures: [],
  ceiling,
  sse,
};

describe('the report of a run', () => {
  it('puts the ceiling and sse targets in the Targets table, from the raw results', () => {
    const names = buildReport(raw).targets.map((t) => t.name);
    expect(names).toContain('One BFF process vs a bare undici pass-through, instant upstream, c=16 (req/s)');
    expect(names).toContain('One BFF process vs a bare undici pass-through, instant upstream, c=64 (req/s)');
    expect(names).toContain('BFF memory, 50 stream clients reading at 64 kB/s, buffering bounded vs unbounded');
  });

  it('keeps the phases’ own sections after the report', () => {
    const md = renderRun(raw);
    expect(md).toContain(
      '| One BFF process vs a bare undici pass-through, instant upstream, c=16 (req/s) | ≥ 90% of the pass-through | 50% (3000 vs 6000 req/s',
    );
    expect(md).toContain('## Inference proxy at Node’s ceiling');
    expect(md).toContain('- a ceiling note');
    expect(md).toContain('## Slow stream clients');
    expect(md.indexOf('## Targets')).toBeLessThan(md.indexOf('## Inference proxy at Node’s ceiling'));
  });

  it('renders the same again from the saved JSON (`--render`)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-report-')), 'results.json');
    writeFileSync(file, JSON.stringify(raw, null, 1));
    expect(renderRun(readResults(file))).toBe(renderRun(raw));
  });
});
