import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FakeServer, status } from '../helpers/fake-apiserver';
import { userOf } from '../helpers/fake-collections';

type Obj = Record<string, unknown> & { metadata: Record<string, unknown>; spec?: unknown };

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * A small stateful apiserver for one namespace: InferenceServices (resourceVersion checks, generation bumps on
 * spec changes, managedFields per fieldManager) and ConfigMaps (create/get/list by label/delete). Users in
 * `forbidden` get 403 on everything; users in `noConfigMaps` get 403 on ConfigMaps.
 */
export class FakeHistoryApi {
  readonly isvcs = new Map<string, Obj>();
  readonly configMaps = new Map<string, Obj>();
  readonly forbidden = new Set<string>();
  readonly noConfigMaps = new Set<string>();
  private rv = 100;

  constructor(readonly ns = 'ns') {}

  private nextRv(): string {
    this.rv += 1;
    return String(this.rv);
  }

  /** A change made outside ServeDeck (kubectl edit): spec, generation, and that manager's managedFields. */
  outsideEdit(name: string, spec: unknown, manager: string, time: string): void {
    const o = this.isvcs.get(name);
    if (!o) throw new Error(`no ${name}`);
    const mf = (o.metadata.managedFields as unknown[] | undefined) ?? [];
    this.isvcs.set(name, {
      ...o,
      spec,
      metadata: {
        ...o.metadata,
        resourceVersion: this.nextRv(),
        generation: Number(o.metadata.generation) + 1,
        managedFields: [
          ...mf,
          { manager, operation: 'Update', time, fieldsV1: { 'f:spec': { 'f:predictor': { 'f:minReplicas': {} } } } },
        ],
      },
    });
  }

  install(api: FakeServer): void {
    const base = `/apis/serving.kserve.io/v1beta1/namespaces/${this.ns}/inferenceservices`;
    const cms = `/api/v1/namespaces/${this.ns}/configmaps`;
    const guard = (req: IncomingMessage, res: ServerResponse, what: 'isvc' | 'cm'): boolean => {
      const user = userOf(req);
      if (this.forbidden.has(user) || (what === 'cm' && this.noConfigMaps.has(user))) {
        send(res, 403, status(403, 'Forbidden', `User "${user}" cannot do this`));
        return false;
      }
      return true;
    };
    const manager = (req: IncomingMessage) =>
      new URL(req.url ?? '', 'http://x').searchParams.get('fieldManager') ?? 'unknown';
    const dry = (req: IncomingMessage) => new URL(req.url ?? '', 'http://x').searchParams.get('dryRun') === 'All';

    api.on('POST', base, (req, res, body) => {
      if (!guard(req, res, 'isvc')) return;
      const o = JSON.parse(body) as Obj;
      const name = String(o.metadata.name);
      const created: Obj = {
        ...o,
        metadata: {
          ...o.metadata,
          namespace: this.ns,
          uid: `uid-${name}`,
          resourceVersion: this.nextRv(),
          generation: 1,
          managedFields: [{ manager: manager(req), operation: 'Update', time: '2026-12-06T04:00:00Z', fieldsV1: {} }],
        },
      };
      if (!dry(req)) this.isvcs.set(name, created);
      send(res, 201, created);
    });
    api.on('*', new RegExp(`^${base}/([^/]+)$`), (req, res, body) => {
      if (!guard(req, res, 'isvc')) return;
      const name = decodeURIComponent((req.url ?? '').split('?')[0]?.split('/').at(-1) ?? '');
      const live = this.isvcs.get(name);
      if (!live) return send(res, 404, status(404, 'NotFound', `inferenceservices "${name}" not found`));
      if (req.method === 'GET') return send(res, 200, live);
      if (req.method !== 'PUT' && req.method !== 'PATCH') return send(res, 405, status(405, 'MethodNotAllowed', 'no'));
      const sent = JSON.parse(body) as Obj;
      if (req.method === 'PUT' && sent.metadata.resourceVersion !== live.metadata.resourceVersion) {
        return send(
          res,
          409,
          status(409, 'Conflict', 'the object has been modified; please apply your changes to the latest version'),
        );
      }
      const next: Obj =
        req.method === 'PUT'
          ? { ...sent, metadata: { ...sent.metadata, managedFields: live.metadata.managedFields } }
          : { ...live, metadata: { ...live.metadata, ...sent.metadata }, spec: sent.spec ?? live.spec };
      const changed = JSON.stringify(next.spec) !== JSON.stringify(live.spec);
      const updated: Obj = {
        ...next,
        metadata: {
          ...next.metadata,
          uid: live.metadata.uid,
          resourceVersion: this.nextRv(),
          generation: Number(live.metadata.generation) + (changed ? 1 : 0),
        },
      };
      if (!dry(req)) this.isvcs.set(name, updated);
      send(res, 200, updated);
    });
    api.on('GET', cms, (req, res) => {
      if (!guard(req, res, 'cm')) return;
      const sel = new URL(req.url ?? '', 'http://x').searchParams.get('labelSelector') ?? '';
      const [k, v] = sel.split('=');
      const items = [...this.configMaps.values()].filter(
        (c) => (c.metadata.labels as Record<string, string>)[k ?? ''] === v,
      );
      send(res, 200, { kind: 'ConfigMapList', items, metadata: { resourceVersion: String(this.rv) } });
    });
    api.on('POST', cms, (req, res, body) => {
      if (!guard(req, res, 'cm')) return;
      const c = JSON.parse(body) as Obj;
      const name = String(c.metadata.name);
      if (this.configMaps.has(name))
        return send(res, 409, status(409, 'AlreadyExists', `configmaps "${name}" already exists`));
      const stored = { ...c, metadata: { ...c.metadata, namespace: this.ns, resourceVersion: this.nextRv() } };
      this.configMaps.set(name, stored);
      send(res, 201, stored);
    });
    api.on('*', new RegExp(`^${cms}/([^/]+)$`), (req, res) => {
      if (!guard(req, res, 'cm')) return;
      const name = decodeURIComponent((req.url ?? '').split('?')[0]?.split('/').at(-1) ?? '');
      const c = this.configMaps.get(name);
      if (!c) return send(res, 404, status(404, 'NotFound', `configmaps "${name}" not found`));
      if (req.method === 'DELETE') this.configMaps.delete(name);
      send(res, 200, c);
    });
  }
}
