import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeExit, freePort, listeningInodes, listensOn, sleep, waitFor } from '../src/procs';

// The ceiling's bare undici pass-through (src/passthrough.ts) as the bench runs it: its own process.
describe('the undici pass-through', () => {
  let upstream: Server;
  let child: ChildProcess;
  let origin = '';
  let exited = '';
  /** Upstream answers whose client went away before they were complete (the pass-through aborted them). */
  let upstreamAborted = 0;

  beforeAll(async () => {
    // An upstream that answers after 300 ms: long enough for the client to be gone by then. `/slow-body` sends its
    // headers and a first chunk at once and the rest 300 ms later (a client may leave in the middle).
    upstream = createServer((req, res) => {
      req.resume();
      res.once('close', () => {
        if (!res.writableFinished) upstreamAborted++;
      });
      if (req.url === '/echo') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () =>
          res
            .writeHead(201, { 'x-got': req.headers['x-sent'] ?? '', connection: 'keep-alive' })
            .end(Buffer.concat(chunks)),
        );
        return;
      }
      if (req.url === '/slow-body') {
        res.writeHead(200, { 'content-type': 'text/plain', connection: 'keep-alive', 'x-model': 'm' });
        res.write('first ');
        setTimeout(() => res.end('rest'), 300);
        return;
      }
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

  it('forwards the request (method, headers, body) and the answer (status, headers, body)', async () => {
    const body = JSON.stringify({ inputs: [{ name: 'x', data: 'y'.repeat(100_000) }] });
    const r = await fetch(`${origin}/echo`, { method: 'POST', headers: { 'x-sent': 'yes' }, body });
    expect(r.status).toBe(201);
    expect(r.headers.get('x-got')).toBe('yes');
    expect(await r.text()).toBe(body);
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

  it('stops the upstream answer of a client that leaves in the middle of it, and goes on answering', async () => {
    const before = upstreamAborted;
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((done, fail) => {
        const req = request(`${origin}/slow-body`, (res) => {
          res.once('data', () => {
            req.destroy(); // headers and the first chunk came: leave before the rest
            done();
          });
        });
        req.on('error', () => undefined);
        req.once('timeout', () => fail(new Error('no first chunk')));
        req.setTimeout(5000);
        req.end();
      });
    }
    await sleep(600);
    expect(exited).toBe('');
    expect(upstreamAborted - before).toBe(3);
    const r = await fetch(`${origin}/slow-body`);
    expect(r.status).toBe(200);
    expect(r.headers.get('x-model')).toBe('m');
    expect(await r.text()).toBe('first rest');
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

  it('names the errno a process gave up on before its own error line (a BFF whose port was taken)', () => {
    const log = [
      '(node:13446) [DEP0040] DeprecationWarning: The `punycode` module is deprecated.',
      'servedeck-bff: bind EADDRINUSE 127.0.0.1:18088',
      'Error: bff worker 13446 exited (code 1, signal null)',
    ].join('\n');
    expect(describeExit(1, null, log)).toBe('exited with code 1: servedeck-bff: bind EADDRINUSE 127.0.0.1:18088');
  });

  it('a signal, and a log without an error line or none at all', () => {
    expect(describeExit(null, 'SIGKILL', 'listening\nserving\n')).toBe('was killed by SIGKILL: serving');
    expect(describeExit(2, null, '')).toBe('exited with code 2');
  });
});

describe('whose is a listening port (procs.ts: a BFF of another sandbox may hold it)', () => {
  it('finds the listening sockets of a port in /proc/net/tcp, not connections from or to it', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:4698 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1055843 2 0 100 0 0 10 0',
      '   1: 0100007F:4698 0100007F:A1B2 01 00000000:00000000 00:00000000 00000000     0        0 1055900 2 0 100 0 0 10 0',
      '   2: 0100007F:4699 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 820966 2 0 100 0 0 10 0',
    ].join('\n');
    expect(listeningInodes(table, 18072)).toEqual(['1055843']); // 0x4698
    expect(listeningInodes(table, 80)).toEqual([]);
  });

  it('this process holds its own server socket, and not a port it does not listen on', async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as AddressInfo).port;
    try {
      expect(listensOn(process.pid, port)).toBe(true);
      expect(listensOn(process.pid, await freePort())).toBe(false);
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});
