/** StreamMerger driven by hand-made parts: one file for its whole contract (first RESYNC, events, relists, filters), over 300 lines. */
import type { WatchEvent } from '@servedeck/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type K8sObject, meta } from '../src/k8s/objects';
import { type MergeInput, type PartState, StreamMerger } from '../src/watch/merge';

const obj = (ns: string, name: string, rv = '1'): K8sObject => ({
  metadata: { namespace: ns, name, resourceVersion: rv },
});

/** A part the test drives by hand: what a CollectionWatch would hold, and the callbacks it would make. */
class FakePart implements PartState {
  synced = false;
  dead = false;
  resourceVersion: string | undefined;
  items = new Map<string, K8sObject>();
  constructor(
    private readonly merger: () => StreamMerger,
    readonly index: number,
    readonly ns: string,
  ) {}
  snapshot(): K8sObject[] {
    return [...this.items.values()];
  }
  list(names: string[], rv = '1'): void {
    this.items = new Map(names.map((n) => [n, obj(this.ns, n, rv)]));
    this.synced = true;
    this.resourceVersion = rv;
    this.merger().resync(this.index);
  }
  change(type: 'ADDED' | 'MODIFIED' | 'DELETED', name: string, rv: string): void {
    const o = obj(this.ns, name, rv);
    if (type === 'DELETED') this.items.delete(name);
    else this.items.set(name, o);
    this.resourceVersion = rv;
    this.merger().event(this.index, type, o);
  }
  fail(final = false): void {
    if (final) this.dead = true;
    this.merger().error(this.index, { status: 503, reason: 'ServiceUnavailable', message: 'down', causes: [] }, final);
  }
}

type Written = { event: string; data: WatchEvent | Record<string, unknown> };

function setup(count: number, input: Partial<MergeInput> = {}) {
  const written: Written[] = [];
  const ended: unknown[] = [];
  const serialised: string[] = [];
  const inputs: MergeInput[] = Array.from({ length: count }, () => ({
    resource: 'inferenceservices',
    primary: false,
    ...input,
  }));
  let merger: StreamMerger | undefined;
  const parts = inputs.map((_, i) => new FakePart(() => merger as StreamMerger, i, `ns-${i}`));
  merger = new StreamMerger(
    inputs,
    {
      write: (chunk) => {
        const text = chunk.toString();
        const m = /^event: (\w+)\ndata: (.*)\n\n$/s.exec(text);
        if (!m?.[1] || !m[2]) throw new Error(`not one SSE message: ${text}`);
        written.push({ event: m[1], data: JSON.parse(m[2]) });
      },
      end: (err) => ended.push(err),
      serialise: (resource, members, build) => {
        serialised.push(`${resource}:${members.join(',')}`);
        return build();
      },
    },
    { coalesceMs: 100, maxWaitMs: 3_000 },
  );
  for (const p of parts) merger.attach(p.index, p);
  const resyncs = () =>
    written.filter((w) => w.event === 'change' && w.data.type === 'RESYNC').map((w) => w.data as WatchEvent);
  const names = (ev: WatchEvent | undefined) =>
    ev?.type === 'RESYNC'
      ? ev.items
          .map((o) => o.metadata as { namespace: string; name: string; resourceVersion: string })
          .map((m) => `${m.namespace}/${m.name}@${m.resourceVersion}`)
          .sort()
      : [];
  return { merger, parts, written, ended, serialised, resyncs, names };
}

