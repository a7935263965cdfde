/**
 * KServe's LLMInferenceService controller (cmd/llmisvc v0.20.0) in a private sandbox (the folder of the other real
 * tests, `.sandbox-itest-real`, or SERVEDECK_REAL_SANDBOX_DIR): an LLMInferenceService on the tiny model is reconciled
 * by it (Deployment, Service, HTTPRoute), its pod runs the played vLLM, the sandbox gateway accepts the route and
 * programs KServe's ingress Gateway, KServe writes status.url from the Gateway's address and Ready=True, and a chat
 * completion streams through the gateway with a Dex token (401 without one).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tinyModelUri } from '../../src/llmisvc/tiny-model';
import { cli, kubectl, kubectlJson, realSandboxDir } from '../integration/real-sandbox';

const ns = 'kubeflow-user-example-com';
const name = 'tiny-llm-itest';
let gatewayUrl = '';
let token = '';
let startedHere = false;

async function waitFor<T>(what: string, fn: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const condition = z.looseObject({ type: z.string(), status: z.string(), reason: z.string().optional() });
const llmSchema = z.looseObject({
  status: z.looseObject({ url: z.string().optional(), conditions: z.array(condition).optional() }).optional(),
});
const parentsSchema = z.looseObject({
  status: z
    .looseObject({
      parents: z.array(z.looseObject({ controllerName: z.string(), conditions: z.array(condition) })).optional(),
    })
    .optional(),
});

function post(path: string, body: unknown, auth: boolean) {
  return new Promise<{ status: number; body: string; contentType: string }>((resolve, reject) => {
    const u = new URL(gatewayUrl);
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path,
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        let b = '';
        res.on('data', (c) => {
          b += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: b, contentType: String(res.headers['content-type']) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** RSS in MB of the process whose command line contains `needle` (the first one). */
function rssOf(needle: string): number | undefined {
  const ps = spawnSync('ps', ['-eo', 'rss,args'], { encoding: 'utf8' }).stdout.split('\n');
  const line = ps.find((l) => l.includes(needle) && !l.includes('ps -eo'));
  return line ? Math.round(Number(line.trim().split(/\s+/)[0]) / 1024) : undefined;
}

beforeAll(() => {
  startedHere = cli(['status']).code !== 0;
  const up = cli(['up'], 40 * 60_000, true);
  if (up.code !== 0) throw new Error(`sandbox up failed (exit ${up.code})`);
  gatewayUrl = z.object({ gatewayUrl: z.string() }).parse(JSON.parse(cli(['env', '--json']).out)).gatewayUrl;
  token = cli(['token', 'user@example.com']).out.trim().split('\n').at(-1) ?? '';
  expect(token.split('.')).toHaveLength(3);
  kubectl(['delete', 'llminferenceservice', '-n', ns, name, '--ignore-not-found', '--wait=true', '--timeout=120s']);
}, 45 * 60_000);

afterAll(() => {
  kubectl(['delete', 'llminferenceservice', '-n', ns, name, '--ignore-not-found', '--wait=false']);
  if (startedHere) process.stdout.write(cli(['down'], 120_000).out);
});

describe("KServe's LLMInferenceService controller in the sandbox", () => {
  let url = '';

  it('reconciles an LLMInferenceService on the tiny model to Ready with a URL on the ingress Gateway', async () => {
    const started = Date.now();
    const yaml = `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  model:
    uri: ${tinyModelUri}
    name: tiny-ngram
  replicas: 1
  router:
    route: {}
    gateway: {}
`;
    const r = kubectl(['apply', '-f', '-'], yaml);
    expect(r.code, r.out).toBe(0);
    const llm = await waitFor(
      `${name} Ready`,
      () => {
        const o = kubectlJson(['get', 'llminferenceservice', '-n', ns, name], llmSchema);
        return o?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? o : undefined;
      },
      240_000,
    );
    const seconds = (Date.now() - started) / 1000;
    url = llm.status?.url ?? '';
    const gw = new URL(gatewayUrl);
    expect(url).toBe(`http://127.0.0.1:${gw.port}/${ns}/${name}`);
    const types = (llm.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type);
    expect(types).toEqual(expect.arrayContaining(['HTTPRoutesReady', 'MainWorkloadReady', 'WorkloadsReady', 'Ready']));
    // what the controller made, and the gateway's side of the Gateway API
    expect(kubectl(['get', 'deploy', '-n', ns, `${name}-kserve`]).code).toBe(0);
    expect(kubectl(['get', 'svc', '-n', ns, `${name}-kserve-workload-svc`]).code).toBe(0);
    const route = kubectlJson(['get', 'httproute', '-n', ns, `${name}-kserve-route`], parentsSchema);
    const ours = route?.status?.parents?.find((p) => p.controllerName === 'servedeck.dev/sandbox-gateway');
    expect(ours?.conditions.map((c) => [c.type, c.status])).toEqual([
      ['Accepted', 'True'],
      ['ResolvedRefs', 'True'],
    ]);
    const programmed = kubectl([
      'get',
      'gateway',
      '-n',
      'kserve',
      'kserve-ingress-gateway',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Programmed")].status}',
    ]);
    expect(programmed.out.trim()).toBe('True');
    process.stdout.write(
      `${name}: created -> Ready in ${seconds.toFixed(1)} s; RSS llmisvc controller ${rssOf('kserve-llmisvc')} MB, ` +
        `played vLLM ${rssOf('vllm_openai_server.py')} MB\n`,
    );
  }, 300_000);

  it('streams a chat completion through the gateway with a Dex token, and refuses one without', async () => {
    const path = new URL(url).pathname;
    const body = {
      model: 'tiny-ngram',
      messages: [{ role: 'user', content: 'Hello' }],
      max_tokens: 12,
      temperature: 0,
      stream: true,
    };
    const res = await post(`${path}/v1/chat/completions`, body, true);
    expect(res.status, res.body).toBe(200);
    expect(res.contentType).toContain('text/event-stream');
    const events = res.body.split('\n\n').filter((e) => e.startsWith('data: '));
    expect(events.at(-1)).toBe('data: [DONE]');
    const text = events
      .slice(0, -1)
      .map((e) => (JSON.parse(e.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content)
      .join('');
    expect(text).toHaveLength(12);
    const denied = await post(`${path}/v1/chat/completions`, body, false);
    expect(denied.status).toBe(401);
    const models = await post(`${path}/v1/models`, undefined, true);
    expect(models.status, models.body).toBe(200);
    const ids = (JSON.parse(models.body) as { data: { id: string }[] }).data.map((m) => m.id);
    expect(ids).toEqual(['tiny-ngram', `publishers/${ns}/models/tiny-ngram`]);
    const completion = await post(
      `${path}/v1/completions`,
      { model: `publishers/${ns}/models/tiny-ngram`, prompt: 'KServe ', max_tokens: 6, temperature: 0 },
      true,
    );
    expect(completion.status, completion.body).toBe(200);
    expect((JSON.parse(completion.body) as { choices: { text: string }[] }).choices[0]?.text).toHaveLength(6);
  }, 120_000);

  it('keeps the tiny model where the PVC points', () => {
    const table = readFileSync(
      join(realSandboxDir, 'storage', 'volumes', 'kserve-models', 'llm', 'tiny-ngram', 'ngram.json'),
      'utf8',
    );
    expect((JSON.parse(table) as { order: number }).order).toBe(4);
  });
});
