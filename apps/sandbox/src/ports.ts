import { createServer } from 'node:net';

/** Resolves true when nothing listens on 127.0.0.1:port (we could bind it). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** A port the kernel hands out as free right now. */
export function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1' }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Picks one distinct port per name from `probe`, never one in `avoid` (ports reserved for the BFF and
 * web app). Throws when the probe keeps returning unusable ports.
 */
export async function allocatePorts<K extends string>(
  names: readonly K[],
  avoid: readonly number[],
  probe: () => Promise<number> = ephemeralPort,
): Promise<Record<K, number>> {
  const taken = new Set<number>(avoid);
  const out = {} as Record<K, number>;
  for (const name of names) {
    let port = 0;
    for (let attempt = 0; attempt < 50 && (port === 0 || taken.has(port)); attempt++) port = await probe();
    if (port === 0 || taken.has(port)) throw new Error(`could not find a free port for ${name}`);
    taken.add(port);
    out[name] = port;
  }
  return out;
}
