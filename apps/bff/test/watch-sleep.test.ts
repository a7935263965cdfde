import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleep } from '../src/watch/collection-watch';

describe('CollectionWatch retry sleep', () => {
  it('leaves no abort listener behind per retry; an abort ends a sleep at once', async () => {
    const ac = new AbortController();
    for (let i = 0; i < 20; i++) await sleep(1, ac.signal);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    const long = sleep(60_000, ac.signal);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    ac.abort();
    await long; // resolves now, not in a minute
    await sleep(60_000, ac.signal); // already aborted: at once
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});
