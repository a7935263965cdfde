import { describe, expect, it, vi } from 'vitest';
import { formattersFor, warmFormatters } from '../src/i18n';

describe('warmFormatters', () => {
  it('builds the locale formatters one step per idle moment, the same cached ones the pages then use', async () => {
    vi.useFakeTimers();
    try {
      const idle = vi.fn((run: () => void) => setTimeout(run, 0));
      vi.stubGlobal('requestIdleCallback', idle);
      warmFormatters('ko');
      // nothing runs before the page yields
      expect(idle).toHaveBeenCalledTimes(1);
      await vi.runAllTimersAsync();
      // five steps, each scheduled on its own, and one last call that finds nothing left
      expect(idle).toHaveBeenCalledTimes(6);
      expect(formattersFor('ko').number(1234)).toBe('1,234');
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });

  it('an unknown locale does not throw from an idle task', async () => {
    vi.useFakeTimers();
    try {
      expect(() => warmFormatters('not a locale!')).not.toThrow();
      await expect(vi.runAllTimersAsync()).resolves.toBeDefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