describe('StreamMerger (all namespaces: one part per namespace)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends one RESYNC with the merged list once every namespace has listed, not one per namespace', () => {
    const t = setup(50);
    t.merger.start();
    t.parts.forEach((p, i) => {
      if (i < 49) p.list([`a${i}`, `b${i}`]);
    });
    expect(t.resyncs()).toHaveLength(0);
    t.parts[49]?.list(['a49', 'b49']);
    expect(t.resyncs()).toHaveLength(1);
    const ev = t.resyncs()[0];
    expect(ev?.type === 'RESYNC' && ev.items.length).toBe(100);
    expect(ev?.type === 'RESYNC' && ev.resourceVersion).toBe('');
    expect(t.serialised).toEqual([`inferenceservices:${Array.from({ length: 50 }, (_, i) => i).join(',')}`]);
    vi.advanceTimersByTime(10_000);
    expect(t.resyncs()).toHaveLength(1);
  });

  it('parts already synced when subscribing (a second tab) give one RESYNC at start', () => {
    const t = setup(3);
    for (const p of t.parts) p.list([`x${p.index}`]);
    expect(t.written).toEqual([]);
    t.merger.start();
    expect(t.resyncs()).toHaveLength(1);
    expect(t.names(t.resyncs()[0])).toEqual(['ns-0/x0@1', 'ns-1/x1@1', 'ns-2/x2@1']);
  });

  it('loses and repeats no event that arrives before the merged RESYNC', () => {
    const t = setup(3);
    t.merger.start();
    t.parts[0]?.list(['a', 'b']);
    t.parts[1]?.list(['c']);
    // events of namespaces that have listed, while another is still listing
    t.parts[0]?.change('MODIFIED', 'a', '7');
    t.parts[0]?.change('DELETED', 'b', '8');
    t.parts[1]?.change('ADDED', 'd', '9');
    expect(t.written).toEqual([]);
    t.parts[2]?.list(['e']);
    // every one of them is in the snapshot, and none is sent again on its own
    expect(t.written.map((w) => w.data.type)).toEqual(['RESYNC']);
    expect(t.names(t.resyncs()[0])).toEqual(['ns-0/a@7', 'ns-1/c@1', 'ns-1/d@9', 'ns-2/e@1']);
    // afterwards events pass through at once, in order
    t.parts[2]?.change('MODIFIED', 'e', '10');
    t.parts[0]?.change('ADDED', 'f', '11');
    expect(
      t.written.slice(1).map((w) => `${w.data.type} ${JSON.stringify(w.data).match(/"name":"(\w+)"/)?.[1]}`),
    ).toEqual(['MODIFIED e', 'ADDED f']);
  });

  it('coalesces the relists of every namespace (apiserver restart) into one merged RESYNC', () => {
    const t = setup(5);
    t.merger.start();
    for (const p of t.parts) p.list(['old']);
    expect(t.resyncs()).toHaveLength(1);
    // the apiserver goes away: every watch fails (and will relist), each reports an error
    for (const p of t.parts) p.fail();
    expect(t.written.filter((w) => w.event === 'error')).toHaveLength(5);
    expect(t.resyncs()).toHaveLength(1);
    // it comes back: the parts relist over about a second (their backoffs differ)
    t.parts.forEach((p, i) => {
      vi.advanceTimersByTime(250);
      p.list([`new${i}`], `2${i}`);
    });
    expect(t.resyncs()).toHaveLength(1); // still waiting for the last ones while they were failing
    vi.advanceTimersByTime(100);
    expect(t.resyncs()).toHaveLength(2);
    expect(t.names(t.resyncs()[1])).toEqual([
      'ns-0/new0@20',
      'ns-1/new1@21',
      'ns-2/new2@22',
      'ns-3/new3@23',
      'ns-4/new4@24',
    ]);
    vi.advanceTimersByTime(10_000);
    expect(t.resyncs()).toHaveLength(2);
  });

  it('relists close together (410 Gone in several namespaces) become one RESYNC; events meanwhile are not lost', () => {
    const t = setup(3);
    t.merger.start();
    for (const p of t.parts) p.list(['x']);
    t.parts[0]?.list(['x', 'y'], '5');
    t.parts[1]?.change('MODIFIED', 'x', '6'); // passes through (the client folds it; the RESYNC has it too)
    t.parts[2]?.list(['z'], '7');
    expect(t.written.map((w) => w.data.type)).toEqual(['RESYNC', 'MODIFIED']);
    vi.advanceTimersByTime(100);
    expect(t.resyncs()).toHaveLength(2);
    expect(t.names(t.resyncs()[1])).toEqual(['ns-0/x@5', 'ns-0/y@5', 'ns-1/x@6', 'ns-2/z@7']);
  });

  it('does not wait forever for a namespace that keeps failing', () => {
    const t = setup(3);
    t.merger.start();
    t.parts[0]?.list(['a']);
    t.parts[1]?.list(['b']);
    t.parts[2]?.fail(); // its first list failed (it retries): the others are not held back
    expect(t.resyncs()).toHaveLength(1);
    expect(t.names(t.resyncs()[0])).toEqual(['ns-0/a@1', 'ns-1/b@1']);
    t.parts[0]?.list(['a2'], '3'); // a relist while ns-2 is still failing: sent after maxWaitMs at the latest
    vi.advanceTimersByTime(2_900);
    expect(t.resyncs()).toHaveLength(1);
    vi.advanceTimersByTime(200);
    expect(t.resyncs()).toHaveLength(2);
    t.parts[2]?.list(['c'], '4'); // when it finally lists, it joins in a merged RESYNC
    vi.advanceTimersByTime(100);
    expect(t.names(t.resyncs()[2])).toEqual(['ns-0/a2@3', 'ns-1/b@1', 'ns-2/c@4']);
  });

  it('a namespace that is refused for good (final error) does not hold the RESYNC back', () => {
    const t = setup(2);
    t.merger.start();
    t.parts[0]?.list(['a']);
    t.parts[1]?.fail(true);
    expect(t.resyncs()).toHaveLength(1);
    expect(t.ended).toEqual([]);
  });

  it('a primary part: the stream waits for its list (a transient error is no RESYNC), a final error ends it', () => {
    const t = setup(1, { primary: true });
    t.merger.start();
    t.parts[0]?.fail();
    expect(t.resyncs()).toHaveLength(0);
    t.parts[0]?.list(['a'], '42');
    expect(t.resyncs()).toHaveLength(1);
    expect(t.resyncs()[0]).toMatchObject({ type: 'RESYNC', resourceVersion: '42' });
    t.parts[0]?.fail(true);
    expect(t.ended).toHaveLength(1);
  });

  it('close() cancels a pending coalesced RESYNC', () => {
    const t = setup(2);
    t.merger.start();
    for (const p of t.parts) p.list(['a']);
    t.parts[0]?.list(['b'], '2');
    t.merger.close();
    vi.advanceTimersByTime(10_000);
    expect(t.resyncs()).toHaveLength(1);
  });
});

