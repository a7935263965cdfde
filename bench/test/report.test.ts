import { describe, expect, it } from 'vitest';
import { fmtKB, fmtMB, fmtMs, fmtNum, fmtPct, markdownTable, type Report, renderMarkdown } from '../src/report';

describe('number formatting', () => {
  it('keeps about three significant digits', () => {
    expect(fmtNum(0.12345)).toBe('0.123');
    expect(fmtNum(1.2345)).toBe('1.23');
    expect(fmtNum(12.345)).toBe('12.3');
    expect(fmtNum(1234.5)).toBe('1235');
    expect(fmtNum(0)).toBe('0');
    expect(fmtNum(undefined)).toBe('—');
    expect(fmtNum(Number.NaN)).toBe('—');
  });
  it('formats units', () => {
    expect(fmtMs(1.5)).toBe('1.50 ms');
    expect(fmtMB(150 * 1024 * 1024)).toBe('150 MB');
    expect(fmtKB(2048)).toBe('2.00 KB');
    expect(fmtPct(0.514)).toBe('51%');
    expect(fmtMs(undefined)).toBe('—');
  });
});

describe('markdownTable', () => {
  it('right-aligns numeric columns and escapes pipes', () => {
    const t = markdownTable(
      ['name', 'n'],
      [
        ['a|b', 1],
        ['c', 22.5],
      ],
    );
    expect(t.split('\n')).toEqual(['| name | n |', '| --- | ---: |', '| a\\|b | 1.00 |', '| c | 22.5 |']);
  });
  it('shows missing cells as a dash', () => {
    expect(markdownTable(['a', 'b'], [['x']])).toContain('| x | — |');
  });
});

describe('renderMarkdown', () => {
  const report: Report = {
    date: new Date('2026-11-27T05:00:00.123Z'),
    machine: {
      cpuModel: 'Test CPU',
      cores: 2,
      memoryBytes: 24 * 1024 ** 3,
      os: 'Linux 6',
      node: '20.20.0',
      loadAtStart: [1, 2, 3],
      loadAtEnd: [0.5, 1, 1.5],
    },
    mode: 'quick',
    command: 'npm run bench -- --quick',
    durationS: 61.2,
    tables: [{ title: 'T', intro: 'intro', columns: ['x'], rows: [['y']], notes: ['a note'] }],
    targets: [
      { name: 'p', target: '≤ 1 ms', measured: '2 ms', met: false, why: 'because' },
      { name: 'q', target: '≥ 90', measured: undefined, met: undefined },
      { name: 'r', target: '(no target; reported)', measured: '3 s', met: 'reported' },
    ],
    method: ['how'],
  };
  const md = renderMarkdown(report);
  it('names the date, the machine and the load', () => {
    expect(md).toContain('Measured 2026-11-27T05:00:00Z with `npm run bench -- --quick` (quick run, 61 s).');
    expect(md).toContain('Machine: Test CPU, 2 cores, 24.0 GiB memory');
    expect(md).toContain('Load average at start 1.00 / 2.00 / 3.00, at end 0.500 / 1.00 / 1.50');
  });
  it('links the hand-written notes near the top, before the targets', () => {
    const link = 'Design notes, analysis and earlier runs: [performance-notes.md](performance-notes.md)';
    expect(md).toContain(link);
    expect(md.indexOf(link)).toBeLessThan(md.indexOf('Measured 2026'));
  });
  it('lists targets with a verdict, then tables and the method', () => {
    expect(md).toContain('| p | ≤ 1 ms | 2 ms | missed | because |');
    expect(md).toContain('| q | ≥ 90 | — | not measured |  |');
    expect(md).toContain('| r | (no target; reported) | 3 s | reported |  |');
    expect(md.indexOf('## Targets')).toBeLessThan(md.indexOf('## T\n'));
    expect(md).toContain('- a note');
    expect(md).toContain('## How it is measured\n\n- how');
  });
});
