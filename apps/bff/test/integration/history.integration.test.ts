import { execFileSync } from 'node:child_process';
import { type History, historySchema, restoreResultSchema, STOP_ANNOTATION } from '@servedeck/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sklearnIsvc } from '../security/harness';
import { type BffClient, loginAs, sandboxEnv, seen, USER_NS } from './client';

const NAME = 'bff-history';
const base = `/api/namespaces/${USER_NS}/inferenceservices`;
/** Stopped (no pods on this small machine): only the spec and its history matter here. */
const withTimeout = (timeout: number) => {
  const o = sklearnIsvc(NAME, { annotations: { [STOP_ANNOTATION]: 'true' } });
  return { ...o, spec: { predictor: { ...o.spec.predictor, timeout } } };
};

/** kubectl as the sandbox's admin (outside ServeDeck). */
function kubectl(...args: string[]): string {
  return execFileSync('kubectl', ['--kubeconfig', sandboxEnv().kubeconfig, '-n', USER_NS, ...args], {
    encoding: 'utf8',
  });
}

describe('spec history against the sandbox', () => {
  let user: BffClient;
  beforeAll(async () => {
    user = await loginAs('user@example.com');
    await user.request('DELETE', `${base}/${NAME}`);
    // revisions of an earlier run go with their InferenceService (garbage collector); do not wait for it
    kubectl('delete', 'configmap', '-l', `servedeck.dev/history-of=${NAME}`, '--ignore-not-found');
  });
  afterAll(async () => {
    await user.request('DELETE', `${base}/${NAME}`);
    for (const r of seen) expect(r.body + r.headers, r.url).not.toContain('eyJ');
  });

  async function history(c: BffClient = user): Promise<History> {
    const res = await c.get(`${base}/${NAME}/history`);
    expect(res.status, res.text).toBe(200);
    return historySchema.parse(res.json());
  }

  /**
   * Read, change, write, as the editor does. KServe's controller writes the object's status after each change,
   * which moves its resourceVersion: a write between our read and our PUT is a 409 (seen on a loaded machine,
   * 2026-12-07), and the editor's answer is to read again; so is the test's (a 409 records no revision).
   */
  async function edit(timeout: number): Promise<void> {
    let res: Awaited<ReturnType<typeof user.json>> | undefined;
    for (let attempt = 0; attempt < 3 && (res === undefined || res.status === 409); attempt++) {
      const live = (await user.get(`${base}/${NAME}`)).json() as { metadata: Record<string, unknown> };
      res = await user.json('PUT', `${base}/${NAME}`, { ...withTimeout(timeout), metadata: live.metadata });
    }
    expect(res?.status, res?.text).toBe(200);
  }

  it('create, edit twice, restore the first: revisions with authors; a kubectl change is outside ServeDeck', async () => {
    const created = await user.post(base, withTimeout(60));
    expect(created.status, created.text).toBe(201);
    expect(created.json().history).toEqual({ recorded: true, revision: 1 });
    await edit(61);
    await edit(62);
    const h = await history();
    expect(h.enabled).toBe(true);
    expect(h.revisions.map((r) => [r.revision, r.operation, r.author])).toEqual([
      [1, 'create', 'user@example.com'],
      [2, 'update', 'user@example.com'],
      [3, 'update', 'user@example.com'],
    ]);
    expect(h.revisions.map((r) => (r.spec.predictor as { timeout: number }).timeout)).toEqual([60, 61, 62]);

    // restore revision 1: dry run first (nothing changes), then the write
    const dry = await user.post(`${base}/${NAME}/history/1/restore?dryRun=true`, {
      resourceVersion: h.resourceVersion,
    });
    expect(dry.status, dry.text).toBe(200);
    const d = restoreResultSchema.parse(dry.json());
    expect(d.before.predictor).toMatchObject({ timeout: 62 });
    expect(d.object.spec).toMatchObject({ predictor: { timeout: 60 } });
    expect((await history()).revisions).toHaveLength(3);
    const done = await user.post(`${base}/${NAME}/history/1/restore?dryRun=false`, {
      resourceVersion: h.resourceVersion,
    });
    expect(done.status, done.text).toBe(200);
    expect(done.json().history).toEqual({ recorded: true, revision: 4 });
    const live = (await user.get(`${base}/${NAME}`)).json() as { spec: { predictor: { timeout: number } } };
    expect(live.spec.predictor.timeout).toBe(60);
    // the same restore from the old resourceVersion: the editor's conflict, with the live object
    const stale = await user.post(`${base}/${NAME}/history/2/restore?dryRun=false`, {
      resourceVersion: h.resourceVersion,
    });
    expect(stale.status).toBe(409);
    expect(stale.json()).toMatchObject({ reason: 'Conflict', live: { spec: { predictor: { timeout: 60 } } } });

    // the revisions are ConfigMaps owned by the InferenceService
    const cms = JSON.parse(kubectl('get', 'configmap', '-l', `servedeck.dev/history-of=${NAME}`, '-o', 'json')) as {
      items: Array<{ metadata: { name: string; ownerReferences: Array<{ kind: string; name: string }> } }>;
    };
    expect(cms.items.map((c) => c.metadata.name).sort()).toEqual([1, 2, 3, 4].map((n) => `${NAME}-rev-${n}`));
    expect(cms.items[0]?.metadata.ownerReferences).toMatchObject([{ kind: 'InferenceService', name: NAME }]);

    // a change outside ServeDeck (kubectl as admin)
    kubectl('patch', 'inferenceservice', NAME, '--type', 'merge', '-p', '{"spec":{"predictor":{"timeout":90}}}');
    const after = await history();
    expect(after.changedOutside).toBe(true);
    const patch = after.outside.find((o) => o.manager === 'kubectl-patch');
    expect(patch, JSON.stringify(after.outside)).toBeDefined();
    expect(patch?.fields).toContain('spec.predictor.timeout');
    expect(patch?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(after.outside.map((o) => o.manager)).not.toContain('servedeck');
  });

  it("alice may not read user@example.com's history", async () => {
    const alice = await loginAs('alice@example.com');
    const res = await alice.get(`${base}/${NAME}/history`);
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({ reason: 'Forbidden' });
    const restore = await alice.post(`${base}/${NAME}/history/1/restore?dryRun=true`, {});
    expect(restore.status).toBe(403);
  });
});