describe('StreamMerger (one object and what it owns: one part per resource)', () => {
  it('one RESYNC per resource as each lists; filtered parts are not shared', () => {
    const written: WatchEvent[] = [];
    const serialised: string[] = [];
    let merger: StreamMerger | undefined;
    const isvc = new FakePart(() => merger as StreamMerger, 0, 'ns');
    const pods = new FakePart(() => merger as StreamMerger, 1, 'ns');
    const events = new FakePart(() => merger as StreamMerger, 2, 'ns');
    merger = new StreamMerger(
      [
        { resource: 'inferenceservices', primary: true },
        { resource: 'pods', primary: false },
        { resource: 'events', primary: false, filter: (o) => (o.metadata as { name: string }).name !== 'noise' },
      ],
      {
        write: (c) => written.push(JSON.parse(c.toString().split('data: ')[1] ?? '')),
        end: () => {},
        serialise: (r, _m, build) => {
          serialised.push(r);
          return build();
        },
      },
    );
    merger.attach(0, isvc);
    merger.attach(1, pods);
    merger.attach(2, events);
    merger.start();
    isvc.list(['m'], '5');
    pods.list(['m-pod']);
    events.list(['e1', 'noise']);
    expect(written.map((w) => `${w.type} ${w.resource} ${w.type === 'RESYNC' ? w.items.length : ''}`)).toEqual([
      'RESYNC inferenceservices 1',
      'RESYNC pods 1',
      'RESYNC events 1',
    ]);
    expect(serialised).toEqual(['inferenceservices', 'pods']);
    events.change('ADDED', 'noise', '9');
    events.change('ADDED', 'e2', '10');
    expect(written.at(-1)).toMatchObject({ type: 'ADDED', resource: 'events' });
    expect(written).toHaveLength(4);
  });

  it('a dependent filtered part waits for the pods (even a failing one), and catches up when a pod relists in', () => {
    const written: WatchEvent[] = [];
    let merger: StreamMerger | undefined;
    const pods = new FakePart(() => merger as StreamMerger, 0, 'ns');
    const events = new FakePart(() => merger as StreamMerger, 1, 'ns');
    // an event "e-X" concerns pod "X"
    const known = (current: (r: 'pods') => K8sObject[]) =>
      new Set(current('pods').map((o) => (o.metadata as { name: string }).name));
    merger = new StreamMerger(
      [
        { resource: 'pods', primary: false },
        {
          resource: 'events',
          primary: false,
          dependsOn: ['pods'],
          filter: (o, current) => known(current).has((o.metadata as { name: string }).name.slice(2)),
        },
      ],
      { write: (c) => written.push(JSON.parse(c.toString().split('data: ')[1] ?? '')), end: () => {} },
    );
    merger.attach(0, pods);
    merger.attach(1, events);
    merger.start();
    events.list(['e-a', 'e-b']);
    expect(written).toHaveLength(0); // the pods have not listed
    pods.fail(); // a failing pods part does not hold it back for ever
    const resyncs = written.filter((w) => w.type === 'RESYNC');
    expect(resyncs.map((w) => `${w.resource} ${w.type === 'RESYNC' ? w.items.length : ''}`)).toEqual([
      'pods 0',
      'events 0',
    ]);
    pods.list(['a']); // the pods relist: e-a now concerns a known pod and is sent, once
    pods.list(['a', 'b']);
    const evs = written.filter((w) => w.resource === 'events' && w.type !== 'RESYNC');
    expect(evs.map((w) => (w.type === 'RESYNC' ? '' : `${w.type} ${meta(w.object).name}`))).toEqual([
      'ADDED e-a',
      'ADDED e-b',
    ]);
    merger.close();
  });
});

describe('StreamMerger RESYNC text', () => {
  it('joined from each part’s object JSON, it is the same text as serialising the event', () => {
    const run = (withJson: boolean) => {
      const out: string[] = [];
      let merger: StreamMerger | undefined;
      const parts = [0, 1, 2].map((i) => {
        const p = new FakePart(() => merger as StreamMerger, i, `ns-${i}`);
        if (withJson)
          Object.assign(p, {
            itemsJson: () =>
              p
                .snapshot()
                .map((o) => JSON.stringify(o))
                .join(','),
          });
        return p;
      });
      merger = new StreamMerger(
        parts.map(() => ({ resource: 'inferenceservices' as const, primary: false })),
        { write: (c) => out.push(c.toString()), end: () => {} },
      );
      for (const p of parts) merger.attach(p.index, p);
      merger.start();
      parts[0]?.list(['a', 'b "quoted"\n']);
      parts[1]?.list([]); // an empty namespace adds no stray comma
      parts[2]?.list(['c']);
      return out;
    };
    const joined = run(true);
    expect(joined).toHaveLength(1);
    expect(joined).toEqual(run(false));
    expect(JSON.parse(joined[0]?.split('data: ')[1] ?? '').items).toHaveLength(3);
  });
});
