import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClusterApp } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';
import { isvc, listen, passwordLogin } from './helpers/fake-collections';
import { SseReader } from './helpers/sse-reader';
import { until } from './helpers/until';

const USER = 'user@example.com';
const NS = 'team';
const pod = (name: string, rv: string) => ({ kind: 'Pod', metadata: { name, namespace: NS, resourceVersion: rv } });
const event = (name: string, kind: string, about: string) => ({
  kind: 'Event',
  metadata: { name, namespace: NS, resourceVersion: '5' },
  involvedObject: { kind, name: about, namespace: NS },
  reason: 'Test',
});

type Change = { type: string; resource?: string; items?: unknown[]; object?: { metadata?: { name?: string } } };
const namesIn = (c: Change | undefined) =>
  ((c?.items ?? []) as Array<{ metadata: { name: string } }>).map((o) => o.metadata.name).sort();

describe('details stream: the events part is filtered against the pods the stream knows', () => {
  const api = new FakeServer();
  const watches = new Map<string, ServerResponse>();
  let releasePods: () => void = () => {};
  let podsHeld: Promise<void> = Promise.resolve();
  const collection = (path: string, items: () => unknown[], held?: () => Promise<void>) =>
    api.on('GET', path, async (req, res) => {
      const u = new URL(req.url ?? '', 'http://x');
      if (u.searchParams.get('watch') === '1') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        watches.set(path, res);
        return;
      }
      await held?.();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: items(), metadata: { resourceVersion: '10' } }));
    });
  const send = (path: string, ev: unknown) => watches.get(path)?.write(`${JSON.stringify(ev)}\n`);

  beforeAll(async () => {
    await api.start();
    collection(`/apis/serving.kserve.io/v1beta1/namespaces/${NS}/inferenceservices`, () => [isvc(NS, 'm', '10')]);
    collection(
      `/api/v1/namespaces/${NS}/pods`,
      () => [pod('m-pod-1', '10')],
      () => podsHeld,
    );
    collection(`/api/v1/namespaces/${NS}/services`, () => []);
    collection(`/apis/apps/v1/namespaces/${NS}/deployments`, () => []);
    collection(`/api/v1/namespaces/${NS}/events`, () => [
      event('e-isvc', 'InferenceService', 'm'),
      event('e-pod-1', 'Pod', 'm-pod-1'),
      event('e-pod-2', 'Pod', 'm-pod-2'), // its pod is not there yet
      event('e-other', 'Pod', 'someone-elses-pod'),
    ]);
  });
  afterAll(() => api.stop());

  it('the events RESYNC waits for the pods list; an event for a pod that appears later is sent then', async () => {
    podsHeld = new Promise<void>((r) => {
      releasePods = r;
    });
    const { app, services } = await fakeClusterApp(api);
    const srv = await listen(app);
    try {
      const cookie = await passwordLogin(srv.base, USER);
      const res = await fetch(`${srv.base}/api/namespaces/${NS}/inferenceservices/m/watch`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const sse = new SseReader(res.body);
      const eventsResyncs = () =>
        (sse.changes() as Change[]).filter((c) => c.type === 'RESYNC' && c.resource === 'events');
      // everything but the pods has listed and is watching: no events RESYNC may go yet
      await until(() => watches.has(`/api/v1/namespaces/${NS}/events`), 'the events watch');
      await sse.until(() => (sse.changes() as Change[]).some((c) => c.resource === 'deployments'), 'other RESYNCs');
      await new Promise((r) => setTimeout(r, 300)); // longer than the merger's coalescing
      expect(eventsResyncs()).toHaveLength(0);
      releasePods();
      await sse.until(() => eventsResyncs().length >= 1, 'the events RESYNC');
      expect(namesIn(eventsResyncs()[0])).toEqual(['e-isvc', 'e-pod-1']);

      // the pod of e-pod-2 appears: its event (filtered out so far) follows as ADDED, the other's does not
      await until(() => watches.has(`/api/v1/namespaces/${NS}/pods`), 'the pods watch');
      send(`/api/v1/namespaces/${NS}/pods`, { type: 'ADDED', object: pod('m-pod-2', '11') });
      await sse.until(
        () => (sse.changes() as Change[]).some((c) => c.resource === 'events' && c.type === 'ADDED'),
        'the late event',
      );
      const added = (sse.changes() as Change[]).filter((c) => c.resource === 'events' && c.type === 'ADDED');
      expect(added.map((c) => c.object?.metadata?.name)).toEqual(['e-pod-2']);
      // a new event for a known pod passes as before, once
      send(`/api/v1/namespaces/${NS}/events`, { type: 'ADDED', object: event('e-pod-2b', 'Pod', 'm-pod-2') });
      send(`/api/v1/namespaces/${NS}/events`, { type: 'ADDED', object: event('e-other-2', 'Pod', 'nope') });
      send(`/api/v1/namespaces/${NS}/pods`, { type: 'MODIFIED', object: pod('m-pod-2', '12') });
      await sse.until(
        () => (sse.changes() as Change[]).some((c) => c.resource === 'pods' && c.type === 'MODIFIED'),
        'the pod MODIFIED',
      );
      const evNames = (sse.changes() as Change[])
        .filter((c) => c.resource === 'events' && c.type !== 'RESYNC')
        .map((c) => `${c.type} ${c.object?.metadata?.name}`);
      expect(evNames).toEqual(['ADDED e-pod-2', 'ADDED e-pod-2b']);
      await sse.close();
    } finally {
      releasePods();
      srv.close();
      await services.close();
    }
  });
});
