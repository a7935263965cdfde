import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

/** GET url; true on HTTP 200. TLS is verified against `caFile` (the sandbox CA) for https URLs. */
export async function httpOk(
  url: string,
  opts: { caFile?: string; cert?: string; key?: string } = {},
): Promise<boolean> {
  const agent = new Agent({
    connect: {
      ...(opts.caFile ? { ca: readFileSync(opts.caFile, 'utf8') } : {}),
      ...(opts.cert ? { cert: readFileSync(opts.cert, 'utf8') } : {}),
      ...(opts.key ? { key: readFileSync(opts.key, 'utf8') } : {}),
    },
    connectTimeout: 2_000,
  });
  try {
    const res = await request(url, { dispatcher: agent, headersTimeout: 3_000, bodyTimeout: 3_000 });
    await res.body.dump();
    return res.statusCode === 200;
  } catch {
    return false;
  } finally {
    await agent.close();
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
