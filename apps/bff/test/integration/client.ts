import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import { inject } from 'vitest';
import { BrowserClient } from '../helpers/browser-client';

export type { Reply } from '../helpers/browser-client';
export { USER_NS } from '../helpers/sandbox-names';
export { eventually } from '../helpers/until';

export const bffUrl = () => inject('bffUrl');
export const sandboxEnv = () => inject('sandbox');

/** Every response (status, headers, body) the "browser" saw, for the no-JWT scan. */
export const seen: Array<{ url: string; headers: string; body: string }> = [];

let dexAgent: Agent | undefined;
/** fetch that trusts the sandbox CA (for Dex). */
export function caFetch(url: string, init: Parameters<typeof undiciFetch>[1] = {}) {
  dexAgent ??= new Agent({ connect: { ca: readFileSync(sandboxEnv().caFile, 'utf8') } });
  return undiciFetch(url, { ...init, dispatcher: dexAgent, redirect: 'manual' });
}

/** The browser of the integration suite: the BFF the global setup started; every answer goes to `seen`. */
export class BffClient extends BrowserClient {
  /** `base`: the suite's BFF, or a BFF a test started itself. */
  constructor(base: string = bffUrl()) {
    super(base, (what, headers, body) =>
      seen.push({ url: what.slice(what.indexOf(' ') + 1), headers: JSON.stringify([...headers.entries()]), body }),
    );
  }
}

export function loginAs(email: string, base?: string): Promise<BffClient> {
  return new BffClient(base).login(sandboxEnv().logins, email);
}
