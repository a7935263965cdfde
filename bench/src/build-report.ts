/** Raw results of a run (saved as JSON next to the report) and the report built from them. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { LighthouseRun } from './lighthouse';
import type { ListScaleResults } from './list-scale';
import type { Machine } from './machine';
import { METHOD } from './method';
import type { ProxyResults } from './proxy';
import type { Report, Table, TargetCheck } from './report';
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
  if (raw.list) {
    tables.push(...listTables(raw.list));
    targets.push(...listTargets(raw.list));
  }
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
