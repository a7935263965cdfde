import { describe, expect, it } from 'vitest';
import { linesOf, mergeByTime, stampLine, timeKey, WindowMerger } from '../../src/diagnostics/log-merge';

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p);
}

async function all(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of it) out.push(l);
  return out;
}

describe('log merge (kubelet timestamps)', () => {
  it('orders RFC3339Nano stamps whose trailing zeros Go trims', () => {
    const keys = ['2026-12-06T07:00:05.1Z', '2026-12-06T07:00:05Z', '2026-12-06T07:00:05.000000009Z'].map(timeKey);
    expect([...keys].sort()).toEqual([
      '2026-12-06T07:00:05.000000000',
      '2026-12-06T07:00:05.000000009',
      '2026-12-06T07:00:05.100000000',
    ]);
    expect(timeKey('2026-12-06T09:00:05.5+02:00')).toBe('2026-12-06T07:00:05.500000000');
    expect(timeKey('not a time')).toBeUndefined();
  });

  it('prefixes each line with its pod; a line without a stamp sorts with the pod`s previous line', () => {
    expect(stampLine('p1', '2026-12-06T07:00:05Z hello world', '')).toEqual({
      pod: 'p1',
      key: '2026-12-06T07:00:05.000000000',
      line: 'p1 2026-12-06T07:00:05Z hello world',
    });
    expect(stampLine('p1', 'continued', 'K')).toEqual({ pod: 'p1', key: 'K', line: 'p1 - continued' });
  });

  it('splits a byte stream into lines across chunk borders, multi-byte characters included', async () => {
    const euro = Buffer.from('€');
    async function* split(): AsyncGenerator<Buffer> {
      yield Buffer.from('a\nb');
      yield euro.subarray(0, 1);
      yield Buffer.concat([euro.subarray(1), Buffer.from('\nlast')]);
    }
    expect(await all(linesOf(split()))).toEqual(['a', 'b€', 'last']);
  });

  it('interleaves finished logs of several pods by time, ties in the order of the pods', async () => {
    const merged = await all(
      mergeByTime([
        {
          pod: 'a',
          lines: linesOf(chunks('2026-12-06T07:00:01Z a1\n2026-12-06T07:00:03Z a3\n', '2026-12-06T07:00:05Z a5\n')),
        },
        { pod: 'b', lines: linesOf(chunks('2026-12-06T07:00:02.5Z b2\n2026-12-06T07:00:03Z b3\n')) },
        { pod: 'c', lines: linesOf(chunks('')) },
      ]),
    );
    expect(merged).toEqual([
      'a 2026-12-06T07:00:01Z a1',
      'b 2026-12-06T07:00:02.5Z b2',
      'a 2026-12-06T07:00:03Z a3',
      'b 2026-12-06T07:00:03Z b3',
      'a 2026-12-06T07:00:05Z a5',
    ]);
  });

  it('followed logs: lines wait the window, then go out in time order with what came meanwhile', () => {
    const m = new WindowMerger(300);
    m.push('b', '2026-12-06T07:00:02Z b2', 1000);
    m.push('a', '2026-12-06T07:00:01Z a1', 1100);
    expect(m.take(1200)).toEqual([]);
    expect(m.take(1300)).toEqual(['b 2026-12-06T07:00:02Z b2']);
    m.push('a', '2026-12-06T07:00:03Z a3', 1350);
    expect(m.take(1400)).toEqual(['a 2026-12-06T07:00:01Z a1']);
    expect(m.take(1400, true)).toEqual(['a 2026-12-06T07:00:03Z a3']);
    expect(m.size).toBe(0);
  });
});
