import type { ApiError, WatchEvent, WatchResource } from '@servedeck/shared';
import { formatSse, formatSseJson } from '../http/sse';
import { type K8sObject, objectKey } from '../k8s/objects';
import type { ChangeType } from './collection-watch';
import { objectsJson, resyncJson } from './json';

/** What the merger reads of one upstream part (a CollectionWatch). */
export type PartState = {
  readonly synced: boolean;
  readonly dead: boolean;
  readonly resourceVersion: string | undefined;
  snapshot(): K8sObject[];
  /** The items as comma-separated JSON (CollectionWatch keeps each object's JSON). */
  itemsJson?(): string;
};

export type MergeInput = {
  resource: WatchResource;
  /** The stream cannot open without this part's first list. */
  primary: boolean;
  filter?: (obj: K8sObject, current: (r: WatchResource) => K8sObject[]) => boolean;
  /**
   * The resources `filter` reads through `current`: this part's first RESYNC waits for their parts to list
   * (or fail), and when they gain objects later (an event or a relist), objects of this part that pass the
   * filter only now are sent (ADDED), so an event for a pod that appears after it is not lost.
   */
  dependsOn?: WatchResource[];
};

export type MergeOutput = {
  /** Write one formatted SSE message. */
  write(chunk: string | Buffer): void;
  /** A final error of a primary part: the stream ends with it. */
  end(err: ApiError): void;
  /**
   * The RESYNC message of an unfiltered group of parts (indices into the inputs): may return a copy shared
   * with other streams of the same user when those parts are in the same state; `build` formats it.
   */
  serialise?(resource: WatchResource, members: number[], build: () => string): string | Buffer;
};

export type MergeTiming = {
  /** Resyncs of parts arriving within this long of each other become one RESYNC. */
  coalesceMs: number;
  /** How long a relist waits for other parts that are failing (and will relist) before it is sent anyway. */
  maxWaitMs: number;
};

const DETACHED: PartState = { synced: false, dead: true, resourceVersion: undefined, snapshot: () => [] };

export const defaultMergeTiming: MergeTiming = { coalesceMs: 100, maxWaitMs: 3_000 };

type Group = {
  resource: WatchResource;
  members: number[];
  /** The first (merged) RESYNC has been written: events pass through from now on. */
  sent: boolean;
  /** Filtered groups: the keys of the objects the client holds (sent in a RESYNC or an event). */
  sentKeys: Set<string> | undefined;
  timer: NodeJS.Timeout | undefined;
  waitingSince: number | undefined;
};

/**
 * Turns the callbacks of several upstream parts (e.g. one list-watch per namespace) into one stream per
 * subscriber: per resource, exactly one RESYNC carrying the merged list once every part has listed (or
 * failed), then the events. Later relists (all parts after an apiserver restart) are coalesced into one
 * merged RESYNC.
 *
 * Events are dropped until their resource's first RESYNC is written: that RESYNC is a snapshot of the parts
 * taken when it is written (single-threaded: after every event delivered so far), so each of those events
 * is in it already, and forwarding them too would apply them twice. After it, every event passes through;
 * a later (coalesced) RESYNC replaces the list with a snapshot that includes them as well.
 */
export class StreamMerger {
  private readonly parts: Array<PartState | undefined>;
  /** Per part: listed since its last error / failed since its last list (it retries and relists). */
  private readonly state: Array<{ synced: boolean; errored: boolean }>;
  private readonly groups: Group[] = [];
  private readonly groupOf: Group[] = [];
  private started = false;
  private closed = false;

  constructor(
    private readonly inputs: MergeInput[],
    private readonly out: MergeOutput,
    private readonly timing: MergeTiming = defaultMergeTiming,
  ) {
    this.parts = inputs.map(() => undefined);
    this.state = inputs.map(() => ({ synced: false, errored: false }));
    inputs.forEach((input, i) => {
      let g = this.groups.find((x) => x.resource === input.resource);
      if (!g) {
        g = {
          resource: input.resource,
          members: [],
          sent: false,
          sentKeys: undefined,
          timer: undefined,
          waitingSince: undefined,
        };
        this.groups.push(g);
      }
      g.members.push(i);
      this.groupOf[i] = g;
    });
  }

  /** The part behind input `i` (its subscription may call back before this). */
  attach(i: number, part: PartState): void {
    this.parts[i] = part;
  }

  /**
   * Part `i` is no longer this stream's (the user's access to it ended): its objects leave later RESYNCs and
   * it no longer holds back the first one.
   */
  detach(i: number): void {
    this.parts[i] = DETACHED;
    const g = this.groupOf[i];
    if (this.started && g && !g.sent) this.settleInitial(g);
  }

  /** Every part is attached: from now on RESYNCs are written. */
  start(): void {
    this.started = true;
    for (const g of this.groups) this.settleInitial(g);
  }

  close(): void {
    this.closed = true;
    for (const g of this.groups) {
      if (g.timer) clearTimeout(g.timer);
      g.timer = undefined;
    }
  }

  /** Part `i` has (re)listed. */
  resync(i: number): void {
    const s = this.state[i];
    const g = this.groupOf[i];
    if (!s || !g) return;
    s.synced = true;
    s.errored = false;
    if (!this.started || this.closed) return;
    if (!g.sent) this.settleInitial(g);
    else this.coalesce(g);
    this.dependencyChanged(g.resource);
  }

