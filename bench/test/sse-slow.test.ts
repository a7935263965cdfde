import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/main';
import { ChunkCounter } from '../src/sse-slow';

describe('sse phase', () => {
  it('is a phase of the default run', () => {
    expect(parseArgs([]).phases).toContain('sse');
  });

  it('counts RESYNCs across chunk boundaries, once each', () => {
    const c = new ChunkCounter('"type":"RESYNC"');
    const stream = `event: change\ndata: {"type":"RESYNC","items":[]}\n\nevent: change\ndata: {"type":"MODIFIED"}\n\nevent: change\ndata: {"type":"RESYNC"}\n\n`;
    for (let i = 0; i < stream.length; i += 7) c.push(Buffer.from(stream.slice(i, i + 7)));
    expect(c.count).toBe(2);
  });
});
