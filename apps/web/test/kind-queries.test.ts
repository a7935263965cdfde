import { INFERENCE_GRAPH, kindApiPaths, LLM_INFERENCE_SERVICE } from '@servedeck/shared';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { kindKeys, kindQuery, kindSchemaQuery, replaceKind } from '../src/lib/kind-queries';
import { server } from './msw';

describe('kind queries', () => {
  it("keys a kind's list and objects under its feature's root, and its schema by the kind's name", () => {
    const keys = kindKeys('graphs');
    expect(keys.list('team')).toEqual(['graphs', 'list', 'team']);
    expect(keys.one('team', 'g')).toEqual(['graphs', 'detail', 'team', 'g']);
    expect(kindQuery(INFERENCE_GRAPH, keys, 'team', 'g').queryKey).toEqual(keys.one('team', 'g'));
    expect(kindSchemaQuery(INFERENCE_GRAPH).queryKey).toEqual(['schema', 'inferencegraph']);
    expect(kindSchemaQuery(LLM_INFERENCE_SERVICE).queryKey).toEqual(['schema', 'llminferenceservice']);
  });

  it('replaces with strict field validation, and adds dryRun=All only for a dry run', async () => {
    const seen: { query: string; body: unknown }[] = [];
    server.use(
      http.put(kindApiPaths.object(LLM_INFERENCE_SERVICE, 'team', 'chat'), async ({ request }) => {
        const body = await request.json();
        seen.push({ query: new URL(request.url).search, body });
        return HttpResponse.json({ object: { metadata: { name: 'chat', resourceVersion: '8' } }, warnings: [] });
      }),
    );
    const obj = { metadata: { name: 'chat' } };
    await replaceKind(LLM_INFERENCE_SERVICE, 'team', 'chat', obj, true);
    const res = await replaceKind(LLM_INFERENCE_SERVICE, 'team', 'chat', obj, false);
    expect(seen.map((s) => new URLSearchParams(s.query).get('dryRun'))).toEqual(['All', null]);
    expect(seen.every((s) => new URLSearchParams(s.query).get('fieldValidation') === 'Strict')).toBe(true);
    expect(seen[0]?.body).toEqual(obj);
    expect(res.object.metadata).toEqual({ name: 'chat', resourceVersion: '8' });
  });
});
