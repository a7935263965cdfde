/**
 * core/v1 Events as client-go's EventRecorder writes them: one Event per (object, reason, message), whose
 * count and lastTimestamp grow when it repeats.
 */
import type { TypedKube } from './typed-kube';
import { nsPath } from './typed-kube';

export type Involved = {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  uid: string;
  fieldPath?: string;
};
export type Source = { component: string; host?: string };

function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class EventRecorder {
  private readonly seen = new Map<string, { name: string; count: number }>();
  constructor(
    private readonly client: TypedKube,
    private readonly log: (msg: string) => void,
  ) {}

  async emit(
    obj: Involved,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: Source,
  ): Promise<void> {
    const key = `${obj.uid}|${obj.fieldPath ?? ''}|${type}|${reason}|${message}|${source.component}`;
    const now = new Date();
    const prior = this.seen.get(key);
    if (prior) {
      prior.count += 1;
      const r = await this.client.mergePatch(nsPath('', 'v1', obj.namespace, 'events', prior.name), {
        count: prior.count,
        lastTimestamp: rfc3339(now),
      });
      if (r.ok) return;
      this.seen.delete(key);
    }
    const name = `${obj.name}.${(BigInt(now.getTime()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1e6))).toString(16)}`;
    const r = await this.client.create(nsPath('', 'v1', obj.namespace, 'events'), {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: obj.namespace },
      involvedObject: obj,
      reason,
      message,
      type,
      source,
      firstTimestamp: rfc3339(now),
      lastTimestamp: rfc3339(now),
      count: 1,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    });
    if (r.ok) this.seen.set(key, { name, count: 1 });
    else if (r.status !== 404) this.log(`event ${reason} on ${obj.kind}/${obj.name}: ${r.message}`);
  }
}
