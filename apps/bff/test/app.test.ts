import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';

describe('createApp', () => {
  it('answers /healthz and reports readiness from its dependency', async () => {
    let ready = false;
    const app = createApp({ webDist: undefined, isReady: async () => ready });
    await request(app).get('/healthz').expect(200, { status: 'ok' });
    await request(app).get('/readyz').expect(503);
    ready = true;
    await request(app).get('/readyz').expect(200, { status: 'ready' });
  });

  it('serves the web app with long-cache hashed assets and an uncached index for deep links', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'sd-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>ServeDeck</title>');
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    const app = createApp({ webDist: dist, isReady: async () => true });
    const asset = await request(app).get('/assets/app-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const deep = await request(app).get('/ns/kubeflow-user-example-com/isvc/sklearn-iris').expect(200);
    expect(deep.headers['cache-control']).toBe('no-cache');
    expect(deep.text).toContain('<title>ServeDeck</title>');
    await request(app).get('/assets/missing.js').expect(404);
  });

  it('compresses the web app files for clients that accept it', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'sd-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), `<!doctype html><title>ServeDeck</title>${' '.repeat(4096)}`);
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), `export const x = "${'a'.repeat(8192)}";`);
    const app = createApp({ webDist: dist, isReady: async () => true });
    const asset = await request(app).get('/assets/app-abc123.js').set('accept-encoding', 'gzip').expect(200);
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.text).toContain('aaaa');
    const page = await request(app).get('/ns/x').set('accept-encoding', 'gzip').expect(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    const plain = await request(app).get('/assets/app-abc123.js').set('accept-encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });
});
