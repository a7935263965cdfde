import { describe, expect, it } from 'vitest';
import { keepUnchanged } from '../src/features/isvc-list/hooks/useIsvcWatch';

const isvc = (ns: string, name: string, rv: string) => ({
  kind: 'InferenceService',
  metadata: { namespace: ns, name, resourceVersion: rv },
});

describe('a RESYNC of the list keeps the objects that did not change', () => {
  it('reuses held objects with the same namespace, name and resourceVersion; takes the rest from the RESYNC', () => {
    const held = [isvc('a', 'm', '1'), isvc('a', 'n', '1'), isvc('b', 'm', '1'), isvc('b', 'gone', '1')];
    const resync = [isvc('a', 'm', '1'), isvc('a', 'n', '2'), isvc('b', 'm', '1'), isvc('b', 'new', '3')];
    const out = keepUnchanged(held, resync);
    expect(out).toEqual(resync); // the same contents, in the RESYNC's order, without what it dropped
    expect(out[0]).toBe(held[0]);
    expect(out[1]).toBe(resync[1]); // changed: the new object
    expect(out[2]).toBe(held[2]); // keyed by namespace too: b/m is held[2], not a/m
    expect(out[3]).toBe(resync[3]);
  });

  it('without a held list, the RESYNC as it is', () => {
    const resync = [isvc('a', 'm', '1')];
    expect(keepUnchanged(undefined, resync)).toBe(resync);
    expect(keepUnchanged([], resync)).toBe(resync);
  });
});
