import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allocatePorts, isPortFree } from '../src/ports';

describe('allocatePorts', () => {
  it('gives each name a distinct port and skips reserved and repeated ones', async () => {
    const offers = [8080, 4000, 4000, 5173, 4001, 4002];
    const probe = async () => offers.shift() ?? 0;
    expect(await allocatePorts(['a', 'b', 'c'] as const, [8080, 5173], probe)).toEqual({ a: 4000, b: 4001, c: 4002 });
  });
  it('fails when the probe only offers unusable ports', async () => {
    await expect(allocatePorts(['a'], [1234], async () => 1234)).rejects.toThrow('could not find a free port for a');
  });
  it('allocates real free ports by default', async () => {
    const ports = await allocatePorts(['x', 'y'], []);
    expect(ports.x).not.toBe(ports.y);
    expect(await isPortFree(ports.x)).toBe(true);
  });
});

describe('isPortFree', () => {
  it('is false while something listens on the port', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const addr = srv.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    expect(await isPortFree(port)).toBe(false);
    await new Promise<void>((r) => srv.close(() => r()));
    expect(await isPortFree(port)).toBe(true);
  });
});
