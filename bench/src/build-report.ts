/** Raw results of a run (saved as JSON next to the report) and the report built from them. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type CeilingResults, renderCeiling } from './ceiling';
import { type FanoutResults, renderFanout } from './fanout';
import type { LighthouseRun } from './lighthouse';
import type { ListScaleResults } from './list-scale';
import { type LoadPhaseResults, renderLoad } from './load';
import type { Machine } from './machine';
import { METHOD } from './method';
import { type MetricsPhaseResults, renderMetrics } from './metrics-route';
import { ceilingTargets, fanoutTargets, loadTargets, metricsTargets, sseTargets } from './phase-targets';
import type { ProxyResults } from './proxy';
import { type Report, renderMarkdown, type Table, type TargetCheck } from './report';
import { renderSseSlow, type SseSlowResults } from './sse-slow';
import { listTables, listTargets, proxyTables, proxyTargets, webTables, webTargets } from './tables';
import type { WebWeight } from './web-weight';

export type RawResults = {
  started: number;
  machine: Machine;
  quick: boolean;
  durationS: number;
  failures: string[];
  proxy?: ProxyResults;
  list?: ListScaleResults;
  web?: { weight: WebWeight; runs: LighthouseRun[] };
  ceiling?: CeilingResults;
  load?: LoadPhaseResults;
  metrics?: MetricsPhaseResults;
  sse?: SseSlowResults;
  fanout?: FanoutResults;
};

const rawSchema = z.looseObject({
  started: z.number(),
  machine: z.looseObject({ cpuModel: z.string(), cores: z.number(), loadAtStart: z.array(z.number()) }),
  quick: z.boolean(),
  durationS: z.number(),
  failures: z.array(z.string()),
  proxy: z.looseObject({ rows: z.array(z.unknown()), bffHow: z.string() }).optional(),
  list: z.looseObject({ objects: z.number() }).optional(),
  web: z.looseObject({ weight: z.looseObject({ jsGzip: z.number() }), runs: z.array(z.unknown()) }).optional(),
  ceiling: z.looseObject({ rows: z.array(z.unknown()), notes: z.array(z.string()) }).optional(),
  load: z.looseObject({ results: z.looseObject({ errorCount: z.number() }), how: z.string() }).optional(),
  metrics: z.looseObject({ errors: z.array(z.string()), how: z.string() }).optional(),
  sse: z.looseObject({ clients: z.number(), variants: z.array(z.unknown()) }).optional(),
  fanout: z.looseObject({ objects: z.number(), steps: z.array(z.unknown()), notes: z.array(z.string()) }).optional(),
});

/** Results this bench wrote itself; the shape is checked at the top level only. */
export function readResults(file: string): RawResults {
  const parsed = rawSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed as unknown as RawResults;
}

export function buildReport(raw: RawResults): Report {
  const tables: Table[] = [];
  const targets: TargetCheck[] = [];
  if (raw.proxy) {
    tables.push(...proxyTables(raw.proxy));
    targets.push(...proxyTargets(raw.proxy));
  }
  if (raw.ceiling) targets.push(...ceilingTargets(raw.ceiling, raw.quick));
  if (raw.list) {
    tables.push(...listTables(raw.list));
    targets.push(...listTargets(raw.list));
  }
  if (raw.sse) targets.push(...sseTargets(raw.sse));
  if (raw.fanout) targets.push(...fanoutTargets(raw.fanout));
  if (raw.load) targets.push(...loadTargets(raw.load));
  if (raw.metrics) targets.push(...metricsTargets(raw.metrics));
  if (raw.web) {
    tables.push(...webTables(raw.web.weight, raw.web.runs));
    targets.push(...webTargets(raw.web.weight, raw.web.runs));
  }
  return {
    date: new Date(raw.started),
    machine: raw.machine,
    mode: raw.quick ? 'quick' : 'full',
    command: `npm run bench${raw.quick ? ' -- --quick' : ''}`,
    durationS: raw.durationS,
    tables,
    targets,
    method: [
      ...METHOD,
      ...(raw.proxy ? [`BFF run as ${raw.proxy.bffHow}.`] : []),
      ...raw.failures.map((f) => `FAILED: ${f}`),
    ],
  };
}

/** The whole Markdown of a run: the report, then the sections of the phases that render their own. */
export function renderRun(raw: RawResults): string {
  return [
    renderMarkdown(buildReport(raw)),
    ...(raw.ceiling ? [renderCeiling(raw.ceiling)] : []),
    ...(raw.load ? [renderLoad(raw.load.results, raw.load.how)] : []),
    ...(raw.metrics ? [renderMetrics(raw.metrics)] : []),
    ...(raw.sse ? [renderSseSlow(raw.sse)] : []),
    ...(raw.fanout ? [renderFanout(raw.fanout)] : []),
  ].join('\n');
}
