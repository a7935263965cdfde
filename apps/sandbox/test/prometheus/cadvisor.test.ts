import { describe, expect, it } from 'vitest';
import { cadvisorText, parseStat, readProc } from '../../src/prometheus/cadvisor';

describe('cadvisor exposition from /proc', () => {
  it('parses a stat line whose command holds spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ... rss
    const line =
      '4242 (python (mlserver) x) S 1 4240 4240 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 3 0 999 123456789 2048 18446744073709551615';
    expect(parseStat(line)).toEqual({ pid: 4242, pgrp: 4240, ticks: 310, rssPages: 2048 });
    expect(parseStat('garbage')).toBeUndefined();
  });

  it('sums CPU and resident memory over each container process group, with cAdvisor names and labels', () => {
    const text = cadvisorText(
      [
        { namespace: 'ns', pod: 'iris-predictor-abc', container: 'kserve-container', pgid: 100 },
        { namespace: 'ns', pod: 'gone-predictor-x', container: 'kserve-container', pgid: 300 },
      ],
      [
        { pid: 100, pgrp: 100, ticks: 150, rssPages: 1000 },
        { pid: 101, pgrp: 100, ticks: 50, rssPages: 24 },
        { pid: 200, pgrp: 200, ticks: 9999, rssPages: 9999 },
      ],
    );
    expect(text).toContain(
      'container_cpu_usage_seconds_total{container="kserve-container",namespace="ns",pod="iris-predictor-abc",cpu="total"} 2\n',
    );
    expect(text).toContain(
      'container_memory_working_set_bytes{container="kserve-container",namespace="ns",pod="iris-predictor-abc"} 4194304\n',
    );
    expect(text).not.toContain('gone-predictor-x');
    expect(text).toMatch(/# TYPE container_cpu_usage_seconds_total counter/);
  });

  it('reads this very process from /proc', () => {
    const me = readProc().find((p) => p.pid === process.pid);
    expect(me?.rssPages).toBeGreaterThan(0);
  });
});
