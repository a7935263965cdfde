import { readFileSync } from 'node:fs';
import { fieldPathsInMessage } from '@servedeck/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sklearnIsvc } from '../security/harness';
import { type BffClient, loginAs, seen, USER_NS } from './client';

/** The seed's InferenceService, verbatim (its `ProtocolVersion` key is misspelled). */
function seedYaml(): string {
  const seed = readFileSync('/work/shared/seed/000_515198174a202f98.txt', 'utf8');
  const block = /```yaml\n([\s\S]*?kind: "InferenceService"[\s\S]*?)```/.exec(seed)?.[1];
  if (!block) throw new Error('the seed has no InferenceService YAML block');
  return block;
}

const base = `/api/namespaces/${USER_NS}/inferenceservices`;
const NAME = 'bff-conflict';

describe('writes: dry-run, validation, warnings, conflicts', () => {
  let c: BffClient;
  beforeAll(async () => {
    c = await loginAs('user@example.com');
    await c.request('DELETE', `${base}/${NAME}`);
  });
  afterAll(async () => {
    await c.request('DELETE', `${base}/${NAME}`);
    for (const r of seen) expect(r.body + r.headers, r.url).not.toContain('eyJ');
  });

  it('a dry-run create of an invalid InferenceService is refused naming the field, and creates nothing', async () => {
    const res = await c.request('POST', `${base}?dryRun=All`, {
      type: 'application/json',
      body: JSON.stringify({
        metadata: { name: 'Not_Valid' },
        spec: { predictor: { minReplicas: 'two', model: { modelFormat: { name: 'sklearn' } } } },
      }),
    });
    const err = res.json() as { reason: string; message: string; causes: Array<{ field?: string; message: string }> };
    // KServe's mutating webhook decodes the object before the apiserver's schema validation and refuses it
    // with a 400 whose message names the field in Go's words, without details.causes.
    expect(res.status, res.text).toBe(400);
    expect(err.causes).toEqual([]);
    expect(err.message).toMatch(/^admission webhook "inferenceservice\.kserve-webhook-server\.defaulter" denied/);
    expect(fieldPathsInMessage(err.message)).toEqual(['spec.predictor.minReplicas']);
    // nothing was created
    expect((await c.get(`${base}/not-valid`)).status).toBe(404);
  });

  it('the seed YAML`s misspelled ProtocolVersion: a warning with Warn, an error with Strict', async () => {
    // the seed verbatim but for its name (others may run a real sklearn-iris in this namespace)
    const yaml = seedYaml().replace('name: "sklearn-iris"', 'name: "bff-seed-iris"');
    expect(yaml).toContain('ProtocolVersion: "v2"');
    const warn = await c.request('POST', `${base}?dryRun=All&fieldValidation=Warn`, {
      type: 'application/yaml',
      body: yaml,
    });
    expect(warn.status, warn.text).toBe(201);
    const w = warn.json() as { warnings: string[]; object: { metadata: { name: string } } };
    expect(w.object.metadata.name).toBe('bff-seed-iris');
    expect(w.warnings.join('\n')).toMatch(/unknown field "spec\.predictor\.sklearn\.ProtocolVersion"/);
    const strict = await c.request('POST', `${base}?dryRun=All&fieldValidation=Strict`, {
      type: 'application/yaml',
      body: yaml,
    });
    expect(strict.status).toBe(400);
    expect((strict.json() as { message: string }).message).toMatch(
      /unknown field "spec\.predictor\.sklearn\.ProtocolVersion"/,
    );
    // the same key under spec.predictor.model
    const modelForm = yaml.replace('sklearn:', 'model:\n      modelFormat: {name: sklearn}');
    const warn2 = await c.request('POST', `${base}?dryRun=All&fieldValidation=Warn`, {
      type: 'application/yaml',
      body: modelForm,
    });
    expect((warn2.json() as { warnings: string[] }).warnings.join('\n')).toMatch(
      /unknown field "spec\.predictor\.model\.ProtocolVersion"/,
    );
    expect((await c.get(`${base}/bff-seed-iris`)).status).toBe(404); // dry run only
  });

  it('YAML syntax errors come back as 400 with line and column', async () => {
    const res = await c.request('POST', `${base}?dryRun=All`, {
      type: 'application/yaml',
      body: 'metadata:\n  name: x\n spec: [\n',
    });
    expect(res.status).toBe(400);
    const causes = (res.json() as { causes: Array<{ message: string }> }).causes;
    expect(causes[0]?.message).toMatch(/^line \d+, column \d+: /);
  });

  it('two conflicting updates: the second gets 409 with the live object', async () => {
    const created = await c.request('POST', base, {
      type: 'application/json',
      body: JSON.stringify(sklearnIsvc(NAME)),
    });
    expect(created.status, created.text).toBe(201);
    // The sandbox controller also writes the object (finalizer, status): retry the first edit until it
    // lands on the version it read, then send the second edit with that same (now stale) version.
    let got: { metadata: Record<string, unknown> } = { metadata: {} };
    let r1 = { status: 0, text: '' };
    for (let attempt = 0; attempt < 10 && r1.status !== 200; attempt++) {
      got = (await c.get(`${base}/${NAME}`)).json() as { metadata: Record<string, unknown> };
      const first = { ...got, metadata: { ...got.metadata, labels: { edit: 'first' } } };
      r1 = await c.request('PUT', `${base}/${NAME}`, { type: 'application/json', body: JSON.stringify(first) });
    }
    expect(r1.status, r1.text).toBe(200);
    const stale = JSON.parse(JSON.stringify(got)) as { metadata: { labels?: Record<string, string> } };
    stale.metadata.labels = { edit: 'second' };
    const r2 = await c.request('PUT', `${base}/${NAME}`, { type: 'application/json', body: JSON.stringify(stale) });
    expect(r2.status).toBe(409);
    const err = r2.json() as {
      reason: string;
      live: { metadata: { labels: Record<string, string>; resourceVersion: string } };
    };
    expect(err.reason).toBe('Conflict');
    expect(err.live.metadata.labels.edit).toBe('first');
    // a merge patch with a stale resourceVersion conflicts the same way
    const r3 = await c.request('PATCH', `${base}/${NAME}`, {
      type: 'application/merge-patch+json',
      body: JSON.stringify({ metadata: { resourceVersion: got.metadata.resourceVersion, labels: { edit: 'third' } } }),
    });
    expect(r3.status).toBe(409);
    const del = await c.request('DELETE', `${base}/${NAME}`);
    expect(del.status).toBe(200);
  });
});
