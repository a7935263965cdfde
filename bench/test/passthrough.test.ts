import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeExit, freePort, sleep, waitFor } from '../src/procs';

// The ceiling's bare undici pass-through (src/passthrough.ts) as the bench runs it: its own process.
describe('the undici pass-through', () => {
  let upstream: Server;
  let child: ChildProcess;
  let origin = '';
  let exited = '';

  beforeAll(async () => {
    // An upstream that answers after 300 ms: long enough for the client to be gone by then.
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => res.end('{"ok":true}'), 300));
    });
    await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done));
    const up = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'src', 'passthrough.ts')], {
      env: { ...process.env, PASSTHROUGH_PORT: String(port), PASSTHROUGH_UPSTREAM: up },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.once('exit', (code, signal) => {
      exited = `exited (code ${code}, signal ${signal}): ${stderr.split('\n').slice(0, 6).join(' | ')}`;
    });
    origin = `http://127.0.0.1:${port}`;
    await waitFor(
      'the pass-through',
      async () => (await fetch(`${origin}/`, { method: 'POST', body: '{}' })).ok,
      20_000,
    );
  }, 30_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await new Promise<void>((done) => upstream?.close(() => done()));
  });

  it('survives clients that leave before the upstream answers (wrk at the end of every run)', async () => {
    for (let i = 0; i < 5; i++) {
      const req = request(`${origin}/v2/models/m/infer`, { method: 'POST' });
      req.on('error', () => undefined);
      req.end('{"inputs":[]}');
      await sleep(100);
      req.destroy();
    }
    await sleep(600); // every upstream answer has arrived for a client that is gone
    expect(exited).toBe('');
    const r = await fetch(`${origin}/v2/models/m/infer`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('{"ok":true}');
  }, 20_000);
});

describe('how a target ended (procs.ts describeExit, in the ceiling rows)', () => {
  it("names a Node crash's error line, not the source line above it", () => {
    const log = [
      'node:internal/streams/pipeline:264',
      '        throw new ERR_STREAM_UNABLE_TO_PIPE();',
      '              ^',
      '',
      'Error [ERR_STREAM_UNABLE_TO_PIPE]: Cannot pipe to a closed or destroyed stream',
      '    at pipelineImpl (node:internal/streams/pipeline:264:15)',
      "  code: 'ERR_STREAM_UNABLE_TO_PIPE'",
      '}',
      '',
      'Node.js v24.22.3',
    ].join('\n');
    expect(describeExit(1, null, log)).toBe(
      'exited with code 1: Error [ERR_STREAM_UNABLE_TO_PIPE]: Cannot pipe to a closed or destroyed stream',
    );
  });

  it('a signal, and a log without an error line or none at all', () => {
    expect(describeExit(null, 'SIGKILL', 'listening\nserving\n')).toBe('was killed by SIGKILL: serving');
    expect(describeExit(2, null, '')).toBe('exited with code 2');
  });
});
