import { kindApiPaths, LLM_INFERENCE_SERVICE } from '@servedeck/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BffClient, eventually, loginAs, seen, USER_NS } from './client';

const L = LLM_INFERENCE_SERVICE;
const NAME = 'bff-tiny-llm';
const json = (body: unknown) => ({ type: 'application/json', body: JSON.stringify(body) });

/**
 * The OpenAI console against an LLMInferenceService that KServe's own LLMInferenceService controller reconciles in the
 * sandbox: the played vLLM (KServe's OpenAI server with the sandbox's tiny n-gram model, `pvc://kserve-models/llm/tiny-ngram`)
 * behind the HTTPRoute KServe wrote, reached at the status.url KServe derived from the sandbox's Gateway.
 */
describe('LLM console through the BFF, against KServe’s LLMInferenceService controller', () => {
  let user: BffClient;
  let alice: BffClient;

  beforeAll(async () => {
    user = await loginAs('user@example.com');
    alice = await loginAs('alice@example.com');
    const one = kindApiPaths.object(L, USER_NS, NAME);
    await user.request('DELETE', one);
    await eventually(async () => ((await user.get(one)).status === 404 ? true : undefined), 120_000, `${NAME} gone`);
  }, 180_000);

  afterAll(async () => {
    await user.request('DELETE', kindApiPaths.object(L, USER_NS, NAME));
    for (const r of seen) expect(r.body + r.headers, r.url).not.toContain('eyJ');
  });

  it('creates the service, waits for KServe’s Ready and URL, then streams a chat completion', async () => {
    const created = await user.request(
      'POST',
      kindApiPaths.list(L, USER_NS),
      json({
        metadata: { name: NAME },
        spec: {
          model: { uri: 'pvc://kserve-models/llm/tiny-ngram', name: 'tiny-ngram' },
          replicas: 1,
          router: { route: {}, gateway: {} },
        },
      }),
    );
    expect(created.status, created.text).toBe(201);
    const ready = await eventually(
      async () => {
        const o = (await user.get(kindApiPaths.object(L, USER_NS, NAME))).json() as {
          status?: { url?: string; conditions?: Array<{ type: string; status: string }> };
        };
        return o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? o : undefined;
      },
      240_000,
      `${NAME} Ready`,
      1000,
    );
    expect(ready.status?.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${USER_NS}/${NAME}$`));

    const infer = (path: string) => kindApiPaths.infer(L, USER_NS, NAME, path);
    const models = await user.get(infer('/v1/models'));
    expect(models.status, models.text).toBe(200);
    expect((models.json() as { data: Array<{ id: string }> }).data.map((m) => m.id)).toContain('tiny-ngram');

    const chat = await user.request(
      'POST',
      infer('/v1/chat/completions'),
      json({ model: 'tiny-ngram', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 8, stream: true }),
    );
    expect(chat.status, chat.text).toBe(200);
    const events = chat.text.split('\n\n').filter((e) => e.startsWith('data: '));
    expect(events.at(-1)).toBe('data: [DONE]');
    const deltas = events
      .slice(0, -1)
      .map((e) => (JSON.parse(e.slice(6)) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta);
    expect(deltas.map((d) => d?.content ?? '').join('')).toHaveLength(8);

    const denied = await alice.request(
      'POST',
      infer('/v1/chat/completions'),
      json({ model: 'tiny-ngram', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(denied.status).toBe(403);
  }, 300_000);
});
