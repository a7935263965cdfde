import { describe, expect, it } from 'vitest';
import { producedNumbers } from '../src/check';
import { parseArgs } from '../src/main';
import { exporterText } from '../src/metrics-namespace';

describe('metrics phase', () => {
  it('is a phase of the default run and of --only', () => {
    expect(parseArgs([]).phases).toContain('metrics');
    expect(parseArgs(['--only=metrics,nope']).phases).toEqual(['metrics']);
  });

  it('exports one counter per InferenceService, labelled as pod discovery labels them, growing with time', () => {
    const early = exporterText('ns-a', 3, 10).trim().split('\n');
    const later = exporterText('ns-a', 3, 20).trim().split('\n');
    expect(early).toHaveLength(4);
    expect(early[1]).toMatch(
      /^rest_server_requests_total\{namespace="ns-a",pod="isvc-0000-predictor-[\w-]+",path="\/v2\/models\/isvc-0000\/infer",status_code="200"\} 1$/,
    );
    const value = (l: string | undefined) => Number(l?.split(' ').at(-1));
    for (let i = 1; i < 4; i++) expect(value(later[i])).toBeGreaterThan(value(early[i]));
  });

  it('--check fails a metrics phase without numbers, names why', () => {
    const checks = producedNumbers(['metrics'], undefined, undefined, undefined, ['metrics: no Prometheus']);
    expect(checks.every((c) => !c.ok)).toBe(true);
    expect(checks[0]?.why).toBe('metrics: no Prometheus');
  });
});
