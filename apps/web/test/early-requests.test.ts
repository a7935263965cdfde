import { apiPaths } from '@servedeck/shared';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { firstRequests } from '../src/app/first-requests';
import { askEarly, HttpError, requestJson } from '../src/lib/http';
import { server } from './msw';

const answer = z.object({ n: z.number() });

/** A GET handler answering 1, 2, 3... and the number of requests it saw. */
function counting(path: string, status = 200) {
  const seen = { count: 0 };
  server.use(
    http.get(path, () => {
      seen.count += 1;
      return status === 200
        ? HttpResponse.json({ n: seen.count })
        : HttpResponse.json({ status, reason: 'NotFound', message: 'gone', causes: [] }, { status });
    }),
  );
  return seen;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('askEarly', () => {
  it('the next plain GET of the path takes the early answer, once', async () => {
    const seen = counting('/api/early-once');
    askEarly('/api/early-once');
    await expect(requestJson('/api/early-once', answer)).resolves.toEqual({ n: 1 });
    expect(seen.count).toBe(1);
    // taken: the next read asks again
    await expect(requestJson('/api/early-once', answer)).resolves.toEqual({ n: 2 });
    expect(seen.count).toBe(2);
  });

  it('a GET with a query string or another method does not take it', async () => {
    const seen = counting('/api/early-query');
    askEarly('/api/early-query');
    await expect(requestJson('/api/early-query', answer, { query: { watch: true } })).resolves.toEqual({ n: 2 });
    expect(seen.count).toBe(2);
  });

  it('an early answer older than 10 s is dropped for a new request', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const seen = counting('/api/early-old');
    askEarly('/api/early-old');
    vi.setSystemTime(Date.now() + 10_001);
    await expect(requestJson('/api/early-old', answer)).resolves.toEqual({ n: 2 });
    expect(seen.count).toBe(2);
  });

  it('a refused early request fails the read that takes it, with the ApiError', async () => {
    counting('/api/early-refused', 404);
    askEarly('/api/early-refused');
    const err = await requestJson('/api/early-refused', answer).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(404);
  });
});

describe('firstRequests', () => {
  it("the details page's InferenceService, resources and events, names decoded once and encoded again", () => {
    expect(firstRequests('/ns/team-a/isvc/iris')).toEqual([
      apiPaths.isvc('team-a', 'iris'),
      apiPaths.isvcResources('team-a', 'iris'),
      apiPaths.isvcEvents('team-a', 'iris'),
    ]);
    expect(firstRequests('/ns/team-a/isvc/iris/logs')).toHaveLength(3);
  });

  it('nothing for the other pages', () => {
    expect(firstRequests('/ns/team-a')).toEqual([]);
    expect(firstRequests('/ns/team-a/console')).toEqual([]);
    expect(firstRequests('/')).toEqual([]);
  });
});
