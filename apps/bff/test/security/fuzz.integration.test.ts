import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  type LocalBff,
  loginClient,
  type Sandbox,
  sandboxEnv,
  scanner,
  startLocalBff,
  USER_NS,
} from './harness';
import { type RouteCase, routeCases, streamingRoutes } from './routes';

/**
 * Property-based fuzzing of every route (from the shared route table) with hostile parameters, queries
 * and bodies, as the read-only viewer against the real sandbox: nothing can be written, yet every request
 * goes through the whole BFF (parameter checks, body parsing, YAML, the apiserver's answer).
 * Properties: never a 5xx, never a hang (each request is bounded), every error is an ApiError.
 */
const RUNS = Number(process.env.SERVEDECK_FUZZ_RUNS ?? 25);
const TIMEOUT_MS = 15_000;

const segment = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,70}$/),
  fc.constantFrom(
    USER_NS,
    'alice',
    '_all',
    '..',
    '.',
    '%2e%2e',
    '%00',
    'a'.repeat(300),
    'UPPER',
    'with space',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '$(id)',
    '{{7*7}}',
    '\u202e',
    'kube-system',
  ),
);

const queryValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    'All',
    'Strict',
    'Warn',
    'true',
    'false',
    '-1',
    '0',
    '1e309',
    'NaN',
    '99999999999',
    'cluster-local',
    '',
  ),
);
const query = fc.dictionary(
  fc.constantFrom(
    'dryRun',
    'fieldValidation',
    'tailLines',
    'container',
    'follow',
    'previous',
    'sinceSeconds',
    'route',
    'labelSelector',
    'fieldSelector',
    'watch',
    'resourceVersion',
    'returnTo',
  ),
  queryValue,
  { maxKeys: 4 },
);

const contentType = fc.constantFrom(
  'application/json',
  'application/merge-patch+json',
  'application/yaml',
  'text/yaml',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  '',
);
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 400 }),
  fc.constantFrom(
    '{"metadata":{"name":"x"},"spec":{"predictor":{"model":{"modelFormat":{"name":"sklearn"}}}}}',
    'metadata: {name: x}\nspec: {predictor: {model: {modelFormat: {name: sklearn}}}}',
    '---\na: 1\n---\nb: 2',
    'a: &a [1]\nb: *a',
    'a: !!binary aGVsbG8=',
    'a: !!js/function "function(){}"',
    '{"__proto__":{"polluted":true},"metadata":{"name":"x"}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '',
    '[]',
    'null',
    '"string"',
  ),
);

function encodeQuery(q: Record<string, string>): string {
  const s = new URLSearchParams(q).toString();
  return s ? `?${s}` : '';
}

describe('fuzzing every route: no 5xx, no hang', () => {
  let sandbox: Sandbox;
  let bff: LocalBff;
  let viewer: Client;

  beforeAll(async () => {
    sandbox = sandboxEnv();
    bff = await startLocalBff(sandbox);
    viewer = await loginClient(bff.url, sandbox, 'viewer@example.com');
  });

  afterAll(async () => {
    await bff?.stop();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(scanner.findings()).toEqual([]);
  });

  async function send(rc: RouteCase, q: Record<string, string>, b: string, type: string) {
    const [path, existing] = rc.path.split('?');
    const params = { ...Object.fromEntries(new URLSearchParams(existing ?? '')), ...q };
    const url = `${bff.url}${path}${encodeQuery(params)}`;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), TIMEOUT_MS);
    const headers: Record<string, string> = { cookie: viewer.cookie, 'x-csrf-token': viewer.csrf };
    if (type) headers['content-type'] = type;
    try {
      const res = await fetch(url, {
        method: rc.method,
        headers,
        signal: ac.signal,
        ...(rc.method === 'GET' || rc.method === 'DELETE' ? {} : { body: b }),
      });
      const streaming =
        streamingRoutes.has(rc.route) || (res.headers.get('content-type') ?? '').includes('event-stream') || q.follow;
      let text = '';
      if (streaming && res.ok) {
        await res.body?.cancel();
      } else {
        text = await res.text();
        scanner.add(`${rc.method} ${url}`, text);
      }
      return { status: res.status, text, type: res.headers.get('content-type') ?? '' };
    } finally {
      clearTimeout(timer);
    }
  }

  function check(rc: RouteCase, r: { status: number; text: string; type: string }, what: string) {
    expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
    if (r.status >= 400) {
      expect(r.type, what).toContain('application/json');
      const e = JSON.parse(r.text) as { reason?: unknown; message?: unknown };
      expect(typeof e.reason, what).toBe('string');
      expect(typeof e.message, what).toBe('string');
    }
    expect(rc.route).toBeTruthy();
  }

  it('path parameters (namespace, name, pod)', async () => {
    await fc.assert(
      fc.asyncProperty(segment, segment, segment, async (ns, name, pod) => {
        const cases = routeCases(encodeURIComponent(ns), encodeURIComponent(name), encodeURIComponent(pod));
        for (const rc of cases) {
          const r = await send(rc, {}, rc.body === undefined ? '' : JSON.stringify(rc.body), 'application/json');
          check(rc, r, `${rc.method} ${rc.path}`);
        }
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
    );
  }, 120_000);

  it('queries', async () => {
    const cases = routeCases(USER_NS, 'fuzz-probe', 'fuzz-probe-pod');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), query, async (rc, q) => {
        const r = await send(rc, q, rc.body === undefined ? '' : JSON.stringify(rc.body), 'application/json');
        check(rc, r, `${rc.method} ${rc.path} ${JSON.stringify(q)}`);
      }),
      { numRuns: RUNS * 8, interruptAfterTimeLimit: 60_000 },
    );
  }, 120_000);

  it('bodies and content types of every write (and of the inference proxy)', async () => {
    const cases = routeCases(USER_NS, 'fuzz-probe', 'fuzz-probe-pod').filter((c) => c.method !== 'GET');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), body, contentType, async (rc, b, type) => {
        const r = await send(rc, {}, b, type);
        check(rc, r, `${rc.method} ${rc.path} ${type} ${JSON.stringify(b.slice(0, 80))}`);
      }),
      { numRuns: RUNS * 8, interruptAfterTimeLimit: 60_000 },
    );
  }, 120_000);
});