  event(i: number, type: ChangeType, object: K8sObject): void {
    const g = this.groupOf[i];
    const input = this.inputs[i];
    if (!g || !input || this.closed) return;
    if (g.sent) {
      if (!input.filter || input.filter(object, this.current)) {
        if (g.sentKeys) {
          if (type === 'DELETED') g.sentKeys.delete(objectKey(object));
          else g.sentKeys.add(objectKey(object));
        }
        this.write({ type, object, resource: input.resource });
      }
    }
    if (type === 'ADDED') this.dependencyChanged(g.resource);
  }

  /**
   * Objects of `resource` were added (an event or a relist): objects of the sent filtered groups depending
   * on it that pass their filter only now (an event for a pod the stream did not know yet) are sent.
   */
  private dependencyChanged(resource: WatchResource): void {
    if (!this.started || this.closed) return;
    for (const g of this.groups) {
      if (g.resource === resource || !g.members.some((i) => this.inputs[i]?.dependsOn?.includes(resource))) continue;
      if (!g.sent) {
        this.settleInitial(g);
        continue;
      }
      const sentKeys = g.sentKeys;
      if (!sentKeys) continue;
      for (const i of g.members) {
        const p = this.parts[i];
        const filter = this.inputs[i]?.filter;
        if (!p?.synced || !filter) continue;
        for (const o of p.snapshot()) {
          const key = objectKey(o);
          if (sentKeys.has(key) || !filter(o, this.current)) continue;
          sentKeys.add(key);
          this.write({ type: 'ADDED', object: o, resource: g.resource });
        }
      }
    }
  }

  error(i: number, err: ApiError, final: boolean): void {
    const input = this.inputs[i];
    const s = this.state[i];
    const g = this.groupOf[i];
    if (!input || !s || !g || this.closed) return;
    if (final && input.primary) {
      this.out.end(err);
      return;
    }
    this.out.write(formatSse('error', err));
    s.errored = true;
    s.synced = false;
    if (this.started && !g.sent) this.settleInitial(g);
    // a dependency that failed no longer holds back the parts that wait for it
    if (this.started) for (const d of this.groups) if (!d.sent && d !== g) this.settleInitial(d);
  }

  private readonly current = (r: WatchResource): K8sObject[] =>
    this.inputs.flatMap((x, i) => {
      const p = this.parts[i];
      return x.resource === r && p?.synced ? p.snapshot() : [];
    });

  /** May the first RESYNC go without waiting for part `i`? */
  private initialReady(i: number): boolean {
    const p = this.parts[i];
    const s = this.state[i];
    const input = this.inputs[i];
    if (!p || !s || !input) return false;
    if (p.dead || s.synced) return true;
    // a failing optional part (one namespace of all) does not hold the others back; it follows in a later RESYNC
    return !input.primary && s.errored;
  }

  /** Failed since its last list and still retrying: it will relist. */
  private relisting(i: number): boolean {
    return this.state[i]?.errored === true && this.parts[i]?.dead === false;
  }

  private settleInitial(g: Group): void {
    if (!g.members.every((i) => this.initialReady(i))) return;
    // a filtered part reads other resources: its first RESYNC waits until their parts have listed (or failed)
    const deps = new Set(g.members.flatMap((i) => this.inputs[i]?.dependsOn ?? []));
    for (let j = 0; j < this.inputs.length; j++) {
      const r = this.inputs[j]?.resource;
      if (r !== undefined && deps.has(r) && !this.initialReady(j)) return;
    }
    this.flush(g);
  }

  private coalesce(g: Group): void {
    g.waitingSince ??= Date.now();
    g.timer ??= setTimeout(() => this.fire(g), this.timing.coalesceMs);
  }

  private fire(g: Group): void {
    g.timer = undefined;
    if (this.closed) return;
    const waited = Date.now() - (g.waitingSince ?? 0);
    if (g.members.some((i) => this.relisting(i)) && waited < this.timing.maxWaitMs) {
      g.timer = setTimeout(() => this.fire(g), this.timing.coalesceMs);
      return;
    }
    this.flush(g);
  }

  private flush(g: Group): void {
    if (g.timer) clearTimeout(g.timer);
    g.timer = undefined;
    g.waitingSince = undefined;
    g.sent = true;
    const filtered = g.members.some((i) => this.inputs[i]?.filter !== undefined);
    const only = g.members.length === 1 ? this.parts[g.members[0] ?? -1] : undefined;
    const resourceVersion = only?.resourceVersion ?? '';
    const build = () => {
      if (filtered) g.sentKeys = new Set();
      const pieces: string[] = [];
      for (const i of g.members) {
        const p = this.parts[i];
        const filter = this.inputs[i]?.filter;
        if (!p?.synced) continue;
        if (!filtered) {
          pieces.push(p.itemsJson ? p.itemsJson() : objectsJson(p.snapshot()));
          continue;
        }
        const kept = filter ? p.snapshot().filter((o) => filter(o, this.current)) : p.snapshot();
        for (const o of kept) g.sentKeys?.add(objectKey(o));
        pieces.push(objectsJson(kept));
      }
      return formatSseJson('change', resyncJson(g.resource, pieces, resourceVersion));
    };
    this.out.write(!filtered && this.out.serialise ? this.out.serialise(g.resource, g.members, build) : build());
  }

  private write(ev: WatchEvent): void {
    this.out.write(formatSse('change', ev));
  }
}
