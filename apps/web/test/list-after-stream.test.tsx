import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIST_WAIT_FOR_STREAM_MS, useListAfterStream } from '../src/features/isvc-list/hooks/useListAfterStream';
import type { StreamState } from '../src/lib/watch';

describe('the list waits for its stream (known issue 2)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const render = (ns: string, state: StreamState) =>
    renderHook((p: { ns: string; state: StreamState }) => useListAfterStream(p.ns, p.state), {
      initialProps: { ns, state },
    });

  it('is held while the stream connects and sent once it has opened', () => {
    const h = render('team-a', 'connecting');
    expect(h.result.current).toBe(false);
    act(() => vi.advanceTimersByTime(LIST_WAIT_FOR_STREAM_MS - 1));
    expect(h.result.current).toBe(false);
    h.rerender({ ns: 'team-a', state: 'live' });
    expect(h.result.current).toBe(true);
  });

  it('is sent anyway when the stream has not opened in time, failed, or is not used', () => {
    const h = render('team-a', 'connecting');
    act(() => vi.advanceTimersByTime(LIST_WAIT_FOR_STREAM_MS));
    expect(h.result.current).toBe(true);
    for (const state of ['reconnecting', 'stopped', 'unsupported', 'degraded'] as const) {
      expect(render('team-b', state).result.current).toBe(true);
    }
  });

  it('waits again for another namespace’s stream', () => {
    const h = render('team-a', 'connecting');
    act(() => vi.advanceTimersByTime(LIST_WAIT_FOR_STREAM_MS));
    h.rerender({ ns: 'team-b', state: 'connecting' });
    expect(h.result.current).toBe(false);
    act(() => vi.advanceTimersByTime(LIST_WAIT_FOR_STREAM_MS));
    expect(h.result.current).toBe(true);
  });
});
